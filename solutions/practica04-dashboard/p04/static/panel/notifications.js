// Práctica 04 — Notificaciones: el WebSocket en #general con nuestro user_id
// (la bienvenida, las difusiones, las notificaciones y los eventos del
// servidor) y el botón "Enviar prueba".

import { REQUEST_TIMEOUT_MS } from './config.js';
import { $, listItem, prependBounded, timeOf } from './util.js';

// Un identificador aleatorio "panel-xxxxxx" que dura lo que la pestaña.
function sessionUserId() {
  const key = 'p04-user-id';
  try {
    const saved = sessionStorage.getItem(key);
    if (saved) return saved;
  } catch {
    // sessionStorage puede estar bloqueado: seguimos sin guardarlo
  }
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  const id = 'panel-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    sessionStorage.setItem(key, id);
  } catch {
    // sin almacenamiento: otro id al recargar
  }
  return id;
}

export const userId = sessionUserId();

// Sin label, la etiqueta dice tag en español (TAG_TEXT, en listItem de util.js).
export function addNotice(timestamp, tag, text, label = undefined) {
  prependBounded($('notifications-list'), listItem(timestamp, tag, text, label));
}

// El contenido de una difusión: su texto si lo tiene; si no, el JSON recortado.
// Por POST /sse/broadcast/general llega el cuerpo enviado (+ channel,
// timestamp, sender); de otro WebSocket del canal, {channel, from, data, timestamp}.
function broadcastText(data) {
  const content = data.texto ?? data.text ?? data.message ?? data.data ?? withoutEnvelope(data);
  return (typeof content === 'string' ? content : JSON.stringify(content)).slice(0, 300);
}

function withoutEnvelope(data) {
  const rest = { ...data };
  for (const key of ['type', 'channel', 'timestamp', 'sender', 'from']) delete rest[key];
  return rest;
}

// Un frame de #general: la bienvenida, una difusión, una notificación para
// nuestro usuario o un evento del servidor. El resto (pong, echo…) se ignora.
export function onGeneral(frame) {
  switch (frame.type) {
    case 'connection':
      addNotice(frame.timestamp, 'system', `en #general como ${frame.user_id ?? userId}`, 'sistema');
      break;
    case 'system_event':
      addNotice(frame.timestamp, String(frame.level ?? 'info'), `servidor: ${frame.message}`);
      break;
    // PASO 5 ▸ Muestra las difusiones y las notificaciones
    //   'broadcast': un aviso con la etiqueta 'broadcast' (se lee «difusión») y "remitente:
    //   contenido", con el remitente de sender o from y el contenido de broadcastText(frame), nunca
    //   frame.data tal cual (puede ser un objeto). 'notification': un aviso con frame.level como
    //   etiqueta y "título: mensaje". Los dos con addNotice, que lo inserta como texto.
    case 'broadcast':
      addNotice(frame.timestamp, 'broadcast',
        `${frame.sender ?? frame.from ?? '?'}: ${broadcastText(frame)}`, 'difusión');
      break;
    case 'notification':
      addNotice(frame.timestamp, String(frame.level ?? 'info'), `${frame.title}: ${frame.message}`);
      break;
    // FIN PASO 5
    default:
      break;
  }
}

export async function sendTestNotification() {
  const button = $('send-test-button');
  button.disabled = true;
  try {
    const response = await fetch(`/sse/notify/${encodeURIComponent(userId)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Notificación de prueba',
        message: `enviada desde el panel a las ${timeOf(null)}`,
        level: 'info',
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) addNotice(null, 'error', `no se pudo enviar la prueba (HTTP ${response.status})`);
  } catch (error) {
    addNotice(null, 'error', `no se pudo enviar la prueba: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}
