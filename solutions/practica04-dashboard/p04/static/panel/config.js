// Práctica 04 — Configuración del panel: cuánto se guarda, cada cuánto se
// pregunta y cuánto se espera. Todos los números que se pueden tocar están
// aquí, y cada módulo importa los que usa.

export const WINDOW_S = 300;              // ventana de las gráficas: 5 minutos
export const METRICS_PERIOD_S = 1;        // el servidor muestrea cada segundo (--interval 1)
export const POLL_PERIOD_MS = 5000;       // sondeo de la API REST
export const REQUEST_TIMEOUT_MS = 4000;   // una petición que tarda más se aborta
export const MAX_ITEMS = 200;             // tope de elementos de cada lista
export const BACKOFF_FIRST_MS = 500;      // espera antes del primer reintento
export const BACKOFF_MAX_MS = 10000;      // tope del backoff exponencial

// Los números del panel (tarjetas, avisos, ejes y etiquetas de las gráficas)
// se escriben en español de España: coma decimal, "12,3 %".
export const LOCALE = 'es-ES';

// Colores de las tarjetas de CPU, memoria y disco: los mismos umbrales que las
// barras de /demo (demo.js). Verde; ámbar desde el 75 %; rojo desde el 90 %.
export const HIGH_PERCENT = 75;
export const CRITICAL_PERCENT = 90;

// El historial que se pide al cargar: 300 muestras son 5 minutos a una por segundo.
export const HISTORY_LIMIT = 300;

// Los canales SSE que recibe el panel, todos por el mismo EventSource.
export const SSE_CHANNELS = ['metrics', 'alerts', 'logs'];

// Puntos de cada gráfica: los que caben en la ventana con su ritmo de datos.
export const MAX_POINTS = {
  cpu: WINDOW_S / METRICS_PERIOD_S,
  memory: WINDOW_S / METRICS_PERIOD_S,
  network: WINDOW_S / METRICS_PERIOD_S,
  connections: (WINDOW_S * 1000) / POLL_PERIOD_MS,
  messages: (WINDOW_S * 1000) / POLL_PERIOD_MS,
};
