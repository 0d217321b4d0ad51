// Práctica 04 — Utilidades de todos los paneles: leer lo que llega de la red,
// escribir números y horas en español y poner texto en la página.
//
// Regla de oro: lo que llega de la red se inserta con textContent o
// createElement, nunca con innerHTML. Las listas no crecen sin límite.

import { LOCALE, MAX_ITEMS } from './config.js';

// ── La página ───────────────────────────────────────────────────────────────

export const $ = (id) => document.getElementById(id);

export function setText(id, text) {
  $(id).textContent = text;
}

// Crea un elemento con su clase y su texto (siempre como texto, nunca HTML).
export function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Añade un elemento arriba de la lista y quita los más viejos por abajo. Con
// el primero se va la línea de lista vacía (<li class="vacio"> del HTML).
export function prependBounded(list, item) {
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
export function listItem(timestamp, tag, text, label = TAG_TEXT[tag] ?? tag) {
  const item = el('li');
  item.append(el('span', 'hora', timeOf(timestamp)));
  if (tag) item.append(el('span', `etiqueta ${tag}`, label));
  item.append(text);
  return item;
}

// ── Datos y formatos ────────────────────────────────────────────────────────

export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;  // un mensaje que no es JSON se ignora
  }
}

// Un número finito o null (Chart.js deja un hueco en los null).
export function numberOrNull(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// Mensajes por segundo entre dos lecturas de un contador (null si se reinició).
export function perSecond(now, before, seconds) {
  if (numberOrNull(now) === null || numberOrNull(before) === null) return null;
  if (seconds <= 0 || now < before) return null;
  return (now - before) / seconds;
}

// Un número con esos decimales en español ("1234,5"; «–» si no es un número).
const numberFormats = new Map();  // decimales → Intl.NumberFormat
export function fixed(value, decimals = 1) {
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

export function percent(value) {
  return withUnit(value, 1, '%');
}

export function bytesPerSecond(value) {
  if (numberOrNull(value) === null) return '–';
  if (value < 1024) return withUnit(value, 0, 'B/s');
  if (value < 1024 * 1024) return withUnit(value / 1024, 1, 'KB/s');
  return withUnit(value / 1024 / 1024, 1, 'MB/s');
}

export function duration(seconds) {
  if (numberOrNull(seconds) === null) return '–';
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days}\u00a0d ${hours}\u00a0h` : `${hours}\u00a0h ${minutes}\u00a0min`;
}

// Milisegundos desde 1970 de una marca del servidor, que llega como segundos
// desde 1970 (número) o como texto ISO 8601; NaN si no es ninguna de las dos.
export function timestampMs(timestamp) {
  if (typeof timestamp === 'number') return timestamp * 1000;
  if (typeof timestamp === 'string') return Date.parse(timestamp);
  return NaN;
}

// La hora local "HH:MM:SS" de una marca ISO 8601 o de segundos desde 1970
// (o de ahora si no hay).
export function timeOf(timestamp) {
  const date = typeof timestamp === 'number' || timestamp ? new Date(timestampMs(timestamp))
    : new Date();
  if (Number.isNaN(date.getTime())) return String(timestamp);
  return date.toLocaleTimeString(LOCALE, { hour12: false });
}
