// La página compacta del sistema (/demo): barras de CPU, memoria y disco, la
// red, el proceso del servidor y datos del sistema. Un solo EventSource a
// /metrics/stream; todo se escribe con textContent.
//
// Los números van en español de España (coma decimal), como en el panel, y
// cada unidad va pegada a su número con un espacio que no parte la línea.

const $ = (id) => document.getElementById(id);

const LOCALE = 'es-ES';
const NBSP = '\u00a0';
const formats = new Map();  // decimales → Intl.NumberFormat

const number = (v) => typeof v === 'number' && Number.isFinite(v);

function fmt(v, decimals = 1, unit = '') {
  if (!number(v)) return '–';
  if (!formats.has(decimals)) {
    formats.set(decimals, new Intl.NumberFormat(LOCALE, {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals,
    }));
  }
  const text = formats.get(decimals).format(v);
  return unit ? `${text}${NBSP}${unit}` : text;
}

// Los umbrales de color de las barras (el panel colorea sus tarjetas igual):
// verde, ámbar desde el 75 % y rojo desde el 90 %.
function bar(name, value) {
  $(`demo-${name}`).textContent = fmt(value, 1, '%');
  const width = number(value) ? Math.max(0, Math.min(100, value)) : 0;
  const fill = $(`demo-${name}-bar`);
  fill.style.width = `${width}%`;
  fill.className = width >= 90 ? 'critica' : width >= 75 ? 'alta' : '';
}

function perSecond(bytes) {
  if (!number(bytes)) return '–';
  return bytes < 1024 * 1024 ? fmt(bytes / 1024, 1, 'KB/s') : fmt(bytes / 1048576, 1, 'MB/s');
}

// La fecha de una marca del servidor: segundos desde 1970 (número) o texto
// ISO 8601. new Date() espera milisegundos: con segundos saldría enero de 1970.
function dateOf(timestamp) {
  const ms = typeof timestamp === 'number' ? timestamp * 1000
    : typeof timestamp === 'string' ? Date.parse(timestamp) : Date.now();
  return new Date(Number.isFinite(ms) ? ms : Date.now());
}

function show(m) {
  bar('cpu', m.cpu?.percent_total);
  bar('memory', m.memory?.percent);
  bar('disk', m.disk?.percent);
  $('demo-sent').textContent = `${perSecond(m.network?.sent_bytes_per_s)} (total ${fmt(m.network?.bytes_sent_mb, 1, 'MB')})`;
  $('demo-recv').textContent = `${perSecond(m.network?.recv_bytes_per_s)} (total ${fmt(m.network?.bytes_recv_mb, 1, 'MB')})`;
  $('demo-process-memory').textContent = fmt(m.process?.memory_mb, 1, 'MB');
  $('demo-process-cpu').textContent = fmt(m.process?.cpu_percent, 1, '%');
  $('demo-cores').textContent = String(m.cpu?.count ?? '–');
  $('demo-frequency').textContent = fmt(m.cpu?.frequency_mhz, 0, 'MHz');
  $('demo-load').textContent = Array.isArray(m.load_average) ? m.load_average.map((x) => fmt(x, 2)).join(' ') : '–';
  $('demo-uptime').textContent = fmt(number(m.uptime_s) ? m.uptime_s / 3600 : null, 1, 'h');
  const when = dateOf(m.timestamp);
  const time = $('demo-time');
  time.dateTime = when.toISOString();
  time.textContent = when.toLocaleString(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' });
}

function status(state, text) {
  const badge = $('demo-status');
  badge.dataset.state = state;
  badge.textContent = text;
}

// EventSource se reconecta solo; aquí solo se muestra el estado.
const source = new EventSource('/metrics/stream');
source.onopen = () => status('open', 'conectado');
source.onerror = () => status('reconnecting', 'reconectando…');
source.addEventListener('metrics', (event) => {
  try {
    show(JSON.parse(event.data));
  } catch {
    // una muestra que no es JSON se ignora
  }
});
