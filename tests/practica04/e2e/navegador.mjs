// Lo que comparten las pruebas del panel en el navegador: arrancar el
// servidor de la práctica (el binario del starter o de la solución), abrir
// Chromium de Debian con playwright-core y esperar sucesos, nunca tiempos fijos.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export class Fallo extends Error {}

// Falla la prueba con un mensaje para el estudiante.
export function falla(mensaje) {
  throw new Fallo(mensaje);
}

const CHROMIUM = process.env.TALLER_CHROMIUM ?? '/usr/bin/chromium';
const ARGUMENTOS_CHROMIUM = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// ── El servidor ─────────────────────────────────────────────────────────────

// Arranca p04-dashboard en el puerto dado (0 = uno libre) y espera a que
// escriba su dirección. Devuelve { puerto, proceso, salida() }.
export async function arrancaServidor(puerto = 0) {
  const dir = process.env.TALLER_BIN_DIR;
  if (!dir) falla('falta TALLER_BIN_DIR: ejecuta las pruebas con ctest');
  const programa = path.join(dir, 'p04-dashboard');
  const proceso = spawn(programa, [
    '--port', String(puerto), '--address', '127.0.0.1',
    '--interval', '1', '--alert-interval', '0.2', '--history-interval', '0.5',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let salida = '';
  const alTexto = (chunk) => { salida += chunk.toString(); };
  proceso.stdout.on('data', alTexto);
  proceso.stderr.on('data', alTexto);
  const elegido = await new Promise((resolve) => {
    const limite = setTimeout(() => resolve(null), 15000);
    const mira = () => {
      const m = salida.match(/localhost:(\d+)/);
      if (m) {
        clearTimeout(limite);
        resolve(Number(m[1]));
      }
    };
    proceso.stdout.on('data', mira);
    proceso.on('exit', () => {
      clearTimeout(limite);
      resolve(null);
    });
  });
  if (!elegido) {
    proceso.kill('SIGKILL');
    falla(`${programa} no arrancó (no escribió "localhost:PUERTO" en 15 s). Salida:\n${salida}`);
  }
  return { puerto: elegido, proceso, salida: () => salida };
}

// Mata el servidor sin dejarle despedirse (como un corte) y espera a que salga.
export async function mataServidor(servidor) {
  if (servidor.proceso.exitCode !== null || servidor.proceso.signalCode) return;
  const fin = new Promise((resolve) => servidor.proceso.once('exit', resolve));
  servidor.proceso.kill('SIGKILL');
  await fin;
}

// ── El navegador ────────────────────────────────────────────────────────────

async function cargaPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    falla('no está playwright-core: ejecuta `npm ci` en la raíz del taller (o ./taller instalar)');
  }
}

export async function abreNavegador() {
  const { chromium } = await cargaPlaywright();
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: ARGUMENTOS_CHROMIUM });
  } catch (e) {
    falla(`no se pudo abrir ${CHROMIUM} (¿está instalado el paquete chromium? ./taller instalar): ${e.message}`);
  }
}

// Una pestaña que apunta los errores de consola, los de la página y cualquier
// petición que salga de localhost.
export async function abrePagina(contexto, url) {
  const pagina = await contexto.newPage();
  pagina.errores = [];
  pagina.fuera = [];
  pagina.on('console', (m) => {
    if (m.type() !== 'error') return;
    // «Failed to load resource» no dice de qué recurso: se añade su dirección.
    const donde = m.location()?.url;
    pagina.errores.push(donde && !m.text().includes(donde) ? `${m.text()} (${donde})` : m.text());
  });
  pagina.on('pageerror', (e) => pagina.errores.push(String(e)));
  pagina.on('request', (r) => {
    const u = new URL(r.url());
    if (['data:', 'blob:'].includes(u.protocol)) return;
    if (!['localhost', '127.0.0.1'].includes(u.hostname)) pagina.fuera.push(r.url());
  });
  await pagina.goto(url, { waitUntil: 'load' });
  return pagina;
}

// Repite lee() hasta que devuelva algo verdadero y lo devuelve. Si no llega
// en ms milisegundos, falla con mensaje(ultimo), ultimo = lo último leído.
// (Sondea el DOM cada 50 ms: se espera un suceso, no un tiempo fijo.)
export async function espera(lee, ms, mensaje) {
  const limite = Date.now() + ms;
  for (;;) {
    const ultimo = await lee();
    if (ultimo) return ultimo;
    if (Date.now() > limite) falla(mensaje(ultimo));
    await new Promise((r) => setTimeout(r, 50));
  }
}

// El texto de un elemento por su data-testid (null si no existe).
export function texto(pagina, testid) {
  return pagina.evaluate(
    (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testid);
}

// Espera a que el texto del elemento cumpla cond(texto) y lo devuelve.
export async function esperaTexto(pagina, testid, cond, ms, queEsperaba) {
  let visto = null;
  await espera(async () => {
    visto = await texto(pagina, testid);
    return visto !== null && cond(visto);
  }, ms, () => `${queEsperaba}; en [data-testid="${testid}"] hay ${JSON.stringify(visto)}`);
  return visto;
}

// Guarda la captura de la prueba en <build>/capturas/<variante>/<prueba>.png.
export async function captura(pagina, nombre) {
  const dir = process.env.TALLER_CAPTURAS;
  if (!dir || !pagina || pagina.isClosed()) return;
  mkdirSync(dir, { recursive: true });
  await pagina.screenshot({ path: path.join(dir, `${nombre}.png`), fullPage: true }).catch(() => {});
}
