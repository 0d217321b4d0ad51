// Práctica 04 — Alertas (canal alerts): cada cambio de estado arriba de la
// lista y, junto al título, cuántas reglas están activas ahora.

import { REQUEST_TIMEOUT_MS } from './config.js';
import { fetchJson } from './streams.js';
import { $, el, fixed, prependBounded, setText, timeOf, timestampMs } from './util.js';

const LEVEL_TEXT = { warning: 'aviso', critical: 'crítica' };
const activeAlerts = new Map();  // regla → ¿activa? (hay pocas reglas)

export function onAlert(alert) {
  // TODO PASO 5 ▸ Añade la alerta a la lista
  //   Encima de alerts-list aparece un <li> con clase y data-state 'firing' o 'resolved' (según
  //   alert.state), data-level con alert.level, y como texto (nunca HTML) la hora, el nivel
  //   (LEVEL_TEXT), «activa» o «resuelta» y "regla: mensaje (valor V; umbral U)". alerts-active
  //   dice cuántas reglas tienen 'firing' como último estado (lleva la cuenta en activeAlerts).
  void alert; void activeAlerts; void LEVEL_TEXT;
  // FIN PASO 5
}

// Al cargar (dashboard.js, loadPast): GET /api/alerts es la lista de cambios de
// estado, el más viejo primero. Se muestran las reglas cuyo último estado es
// 'firing': las activas ahora.
export async function loadActiveAlerts() {
  const list = await fetchJson('/api/alerts', AbortSignal.timeout(REQUEST_TIMEOUT_MS));
  if (!Array.isArray(list)) return;
  const latest = new Map();  // regla → su último cambio
  const when = (alert) => timestampMs(alert.timestamp) || 0;
  const changes = list.filter((alert) => alert && typeof alert === 'object');
  for (const alert of changes.sort((a, b) => when(a) - when(b))) latest.set(String(alert.rule), alert);
  for (const alert of latest.values()) if (alert.state === 'firing') onAlert(alert);
}
