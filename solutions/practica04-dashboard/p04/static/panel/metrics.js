// Práctica 04 — Las métricas: de cada muestra a las tarjetas y a las gráficas.
// Las del sistema llegan cada segundo por el canal metrics (onMetrics); las
// del servidor (conexiones y mensajes), con el sondeo de /api/metrics (onApiMetrics).

import { CRITICAL_PERCENT, HIGH_PERCENT } from './config.js';
import { addPoint, ensureCoreDatasets } from './charts.js';
import {
  $, bytesPerSecond, duration, fixed, numberOrNull, percent, perSecond, setText, timeOf,
} from './util.js';

// ── Métricas del sistema (canal metrics) ────────────────────────────────────

function showCards(m) {
  const cpu = m.cpu ?? {};
  const memory = m.memory ?? {};
  const disk = m.disk ?? {};
  const network = m.network ?? {};
  const process = m.process ?? {};
  const load = Array.isArray(m.load_average) ? m.load_average.map((x) => fixed(x, 2)).join('\u00a0/\u00a0') : '–';
  // PASO 2 ▸ Muestra la muestra en las tarjetas
  //   Cada muestra queda como texto en sus tarjetas (setText y los formatos de util.js, que dan «–»
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

// La banda de color de un porcentaje (como las barras de /demo): 'normal',
// 'alta' o 'critica'; '' si no es un número.
function percentLevel(value) {
  if (numberOrNull(value) === null) return '';
  if (value >= CRITICAL_PERCENT) return 'critica';
  return value >= HIGH_PERCENT ? 'alta' : 'normal';
}

// La tarjeta de un porcentaje toma el color de su banda (data-nivel, ver el CSS).
function showLevel(valueId, value) {
  const card = $(valueId).closest('.tarjeta');
  const level = percentLevel(value);
  if (level) card.dataset.nivel = level;
  else delete card.dataset.nivel;
}

export function onMetrics(m) {
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

// ── Métricas del servidor (sondeo de /api/metrics) ──────────────────────────

let previousCounters = null;  // contadores del sondeo anterior

// Tras reconectar, la primera lectura no se compara con la vieja.
export function resetCounters() {
  previousCounters = null;
}

export function onApiMetrics(m) {
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
