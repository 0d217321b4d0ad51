"""Pruebas de las órdenes de ./taller que usa el estudiante (CI las ejecuta con
python3 -m unittest discover -s tools -p 'prueba_*.py').

reiniciar trabaja sobre una copia de la práctica 01 en una carpeta temporal;
ordenes y vigilar necesitan build/ compilado (./taller test lo deja así) y se
saltan si no lo está."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import taller  # noqa: E402

P01 = "practica01-ws-basics"
HUB = Path(P01) / "starter" / "p01" / "channel_hub.cpp"


def built() -> bool:
    return (ROOT / "build" / "CTestTestfile.cmake").exists()


class CopiaDeLaPractica01(unittest.TestCase):
    """Las órdenes de taller.py sobre una copia de la práctica 01 en una carpeta temporal."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        for rel in ["tools", "CMakeLists.txt", P01, f"solutions/{P01}"]:
            src, dst = ROOT / rel, self.tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, dst)
        self.hub = self.tmp / HUB
        self.original = self.hub.read_text("utf-8")

    def tearDown(self) -> None:
        shutil.rmtree(self.tmp)

    def taller(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(self.tmp / "tools" / "taller.py"), *args],
                              cwd=self.tmp, capture_output=True, text=True)


class Reiniciar(CopiaDeLaPractica01):
    def edit_steps_4_and_5(self) -> str:
        text = self.original.replace("  (void)who; (void)id; (void)sub;\n  // FIN PASO 4",
                                     "  channels_[who.channel][id] = sub;  // mío, paso 4\n"
                                     "  // FIN PASO 4", 1)
        text = text.replace("  (void)id; (void)sub;\n  // FIN PASO 5",
                            "  watchers_[id] = sub;  // mío, paso 5\n  // FIN PASO 5", 1)
        self.assertNotEqual(text, self.original, "la prueba no encontró los trozos del starter")
        self.hub.write_text(text, "utf-8")
        return text

    def test_un_paso_vuelve_a_su_inicio_y_los_demas_se_quedan(self) -> None:
        edited = self.edit_steps_4_and_5()
        r = self.taller("reiniciar", "1", "4")
        self.assertEqual(r.returncode, 0, r.stderr)
        now = self.hub.read_text("utf-8")
        self.assertNotIn("mío, paso 4", now, "reiniciar 1 4 debe devolver el paso 4 a su inicio")
        self.assertIn("mío, paso 5", now, "reiniciar 1 4 no debe tocar el paso 5")
        copies = list((self.tmp / ".copias").rglob("channel_hub.cpp"))
        self.assertEqual(len(copies), 1, f"debe guardar una copia de lo que reemplaza: {r.stdout}")
        self.assertEqual(copies[0].read_text("utf-8"), edited)

    def test_un_archivo_vuelve_entero(self) -> None:
        self.edit_steps_4_and_5()
        r = self.taller("reiniciar", "1", "p01/channel_hub.cpp")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.hub.read_text("utf-8"), self.original)
        r = self.taller("reiniciar", "1", str(HUB))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ya estaba como al principio", r.stdout)

    def test_sin_marcas_no_toca_nada_y_lo_explica(self) -> None:
        text = self.original.replace("  // FIN PASO 4\n", "", 1)
        self.hub.write_text(text, "utf-8")
        r = self.taller("reiniciar", "1", "4")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("reiniciar 1 p01/channel_hub.cpp", r.stderr)
        self.assertEqual(self.hub.read_text("utf-8"), text)

    def test_errores_en_espanol(self) -> None:
        for args, expected in [(["reiniciar", "1", "9"], "no tiene un paso 9"),
                               (["reiniciar", "1", "p01/nada.cpp"], "no es un archivo del starter"),
                               (["reiniciar"], "faltan estos argumentos"),
                               (["pista", "x", "1"], "valor no válido"),
                               (["progresso"], "orden desconocida")]:
            r = self.taller(*args)
            self.assertNotEqual(r.returncode, 0, args)
            self.assertIn(expected, r.stderr, args)


class PrestamoDelStarter(CopiaDeLaPractica01):
    """pasos y errores escriben los pasos resueltos en practicaNN/starter y lo
    devuelven: nunca sobre un starter con cambios, y si se cortan, la orden
    siguiente lo devuelve. Sobre una copia de la práctica 01."""

    def test_no_toca_un_starter_con_cambios(self) -> None:
        mine = self.original + "// mío\n"
        self.hub.write_text(mine, "utf-8")
        for orden in ["pasos", "errores"]:
            r = self.taller(orden, "1")
            self.assertNotEqual(r.returncode, 0, orden)
            self.assertIn("no es el que genera la solución", r.stderr, orden)
            self.assertIn(f"{P01}/starter/p01/channel_hub.cpp", r.stderr, orden)
            self.assertEqual(self.hub.read_text("utf-8"), mine, orden)
            self.assertFalse((self.tmp / "build").exists(), orden)

    def test_la_orden_siguiente_devuelve_un_starter_abandonado(self) -> None:
        # Como si pasos hubiera muerto (kill -9) con el paso 4 escrito y un
        # archivo de más: la copia sigue en build-pasos/starter-prestado/.
        copy = self.tmp / "build-pasos" / "starter-prestado" / P01
        shutil.copytree(self.tmp / P01 / "starter", copy)
        self.hub.write_text(self.original.replace("(void)who;", "channels_.clear();"), "utf-8")
        extra = self.tmp / P01 / "starter" / "p01" / "sobra.cpp"
        extra.write_text("// de la comprobación\n", "utf-8")
        r = self.taller("pista", "1", "1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("lo he dejado como estaba", r.stderr)
        self.assertEqual(self.hub.read_text("utf-8"), self.original)
        self.assertFalse(extra.exists())
        self.assertFalse(copy.exists())


class Pista(unittest.TestCase):
    def pista(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "tools" / "taller.py"), "pista", *args],
                              cwd=ROOT, capture_output=True, text=True)

    def test_tres_niveles_cada_uno_lleva_al_siguiente(self) -> None:
        for n, name in taller.practices():
            for step in sorted(taller.step_titles(name)):
                for level, kind in taller.LEVEL_NAMES.items():
                    r = self.pista(str(n), str(step), str(level))
                    self.assertEqual(r.returncode, 0, f"pista {n} {step} {level}: {r.stderr}")
                    self.assertIn(f"Pista {level} de 3: {kind}", r.stdout)
                    self.assertEqual(f"./taller pista {n} {step} {level + 1}" in r.stdout,
                                     level < 3, r.stdout)
        self.assertEqual(self.pista("1", "1").stdout, self.pista("1", "1", "1").stdout,
                         "sin nivel, la pista es la de nivel 1")

    def test_nivel_que_no_existe(self) -> None:
        r = self.pista("1", "1", "4")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no de nivel 4", r.stderr)


@unittest.skipUnless(built(), "build/ sin compilar: ejecuta ./taller test")
class Ordenes(unittest.TestCase):
    def test_una_orden_sin_la_practica_en_el_filtro_se_detecta(self) -> None:
        every = taller.ctest_listing(["ctest", "--test-dir", "build"])
        for text, right in [("ctest --preset practica01 -L starter -R Paso1_", False),
                            (taller.step_command(1, 1), True)]:
            cmd = shlex.split(text)
            what, expected = taller.intended(cmd, every)
            got = {t["name"] for t in taller.ctest_listing(cmd) or []}
            self.assertEqual(got == expected, right, f"{text}: {what}, {len(got)} pruebas")


@unittest.skipUnless(built(), "build/ sin compilar: ejecuta ./taller test")
class Demo(unittest.TestCase):
    """./taller demo comprueba el puerto antes de anunciarlo (y antes de compilar)."""

    def demo(self, port: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, TALLER_PUERTO=port)
        return subprocess.run([str(ROOT / "taller"), "demo"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)

    def test_un_puerto_ocupado_se_dice_en_espanol_con_la_alternativa(self) -> None:
        import socket
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        try:
            r = self.demo(str(port))
        finally:
            busy.close()
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(f"El puerto {port} ya está en uso", r.stderr)
        self.assertIn(f"TALLER_PUERTO={port + 1} ./taller demo", r.stderr)
        self.assertNotIn("Demo de clase", r.stdout, "no anuncia una dirección que no va a servir")

    def test_un_puerto_que_no_es_un_numero(self) -> None:
        r = self.demo("ochomil")
        self.assertEqual(r.returncode, 1)
        self.assertIn("TALLER_PUERTO debe ser un número de 1 a 65535", r.stderr)


class Vigilar(unittest.TestCase):
    def test_prueba_el_paso_actual_y_vuelve_a_probar_al_guardar(self) -> None:
        proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "taller.py"), "vigilar", "1",
                                 "--vueltas", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 600
        for line in proc.stdout:
            lines.append(line)
            if "Vigilando" in line and sum("⏱" in l for l in lines) == 1:
                # Como si el estudiante guardara: nueva fecha, mismo contenido.
                os.utime(ROOT / HUB)
            if time.monotonic() > deadline:
                proc.kill()
                break
        proc.wait(timeout=60)
        proc.stdout.close()
        out = "".join(lines)
        self.assertEqual(proc.returncode, 0, out)
        self.assertEqual(out.count("⏱"), 2, f"dos vueltas: la inicial y la del guardado\n{out}")
        self.assertIn("❌ Paso 1:", out, out)
        self.assertRegex(out, r"\n\s+Paso 1: ", "enseña el mensaje de la prueba que falla")
        self.assertIn(taller.step_command(1, 1), out)


if __name__ == "__main__":
    unittest.main()
