// Las pruebas del panel en el navegador, por pasos. Cada una arranca su
// servidor (puerto libre) y su Chromium, y guarda una captura al terminar.
import {
  abreNavegador, abrePagina, arrancaServidor, captura, espera, esperaTexto, falla,
  mataServidor,
} from './navegador.mjs';

const IDS_OBLIGATORIOS = [
  'cpu-value', 'memory-value', 'disk-value', 'online-count', 'activity-feed', 'alerts-list',
  'notifications-list', 'logs-list', 'connection-status', 'chart-cpu', 'chart-memory',
  'chart-network', 'chart-connections', 'chart-messages',
];

const tieneNumero = (t) => /\d/.test(t);

// Arranca servidor y navegador, abre el panel y llama a cuerpo(ctx). Pase lo
// que pase: captura, cierra el navegador y para el servidor.
async function conPanel(nombre, cuerpo, ruta = '/') {
  const ctx = { servidor: await arrancaServidor() };
  try {
    ctx.url = (r) => `http://127.0.0.1:${ctx.servidor.puerto}${r}`;
    ctx.navegador = await abreNavegador();
    ctx.contexto = await ctx.navegador.newContext({ viewport: { width: 1280, height: 900 } });
    ctx.pagina = await abrePagina(ctx.contexto, ctx.url(ruta));
    await cuerpo(ctx);
    sinErrores(ctx.pagina);
  } finally {
    await captura(ctx.pagina, nombre);
    await ctx.navegador?.close().catch(() => {});
    await mataServidor(ctx.servidor);
  }
}

function sinErrores(pagina) {
  if (pagina.errores.length)
    falla(`la página no debe tener errores en la consola; hubo:\n  ${pagina.errores.join('\n  ')}`);
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

  // ── Paso 6 ────────────────────────────────────────────────────────────────
  async 'Paso6_Reconexion.VuelveSolaTrasReiniciarElServidor'(nombre) {
    await conPanel(nombre, async (ctx) => {
      const { pagina } = ctx;
      const estado = () => pagina.evaluate(
        () => document.querySelector('[data-testid="connection-status"]').dataset.state);
      let visto = '';
      await espera(async () => (visto = await estado()) === 'open', 8000,
        () => `Paso 6: al cargar, el indicador de conexión debe llegar a "open"; está en "${visto}"`);
      const puerto = ctx.servidor.puerto;
      await mataServidor(ctx.servidor);
      await espera(async () => (visto = await estado()) === 'reconnecting', 8000,
        () => `Paso 6: con el servidor caído, el panel debe decir que reconecta; data-state="${visto}"`);
      ctx.servidor = await arrancaServidor(puerto);
      await espera(async () => (visto = await estado()) === 'open', 20000,
        () => `Paso 6: al volver el servidor, todos los flujos deben reabrirse solos; data-state="${visto}"`);
      await esperaTexto(pagina, 'online-count', (t) => /^\d+$/.test(t) && Number(t) >= 1, 5000,
        'Paso 6: tras reconectar, la pestaña vuelve a contar como en línea');
    });
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

