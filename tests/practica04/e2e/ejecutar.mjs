// Ejecuta una prueba del panel en el navegador: node ejecutar.mjs <nombre>.
// node ejecutar.mjs --lista escribe los nombres (CMake registra uno por línea).
import { Fallo } from './navegador.mjs';
import { pruebas } from './pruebas.mjs';

const nombre = process.argv[2];
if (nombre === '--lista') {
  console.log(Object.keys(pruebas).join('\n'));
  process.exit(0);
}
const prueba = pruebas[nombre];
if (!prueba) {
  console.error(`no existe la prueba "${nombre}"; las que hay:\n  ${Object.keys(pruebas).join('\n  ')}`);
  process.exit(2);
}
const limite = setTimeout(() => {
  console.error(`✗ ${nombre}: no terminó en 80 s`);
  process.exit(1);
}, 80000);
try {
  await prueba(nombre);
  console.log(`✓ ${nombre}`);
  clearTimeout(limite);
  process.exit(0);
} catch (e) {
  console.error(`✗ ${nombre}\n${e instanceof Fallo ? e.message : e.stack}`);
  process.exit(1);
}
