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

// Los números del panel (tarjetas, avisos, ejes y etiquetas de las gráficas)
// se escriben en español de España: coma decimal, "12,3 %".
const LOCALE = 'es-ES';

// Colores de las tarjetas de CPU, memoria y disco: los mismos umbrales que las
// barras de /demo (demo.js). Verde; ámbar desde el 75 %; rojo desde el 90 %.
const HIGH_PERCENT = 75;
const CRITICAL_PERCENT = 90;

// El historial que se pide al cargar: 300 muestras son 5 minutos a una por segundo.
const HISTORY_LIMIT = 300;

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

// Añade un elemento arriba de la lista y quita los más viejos por abajo. Con
// el primero se va la línea de lista vacía (<li class="vacio"> del HTML).
function prependBounded(list, item) {
  list.querySelector(':scope > .vacio')?.remove();
  list.prepend(item);
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
}

// Cómo se leen los niveles y las clases de las etiquetas: el servidor manda
// "info", "warning"…, y en el panel todo está en español.
const TAG_TEXT = {
  debug: 'depuración',
  info: 'información',
  success: 'éxito',
  warning: 'aviso',
  error: 'error',
  critical: 'crítica',
  system: 'sistema',
  broadcast: 'difusión',
};

// Un <li> con la hora, una etiqueta de color y el texto. tag es la clase
// CSS de la etiqueta y label lo que se lee (por omisión, tag en español).
function listItem(timestamp, tag, text, label = TAG_TEXT[tag] ?? tag) {
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

// Un número con esos decimales en español ("1234,5"; «–» si no es un número).
const numberFormats = new Map();  // decimales → Intl.NumberFormat
function fixed(value, decimals = 1) {
  if (numberOrNull(value) === null) return '–';
  if (!numberFormats.has(decimals)) {
    numberFormats.set(decimals, new Intl.NumberFormat(LOCALE, {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals,
    }));
  }
  return numberFormats.get(decimals).format(value);
}

// Número y unidad con un espacio que no parte la línea: "12,3 %" nunca queda
// con el "%" solo en la línea de abajo.
function withUnit(value, decimals, unit) {
  const number = fixed(value, decimals);
  return number === '–' ? number : `${number}\u00a0${unit}`;
}

function percent(value) {
  return withUnit(value, 1, '%');
}

function bytesPerSecond(value) {
  if (numberOrNull(value) === null) return '–';
  if (value < 1024) return withUnit(value, 0, 'B/s');
  if (value < 1024 * 1024) return withUnit(value / 1024, 1, 'KB/s');
  return withUnit(value / 1024 / 1024, 1, 'MB/s');
}

function duration(seconds) {
  if (numberOrNull(seconds) === null) return '–';
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days}\u00a0d ${hours}\u00a0h` : `${hours}\u00a0h ${minutes}\u00a0min`;
}

// La banda de color de un porcentaje (como las barras de /demo): 'normal',
// 'alta' o 'critica'; '' si no es un número.
function percentLevel(value) {
  if (numberOrNull(value) === null) return '';
  if (value >= CRITICAL_PERCENT) return 'critica';
  return value >= HIGH_PERCENT ? 'alta' : 'normal';
}

// Milisegundos desde 1970 de una marca del servidor, que llega como segundos
// desde 1970 (número) o como texto ISO 8601; NaN si no es ninguna de las dos.
function timestampMs(timestamp) {
  if (typeof timestamp === 'number') return timestamp * 1000;
  if (typeof timestamp === 'string') return Date.parse(timestamp);
  return NaN;
}

// La hora local "HH:MM:SS" de una marca ISO 8601 o de segundos desde 1970
// (o de ahora si no hay).
function timeOf(timestamp) {
  const date = typeof timestamp === 'number' || timestamp ? new Date(timestampMs(timestamp))
    : new Date();
  if (Number.isNaN(date.getTime())) return String(timestamp);
  return date.toLocaleTimeString(LOCALE, { hour12: false });
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
  // PASO 6 ▸ Pausa el dibujo con el botón y con la pestaña oculta
  //   Devuelve true solo si las gráficas no están en pausa (paused) y la pestaña se ve
  //   (document.visibilityState es 'visible'): dibujar lo que nadie mira gasta CPU en balde.
  return !paused && document.visibilityState === 'visible';
  //▸ starter
  //| return true;
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
    locale: LOCALE,              // ejes y ventanas de datos con coma decimal, como las tarjetas
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { labels: { boxWidth: 12 } } },
    scales: {
      x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } },
      y: yAxis,
    },
  };
}

const PERCENT_AXIS = { min: 0, max: 100 };
const RATE_AXIS = { beginAtZero: true };
// Lo que se cuenta (conexiones, mensajes) va en enteros: sin marcas "0,5" en el eje.
const COUNT_AXIS = { beginAtZero: true, ticks: { precision: 0 } };

// Una gráfica de líneas de Chart.js sobre el <canvas> con ese id.
function createChart(canvasId, datasets, yAxis) {
  // PASO 3 ▸ Crea una gráfica de líneas con Chart.js
  //   Devuelve una gráfica de líneas de Chart.js (window.Chart) sobre el <canvas> canvasId, aún
  //   sin etiquetas, con las series de datasets y las opciones de chartOptions(yAxis), que quitan
  //   la animación. Se crea una vez por gráfica: rehacerla en cada muestra gastaría CPU y memoria.
  return new window.Chart($(canvasId), {
    type: 'line',
    data: { labels: [], datasets },
    options: chartOptions(yAxis),
  });
  //▸ starter
  //| return null;
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
    ], RATE_AXIS),
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
  // PASO 3 ▸ Añade el punto y redibuja en el sitio
  //   Al volver, label es la última etiqueta y values[i] (null si falta: deja un hueco) el último
  //   valor de cada serie, y la gráfica nunca tiene más de MAX_POINTS[name] puntos (salen los más
  //   viejos de todas las series a la vez). Si chartsDrawing(), se redibuja en el sitio y sin
  //   animación (update('none')); si no, solo se guardan los datos.
  const { labels, datasets } = chart.data;
  labels.push(label);
  datasets.forEach((dataset, i) => dataset.data.push(values[i] ?? null));
  while (labels.length > MAX_POINTS[name]) {
    labels.shift();
    for (const dataset of datasets) dataset.data.shift();
  }
  if (chartsDrawing()) chart.update('none');
  //▸ starter
  //| void label; void values;
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
  // PASO 6 ▸ Reconecta con backoff exponencial
  //   Si el flujo se sigue queriendo (stream.wanted), queda en 'reconnecting' con un solo
  //   startStream programado (en stream.timer) tras BACKOFF_FIRST_MS · 2^stream.attempt ms, con
  //   tope BACKOFF_MAX_MS (500 ms, 1 s, 2 s…), y con un intento más contado; markOpen lo vuelve a
  //   0 al abrir. Si no se quiere, nada. Esperar cada vez más evita que 60 pestañas tumben al
  //   servidor que acaba de volver.
  if (!stream.wanted) return;
  const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** stream.attempt);
  stream.attempt += 1;
  setState(stream, 'reconnecting');
  clearTimeout(stream.timer);
  stream.timer = setTimeout(() => startStream(stream), delay);
  //▸ starter
  //| setState(stream, 'closed');
  // FIN PASO 6
}

// EventSource reintenta solo (estado CONNECTING) mientras el servidor no lo
// rechace; si se rinde (CLOSED) lo creamos de nuevo con retryLater.
// handlers: { tipoDeEvento: función(datos) }.
function openEventSource(stream, url, handlers) {
  // PASO 2 ▸ Abre un EventSource y reparte sus eventos
  //   Abre un EventSource a url y devuelve {close()}. Al abrir, markOpen(stream). En un error, si
  //   el navegador se rindió (readyState CLOSED), retryLater(stream); si no, él ya reintenta y
  //   basta con el estado 'reconnecting'. Cada tipo de handlers recibe el data de sus eventos ya
  //   como objeto (parseJson; los null se descartan). Tras close() no se atiende nada más.
  const source = new EventSource(url);
  let closed = false;
  source.onopen = () => {
    if (!closed) markOpen(stream);
  };
  source.onerror = () => {
    if (closed) return;
    if (source.readyState === EventSource.CLOSED) retryLater(stream);
    else setState(stream, 'reconnecting');
  };
  for (const [type, handle] of Object.entries(handlers)) {
    source.addEventListener(type, (event) => {
      const data = parseJson(event.data);
      if (!closed && data !== null) handle(data);
    });
  }
  return {
    close() {
      closed = true;
      source.close();
    },
  };
  //▸ starter
  //| void url; void handlers;
  //| return { close() {} };
  // FIN PASO 2
}

// WebSocket no reintenta: cada cierre que no pedimos pasa por retryLater.
// onMessage recibe cada mensaje ya como objeto (los que no son JSON se ignoran).
function openWebSocket(stream, path, onMessage) {
  // PASO 4 ▸ Abre un WebSocket del mismo servidor
  //   Abre un WebSocket a webSocketUrl(path) y devuelve {close()} como openEventSource. Al abrir,
  //   markOpen(stream); cada mensaje que sea JSON llega a onMessage ya como objeto. Un WebSocket no
  //   se reconecta solo: todo cierre que no pediste con close() pasa por retryLater(stream) (a un
  //   error siempre le sigue un cierre). Tras close() no se atiende nada más.
  const socket = new WebSocket(webSocketUrl(path));
  let closed = false;
  socket.onopen = () => {
    if (!closed) markOpen(stream);
  };
  socket.onmessage = (event) => {
    const data = parseJson(event.data);
    if (!closed && data !== null) onMessage(data);
  };
  socket.onclose = () => {
    if (!closed) retryLater(stream);
  };
  return {
    close() {
      closed = true;
      socket.close();
    },
  };
  //▸ starter
  //| void path; void onMessage;
  //| return { close() {} };
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
  const load = Array.isArray(m.load_average) ? m.load_average.map((x) => fixed(x, 2)).join('\u00a0/\u00a0') : '–';
  // PASO 2 ▸ Muestra la muestra en las tarjetas
  //   Cada muestra queda como texto en sus tarjetas (setText y los formatos de arriba, que dan «–»
  //   si falta un dato): cpu-value (percent de cpu.percent_total), memory-value (memory.percent),
  //   disk-value (disk.percent), network-value (↑ sent_bytes_per_s ↓ recv_bytes_per_s con
  //   bytesPerSecond), process-value (process.memory_mb MB), uptime-value
  //   (duration de m.uptime_s) y los detalles *-detail.
  setText('cpu-value', percent(cpu.percent_total));
  setText('cpu-detail', `${cpu.count ?? '–'} núcleos · carga ${load}`);
  setText('memory-value', percent(memory.percent));
  setText('memory-detail', `${fixed(memory.used_mb, 0)} de ${fixed(memory.total_mb, 0)} MB`);
  setText('disk-value', percent(disk.percent));
  setText('disk-detail', `${fixed(disk.used_gb)} de ${fixed(disk.total_gb)} GB`);
  setText('network-value',
    `↑ ${bytesPerSecond(network.sent_bytes_per_s)} ↓ ${bytesPerSecond(network.recv_bytes_per_s)}`);
  setText('process-value', `${fixed(process.memory_mb)} MB`);
  setText('process-detail', `CPU del proceso: ${percent(process.cpu_percent)}`);
  setText('uptime-value', duration(m.uptime_s));
  //▸ starter
  //| void cpu; void memory; void disk; void network; void process; void load;
  // FIN PASO 2
}

// La tarjeta de un porcentaje toma el color de su banda (data-nivel, ver el CSS).
function showLevel(valueId, value) {
  const card = $(valueId).closest('.tarjeta');
  const level = percentLevel(value);
  if (level) card.dataset.nivel = level;
  else delete card.dataset.nivel;
}

function onMetrics(m) {
  showCards(m);
  showLevel('cpu-value', m.cpu?.percent_total);
  showLevel('memory-value', m.memory?.percent);
  showLevel('disk-value', m.disk?.percent);
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
  // PASO 4 ▸ Muestra quién está en línea
  //   Solo cuentan los frames con type 'activity'. Un frame.online numérico queda en
  //   online-count. Si describeActivity da texto, encima de activity-feed aparece un listItem con
  //   la hora, la etiqueta de ACTIVITY_LABEL y ese texto; prependBounded mantiene la lista en
  //   MAX_ITEMS para que no crezca sin límite.
  if (frame.type !== 'activity') return;
  if (typeof frame.online === 'number') setText('online-count', String(frame.online));
  const text = describeActivity(frame);
  if (!text) return;
  const item = listItem(frame.timestamp, frame.event, text, ACTIVITY_LABEL[frame.event]);
  prependBounded($('activity-feed'), item);
  //▸ starter
  //| void frame;
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

// La fila que se ve cuando no hay ningún canal.
function noChannelsRow() {
  const cell = el('td', '', 'Sin canales');
  cell.colSpan = 3;
  const row = el('tr', 'vacio');
  row.append(cell);
  return row;
}

function showChannels(stats) {
  setText('total-connections', String(stats.total_connections ?? '–'));
  const entries = Object.entries(stats.channels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_ITEMS);
  const rows = entries.map(([name, entry]) => channelRow(name, entry));
  $('channels-list').replaceChildren(...(rows.length ? rows : [noChannelsRow()]));
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
  // PASO 5 ▸ Añade la alerta a la lista
  //   Encima de alerts-list aparece un <li> con clase y data-state 'firing' o 'resolved' (según
  //   alert.state), data-level con alert.level, y como texto (nunca HTML) la hora, el nivel
  //   (LEVEL_TEXT), «activa» o «resuelta» y "regla: mensaje (valor V; umbral U)". alerts-active
  //   dice cuántas reglas tienen 'firing' como último estado (lleva la cuenta en activeAlerts).
  const firing = alert.state === 'firing';
  activeAlerts.set(String(alert.rule), firing);
  setText('alerts-active', String([...activeAlerts.values()].filter(Boolean).length));

  const level = String(alert.level ?? '');
  const item = el('li', firing ? 'firing' : 'resolved');
  item.dataset.level = level;
  item.dataset.state = String(alert.state);
  item.append(
    el('span', 'hora', timeOf(alert.timestamp)),
    el('span', `etiqueta ${level}`, LEVEL_TEXT[level] ?? level),
    el('span', `etiqueta ${firing ? 'firing' : 'resolved'}`, firing ? 'activa' : 'resuelta'),
    `${alert.rule}: ${alert.message} (valor ${fixed(alert.value)}; umbral ${fixed(alert.threshold)})`,
  );
  prependBounded($('alerts-list'), item);
  //▸ starter
  //| void alert; void activeAlerts; void LEVEL_TEXT;
  // FIN PASO 5
}

// ── Notificaciones (WebSocket en #general con nuestro user_id) ──────────────

// Sin label, la etiqueta dice tag en español (TAG_TEXT, en listItem).
function addNotice(timestamp, tag, text, label = undefined) {
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

// ── Al cargar: los últimos 5 minutos y las alertas activas ──────────────────
//
// Antes de abrir los flujos en vivo, el panel pide al servidor lo que ya pasó:
// el historial de métricas (CPU, memoria, conexiones y mensajes) y las alertas.
// Así las gráficas no empiezan vacías y "activas" no dice 0 si hay una alerta
// disparada. La gráfica de red no tiene historial (el servidor no lo guarda):
// empieza vacía y se llena solo con lo que llega en vivo.

function historyUrl(metricType) {
  return `/api/metrics/history?${new URLSearchParams({ metric_type: metricType, limit: HISTORY_LIMIT })}`;
}

// Las muestras de una respuesta del historial (una lista, la más vieja
// primero), cada una con su instante en ms (at); lo que no es una muestra con
// hora válida se descarta.
function historySamples(body) {
  if (!Array.isArray(body)) return [];
  return body
    .filter((sample) => sample && typeof sample === 'object')
    .map((sample) => ({ ...sample, at: timestampMs(sample.timestamp) }))
    .filter((sample) => Number.isFinite(sample.at))
    .sort((a, b) => a.at - b.at);
}

// Las muestras de la última ventana (WINDOW_S), como mucho una cada periodMs:
// el ritmo de la gráfica (cada segundo las métricas, cada 5 s el sondeo).
// Se eligen desde la más nueva hacia atrás, para quedarse con la última.
function lastWindow(samples, periodMs) {
  if (samples.length === 0) return [];
  const newest = samples[samples.length - 1].at;
  const kept = [];
  let previous = Infinity;
  for (let i = samples.length - 1; i >= 0 && samples[i].at > newest - WINDOW_S * 1000; i--) {
    if (previous - samples[i].at < periodMs * 0.9) continue;  // demasiado cerca de la siguiente
    kept.push(samples[i]);
    previous = samples[i].at;
  }
  return kept.reverse();
}

// Pone los puntos del historial delante de los que ya tenga la gráfica, con el
// mismo tope que addPoint, y redibuja una sola vez (300 llamadas a addPoint
// serían 300 redibujos al cargar). rows[k] tiene un valor por serie.
function prefillChart(name, labels, rows) {
  const chart = charts[name];
  if (!chart || labels.length === 0) return;
  const data = chart.data;
  data.labels = [...labels, ...data.labels];
  data.datasets.forEach((dataset, i) => {
    dataset.data = [...rows.map((row) => row[i] ?? null), ...dataset.data];
  });
  const extra = data.labels.length - MAX_POINTS[name];
  if (extra > 0) {
    data.labels.splice(0, extra);
    for (const dataset of data.datasets) dataset.data.splice(0, extra);
  }
  if (chartsDrawing()) chart.update('none');
}

async function fetchHistory(metricType) {
  return historySamples(await fetchJson(historyUrl(metricType), AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
}

async function loadSystemHistory() {
  const samples = lastWindow(await fetchHistory('system_metrics'), METRICS_PERIOD_S * 1000);
  const labels = samples.map((s) => timeOf(s.timestamp));
  prefillChart('cpu', labels, samples.map((s) => [numberOrNull(s.cpu)]));
  prefillChart('memory', labels, samples.map((s) => [numberOrNull(s.memory)]));
}

async function loadConnectionsHistory() {
  const samples = lastWindow(await fetchHistory('connections'), POLL_PERIOD_MS);
  prefillChart('connections', samples.map((s) => timeOf(s.timestamp)),
    samples.map((s) => [numberOrNull(s.current)]));
}

// El historial de mensajes son contadores (sent, received): la gráfica muestra
// cuántos por segundo entre cada muestra y la anterior.
async function loadMessagesHistory() {
  const samples = lastWindow(await fetchHistory('messages'), POLL_PERIOD_MS);
  const labels = [];
  const rows = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = (samples[i].at - samples[i - 1].at) / 1000;
    labels.push(timeOf(samples[i].timestamp));
    rows.push([
      perSecond(samples[i].sent, samples[i - 1].sent, seconds),
      perSecond(samples[i].received, samples[i - 1].received, seconds),
    ]);
  }
  prefillChart('messages', labels, rows);
}

// GET /api/alerts es la lista de cambios de estado, el más viejo primero. Se
// muestran las reglas cuyo último estado es 'firing': las activas ahora.
async function loadActiveAlerts() {
  const list = await fetchJson('/api/alerts', AbortSignal.timeout(REQUEST_TIMEOUT_MS));
  if (!Array.isArray(list)) return;
  const latest = new Map();  // regla → su último cambio
  const when = (alert) => timestampMs(alert.timestamp) || 0;
  const changes = list.filter((alert) => alert && typeof alert === 'object');
  for (const alert of changes.sort((a, b) => when(a) - when(b))) latest.set(String(alert.rule), alert);
  for (const alert of latest.values()) if (alert.state === 'firing') onAlert(alert);
}

// Todo a la vez; lo que falle (servidor antiguo, tiempo agotado) se queda sin
// rellenar y el panel sigue con lo que llegue en vivo.
function loadPast() {
  return Promise.allSettled([
    loadSystemHistory(), loadConnectionsHistory(), loadMessagesHistory(), loadActiveAlerts(),
  ]);
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

// Primero lo que ya pasó y después lo que llega en vivo: así los puntos del
// historial quedan a la izquierda de los nuevos, en orden.
loadPast().then(connectAll);
