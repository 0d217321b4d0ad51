"""Pruebas de las funciones puras de tools/rendimiento.py (sin servidores)."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rendimiento as r  # noqa: E402


def medida(servidor, transporte="ws", clientes=1000, usuario=1.0, sistema=7.0, rss=5.0, p99=10.0,
           perdidos=0):
    return r.Medida(servidor, transporte, clientes, 1, usuario_us=usuario, sistema_us=sistema,
                    rss_kb=rss, p50_ms=p99 / 2, p99_ms=p99, perdidos=perdidos)


class LecturaDeProc(unittest.TestCase):
    def test_stat_con_espacios_y_parentesis_en_el_nombre(self):
        linea = "4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 731 214 0 0 20 0 7 0 99 0"
        self.assertEqual(r.parse_proc_stat(linea), (731, 214))

    def test_vmrss(self):
        self.assertEqual(r.parse_vmrss_kb("Name:\tx\nVmPeak:\t 900 kB\nVmRSS:\t  81234 kB\n"), 81234)
        with self.assertRaises(ValueError):
            r.parse_vmrss_kb("Name:\tzombi\n")


class SalidaDelGenerador(unittest.TestCase):
    def test_conectados_y_resultado(self):
        self.assertEqual(r.parse_conectados("conectados 998 2 1.5\n"), (998, 2, 1.5))
        self.assertEqual(r.parse_resultado('resultado {"entregados":5,"p99_ms":1.5}\n'),
                         {"entregados": 5, "p99_ms": 1.5})
        with self.assertRaises(ValueError):
            r.parse_conectados("resultado {}")

    def test_medida_divide_los_ticks_entre_los_mensajes_entregados(self):
        resultado = {"entregados": 100_000, "perdidos": 0, "p50_ms": 1, "p99_ms": 2,
                     "bytes_por_mensaje": 595, "ultimo_p50_ms": 2, "conexion_p99_ms": 1}
        m = r.medida_de("suelo", "ws", 10_000, 1, (100, 50), (100 + r.CLK_TCK // 10, 50 + r.CLK_TCK),
                        1000, 6000, (10_000, 0, 0.9), resultado)
        self.assertAlmostEqual(m.usuario_us, 1.0)   # 0,1 s / 100 000 mensajes
        self.assertAlmostEqual(m.sistema_us, 10.0)  # 1 s / 100 000 mensajes
        self.assertAlmostEqual(m.rss_kb, 0.5)       # 5000 KiB / 10 000 conexiones


class Rondas(unittest.TestCase):
    def test_pocos_clientes_necesitan_mas_rondas(self):
        self.assertEqual(r.rondas_para(1000, 100_000, 10), 100)
        self.assertEqual(r.rondas_para(10_000, 100_000, 10), 10)
        self.assertEqual(r.rondas_para(30_000, 100_000, 10), 10)


class TablaYObjetivos(unittest.TestCase):
    def test_tabla_usa_la_mediana_y_ordena_por_servidor(self):
        medidas = [medida("node", usuario=9), medida("referencia", usuario=2),
                   medida("referencia", usuario=4), medida("suelo", usuario=0.5)]
        filas = r.tabla(medidas)
        self.assertEqual([f[2] for f in filas[1:]], ["referencia", "suelo", "node"])
        self.assertEqual(filas[1][4], "3.00")
        self.assertIn("(9.0–11.0)", filas[1][3])
        self.assertIn("| ---: |", r.markdown_tabla(filas))

    def test_objetivos_comparan_con_el_suelo(self):
        medidas = [medida("referencia", usuario=0.5, sistema=7.0, rss=5.4, p99=11),
                   medida("suelo", usuario=0.3, sistema=7.0, rss=5.0, p99=10),
                   medida("referencia", "sse", usuario=0.5, sistema=9.0, rss=2.6, p99=30),
                   medida("suelo", "sse", usuario=0.3, sistema=7.0, rss=0.2, p99=10, perdidos=3)]
        cumple = {que: ok for que, _, ok in r.objetivos(medidas)}
        self.assertTrue(cumple["WebSocket 1000: CPU por mensaje ≤ 1,10 × suelo"])
        self.assertTrue(cumple["WebSocket 1000: RSS por conexión en reposo ≤ 1,10 × suelo"])
        self.assertFalse(cumple["SSE 1000: CPU por mensaje ≤ 1,10 × suelo"])
        self.assertFalse(cumple["SSE 1000: RSS por flujo ≤ 2,5 KB"])
        self.assertFalse(cumple["SSE 1000: p99 de la difusión ≤ 1,2 × suelo"])
        self.assertTrue(cumple["Ningún mensaje perdido (referencia)"])  # los del suelo no cuentan


if __name__ == "__main__":
    unittest.main()
