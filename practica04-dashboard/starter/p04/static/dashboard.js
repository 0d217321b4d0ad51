// Práctica 04 — Panel en tiempo real (lado del navegador).
//
// Un único módulo ES, sin frameworks ni paso de compilación. Chart.js llega
// antes con un <script> normal y deja la variable global window.Chart.
//
// Regla de oro: lo que llega de la red se inserta con textContent o
// createElement, nunca con innerHTML. Las listas no crecen sin límite.
//
// Conexiones de una pestaña: un EventSource (métricas, alertas y registro en
// un solo flujo), dos WebSocket (la actividad y #general) y el sondeo de la
// API. El navegador abre como mucho 6 conexiones HTTP por servidor, y las
// comparten todas las pestañas: por eso no hay un EventSource por panel.

// ── Configuración ───────────────────────────────────────────────────────────

const WINDOW_S = 300;              // ventana de las gráficas: 5 minutos
const METRICS_PERIOD_S = 1;        // el servidor muestrea cada segundo (--interval 1)
const POLL_PERIOD_MS = 5000;       // sondeo de la API REST
const REQUEST_TIMEOUT_MS = 4000;   // una petición que tarda más se aborta
const MAX_ITEMS = 200;             // tope de elementos de cada lista
const BACKOFF_FIRST_MS = 500;      // espera antes del primer reintento
const BACKOFF_MAX_MS = 10000;      // tope del backoff exponencial

// Los canales SSE que recibe el panel, todos por el mismo EventSource.
const SSE_CHANNELS = ['metrics', 'alerts', 'logs'];

// Puntos de cada gráfica: los que caben en la ventana con su ritmo de datos.
const MAX_POINTS = {
  cpu: WINDOW_S / METRICS_PERIOD_S,
  memory: WINDOW_S / METRICS_PERIOD_S,
  network: WINDOW_S / METRICS_PERIOD_S,
  connections: (WINDOW_S * 1000) / POLL_PERIOD_MS,
  messages: (WINDOW_S * 1000) / POLL_PERIOD_MS,
};

// ── Utilidades ──────────────────────────────────────────────────────────────

const $ = (id) => document.getElementById(id);

function setText(id, text) {
  $(id).textContent = text;
}

// Crea un elemento con su clase y su texto (siempre como texto, nunca HTML).
function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Añade un elemento arriba de la lista y quita los más viejos por abajo.
function prependBounded(list, item) {
  list.prepend(item);
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
}

// Un <li> con la hora, una etiqueta de color y el texto. tag es la clase
// CSS de la etiqueta y label lo que se lee (por omisión, el propio tag).
function listItem(timestamp, tag, text, label = tag) {
  const item = el('li');
  item.append(el('span', 'hora', timeOf(timestamp)));
  if (tag) item.append(el('span', `etiqueta ${tag}`, label));
  item.append(text);
  return item;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;  // un mensaje que no es JSON se ignora
  }
}

// Un número finito o null (Chart.js deja un hueco en los null).
function numberOrNull(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function fixed(value, decimals = 1) {
  return numberOrNull(value) === null ? '–' : value.toFixed(decimals);
}

function percent(value) {
  return numberOrNull(value) === null ? '–' : `${value.toFixed(1)} %`;
}

function bytesPerSecond(value) {
  if (numberOrNull(value) === null) return '–';
  if (value < 1024) return `${value.toFixed(0)} B/s`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB/s`;
  return `${(value / 1024 / 1024).toFixed(1)} MB/s`;
}

function duration(seconds) {
  if (numberOrNull(seconds) === null) return '–';
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : `${hours} h ${minutes} min`;
}

// La hora local "HH:MM:SS" de una marca ISO 8601 o de segundos desde 1970
// (o de ahora si no hay).
function timeOf(timestamp) {
  const date = typeof timestamp === 'number' ? new Date(timestamp * 1000)
    : timestamp ? new Date(timestamp) : new Date();
  if (Number.isNaN(date.getTime())) return String(timestamp);
  return date.toLocaleTimeString('es-ES', { hour12: false });
}

// La URL ws:// o wss:// de una ruta del mismo servidor.
function webSocketUrl(path) {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

async function fetchJson(url, signal) {
  const response = await fetch(url, { signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

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

const userId = sessionUserId();

// ── Gráficas ────────────────────────────────────────────────────────────────

const COLORS = {
  cpu: '#2b6cb0',
  memory: '#805ad5',
  sent: '#dd6b20',
  received: '#38a169',
  connections: '#2b6cb0',
};

let paused = false;  // el botón "Pausar gráficas"

// ¿Se dibuja ahora? Los datos se guardan siempre; dibujar es lo que se pausa.
function chartsDrawing() {
  // TODO PASO 6 ▸ Pausa el dibujo con el botón y con la pestaña oculta
  //   Devuelve true solo si las gráficas no están en pausa (paused) y la pestaña se ve
  //   (document.visibilityState es 'visible'): dibujar lo que nadie mira gasta CPU en balde.
  return true;
  // FIN PASO 6
}

function lineDataset(label, color, width = 2, length = 0) {
  return {
    label,
    data: new Array(length).fill(null),  // alineado con las etiquetas que ya haya
    borderColor: color,
    backgroundColor: color,
    borderWidth: width,
    pointRadius: 0,
  };
}

function chartOptions(yAxis) {
  return {
    animation: false,            // se redibuja en el sitio, sin animaciones
    responsive: true,
    maintainAspectRatio: false,  // la altura la pone .grafica en el CSS
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { labels: { boxWidth: 12 } } },
    scales: {
      x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } },
      y: yAxis,
    },
  };
}

const PERCENT_AXIS = { min: 0, max: 100 };
const COUNT_AXIS = { beginAtZero: true };

// Una gráfica de líneas de Chart.js sobre el <canvas> con ese id.
function createChart(canvasId, datasets, yAxis) {
  // TODO PASO 3 ▸ Crea una gráfica de líneas con Chart.js
  //   Devuelve una gráfica de líneas de Chart.js (window.Chart) sobre el <canvas> canvasId, aún
  //   sin etiquetas, con las series de datasets y las opciones de chartOptions(yAxis), que quitan
  //   la animación. Se crea una vez por gráfica: rehacerla en cada muestra gastaría CPU y memoria.
  return null;
  // FIN PASO 3
}

// Las cinco gráficas. Sin Chart.js el resto del panel sigue funcionando.
function createCharts() {
  if (typeof window.Chart !== 'function') {
    $('charts-error').hidden = false;
    return {};
  }
  return {
    cpu: createChart('chart-cpu', [lineDataset('Total', COLORS.cpu, 3)], PERCENT_AXIS),
    memory: createChart('chart-memory', [lineDataset('Memoria', COLORS.memory)], PERCENT_AXIS),
    network: createChart('chart-network', [
      lineDataset('↑ enviado', COLORS.sent),
      lineDataset('↓ recibido', COLORS.received),
    ], COUNT_AXIS),
    connections: createChart('chart-connections',
      [lineDataset('Conexiones', COLORS.connections)], COUNT_AXIS),
    messages: createChart('chart-messages', [
      lineDataset('Enviados/s', COLORS.sent),
      lineDataset('Recibidos/s', COLORS.received),
    ], COUNT_AXIS),
  };
}

const charts = createCharts();

// Añade un punto (una etiqueta y un valor por serie) y quita el más viejo si sobra.
function addPoint(name, label, values) {
  const chart = charts[name];
  if (!chart) return;
  // TODO PASO 3 ▸ Añade el punto y redibuja en el sitio
  //   Al volver, label es la última etiqueta y values[i] (null si falta: deja un hueco) el último
  //   valor de cada serie, y la gráfica nunca tiene más de MAX_POINTS[name] puntos (salen los más
  //   viejos de todas las series a la vez). Si chartsDrawing(), se redibuja en el sitio y sin
  //   animación (update('none')); si no, solo se guardan los datos.
  void label; void values;
  // FIN PASO 3
}

// La gráfica de CPU lleva el total y una serie fina por núcleo.
function ensureCoreDatasets(count) {
  const chart = charts.cpu;
  if (!chart || chart.data.datasets.length === count + 1) return;
  const datasets = chart.data.datasets;
  datasets.splice(1);  // se queda solo el total
  for (let i = 0; i < count; i++) {
    const hue = Math.round((i * 360) / count);
    datasets.push(lineDataset(`Núcleo ${i}`, `hsla(${hue}, 60%, 55%, 0.6)`, 1,
      chart.data.labels.length));
  }
}

function redrawCharts() {
  for (const chart of Object.values(charts)) chart?.update('none');
}

function setPaused(value) {
  paused = value;
  const button = $('pause-button');
  button.textContent = paused ? 'Reanudar gráficas' : 'Pausar gráficas';
  button.setAttribute('aria-pressed', String(paused));
  if (chartsDrawing()) redrawCharts();  // al reanudar se ve lo que llegó en la pausa
}

// ── Flujos con reconexión ───────────────────────────────────────────────────
//
// Un "flujo" es una conexión que controla el panel de conexión: un
// EventSource, un WebSocket o el sondeo de la API. Cada uno tiene su estado:
// connecting, open, reconnecting o closed.

const STATE_TEXT = {
  connecting: 'conectando…',
  open: 'abierto',
  reconnecting: 'reconectando…',
  closed: 'cerrado',
};

const GLOBAL_TEXT = {
  connecting: 'conectando…',
  open: 'conectado',
  reconnecting: 'reconectando…',
  closed: 'desconectado',
  partial: 'conexión parcial',
};

const streams = [];

// open(stream) abre la conexión y devuelve un objeto con close().
function defineStream(name, open) {
  const stream = { name, open, state: 'closed', wanted: false, attempt: 0, timer: null, connection: null };
  streams.push(stream);
  return stream;
}

function setState(stream, state) {
  stream.state = state;
  const badge = document.querySelector(`[data-stream="${stream.name}"]`);
  badge.textContent = STATE_TEXT[state];
  badge.dataset.state = state;
  showGlobalState();
}

// El indicador de la cabecera resume el de todos los flujos.
function showGlobalState() {
  const states = streams.map((s) => s.state);
  let state = 'partial';
  if (states.includes('reconnecting')) state = 'reconnecting';
  else if (states.includes('connecting')) state = 'connecting';
  else if (states.every((s) => s === 'open')) state = 'open';
  else if (states.every((s) => s === 'closed')) state = 'closed';
  const badge = $('connection-status');
  badge.textContent = GLOBAL_TEXT[state];
  badge.dataset.state = state;
}

function startStream(stream) {
  clearTimeout(stream.timer);
  stream.connection?.close();
  stream.wanted = true;
  setState(stream, stream.attempt > 0 ? 'reconnecting' : 'connecting');
  stream.connection = stream.open(stream);
}

function stopStream(stream) {
  stream.wanted = false;
  clearTimeout(stream.timer);
  stream.connection?.close();
  stream.connection = null;
  stream.attempt = 0;
  setState(stream, 'closed');
}

function markOpen(stream) {
  stream.attempt = 0;
  setState(stream, 'open');
}

// Se perdió la conexión: se cierra del todo y se abre otra más tarde.
function retryLater(stream) {
  stream.connection?.close();
  stream.connection = null;
  // TODO PASO 6 ▸ Reconecta con backoff exponencial
  //   Si el flujo se sigue queriendo (stream.wanted), queda en 'reconnecting' con un solo
  //   startStream programado (en stream.timer) tras BACKOFF_FIRST_MS · 2^stream.attempt ms, con
  //   tope BACKOFF_MAX_MS (500 ms, 1 s, 2 s…), y con un intento más contado; markOpen lo vuelve a
  //   0 al abrir. Si no se quiere, nada. Esperar cada vez más evita que 60 pestañas tumben al
  //   servidor que acaba de volver.
  setState(stream, 'closed');
  // FIN PASO 6
}

// EventSource reintenta solo (estado CONNECTING) mientras el servidor no lo
// rechace; si se rinde (CLOSED) lo creamos de nuevo con retryLater.
// handlers: { tipoDeEvento: función(datos) }.
function openEventSource(stream, url, handlers) {
  // TODO PASO 2 ▸ Abre un EventSource y reparte sus eventos
  //   Abre un EventSource a url y devuelve {close()}. Al abrir, markOpen(stream). En un error, si
  //   el navegador se rindió (readyState CLOSED), retryLater(stream); si no, él ya reintenta y
  //   basta con el estado 'reconnecting'. Cada tipo de handlers recibe el data de sus eventos ya
  //   como objeto (parseJson; los null se descartan). Tras close() no se atiende nada más.
  void url; void handlers;
  return { close() {} };
  // FIN PASO 2
}

// WebSocket no reintenta: cada cierre que no pedimos pasa por retryLater.
// onMessage recibe cada mensaje ya como objeto (los que no son JSON se ignoran).
function openWebSocket(stream, path, onMessage) {
  // TODO PASO 4 ▸ Abre un WebSocket del mismo servidor
  //   Abre un WebSocket a webSocketUrl(path) y devuelve {close()} como openEventSource. Al abrir,
  //   markOpen(stream); cada mensaje que sea JSON llega a onMessage ya como objeto. Un WebSocket no
  //   se reconecta solo: todo cierre que no pediste con close() pasa por retryLater(stream) (a un
  //   error siempre le sigue un cierre). Tras close() no se atiende nada más.
  void path; void onMessage;
  return { close() {} };
  // FIN PASO 4
}

// Llama a poll(signal) cada POLL_PERIOD_MS; si falla o tarda demasiado,
// el flujo pasa por retryLater.
function openPoller(stream, poll) {
  let closed = false;
  let timer = null;
  let controller = null;
  async function tick() {
    controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      await poll(controller.signal);
      if (closed) return;
      markOpen(stream);
      timer = setTimeout(tick, POLL_PERIOD_MS);
    } catch {
      if (!closed) retryLater(stream);
    } finally {
      clearTimeout(timeout);
    }
  }
  tick();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}

// ── Métricas del sistema (canal metrics) ────────────────────────────────────

function showCards(m) {
  const cpu = m.cpu ?? {};
  const memory = m.memory ?? {};
  const disk = m.disk ?? {};
  const network = m.network ?? {};
  const process = m.process ?? {};
  const load = Array.isArray(m.load_average) ? m.load_average.map((x) => fixed(x, 2)).join(' ') : '–';
  // TODO PASO 2 ▸ Muestra la muestra en las tarjetas
  //   Cada muestra queda como texto en sus tarjetas (setText y los formatos de arriba, que dan «–»
  //   si falta un dato): cpu-value (percent de cpu.percent_total), memory-value (memory.percent),
  //   disk-value (disk.percent), network-value (↑ sent_bytes_per_s ↓ recv_bytes_per_s con
  //   bytesPerSecond), process-value (process.memory_mb MB), uptime-value
  //   (duration de m.uptime_s) y los detalles *-detail.
  void cpu; void memory; void disk; void network; void process; void load;
  // FIN PASO 2
}

function onMetrics(m) {
  showCards(m);
  const label = timeOf(m.timestamp);
  const cores = Array.isArray(m.cpu?.percent_per_core) ? m.cpu.percent_per_core : [];
  ensureCoreDatasets(cores.length);
  addPoint('cpu', label, [numberOrNull(m.cpu?.percent_total), ...cores.map(numberOrNull)]);
  addPoint('memory', label, [numberOrNull(m.memory?.percent)]);
  const kb = (value) => (numberOrNull(value) === null ? null : value / 1024);
  addPoint('network', label, [kb(m.network?.sent_bytes_per_s), kb(m.network?.recv_bytes_per_s)]);
}

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

function onActivity(frame) {
  // TODO PASO 4 ▸ Muestra quién está en línea
  //   Solo cuentan los frames con type 'activity'. Un frame.online numérico queda en
  //   online-count. Si describeActivity da texto, encima de activity-feed aparece un listItem con
  //   la hora, la etiqueta de ACTIVITY_LABEL y ese texto; prependBounded mantiene la lista en
  //   MAX_ITEMS para que no crezca sin límite.
  void frame;
  // FIN PASO 4
}

// ── API REST: conexiones, mensajes por segundo y canales ────────────────────

let previousCounters = null;  // contadores del sondeo anterior

// Mensajes por segundo entre dos lecturas de un contador (null si se reinició).
function perSecond(now, before, seconds) {
  if (numberOrNull(now) === null || numberOrNull(before) === null) return null;
  if (seconds <= 0 || now < before) return null;
  return (now - before) / seconds;
}

function onApiMetrics(m) {
  const label = timeOf(m.timestamp);
  addPoint('connections', label, [numberOrNull(m.current_connections)]);
  const counters = { sent: m.messages_sent, received: m.messages_received, at: Date.now() };
  const before = previousCounters;
  previousCounters = counters;
  let rates = [null, null];  // la primera lectura no tiene con qué compararse
  if (before) {
    const seconds = (counters.at - before.at) / 1000;
    rates = [
      perSecond(counters.sent, before.sent, seconds),
      perSecond(counters.received, before.received, seconds),
    ];
  }
  addPoint('messages', label, rates);
}

function channelRow(name, entry) {
  const users = Array.isArray(entry.users) ? entry.users.map((u) => u.user_id ?? u) : [];
  const unique = [...new Set(users.map(String))];
  const shown = unique.slice(0, 10).join(', ') + (unique.length > 10 ? ` … (+${unique.length - 10})` : '');
  const row = el('tr');
  row.append(el('td', '', name), el('td', '', String(entry.connections ?? 0)), el('td', '', shown || '—'));
  return row;
}

function showChannels(stats) {
  setText('total-connections', String(stats.total_connections ?? '–'));
  const entries = Object.entries(stats.channels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_ITEMS);
  $('channels-list').replaceChildren(...entries.map(([name, entry]) => channelRow(name, entry)));
}

// Una vuelta del sondeo: las dos peticiones una detrás de otra, para ocupar
// una sola conexión HTTP.
async function pollApi(signal) {
  onApiMetrics(await fetchJson('/api/metrics', signal));
  showChannels(await fetchJson('/api/v1/ws/stats', signal));
}

// ── Alertas (canal alerts) ──────────────────────────────────────────────────

const LEVEL_TEXT = { warning: 'aviso', critical: 'crítica' };
const activeAlerts = new Map();  // regla → ¿activa? (hay pocas reglas)

function onAlert(alert) {
  // TODO PASO 5 ▸ Añade la alerta a la lista
  //   Encima de alerts-list aparece un <li> con clase y data-state 'firing' o 'resolved' (según
  //   alert.state), data-level con alert.level, y como texto (nunca HTML) la hora, el nivel
  //   (LEVEL_TEXT), «activa» o «resuelta» y "regla: mensaje (valor V, umbral U)". alerts-active
  //   dice cuántas reglas tienen 'firing' como último estado (lleva la cuenta en activeAlerts).
  void alert; void activeAlerts; void LEVEL_TEXT;
  // FIN PASO 5
}

// ── Notificaciones (WebSocket en #general con nuestro user_id) ──────────────

function addNotice(timestamp, tag, text, label = tag) {
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
function onGeneral(frame) {
  switch (frame.type) {
    case 'connection':
      addNotice(frame.timestamp, 'system', `en #general como ${frame.user_id ?? userId}`, 'sistema');
      break;
    case 'system_event':
      addNotice(frame.timestamp, String(frame.level ?? 'info'), `servidor: ${frame.message}`);
      break;
    // TODO PASO 5 ▸ Muestra las difusiones y las notificaciones
    //   'broadcast': un aviso con la etiqueta 'broadcast' (se lee «difusión») y "remitente:
    //   contenido", con el remitente de sender o from y el contenido de broadcastText(frame), nunca
    //   frame.data tal cual (puede ser un objeto). 'notification': un aviso con frame.level como
    //   etiqueta y "título: mensaje". Los dos con addNotice, que lo inserta como texto.
    // FIN PASO 5
    default:
      break;
  }
}

async function sendTestNotification() {
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

// ── Registro del servidor (canal logs) ──────────────────────────────────────

const hiddenLevels = new Set();  // niveles desmarcados en los filtros

function onLogEntry(entry) {
  const level = String(entry.level ?? '');
  const request = entry.request_id ? ` (${entry.request_id})` : '';
  const item = listItem(entry.timestamp, level, `${entry.service}: ${entry.message}${request}`);
  item.dataset.level = level;
  item.hidden = hiddenLevels.has(level);
  prependBounded($('logs-list'), item);
}

function applyLogFilters() {
  hiddenLevels.clear();
  for (const box of document.querySelectorAll('input[data-log-level]')) {
    if (!box.checked) hiddenLevels.add(box.dataset.logLevel);
  }
  for (const item of $('logs-list').children) item.hidden = hiddenLevels.has(item.dataset.level);
}

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
  previousCounters = null;  // tras reconectar no se compara con la lectura vieja
  return openPoller(s, pollApi);
});

function connectAll() {
  for (const stream of streams) if (!stream.wanted) startStream(stream);
}

function disconnectAll() {
  for (const stream of streams) stopStream(stream);
}

function reconnectAll() {
  disconnectAll();
  connectAll();
}

// ── Arranque ────────────────────────────────────────────────────────────────

setText('user-id', userId);
$('connect-button').addEventListener('click', connectAll);
$('disconnect-button').addEventListener('click', disconnectAll);
$('reconnect-button').addEventListener('click', reconnectAll);
$('pause-button').addEventListener('click', () => setPaused(!paused));
$('send-test-button').addEventListener('click', sendTestNotification);
for (const box of document.querySelectorAll('input[data-log-level]')) {
  box.addEventListener('change', applyLogFilters);
}
// Con la pestaña oculta no se dibuja; al volver se pinta lo acumulado.
document.addEventListener('visibilitychange', () => {
  if (chartsDrawing()) redrawCharts();
});

// Para las pruebas en el navegador (p. ej. charts.cpu.data.labels.length).
window.dashboard = {
  charts,
  streams,
  userId,
  maxPoints: MAX_POINTS,
  isPaused: () => paused,
  pause: () => setPaused(true),
  resume: () => setPaused(false),
  connect: connectAll,
  disconnect: disconnectAll,
  reconnect: reconnectAll,
};

connectAll();
