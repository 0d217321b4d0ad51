// Las pruebas del panel en el navegador, por pasos. Cada una arranca su
// servidor (puerto libre) y su Chromium, y guarda una captura al terminar.
import {
  abreNavegador, abrePagina, arrancaServidor, captura, espera, esperaTexto, falla,
  mataServidor, texto,
} from './navegador.mjs';

const IDS_OBLIGATORIOS = [
  'cpu-value', 'memory-value', 'disk-value', 'online-count', 'activity-feed', 'alerts-list',
  'notifications-list', 'logs-list', 'connection-status', 'chart-cpu', 'chart-memory',
  'chart-network', 'chart-connections', 'chart-messages',
];

const tieneNumero = (t) => /\d/.test(t);

// Arranca servidor y navegador, abre el panel y llama a cuerpo(ctx). Pase lo
// que pase: captura, cierra el navegador y para el servidor. antes(ctx), si
// está, se ejecuta con el servidor y el navegador listos pero antes de abrir la
// página (para preparar el servidor o sustituir flujos con eventosFalsos).
async function conPanel(nombre, cuerpo, ruta = '/', { antes } = {}) {
  const ctx = { servidor: await arrancaServidor() };
  try {
    ctx.url = (r) => `http://127.0.0.1:${ctx.servidor.puerto}${r}`;
    ctx.navegador = await abreNavegador();
    ctx.contexto = await ctx.navegador.newContext({ viewport: { width: 1280, height: 900 } });
    if (antes) await antes(ctx);
    ctx.pagina = await abrePagina(ctx.contexto, ctx.url(ruta));
    await cuerpo(ctx);
    sinErrores(ctx.pagina, ctx.toleradas);
  } finally {
    await captura(ctx.pagina, nombre);
    await ctx.navegador?.close().catch(() => {});
    await mataServidor(ctx.servidor);
  }
}

// toleradas(error, i): los errores que una prueba provoca a propósito (p. ej.
// los intentos rechazados mientras tiene el servidor parado; i es su posición
// en pagina.errores); los demás fallan.
function sinErrores(pagina, toleradas = () => false) {
  const errores = pagina.errores.filter((e, i) => !toleradas(e, i));
  if (errores.length)
    falla(`la página no debe tener errores en la consola; hubo:\n  ${errores.join('\n  ')}`);
  if (pagina.fuera.length)
    falla(`ninguna petición debe salir de localhost (la clase puede no tener internet); salieron:\n  ${pagina.fuera.join('\n  ')}`);
}

// Una petición a la API del servidor desde Node (no desde la página).
async function api(ctx, metodo, ruta, cuerpo) {
  const r = await fetch(ctx.url(ruta), {
    method: metodo,
    headers: { 'Content-Type': 'application/json' },
    body: cuerpo === undefined ? undefined : JSON.stringify(cuerpo),
  });
  if (!r.ok) falla(`${metodo} ${ruta} respondió ${r.status}: ${await r.text()}`);
  return r.json();
}

// Sustituye el EventSource del panel (/sse/events) por uno que entrega estos
// eventos, [tipo, datos], y después calla (retry de 10 minutos): lo que se vea
// sale de ellos o, si no hay ninguno, del historial que se pide al cargar.
async function eventosFalsos(contexto, eventos = []) {
  const cuerpo = ['retry: 600000\n\n',
    ...eventos.map(([tipo, datos]) => `event: ${tipo}\ndata: ${JSON.stringify(datos)}\n\n`)].join('');
  await contexto.route(/\/sse\/events(\?|$)/,
    (r) => r.fulfill({ status: 200, contentType: 'text/event-stream', body: cuerpo }));
}

// Una muestra del canal metrics como las del servidor; cambios sustituye
// campos de cpu, memory, disk, network o process.
function muestra(cambios = {}) {
  const base = {
    cpu: { count: 2, frequency_mhz: null, percent_per_core: [10, 14.7], percent_total: 12.34 },
    memory: { available_mb: 12052.5, percent: 50, total_mb: 24105, used_mb: 12052.5 },
    disk: { free_gb: 156, percent: 38.1, total_gb: 252, used_gb: 96 },
    network: { bytes_recv_mb: 210.7, bytes_sent_mb: 2.8, recv_bytes_per_s: 1536, sent_bytes_per_s: 512 },
    process: { cpu_percent: 0.5, memory_mb: 11.6 },
    load_average: [0.5, 0.4, 0.3],
    timestamp: Date.now() / 1000,
    uptime_s: 48600,
  };
  for (const [clave, valor] of Object.entries(cambios)) base[clave] = { ...base[clave], ...valor };
  return base;
}

// El texto de un elemento con los espacios que no parten la línea como espacios.
const normal = (t) => t?.replace(/\u00a0/g, ' ') ?? null;

// Los <li> de una lista sin la línea de lista vacía, y esa línea (null si no está).
const contenido = (pagina, testid) => pagina.evaluate((id) => {
  const lista = document.querySelector(`[data-testid="${id}"]`);
  const vacio = lista.querySelector(':scope > .vacio');
  return {
    elementos: [...lista.children].filter((li) => !li.classList.contains('vacio')).map((li) => ({
      texto: li.textContent,
      estado: li.dataset.state ?? null,
      etiquetas: [...li.querySelectorAll('.etiqueta')].map((e) => e.textContent),
    })),
    vacio: vacio && vacio.checkVisibility() ? vacio.textContent : null,
  };
}, testid);

// La última entrada de cada regla en GET /api/alerts (Node, no la página).
async function ultimasAlertas(ctx) {
  const ultimas = {};
  for (const a of await api(ctx, 'GET', '/api/alerts')) ultimas[a.rule] = a;
  return ultimas;
}

// Las marcas del eje Y de una gráfica: valor y texto (null si no hay gráfica).
const marcasY = (pagina, nombre) => pagina.evaluate((n) => {
  const chart = window.dashboard?.charts?.[n];
  return chart ? chart.scales.y.ticks.map((t) => ({ valor: t.value, texto: String(t.label) })) : null;
}, nombre);

// Niveles y estados que se leen en inglés: en el panel no debe quedar ninguno.
const EN_INGLES = ['info', 'warning', 'critical', 'debug', 'success', 'firing', 'resolved', 'system',
  'broadcast', 'join', 'leave', 'snapshot', 'open', 'closed', 'connecting', 'reconnecting'];

// Los textos de los <li> de una lista.
const elementos = (pagina, testid) => pagina.evaluate(
  (id) => [...document.querySelectorAll(`[data-testid="${id}"] > li`)].map((li) => ({
    texto: li.textContent, estado: li.dataset.state ?? null,
  })), testid);

// Puntos guardados y puntos dibujados de una gráfica (null si no existe).
const puntos = (pagina, nombre) => pagina.evaluate((n) => {
  const chart = window.dashboard?.charts?.[n];
  if (!chart) return null;
  return { datos: chart.data.labels.length, dibujados: chart.getDatasetMeta(0).data.length };
}, nombre);

export const pruebas = {
  // ── Paso 1 ────────────────────────────────────────────────────────────────
  async 'Paso1_Pagina.CargaSinErroresNiPeticionesFuera'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      const titulo = await pagina.title();
      if (!titulo.includes('Dashboard'))
        falla(`Paso 1: GET / debe servir el panel (p04/static/index.html); el título es "${titulo}"`);
      const faltan = await pagina.evaluate(
        (ids) => ids.filter((id) => !document.querySelector(`[data-testid="${id}"]`)), IDS_OBLIGATORIOS);
      if (faltan.length) falla(`Paso 1: faltan elementos con data-testid: ${faltan.join(', ')}`);
      await espera(() => pagina.evaluate(() => typeof window.dashboard === 'object'), 5000,
        () => 'Paso 1: el módulo /static/dashboard.js no se ejecutó (window.dashboard no existe)');
      if (!(await pagina.evaluate(() => typeof window.Chart === 'function')))
        falla('Paso 1: Chart.js no se cargó de /static/vendor/chart.umd.js (¿npm ci? ¿la ruta?)');
    });
  },

  async 'Paso1_Pagina.DemoMuestraElSistema'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      await esperaTexto(pagina, 'demo-cpu', tieneNumero, 3000,
        'Paso 1: /demo debe mostrar la CPU en 3 s');
      await esperaTexto(pagina, 'demo-memory', tieneNumero, 3000,
        'Paso 1: /demo debe mostrar la memoria');
    }, '/demo');
  },

  async 'Paso1_Pagina.DemoMuestraLaFechaDeHoy'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      if ((await texto(pagina, 'demo-time')) === null)
        falla('Paso 1: GET /demo debe servir la página del sistema (p04/static/demo.html), con su «Última muestra» (data-testid="demo-time")');
      const visto = normal(await esperaTexto(pagina, 'demo-time', tieneNumero, 3000,
        'Paso 1: /demo debe mostrar la fecha y la hora de la última muestra en 3 s'));
      const anio = String(new Date().getFullYear());
      if (!visto.includes(anio))
        falla(`Paso 1: en /demo, «Última muestra» debe ser de hoy, del año ${anio} (el servidor manda segundos desde 1970 y new Date() espera milisegundos); se lee "${visto}"`);
      const iso = await pagina.evaluate(() => document.querySelector('[data-testid="demo-time"]').dateTime);
      const lejos = Math.abs(Date.parse(iso) - Date.now());
      if (!(lejos < 5 * 60 * 1000))
        falla(`Paso 1: en /demo, la última muestra debe ser de hace unos segundos; su datetime es "${iso}"`);
      const cpu = normal(await esperaTexto(pagina, 'demo-cpu', tieneNumero, 1000,
        'Paso 1: /demo debe mostrar la CPU'));
      if (!/^\d{1,3},\d %$/.test(cpu))
        falla(`Paso 1: /demo escribe los números en español, con coma decimal ("12,3 %"); la CPU dice "${cpu}"`);
    }, '/demo');
  },

  async 'Paso1_Pagina.ListasVaciasLoDicen'(nombre) {
    // Sin datos de verdad: el EventSource no trae nada, los WebSocket callan y
    // la API dice que no hay canales. Cada lista vacía debe decirlo.
    const antes = async ({ contexto }) => {
      await eventosFalsos(contexto);
      await contexto.routeWebSocket(/\/ws(\/|\?|$)/, () => {});
      await contexto.route(/\/api\/v1\/ws\/stats/,
        (r) => r.fulfill({ json: { total_connections: 0, total_channels: 0, channels: {} } }));
    };
    await conPanel(nombre, async ({ pagina }) => {
      const titulo = await pagina.title();
      if (!titulo.includes('Dashboard'))
        falla(`Paso 1: GET / debe servir el panel (p04/static/index.html); el título es "${titulo}"`);
      await esperaTexto(pagina, 'total-connections', (t) => t === '0', 8000,
        'Paso 1: el sondeo de la API debe mostrar 0 conexiones (la prueba sustituye /api/v1/ws/stats)');
      const esperado = {
        'activity-feed': 'Sin actividad', 'alerts-list': 'Sin alertas activas',
        'notifications-list': 'Sin notificaciones', 'logs-list': 'Sin entradas',
      };
      for (const [lista, texto] of Object.entries(esperado)) {
        const visto = await contenido(pagina, lista);
        if (!visto.vacio?.includes(texto) || visto.elementos.length)
          falla(`Paso 1: la lista vacía [data-testid="${lista}"] debe decir "${texto}…" (un <li class="vacio">); tiene ${JSON.stringify(visto)}`);
      }
      const canales = await texto(pagina, 'channels-list');
      if (!canales.includes('Sin canales'))
        falla(`Paso 1: sin canales, la tabla debe decir "Sin canales"; dice "${canales}"`);
    }, '/', { antes });
  },

  // ── Paso 2 ────────────────────────────────────────────────────────────────
  async 'Paso2_Tarjetas.CpuMuestraUnNumeroEnTresSegundos'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      await esperaTexto(pagina, 'cpu-value', tieneNumero, 3000,
        'Paso 2: en 3 s la tarjeta de CPU debe mostrar un número (evento metrics del EventSource)');
      await esperaTexto(pagina, 'memory-value', tieneNumero, 1000,
        'Paso 2: la tarjeta de memoria debe mostrar un número');
      await esperaTexto(pagina, 'disk-value', tieneNumero, 1000,
        'Paso 2: la tarjeta de disco debe mostrar un número');
      await esperaTexto(pagina, 'stream-status-events', (t) => t === 'abierto', 1000,
        'Paso 2: el indicador del EventSource debe decir "abierto" (onopen → markOpen)');
    });
  },

  async 'Paso2_Tarjetas.NumerosEnEspanol'(nombre) {
    const antes = ({ contexto }) => eventosFalsos(contexto, [['metrics', muestra({
      cpu: { percent_total: 12.34 }, memory: { percent: 5.06 }, network: { recv_bytes_per_s: 1536 },
    })]]);
    await conPanel(nombre, async ({ pagina }) => {
      const cpu = normal(await esperaTexto(pagina, 'cpu-value', tieneNumero, 3000,
        'Paso 2: la tarjeta de CPU debe mostrar la muestra (la prueba manda cpu.percent_total = 12.34)'));
      if (cpu !== '12,3 %')
        falla(`Paso 2: los números van en español, con coma decimal (percent, fixed y bytesPerSecond): con cpu.percent_total = 12.34 la tarjeta de CPU debe decir "12,3 %"; dice "${cpu}"`);
      const memoria = normal(await texto(pagina, 'memory-value'));
      if (memoria !== '5,1 %')
        falla(`Paso 2: con memory.percent = 5.06 la tarjeta de memoria debe decir "5,1 %"; dice "${memoria}"`);
      const red = normal(await texto(pagina, 'network-value'));
      if (!red.includes('1,5 KB/s'))
        falla(`Paso 2: con recv_bytes_per_s = 1536 la tarjeta de red debe decir "1,5 KB/s"; dice "${red}"`);
    }, '/', { antes });
  },

  async 'Paso2_Tarjetas.UnidadesJuntoASuNumero'(nombre) {
    // Los valores más anchos que salen: la unidad no debe bajar sola a otra línea.
    const antes = ({ contexto }) => eventosFalsos(contexto, [['metrics', muestra({
      cpu: { percent_total: 100 }, memory: { percent: 100 }, disk: { percent: 100 },
      network: { sent_bytes_per_s: 1048000, recv_bytes_per_s: 1047000 },
      process: { memory_mb: 1234.56 },
    })]]);
    await conPanel(nombre, async ({ pagina }) => {
      await esperaTexto(pagina, 'process-value', tieneNumero, 3000,
        'Paso 2: las tarjetas deben mostrar la muestra');
      const tarjetas = ['cpu-value', 'memory-value', 'disk-value', 'network-value', 'process-value'];
      const partidas = await pagina.evaluate((ids) => ids.flatMap((id) => {
        const valor = document.querySelector(`[data-testid="${id}"]`);
        const nodo = valor.firstChild;
        const mal = [];
        if (valor.scrollWidth > valor.clientWidth + 1) mal.push(`${id}: "${valor.textContent}" se sale de su tarjeta`);
        if (!nodo || nodo.nodeType !== Node.TEXT_NODE) return mal;
        // Cada número con su unidad (y su flecha, en la red): "↑ 1023,4 KB/s".
        for (const m of nodo.data.matchAll(/(?:[↑↓]\s*)?\d[\d.,]*\s*(%|[KMG]?B\/s|MB|GB)/g)) {
          const trozo = document.createRange();
          trozo.setStart(nodo, m.index);
          trozo.setEnd(nodo, m.index + m[0].length);
          const lineas = new Set([...trozo.getClientRects()].map((r) => Math.round(r.top)));
          if (lineas.size > 1) mal.push(`${id}: "${m[0]}" queda en ${lineas.size} líneas`);
        }
        return mal;
      }), tarjetas);
      if (partidas.length)
        falla(`Paso 2: a 1280 px de ancho cada número va en la misma línea que su unidad ("100,0 %", "↑ 1023,4 KB/s"), sin salirse de la tarjeta:\n  ${partidas.join('\n  ')}`);
    }, '/', { antes });
  },

  async 'Paso2_Tarjetas.ColoresDeUmbralComoEnDemo'(nombre) {
    // Las bandas de /demo: verde; ámbar desde el 75 %; rojo desde el 90 %.
    const antes = ({ contexto }) => eventosFalsos(contexto, [['metrics', muestra({
      cpu: { percent_total: 95 }, memory: { percent: 75 }, disk: { percent: 74.9 },
    })]]);
    await conPanel(nombre, async ({ pagina }) => {
      await esperaTexto(pagina, 'cpu-value', (t) => normal(t) === '95,0 %', 3000,
        'Paso 2: con cpu.percent_total = 95 la tarjeta de CPU debe decir "95,0 %"');
      const colores = await pagina.evaluate(() => {
        // El color de cada banda en la barra de /demo (la misma hoja de estilos).
        const barra = document.createElement('div');
        barra.className = 'barra';
        for (const banda of ['', 'alta', 'critica']) {
          const relleno = document.createElement('div');
          relleno.className = banda;
          barra.append(relleno);
        }
        document.body.append(barra);
        const [normal, alta, critica] = [...barra.children].map((d) => getComputedStyle(d).backgroundColor);
        barra.remove();
        const tarjeta = (id) => {
          const card = document.querySelector(`[data-testid="${id}"]`).closest('.tarjeta');
          return { nivel: card.dataset.nivel ?? null, borde: getComputedStyle(card).borderLeftColor };
        };
        return {
          demo: { normal, alta, critica },
          cpu: tarjeta('cpu-value'), memory: tarjeta('memory-value'), disk: tarjeta('disk-value'),
        };
      });
      const esperado = { cpu: ['critica', 95], memory: ['alta', 75], disk: ['normal', 74.9] };
      for (const [n, [nivel, valor]] of Object.entries(esperado)) {
        const visto = colores[n];
        if (visto.nivel !== nivel || visto.borde !== colores.demo[nivel])
          falla(`Paso 2: con ${n} al ${valor} % la tarjeta debe tener data-nivel="${nivel}" y el color de esa banda en /demo (${colores.demo[nivel]}); tiene data-nivel="${visto.nivel}" y borde ${visto.borde}`);
      }
    }, '/', { antes });
  },

  async 'Paso2_Registro.PrimeraEntradaQuitaElVacioYDiceSuNivel'(nombre) {
    await conPanel(nombre, async (ctx) => {
      const { pagina } = ctx;
      await esperaTexto(pagina, 'stream-status-events', (t) => t === 'abierto', 5000,
        'Paso 2: el EventSource (canales metrics, alerts y logs) debe abrirse');
      let visto = await contenido(pagina, 'logs-list');
      if (!visto.vacio?.includes('Sin entradas'))
        falla(`Paso 2: sin entradas, el registro debe decir "Sin entradas…"; tiene ${JSON.stringify(visto)}`);
      // Cada difusión deja una entrada "info" del servicio api en el registro.
      await api(ctx, 'POST', '/sse/broadcast/general?sender=profe', { texto: 'hola' });
      await espera(async () => (visto = await contenido(pagina, 'logs-list')).elementos.length > 0, 5000,
        () => `Paso 2: tras un POST /sse/broadcast/general, su entrada (evento log_entry) debe aparecer en el registro; tiene ${JSON.stringify(visto)}`);
      if (visto.vacio !== null)
        falla(`Paso 2: con la primera entrada, "${visto.vacio}" debe desaparecer del registro`);
      const etiqueta = visto.elementos[0].etiquetas[0];
      if (etiqueta !== 'información')
        falla(`Paso 2: el nivel "info" se lee "información" en el registro; se lee "${etiqueta}"`);
      const filtros = await pagina.evaluate(
        () => [...document.querySelectorAll('input[data-log-level]')].map((c) => c.parentElement.textContent.trim()));
      if (filtros.join(',') !== 'depuración,información,aviso,error')
        falla(`Paso 2: los filtros del registro van en español (depuración, información, aviso, error); dicen ${filtros.join(', ')}`);
    });
  },

  // ── Paso 3 ────────────────────────────────────────────────────────────────
  async 'Paso3_Graficas.CpuTieneDosPuntosEnTresSegundos'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      let visto = null;
      await espera(async () => {
        visto = await puntos(pagina, 'cpu');
        return visto && visto.datos >= 2 && visto.dibujados >= 2;
      }, 3000, () => `Paso 3: en 3 s la gráfica de CPU debe tener y dibujar 2 puntos; hay ${JSON.stringify(visto)}`);
      for (const n of ['memory', 'network', 'connections', 'messages'])
        if (!(await puntos(pagina, n))) falla(`Paso 3: falta la gráfica ${n} (window.dashboard.charts.${n})`);
    });
  },

  async 'Paso3_Graficas.EjesEnEspanolYConteosEnteros'(nombre) {
    // La red entre 0,5 y 1,5 KB/s: su eje lleva decimales, que deben ir con coma.
    const antes = ({ contexto }) => eventosFalsos(contexto, [3, 2, 1].map((hace) => ['metrics', {
      ...muestra({ network: { sent_bytes_per_s: 512, recv_bytes_per_s: 1536 } }),
      timestamp: Date.now() / 1000 - hace,
    }]));
    await conPanel(nombre, async ({ pagina }) => {
      let visto = null;
      await espera(async () => (visto = await puntos(pagina, 'network'))?.dibujados >= 3, 5000,
        () => `Paso 3: la gráfica de red debe dibujar las 3 muestras que manda la prueba; ${visto ? `hay ${JSON.stringify(visto)}` : 'no existe (createChart)'}`);
      const red = (await marcasY(pagina, 'network')).map((m) => m.texto);
      if (!red.some((t) => /\d,\d/.test(t)) || red.some((t) => /\d\.\d{1,2}$/.test(t)))
        falla(`Paso 3: los ejes van en español, con coma decimal (opción locale de Chart.js): el eje de la red entre 0,5 y 1,5 KB/s debe decir "0,5", no "0.5"; dice ${red.join(' | ')}`);
      await espera(async () => (visto = await puntos(pagina, 'connections'))?.datos >= 1, 8000,
        () => `Paso 3: la gráfica de conexiones debe tener algún punto (sondeo de /api/metrics); hay ${JSON.stringify(visto)}`);
      for (const n of ['connections', 'messages']) {
        const marcas = await marcasY(pagina, n);
        if (!marcas.length || marcas.some((m) => !Number.isInteger(m.valor)))
          falla(`Paso 3: el eje de ${n} cuenta cosas enteras: sus marcas deben ser enteras (ticks.precision = 0), sin "0,5"; son ${marcas.map((m) => m.texto).join(' | ')}`);
      }
    }, '/', { antes });
  },

  async 'Paso3_Graficas.AlCargarTraeLosUltimosCincoMinutos'(nombre) {
    // El servidor lleva unos segundos guardando historial (una muestra cada
    // 0,5 s en las pruebas) y el EventSource no trae nada: lo que haya en la
    // gráfica de CPU nada más cargar sale de GET /api/metrics/history.
    const antes = async (ctx) => {
      let muestras = 0;
      await espera(async () => {
        const r = await api(ctx, 'GET', '/api/metrics/history?metric_type=system_metrics&limit=300');
        muestras = (Array.isArray(r) ? r : r.data).length;
        return muestras >= 6;
      }, 10000, () => `el servidor debe guardar historial de métricas; tiene ${muestras} muestras`);
      await eventosFalsos(ctx.contexto);
    };
    await conPanel(nombre, async ({ pagina }) => {
      let visto = null;
      for (const n of ['cpu', 'memory']) {
        await espera(async () => (visto = await puntos(pagina, n)) && visto.datos >= 2 && visto.dibujados >= 2, 3000,
          () => `Paso 3: al cargar, la gráfica ${n} debe llenarse con el historial (/api/metrics/history?metric_type=system_metrics), sin esperar al EventSource: al menos 2 puntos dibujados; ${visto ? `hay ${JSON.stringify(visto)}` : 'la gráfica no existe (createChart)'}`);
      }
    }, '/', { antes });
  },

  // ── Paso 4 ────────────────────────────────────────────────────────────────
  async 'Paso4_Usuarios.OtraPestanaSubeYBajaEnLinea'(nombre) {
    await conPanel(nombre, async ({ pagina, contexto, url }) => {
      // El servidor es nuevo: la única usuaria en línea es esta pestaña (su
      // WebSocket de #general). Se espera a verla antes de abrir la segunda.
      const antes = 1;
      await esperaTexto(pagina, 'online-count', (t) => t === '1', 5000,
        'Paso 4: "usuarios en línea" debe mostrar 1 (esta pestaña, por /ws/activity)');
      const otra = await abrePagina(contexto, url('/'));
      await esperaTexto(pagina, 'online-count', (t) => Number(t) === antes + 1, 5000,
        `Paso 4: al abrir otra pestaña, "usuarios en línea" debe pasar de ${antes} a ${antes + 1}`);
      const otroUsuario = await otra.evaluate(() => window.dashboard.userId);
      await espera(async () => (await elementos(pagina, 'activity-feed'))
        .some((li) => li.texto.includes(otroUsuario)), 3000,
      () => `Paso 4: la actividad debe contar que ${otroUsuario} entró`);
      await otra.close();
      await esperaTexto(pagina, 'online-count', (t) => Number(t) === antes, 5000,
        `Paso 4: al cerrar esa pestaña, "usuarios en línea" debe volver a ${antes}`);
    });
  },

  async 'Paso4_Usuarios.PrimeraActividadQuitaElVacio'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      // /ws/activity manda su estado al conectar y #general su bienvenida.
      for (const [lista, que] of [['activity-feed', 'la actividad'], ['notifications-list', 'las notificaciones']]) {
        let visto = null;
        await espera(async () => (visto = await contenido(pagina, lista)).elementos.length > 0, 5000,
          () => `Paso 4: al conectar los WebSocket debe aparecer algo en ${que}; tiene ${JSON.stringify(visto)}`);
        if (visto.vacio !== null)
          falla(`Paso 4: con el primer elemento, la línea "${visto.vacio}" debe desaparecer de ${que}`);
      }
    });
  },

  // ── Paso 5 ────────────────────────────────────────────────────────────────
  async 'Paso5_Avisos.DifusionYNotificacionAparecen'(nombre) {
    await conPanel(nombre, async (ctx) => {
      const { pagina } = ctx;
      await esperaTexto(pagina, 'stream-status-general', (t) => t === 'abierto', 5000,
        'Paso 5: el WebSocket de #general debe abrirse');
      // La bienvenida de #general llega cuando el servidor ya nos tiene en el canal.
      await espera(async () => (await elementos(pagina, 'notifications-list'))
        .some((li) => li.texto.includes('en #general como')), 5000,
      () => 'Paso 5: debe llegar la bienvenida del WebSocket de #general');
      const marca = `<b>hola ${Date.now()}</b>`;
      await api(ctx, 'POST', '/sse/broadcast/general?sender=profe', { texto: marca });
      await espera(async () => (await elementos(pagina, 'notifications-list'))
        .some((li) => li.texto.includes(marca)), 5000,
      () => `Paso 5: la difusión a general debe aparecer, como texto, en notificaciones ("${marca}")`);
      await pagina.getByTestId('send-test-button').click();
      await espera(async () => (await elementos(pagina, 'notifications-list'))
        .some((li) => li.texto.includes('Notificación de prueba')), 5000,
      () => 'Paso 5: "Enviar prueba" debe hacer llegar una notificación a esta pestaña');
    });
  },

  async 'Paso5_Avisos.AlertaSeActivaYSeResuelve'(nombre) {
    await conPanel(nombre, async (ctx) => {
      const { pagina } = ctx;
      await esperaTexto(pagina, 'stream-status-events', (t) => t === 'abierto', 5000,
        'Paso 5: el EventSource debe abrirse');
      // La página ya tiene varias conexiones abiertas: con umbral 1, salta.
      await api(ctx, 'PUT', '/api/alerts/rules/connections', { warning: 1, clear: 0 });
      await espera(async () => (await elementos(pagina, 'alerts-list'))
        .some((li) => li.estado === 'firing' && li.texto.includes('connections')), 8000,
      () => 'Paso 5: con el umbral de connections en 1, la alerta debe aparecer activa (data-state="firing")');
      await api(ctx, 'PUT', '/api/alerts/rules/connections', { warning: 500, clear: 400 });
      await espera(async () => (await elementos(pagina, 'alerts-list'))
        .some((li) => li.estado === 'resolved' && li.texto.includes('connections')), 8000,
      () => 'Paso 5: al restaurar el umbral, la alerta debe aparecer resuelta (data-state="resolved")');
    });
  },

  async 'Paso5_Avisos.AlCargarMuestraLasAlertasActivas'(nombre) {
    // Antes de abrir la página: la regla memory salta y se resuelve, y la de
    // cpu salta (umbral 0) y sigue activa. El EventSource no trae nada: lo que
    // se vea sale de GET /api/alerts.
    const antes = async (ctx) => {
      let ultimas = {};
      const hasta = (regla, estado) => espera(async () => (ultimas = await ultimasAlertas(ctx))[regla]?.state === estado,
        8000, () => `la regla ${regla} debe quedar en "${estado}" en /api/alerts; está ${JSON.stringify(ultimas[regla])}`);
      await api(ctx, 'PUT', '/api/alerts/rules/memory', { warning: 0, clear: -1, for_s: 0 });
      await hasta('memory', 'firing');
      await api(ctx, 'PUT', '/api/alerts/rules/memory', { warning: 85, clear: 75, for_s: 30 });
      await hasta('memory', 'resolved');
      await api(ctx, 'PUT', '/api/alerts/rules/cpu', { warning: 0, clear: -1, for_s: 0 });
      await hasta('cpu', 'firing');
      await eventosFalsos(ctx.contexto);
    };
    await conPanel(nombre, async ({ pagina }) => {
      await esperaTexto(pagina, 'alerts-active', (t) => t === '1', 3000,
        'Paso 5: al cargar, "activas" debe contar las reglas cuyo último estado en /api/alerts es "firing" (cpu): 1');
      const { elementos } = await contenido(pagina, 'alerts-list');
      if (!elementos.some((li) => li.estado === 'firing' && li.texto.includes('cpu')))
        falla(`Paso 5: al cargar, la alerta activa de cpu debe estar en la lista (data-state="firing"); hay ${JSON.stringify(elementos)}`);
      if (elementos.some((li) => li.texto.includes('memory')))
        falla(`Paso 5: al cargar solo se muestran las alertas activas; memory ya se resolvió y no debe salir; hay ${JSON.stringify(elementos)}`);
    }, '/', { antes });
  },

  async 'Paso5_Avisos.NivelesYEstadosEnEspanol'(nombre) {
    await conPanel(nombre, async (ctx) => {
      const { pagina } = ctx;
      await esperaTexto(pagina, 'connection-status', (t) => t === 'conectado', 8000,
        'Paso 5: el panel debe conectarse');
      let visto = await contenido(pagina, 'alerts-list');
      if (!visto.vacio?.includes('Sin alertas activas'))
        falla(`Paso 5: sin alertas, la lista debe decir "Sin alertas activas"; tiene ${JSON.stringify(visto)}`);
      await pagina.getByTestId('send-test-button').click();
      await espera(async () => (visto = await contenido(pagina, 'notifications-list')).elementos
        .some((li) => li.texto.includes('Notificación de prueba')), 5000,
      () => `Paso 5: "Enviar prueba" debe hacer llegar una notificación; hay ${JSON.stringify(visto.elementos)}`);
      const prueba = visto.elementos.find((li) => li.texto.includes('Notificación de prueba'));
      if (!prueba.etiquetas.includes('información'))
        falla(`Paso 5: una notificación de nivel "info" se lee "información"; sus etiquetas son ${JSON.stringify(prueba.etiquetas)}`);
      await api(ctx, 'PUT', '/api/alerts/rules/connections', { warning: 1, clear: 0 });
      await espera(async () => (visto = await contenido(pagina, 'alerts-list')).elementos
        .some((li) => li.estado === 'firing'), 8000,
      () => `Paso 5: con el umbral de connections en 1, la alerta debe aparecer; hay ${JSON.stringify(visto)}`);
      if (visto.vacio !== null)
        falla(`Paso 5: con la primera alerta, "${visto.vacio}" debe desaparecer de la lista`);
      const alerta = visto.elementos.find((li) => li.estado === 'firing');
      if (!alerta.etiquetas.includes('activa') || !alerta.etiquetas.some((e) => ['aviso', 'crítica'].includes(e)))
        falla(`Paso 5: una alerta disparada se lee con su nivel en español ("aviso" o "crítica") y "activa"; sus etiquetas son ${JSON.stringify(alerta.etiquetas)}`);
      const textos = await pagina.evaluate(() => [
        ...[...document.querySelectorAll('.etiqueta, .estado')].map((e) => e.textContent.trim()),
      ]);
      const ingles = textos.filter((t) => EN_INGLES.includes(t));
      if (ingles.length)
        falla(`Paso 5: los niveles y estados del panel van en español; se leen en inglés: ${[...new Set(ingles)].join(', ')}`);
    });
  },

  // ── Paso 6 ────────────────────────────────────────────────────────────────
  async 'Paso6_Reconexion.VuelveSolaTrasReiniciarElServidor'(nombre) {
    // Cada WebSocket que abre la página, con su ruta y cuándo (ms desde la carga):
    // así se ve cuánto espera el panel entre un intento y el siguiente.
    const apuntaIntentos = (ctx) => ctx.contexto.addInitScript(() => {
      window.intentosWs = [];
      const Original = window.WebSocket;
      window.WebSocket = class extends Original {
        constructor(url, protocolos) {
          super(url, protocolos);
          window.intentosWs.push([new URL(url, location.href).pathname, performance.now()]);
        }
      };
    });
    // Dos intentos seguidos del mismo flujo más juntos que esto no esperaron: el
    // backoff empieza en 500 ms, y setTimeout nunca llega antes de tiempo.
    const MIN_ENTRE_INTENTOS_MS = 400;
    await conPanel(nombre, async (ctx) => {
      const { pagina } = ctx;
      const estado = () => pagina.evaluate(
        () => document.querySelector('[data-testid="connection-status"]').dataset.state);
      const intentos = () => pagina.evaluate(() => window.intentosWs);
      let visto = '';
      await espera(async () => (visto = await estado()) === 'open', 8000,
        () => `Paso 6: al cargar, el indicador de conexión debe llegar a "open"; está en "${visto}"`);
      const puerto = ctx.servidor.puerto;
      // Mientras el servidor está parado, Chromium (no el panel) anota en la
      // consola cada intento rechazado y la petición que el corte dejó a medias:
      // es lo esperado. Solo esos, solo a este puerto y solo desde el corte.
      const desde = ctx.pagina.errores.length;
      const esDelCorte = (e) => e.includes(`:${puerto}/`) &&
        (/net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE)/.test(e) ||
         e.startsWith(`WebSocket connection to 'ws://127.0.0.1:${puerto}/`));
      ctx.toleradas = (e, i) => i >= desde && esDelCorte(e);
      const antes = (await intentos()).length;
      await mataServidor(ctx.servidor);
      await espera(async () => (visto = await estado()) === 'reconnecting', 8000,
        () => `Paso 6: con el servidor caído, el panel debe decir que reconecta; data-state="${visto}"`);
      // Con el servidor aún caído, tres reintentos de un mismo flujo (con el
      // backoff: a los 0,5, 1,5 y 3,5 s del corte), para ver cuánto espera entre ellos.
      let hechos = 0;
      const reintentos = async () => {
        const porRuta = {};
        for (const [ruta] of (await intentos()).slice(antes)) porRuta[ruta] = (porRuta[ruta] ?? 0) + 1;
        return Math.max(0, ...Object.values(porRuta));
      };
      await espera(async () => (hechos = await reintentos()) >= 3, 10000,
        () => `Paso 6: con el servidor caído, el panel debe volver a intentarlo (con setTimeout); ` +
              `en 10 s hubo ${hechos} intentos nuevos de un mismo WebSocket`);
      ctx.servidor = await arrancaServidor(puerto);
      await espera(async () => (visto = await estado()) === 'open', 20000,
        () => `Paso 6: al volver el servidor, todos los flujos deben reabrirse solos; data-state="${visto}"`);
      await esperaTexto(pagina, 'online-count', (t) => /^\d+$/.test(t) && Number(t) >= 1, 5000,
        'Paso 6: tras reconectar, la pestaña vuelve a contar como en línea');
      const ultimo = {};
      for (const [ruta, t] of await intentos()) {
        if (ruta in ultimo && t - ultimo[ruta] < MIN_ENTRE_INTENTOS_MS)
          falla(`Paso 6: entre dos intentos de ${ruta} el panel debe esperar (backoff exponencial, ` +
                `desde 500 ms); esperó ${Math.round(t - ultimo[ruta])} ms`);
        ultimo[ruta] = t;
      }
    }, '/', { antes: apuntaIntentos });
  },

  async 'Paso6_Pausa.NoDibujaEnPausaNiConLaPestanaOculta'(nombre) {
    await conPanel(nombre, async ({ pagina }) => {
      let p = null;
      await espera(async () => (p = await puntos(pagina, 'cpu')) && p.dibujados >= 1, 5000,
        () => `Paso 6: la gráfica de CPU debe tener algún punto; hay ${JSON.stringify(p)}`);
      const comprueba = async (como) => {
        const inicio = await puntos(pagina, 'cpu');
        await espera(async () => (p = await puntos(pagina, 'cpu')).datos >= inicio.datos + 2, 5000,
          () => `Paso 6: ${como}, los datos se siguen guardando; hay ${JSON.stringify(p)}`);
        if (p.dibujados > inicio.dibujados)
          falla(`Paso 6: ${como}, la gráfica no debe redibujarse: pasó de ${inicio.dibujados} a ${p.dibujados} puntos dibujados`);
      };
      await pagina.getByTestId('pause-button').click();
      await comprueba('en pausa');
      await pagina.getByTestId('pause-button').click();
      await espera(async () => (p = await puntos(pagina, 'cpu')).dibujados === p.datos, 2000,
        () => `Paso 6: al reanudar se dibuja todo lo guardado; ${JSON.stringify(p)}`);
      const visibilidad = (v) => pagina.evaluate((valor) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => valor });
        document.dispatchEvent(new Event('visibilitychange'));
      }, v);
      await visibilidad('hidden');
      await comprueba('con la pestaña oculta');
      await visibilidad('visible');
      await espera(async () => (p = await puntos(pagina, 'cpu')).dibujados === p.datos, 2000,
        () => `Paso 6: al volver a la pestaña se dibuja lo guardado; ${JSON.stringify(p)}`);
    });
  },
};

