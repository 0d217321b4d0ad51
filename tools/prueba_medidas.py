"""Pruebas de tools/medidas.py: mide de verdad las funciones (y no las llaves
de un texto o de un comentario), en C++ y en JavaScript."""
from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import medidas  # noqa: E402


def measure(text: str, suffix: str) -> list[tuple[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_text(text, "utf-8")
        return [(f.name.split("(")[0].split()[-1], f.lines) for f in medidas.functions(path)]


class Medidas(unittest.TestCase):
    def test_cpp_cuenta_de_la_cabecera_a_la_llave(self):
        body = "\n".join(f"  x += {i};" for i in range(70))
        text = ("namespace a {\nnamespace {\nint corta() { return 1; }\n}  // namespace\n"
                f"void larga(int x,\n           int y) {{\n{body}\n}}\n"
                "struct s {\n  int m() const { return 2; }\n};\n}  // namespace a\n")
        got = dict(measure(text, ".cpp"))
        self.assertEqual(got["corta"], 1)
        self.assertEqual(got["larga"], 73)
        self.assertEqual(got["m"], 1)

    def test_llaves_en_textos_y_comentarios_no_cuentan(self):
        text = ('void f() {\n  const char* s = "}}}";\n  // }\n  /* { */\n  char c = \'}\';\n'
                '  auto r = R"(})";\n}\nvoid g() {}\n')
        self.assertEqual(measure(text, ".cpp"), [("f", 7), ("g", 1)])

    def test_un_inicializador_no_es_una_funcion(self):
        text = "constexpr int tabla[] = {1,\n  2};\nint f(int x = 3) {\n  return x;\n}\n"
        self.assertEqual(measure(text, ".cpp"), [("f", 3)])

    def test_javascript_funciones_flechas_y_metodos(self):
        text = ("const a = (x) => {\n  return x;\n};\nfunction b() {\n  if (x) {\n  }\n}\n"
                "class C {\n  m(y) {\n    return `}${y}`;\n  }\n}\n"
                "const cfg = { n: 1 };\n")
        self.assertEqual(sorted(n for _, n in measure(text, ".js")), [3, 3, 4])

    def test_el_arbol_del_taller_cumple(self):
        for path in medidas.files():
            self.assertLessEqual(path.read_text("utf-8").count("\n"), medidas.MAX_FILE_LINES,
                                 str(path))


if __name__ == "__main__":
    unittest.main()
