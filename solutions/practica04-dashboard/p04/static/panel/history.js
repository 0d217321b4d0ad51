// Práctica 04 — Al cargar: los últimos 5 minutos de las gráficas.
//
// Antes de abrir los flujos en vivo, el panel pide al servidor el historial
// de métricas (CPU, memoria, conexiones y mensajes; las alertas activas las
// pide alerts.js). Así las gráficas no empiezan vacías. La gráfica de red no
// tiene historial (el servidor no lo guarda): empieza vacía y se llena solo
// con lo que llega en vivo.

import {
  HISTORY_LIMIT, METRICS_PERIOD_S, POLL_PERIOD_MS, REQUEST_TIMEOUT_MS, WINDOW_S,
} from './config.js';
import { prefillChart } from './charts.js';
import { fetchJson } from './streams.js';
import { numberOrNull, perSecond, timeOf, timestampMs } from './util.js';

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

async function fetchHistory(metricType) {
  return historySamples(await fetchJson(historyUrl(metricType), AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
}

export async function loadSystemHistory() {
  const samples = lastWindow(await fetchHistory('system_metrics'), METRICS_PERIOD_S * 1000);
  const labels = samples.map((s) => timeOf(s.timestamp));
  prefillChart('cpu', labels, samples.map((s) => [numberOrNull(s.cpu)]));
  prefillChart('memory', labels, samples.map((s) => [numberOrNull(s.memory)]));
}

export async function loadConnectionsHistory() {
  const samples = lastWindow(await fetchHistory('connections'), POLL_PERIOD_MS);
  prefillChart('connections', samples.map((s) => timeOf(s.timestamp)),
    samples.map((s) => [numberOrNull(s.current)]));
}

// El historial de mensajes son contadores (sent, received): la gráfica muestra
// cuántos por segundo entre cada muestra y la anterior.
export async function loadMessagesHistory() {
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
