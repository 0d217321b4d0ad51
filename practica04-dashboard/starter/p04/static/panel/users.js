// Práctica 04 — Usuarios en línea (/ws/activity) y la tabla de canales (del
// sondeo de /api/v1/ws/stats): quién está conectado y dónde.

import { MAX_ITEMS } from './config.js';
import { $, el, listItem, prependBounded, setText } from './util.js';

// ── Usuarios en línea (/ws/activity) ────────────────────────────────────────

function describeActivity(frame) {
  const user = frame.user_id ?? 'anónimo';
  const channel = frame.channel ?? '?';
  if (frame.event === 'join') return `${user} entró en #${channel}`;
  if (frame.event === 'leave') return `${user} salió de #${channel}`;
  if (frame.event === 'snapshot') return `${frame.online ?? '?'} en línea al conectar`;
  return null;
}

const ACTIVITY_LABEL = { join: 'entra', leave: 'sale', snapshot: 'estado' };

export function onActivity(frame) {
  // TODO PASO 4 ▸ Muestra quién está en línea
  //   Solo cuentan los frames con type 'activity'. Un frame.online numérico queda en
  //   online-count. Si describeActivity da texto, encima de activity-feed aparece un listItem con
  //   la hora, la etiqueta de ACTIVITY_LABEL y ese texto; prependBounded mantiene la lista en
  //   MAX_ITEMS para que no crezca sin límite.
  void frame;
  // FIN PASO 4
}

// ── Canales (/api/v1/ws/stats) ──────────────────────────────────────────────

function channelRow(name, entry) {
  const users = Array.isArray(entry.users) ? entry.users.map((u) => u.user_id ?? u) : [];
  const unique = [...new Set(users.map(String))];
  const shown = unique.slice(0, 10).join(', ') + (unique.length > 10 ? ` … (+${unique.length - 10})` : '');
  const row = el('tr');
  row.append(el('td', '', name), el('td', '', String(entry.connections ?? 0)), el('td', '', shown || '—'));
  return row;
}

// La fila que se ve cuando no hay ningún canal.
function noChannelsRow() {
  const cell = el('td', '', 'Sin canales');
  cell.colSpan = 3;
  const row = el('tr', 'vacio');
  row.append(cell);
  return row;
}

export function showChannels(stats) {
  setText('total-connections', String(stats.total_connections ?? '–'));
  const entries = Object.entries(stats.channels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_ITEMS);
  const rows = entries.map(([name, entry]) => channelRow(name, entry));
  $('channels-list').replaceChildren(...(rows.length ? rows : [noChannelsRow()]));
}
