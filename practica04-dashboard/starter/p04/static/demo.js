// La página compacta del sistema (/demo): barras de CPU, memoria y disco, la
// red, el proceso del servidor y datos del sistema. Un solo EventSource a
// /metrics/stream; todo se escribe con textContent.

const $ = (id) => document.getElementById(id);

const number = (v) => typeof v === 'number' && Number.isFinite(v);
const fmt = (v, decimals = 1, unit = '') => (number(v) ? `${v.toFixed(decimals)}${unit}` : '–');

function bar(name, value) {
  $(`demo-${name}`).textContent = fmt(value, 1, ' %');
  const width = number(value) ? Math.max(0, Math.min(100, value)) : 0;
  const fill = $(`demo-${name}-bar`);
  fill.style.width = `${width}%`;
  fill.className = width >= 90 ? 'critica' : width >= 75 ? 'alta' : '';
}

function perSecond(bytes) {
  if (!number(bytes)) return '–';
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB/s` : `${(bytes / 1048576).toFixed(1)} MB/s`;
}

function show(m) {
  bar('cpu', m.cpu?.percent_total);
  bar('memory', m.memory?.percent);
  bar('disk', m.disk?.percent);
  $('demo-sent').textContent = `${perSecond(m.network?.sent_bytes_per_s)} (total ${fmt(m.network?.bytes_sent_mb, 1, ' MB')})`;
  $('demo-recv').textContent = `${perSecond(m.network?.recv_bytes_per_s)} (total ${fmt(m.network?.bytes_recv_mb, 1, ' MB')})`;
  $('demo-process-memory').textContent = fmt(m.process?.memory_mb, 1, ' MB');
  $('demo-process-cpu').textContent = fmt(m.process?.cpu_percent, 1, ' %');
  $('demo-cores').textContent = String(m.cpu?.count ?? '–');
  $('demo-frequency').textContent = fmt(m.cpu?.frequency_mhz, 0, ' MHz');
  $('demo-load').textContent = Array.isArray(m.load_average) ? m.load_average.map((x) => fmt(x, 2)).join(' ') : '–';
  $('demo-uptime').textContent = fmt(number(m.uptime_s) ? m.uptime_s / 3600 : null, 1, ' h');
  $('demo-time').textContent = new Date(m.timestamp ?? Date.now()).toLocaleTimeString('es-ES', { hour12: false });
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
