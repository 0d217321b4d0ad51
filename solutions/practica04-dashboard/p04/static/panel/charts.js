// Práctica 04 — Las gráficas: cinco gráficas de líneas de Chart.js que se
// crean una vez y se redibujan en el sitio, con un número fijo de puntos.
//
// Chart.js no se importa: llega antes con un <script> normal
// (/static/vendor/chart.umd.js) y deja la variable global window.Chart.

import { LOCALE, MAX_POINTS } from './config.js';
import { $ } from './util.js';

const COLORS = {
  cpu: '#2b6cb0',
  memory: '#805ad5',
  sent: '#dd6b20',
  received: '#38a169',
  connections: '#2b6cb0',
};

let paused = false;  // el botón "Pausar gráficas"

export function isPaused() {
  return paused;
}

// ¿Se dibuja ahora? Los datos se guardan siempre; dibujar es lo que se pausa.
export function chartsDrawing() {
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

export const charts = createCharts();

// Añade un punto (una etiqueta y un valor por serie) y quita el más viejo si sobra.
export function addPoint(name, label, values) {
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
export function ensureCoreDatasets(count) {
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

export function redrawCharts() {
  for (const chart of Object.values(charts)) chart?.update('none');
}

export function setPaused(value) {
  paused = value;
  const button = $('pause-button');
  button.textContent = paused ? 'Reanudar gráficas' : 'Pausar gráficas';
  button.setAttribute('aria-pressed', String(paused));
  if (chartsDrawing()) redrawCharts();  // al reanudar se ve lo que llegó en la pausa
}

// Pone los puntos del historial delante de los que ya tenga la gráfica, con el
// mismo tope que addPoint, y redibuja una sola vez (300 llamadas a addPoint
// serían 300 redibujos al cargar). rows[k] tiene un valor por serie.
export function prefillChart(name, labels, rows) {
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
