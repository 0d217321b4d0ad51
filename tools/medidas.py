#!/usr/bin/env python3
"""Medidas del código que lee un estudiante: ningún archivo de solutions/ ni de
comun/ pasa de 400 líneas y ninguna función de 60 (C++ y JavaScript), y el C++
está como lo deja clang-format (así las marcas de los pasos están donde
clang-format las deja, y el generador las encuentra).

    python3 tools/medidas.py            # falla (código 1) si algo se pasa
    python3 tools/medidas.py --todas    # además, lista las 15 funciones más largas

Una función se mide desde la línea de su cabecera hasta su llave de cierre; las
lambdas y funciones anidadas cuentan dentro de la que las contiene. Se quitan
antes comentarios y cadenas, así que una llave dentro de un texto no cuenta.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
SUFFIXES = {".cpp", ".hpp", ".js"}


@dataclass
class Function:
    path: Path
    line: int
    lines: int
    name: str


def blank_strings_and_comments(text: str, js: bool) -> str:
    """El mismo texto con comentarios y literales cambiados por espacios (se
    conservan los saltos de línea, así que los números de línea no cambian)."""
    out = []
    i, n = 0, len(text)

    def blank(chunk: str) -> str:
        return re.sub(r"[^\n]", " ", chunk)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        elif not js and text.startswith('R"', i) and (i == 0 or not text[i - 1].isalnum()):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = ")" + m.group(1) + '"'
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append('""' + blank(text[i + 2:j]))
            i = j
        elif c in "\"'`" and (js or c != "'" or not (i > 0 and text[i - 1].isalnum())):
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n" and c != "`":
                    break
                j += 1
            out.append(c + blank(text[i + 1:j]) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def outside_parens(header: str) -> str:
    depth, kept = 0, []
    for c in header:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            kept.append(c)
    return "".join(kept)


def is_function_header(header: str, js: bool) -> bool:
    h = header.strip()
    if not h or h.startswith("#"):
        return False
    if js:
        if "=>" in h or re.search(r"\bfunction\b", h):
            return True
        # Un método: nombre(args) { (no if/for/while/switch/catch).
        return bool(re.search(r"(?:^|[\s,{;])(?!if\b|for\b|while\b|switch\b|catch\b)"
                              r"[A-Za-z_$][\w$]*\s*\([^()]*\)\s*$", h))
    top = outside_parens(h)
    if re.search(r"\b(namespace|class|struct|union|enum)\b", top) or h.startswith("extern"):
        return False
    if re.search(r"(?<![=!<>])=(?!=)", top):
        return False
    return ")" in h


def functions(path: Path) -> list[Function]:
    js = path.suffix == ".js"
    raw = path.read_text("utf-8")
    text = blank_strings_and_comments(raw, js)
    # Las directivas del preprocesador no son parte de ninguna cabecera.
    text = re.sub(r"(?m)^[ \t]*#.*$", lambda m: " " * len(m.group(0)), text)
    found: list[Function] = []
    stack: list[tuple[str, int, str]] = []  # (tipo, línea de la cabecera, nombre)
    header_start = 0
    for i, c in enumerate(text):
        if c == "{":
            in_function = any(kind == "func" for kind, _, _ in stack)
            header = text[header_start:i]
            if not in_function and is_function_header(header, js):
                offset = len(header) - len(header.lstrip())
                line = text.count("\n", 0, header_start + offset) + 1
                name = " ".join(header.split())[:70]
                stack.append(("func", line, name))
            else:
                stack.append(("block", 0, ""))
            header_start = i + 1
        elif c == "}":
            if stack:
                kind, line, name = stack.pop()
                if kind == "func" and not any(k == "func" for k, _, _ in stack):
                    end = text.count("\n", 0, i) + 1
                    found.append(Function(path, line, end - line + 1, name))
            header_start = i + 1
        elif c == ";":
            header_start = i + 1
    return found


def files() -> list[Path]:
    roots = [ROOT / "solutions", ROOT / "comun"]
    return sorted(p for r in roots for p in r.rglob("*")
                  if p.suffix in SUFFIXES and p.is_file() and "vendor" not in p.parts)


def unformatted() -> list[Path]:
    """Los .cpp/.hpp que clang-format cambiaría (.clang-format de la raíz)."""
    tool = shutil.which("clang-format")
    if tool is None:
        sys.exit("✗ falta clang-format (sudo apt-get install clang-format)")
    sources = [p for p in files() if p.suffix in {".cpp", ".hpp"}]
    return [p for p in sources
            if subprocess.run([tool, "--dry-run", "-Werror", str(p)], cwd=ROOT,
                              capture_output=True).returncode != 0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--todas", action="store_true", help="lista las funciones más largas")
    args = parser.parse_args()
    bad = 0
    every: list[Function] = []
    for path in files():
        rel = path.relative_to(ROOT)
        count = path.read_text("utf-8").count("\n")
        if count > MAX_FILE_LINES:
            print(f"✗ {rel}: {count} líneas (máximo {MAX_FILE_LINES})")
            bad += 1
        for f in functions(path):
            every.append(f)
            if f.lines > MAX_FUNCTION_LINES:
                print(f"✗ {rel}:{f.line}: una función de {f.lines} líneas "
                      f"(máximo {MAX_FUNCTION_LINES}): {f.name}")
                bad += 1
    for path in unformatted():
        print(f"✗ {path.relative_to(ROOT)}: no está como lo deja clang-format "
              f"(clang-format -i {path.relative_to(ROOT)}; después, generar)")
        bad += 1
    if args.todas:
        print("Las funciones más largas:")
        for f in sorted(every, key=lambda f: -f.lines)[:15]:
            print(f"  {f.lines:4d}  {f.path.relative_to(ROOT)}:{f.line}  {f.name}")
    if bad:
        print(f"✗ {bad} medidas fuera de límite")
        return 1
    print(f"✓ {len(files())} archivos de hasta {MAX_FILE_LINES} líneas, "
          f"{len(every)} funciones de hasta {MAX_FUNCTION_LINES} y el C++ con el formato de clang-format")
    return 0


if __name__ == "__main__":
    sys.exit(main())
