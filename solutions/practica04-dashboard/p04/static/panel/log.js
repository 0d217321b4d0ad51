// Práctica 04 — Registro del servidor (canal logs), con filtros por nivel.

import { $, listItem, prependBounded } from './util.js';

const hiddenLevels = new Set();  // niveles desmarcados en los filtros

export function onLogEntry(entry) {
  const level = String(entry.level ?? '');
  const request = entry.request_id ? ` (${entry.request_id})` : '';
  const item = listItem(entry.timestamp, level, `${entry.service}: ${entry.message}${request}`);
  item.dataset.level = level;
  item.hidden = hiddenLevels.has(level);
  prependBounded($('logs-list'), item);
}

export function applyLogFilters() {
  hiddenLevels.clear();
  for (const box of document.querySelectorAll('input[data-log-level]')) {
    if (!box.checked) hiddenLevels.add(box.dataset.logLevel);
  }
  for (const item of $('logs-list').children) item.hidden = hiddenLevels.has(item.dataset.level);
}
