"""Generador de starters: solutions/practicaNN-*/ → practicaNN-*/starter/.

En la solución, el código de cada paso va entre marcas:

    // PASO 3 ▸ Título del paso
    //   Descripción para el estudiante (líneas que empiezan por "//   ").
    ...código de la solución...
    //▸ starter
    //| código que lo sustituye en el starter (sin el prefijo "//| ")
    // FIN PASO 3

En el starter queda "// TODO PASO 3 ▸ Título", la descripción, el código de
sustitución y "// FIN PASO 3": el estudiante escribe entre las dos marcas, y
./taller reiniciar sabe qué trozo devolver a su estado inicial. La sección
"//▸ starter" es opcional (sin ella, el paso queda vacío).
Una marca sin cierre, un cierre sin apertura o pasos anidados son errores.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HEADER = re.compile(r"^(?P<indent>\s*)// PASO (?P<n>\d+) ▸ (?P<title>.+?)\s*$")
DESCRIPTION = re.compile(r"^\s*//   ")
STUB_START = re.compile(r"^\s*//▸ starter\s*$")
STUB_LINE = re.compile(r"^(?P<indent>\s*)//\|(?: (?P<code>.*))?$")
END = re.compile(r"^\s*// FIN PASO (?P<n>\d+)\s*$")
# Archivos de texto en los que se buscan marcas; el resto se copia tal cual.
MARKED_SUFFIXES = {".cpp", ".hpp", ".h", ".js", ".mjs"}
HEADER_SUFFIXES = {".hpp", ".h"}


class MarkerError(Exception):
    """Marcas mal formadas: el mensaje dice archivo, línea y qué falta."""


@dataclass
class Step:
    number: int
    title: str
    path: Path
    line: int


def transform(text: str, path: Path, solved_upto: int = 0) -> tuple[str, list[Step]]:
    """Devuelve el texto del starter y los pasos encontrados.

    Con solved_upto = k, los pasos 1..k conservan el código de la solución (como
    si el estudiante ya los hubiera hecho): sirve para comprobar que cada paso
    se puede superar sin los siguientes."""
    out: list[str] = []
    steps: list[Step] = []
    state = "code"  # code → description → solution → stub → code
    current: Step | None = None
    current_indent = ""
    solved = False
    for lineno, line in enumerate(text.splitlines(keepends=True), start=1):
        where = f"{path}:{lineno}"
        header, end = HEADER.match(line), END.match(line)
        if state == "code":
            if header:
                current = Step(int(header["n"]), header["title"], path, lineno)
                current_indent = header["indent"]
                steps.append(current)
                solved = current.number <= solved_upto
                out.append(f"{header['indent']}// {'HECHO' if solved else 'TODO'} PASO "
                           f"{current.number} ▸ {current.title}\n")
                state = "description"
            elif end:
                raise MarkerError(f"{where}: 'FIN PASO {end['n']}' sin un 'PASO {end['n']} ▸' antes")
            elif STUB_START.match(line) or STUB_LINE.match(line):
                raise MarkerError(f"{where}: marca de starter fuera de un paso")
            else:
                out.append(line)
            continue
        assert current is not None
        if header:
            raise MarkerError(
                f"{where}: empieza el PASO {header['n']} sin cerrar el PASO {current.number} "
                f"abierto en la línea {current.line} (falta '// FIN PASO {current.number}')")
        marker = end or STUB_START.match(line) or (state == "stub" and STUB_LINE.match(line))
        if marker and not line.startswith(current_indent + "//"):
            raise MarkerError(f"{where}: la marca tiene otra sangría que su 'PASO {current.number} ▸' "
                              f"(línea {current.line}); en el starter quedaría desalineada")
        if end:
            if int(end["n"]) != current.number:
                raise MarkerError(
                    f"{where}: 'FIN PASO {end['n']}' cierra el PASO {current.number} "
                    f"abierto en la línea {current.line}")
            out.append(f"{current_indent}// FIN PASO {current.number}\n")
            state, current = "code", None
            continue
        if state == "description" and DESCRIPTION.match(line):
            out.append(line)
            continue
        if state in ("description", "solution"):
            state = "stub" if STUB_START.match(line) else "solution"
            if state == "solution" and solved:
                out.append(line)
            continue
        # state == "stub"
        stub = STUB_LINE.match(line)
        if not stub:
            raise MarkerError(f"{where}: en la sección '//▸ starter' cada línea empieza por '//|'")
        if not solved:
            out.append(f"{stub['indent']}{stub['code'] or ''}".rstrip() + "\n")
    if current is not None:
        raise MarkerError(
            f"{path}:{current.line}: el PASO {current.number} no tiene '// FIN PASO {current.number}'")
    return "".join(out), steps


# Una definición a nivel de espacio de nombres (columna 0) que puede quedarse
# sin uso en el starter: función, variable o constante. No lo son los tipos,
# los alias, las plantillas (su línea siguiente sí), las llaves ni los comentarios.
UNUSABLE_DECLARATION = re.compile(
    r"^(?!//|}|#|using\b|namespace\b|template\b|struct\b|class\b|enum\b|typedef\b|"
    r"extern\b|\[\[)[A-Za-z_:]")


DECLARED_NAME = re.compile(r"([A-Za-z_]\w*)\s*[(={;\[]")


def mark_maybe_unused(text: str) -> str:
    """Pone [[maybe_unused]] a cada definición de enlace interno (dentro de
    "namespace {" o static) de un .cpp con pasos que en el starter ya nadie
    nombra: lo que solo usaba un paso por hacer, y que -Wall avisaría. La
    solución no lo lleva (allí todo se usa y el compilador avisa si algo sobra)."""
    code = re.sub(r"//.*", "", text)  # un nombre citado en un comentario no es un uso
    out = []
    anonymous = 0  # profundidad de "namespace {" abiertos
    for line in text.splitlines(keepends=True):
        if line.startswith("namespace {"):
            anonymous += 1
        elif anonymous and line.startswith("}  // namespace") and "namespace " not in line[15:]:
            anonymous -= 1
        elif (anonymous or line.startswith("static ")) and UNUSABLE_DECLARATION.match(line):
            name = DECLARED_NAME.search(line)
            if name and len(re.findall(rf"\b{name[1]}\b", code)) == 1:
                line = "[[maybe_unused]] " + line
        out.append(line)
    return "".join(out)


def generate(solution_dir: Path, solved_upto: int = 0) -> tuple[dict[Path, bytes], list[Step]]:
    """Todos los archivos del starter (ruta relativa → contenido) y sus pasos."""
    files: dict[Path, bytes] = {}
    steps: list[Step] = []
    for src in sorted(p for p in solution_dir.rglob("*") if p.is_file()):
        rel = src.relative_to(solution_dir)
        data = src.read_bytes()
        if src.suffix in MARKED_SUFFIXES:
            text, found = transform(data.decode("utf-8"), rel, solved_upto)
            # Las pruebas se compilan con los encabezados de la solución: un paso
            # dentro de un .hpp nunca se probaría contra el starter.
            if found and src.suffix in HEADER_SUFFIXES:
                raise MarkerError(f"{rel}:{found[0].line}: los pasos van en los .cpp, no en "
                                  "los encabezados (las pruebas usan los de la solución)")
            if found and src.suffix == ".cpp":
                text = mark_maybe_unused(text)
            data = text.encode("utf-8")
            steps.extend(found)
        files[rel] = data
    return files, steps
