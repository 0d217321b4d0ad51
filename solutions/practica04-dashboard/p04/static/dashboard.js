// Práctica 04 — Panel en tiempo real (lado del navegador): el módulo de entrada.
//
// Módulos ES nativos, sin frameworks ni paso de compilación: index.html carga
// este con <script type="module"> y el navegador pide los de panel/ que
// importa. Chart.js llega antes con un <script> normal y deja la variable
// global window.Chart. Cada panel tiene su módulo:
//
//   panel/config.js         los números del panel (ventana, topes, esperas)
//   panel/util.js           formatos en español y elementos de la página
//   panel/streams.js        el panel de conexión: EventSource, WebSocket y
//                           sondeo, con reconexión (pasos 2, 4 y 6)
//   panel/charts.js         las gráficas de Chart.js y la pausa (pasos 3 y 6)
//   panel/metrics.js        las tarjetas y los puntos de cada muestra (paso 2)
//   panel/users.js          usuarios en línea y canales (paso 4)
//   panel/alerts.js         las alertas (paso 5)
//   panel/notifications.js  #general: difusiones y notificaciones (paso 5)
//   panel/log.js            el registro del servidor
//   panel/history.js        al cargar, los últimos 5 minutos de las gráficas
//
// Este módulo los une: define los flujos, conecta los botones y arranca.
//
// Conexiones de una pestaña: un EventSource (métricas, alertas y registro en
// un solo flujo), dos WebSocket (la actividad y #general) y el sondeo de la
// API. El navegador abre como mucho 6 conexiones HTTP por servidor, y las
// comparten todas las pestañas: por eso no hay un EventSource por panel.

import { MAX_POINTS, SSE_CHANNELS } from './panel/config.js';
import { loadActiveAlerts, onAlert } from './panel/alerts.js';
import { charts, chartsDrawing, isPaused, redrawCharts, setPaused } from './panel/charts.js';
import { loadConnectionsHistory, loadMessagesHistory, loadSystemHistory } from './panel/history.js';
import { applyLogFilters, onLogEntry } from './panel/log.js';
import { onApiMetrics, onMetrics, resetCounters } from './panel/metrics.js';
import { addNotice, onGeneral, sendTestNotification, userId } from './panel/notifications.js';
import {
  connectAll, defineStream, disconnectAll, fetchJson, openEventSource, openPoller, openWebSocket,
  reconnectAll, streams,
} from './panel/streams.js';
import { onActivity, showChannels } from './panel/users.js';
import { $, setText } from './panel/util.js';

// ── Los flujos del panel ────────────────────────────────────────────────────

const sseUrl = `/sse/events?${new URLSearchParams({ channel: SSE_CHANNELS.join(',') })}`;
defineStream('events', (s) => openEventSource(s, sseUrl, {
  metrics: onMetrics,
  alert: onAlert,
  log_entry: onLogEntry,
  reset: (d) => addNotice(null, 'warning', String(d.message ?? 'se perdieron eventos'), 'aviso'),
}));
defineStream('activity', (s) => openWebSocket(s, '/ws/activity', onActivity));
// Estar en #general con nuestro user_id es lo que nos cuenta "en línea".
defineStream('general', (s) => openWebSocket(
  s, `/ws?${new URLSearchParams({ channel: 'general', user_id: userId })}`, onGeneral));
defineStream('api', (s) => {
  resetCounters();  // tras reconectar no se compara con la lectura vieja
  return openPoller(s, pollApi);
});

// Una vuelta del sondeo: las dos peticiones una detrás de otra, para ocupar
// una sola conexión HTTP.
async function pollApi(signal) {
  onApiMetrics(await fetchJson('/api/metrics', signal));
  showChannels(await fetchJson('/api/v1/ws/stats', signal));
}

// ── Al cargar: los últimos 5 minutos y las alertas activas ──────────────────
//
// Antes de abrir los flujos en vivo, el panel pide al servidor lo que ya pasó:
// el historial de las gráficas y las alertas. Así las gráficas no empiezan
// vacías y "activas" no dice 0 si hay una alerta disparada. Todo a la vez; lo
// que falle (servidor antiguo, tiempo agotado) se queda sin rellenar y el
// panel sigue con lo que llegue en vivo.
function loadPast() {
  return Promise.allSettled([
    loadSystemHistory(), loadConnectionsHistory(), loadMessagesHistory(), loadActiveAlerts(),
  ]);
}

// ── Arranque ────────────────────────────────────────────────────────────────

setText('user-id', userId);
$('connect-button').addEventListener('click', connectAll);
$('disconnect-button').addEventListener('click', disconnectAll);
$('reconnect-button').addEventListener('click', reconnectAll);
$('pause-button').addEventListener('click', () => setPaused(!isPaused()));
$('send-test-button').addEventListener('click', sendTestNotification);
for (const box of document.querySelectorAll('input[data-log-level]')) {
  box.addEventListener('change', applyLogFilters);
}
// Con la pestaña oculta no se dibuja; al volver se pinta lo acumulado.
document.addEventListener('visibilitychange', () => {
  if (chartsDrawing()) redrawCharts();
});

// Para las pruebas en el navegador (p. ej. charts.cpu.data.labels.length).
// Lo que se comparte entre módulos se importa; esta variable global existe
// solo para que las pruebas (tests/practica04/e2e/) lean el estado del panel.
window.dashboard = {
  charts,
  streams,
  userId,
  maxPoints: MAX_POINTS,
  isPaused,
  pause: () => setPaused(true),
  resume: () => setPaused(false),
  connect: connectAll,
  disconnect: disconnectAll,
  reconnect: reconnectAll,
};

// Primero lo que ya pasó y después lo que llega en vivo: así los puntos del
// historial quedan a la izquierda de los nuevos, en orden.
loadPast().then(connectAll);
