// Práctica 04 — Panel de conexión: los flujos del panel y su reconexión.
//
// Un "flujo" es una conexión que controla el panel de conexión: un
// EventSource, un WebSocket o el sondeo de la API. Cada uno tiene su estado:
// connecting, open, reconnecting o closed, y su indicador en la página.

import {
  BACKOFF_FIRST_MS, BACKOFF_MAX_MS, POLL_PERIOD_MS, REQUEST_TIMEOUT_MS,
} from './config.js';
import { $, parseJson } from './util.js';

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

// Todos los flujos, en el orden en que se definieron (dashboard.js los define al cargar).
export const streams = [];

// open(stream) abre la conexión y devuelve un objeto con close().
export function defineStream(name, open) {
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
export function openEventSource(stream, url, handlers) {
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
export function openWebSocket(stream, path, onMessage) {
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
export function openPoller(stream, poll) {
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

export function connectAll() {
  for (const stream of streams) if (!stream.wanted) startStream(stream);
}

export function disconnectAll() {
  for (const stream of streams) stopStream(stream);
}

export function reconnectAll() {
  disconnectAll();
  connectAll();
}

// La URL ws:// o wss:// de una ruta del mismo servidor.
function webSocketUrl(path) {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

export async function fetchJson(url, signal) {
  const response = await fetch(url, { signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
