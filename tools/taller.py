#!/usr/bin/env python3
"""Órdenes del taller que no son compilar: generar starters, progreso y pistas.

Lo llama el script ./taller; se puede usar también directamente:
    python3 tools/taller.py generar [--comprobar] [--forzar]
    python3 tools/taller.py progreso [N]
    python3 tools/taller.py pista N P [nivel]
    python3 tools/taller.py vigilar [N]
    python3 tools/taller.py reiniciar N (P | archivo)
    python3 tools/taller.py fragmentos [N]
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from starter_gen import END, HEADER, STUB_START, MarkerError, generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def practices() -> list[tuple[int, str]]:
    """(número, carpeta) de cada práctica que el CMakeLists.txt principal compila."""
    top = (ROOT / "CMakeLists.txt").read_text("utf-8")
    built = {(int(n), d) for n, d in re.findall(r"taller_add_practice\((\d+) (\S+)\)", top)}
    return sorted(built)


def practice_dir(n: int) -> str:
    for number, name in practices():
        if number == n:
            return name
    sys.exit(f"No existe la práctica {n:02d}. Prácticas: "
             + ", ".join(f"{k:02d}" for k, _ in practices()))


# ── generar ────────────────────────────────────────────────────────────────

def git_output(*args: str) -> str | None:
    r = subprocess.run(["git", *args], cwd=ROOT, capture_output=True)
    return r.stdout.decode("utf-8", "replace").strip() if r.returncode == 0 else None


def manifest_path() -> Path | None:
    """Dónde se anota lo último que escribió el generador (dentro de .git, local)."""
    git_dir = git_output("rev-parse", "--absolute-git-dir")
    return Path(git_dir) / "taller-generado.json" if git_dir else None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def edited_by_student(path: Path, rel_to_root: str, generated: dict[str, str]) -> bool:
    """true si el archivo no es ni el del último commit ni lo último generado:
    alguien lo ha editado a mano (el estudiante) y no se debe pisar."""
    if not path.exists():
        return False
    current = digest(path.read_bytes())
    if generated.get(rel_to_root) == current:
        return False
    committed = subprocess.run(["git", "show", f"HEAD:{rel_to_root}"], cwd=ROOT,
                               capture_output=True)
    return committed.returncode != 0 or digest(committed.stdout) != current


def starter_diff(starter: Path, files: dict) -> tuple[list, list]:
    """(los archivos generados que faltan o difieren en starter, los que sobran en él)."""
    existing = {p.relative_to(starter) for p in starter.rglob("*") if p.is_file()} \
        if starter.exists() else set()
    changed = [rel for rel, data in files.items()
               if not (starter / rel).exists() or (starter / rel).read_bytes() != data]
    return changed, sorted(existing - {Path(r) for r in files})


def cmd_generar(args: argparse.Namespace) -> int:
    differences = 0
    manifest = manifest_path()
    generated: dict[str, str] = {}
    if manifest and manifest.exists():
        generated = json.loads(manifest.read_text("utf-8"))
    for n, name in practices():
        starter = ROOT / name / "starter"
        try:
            files, steps = generate(ROOT / "solutions" / name)
        except MarkerError as e:
            print(f"✗ marcas de pasos mal formadas en solutions/{name}/{e}", file=sys.stderr)
            return 2
        numbers = sorted({s.number for s in steps})
        if numbers != list(range(1, len(numbers) + 1)):
            print(f"✗ solutions/{name}: los pasos deben ser 1..N seguidos; hay {numbers}",
                  file=sys.stderr)
            return 2
        changed, extra = starter_diff(starter, files)
        if args.comprobar:
            for rel in changed:
                differences += 1
                old = (starter / rel).read_text("utf-8").splitlines(True) \
                    if (starter / rel).exists() else []
                new = files[rel].decode("utf-8", "replace").splitlines(True)
                sys.stdout.writelines(difflib.unified_diff(
                    old, new, f"{name}/starter/{rel} (en el repositorio)",
                    f"{name}/starter/{rel} (generado)"))
            for rel in extra:
                differences += 1
                print(f"sobra {name}/starter/{rel}: no sale de la solución")
            continue
        touched = [f"{name}/starter/{rel.as_posix()}" for rel in changed + extra]
        edited = [t for t in touched if edited_by_student(ROOT / t, t, generated)]
        if edited and not args.forzar:
            print("✗ estos archivos del starter tienen cambios hechos a mano (¿tu trabajo?):\n  "
                  + "\n  ".join(edited)
                  + "\nNo los sobrescribo; usa --forzar si de verdad quieres regenerarlos.",
                  file=sys.stderr)
            return 1
        for rel in changed:
            (starter / rel).parent.mkdir(parents=True, exist_ok=True)
            (starter / rel).write_bytes(files[rel])
        for rel in extra:
            (starter / rel).unlink()
        for rel, data in files.items():
            generated[f"{name}/starter/{rel.as_posix()}"] = digest(data)
        print(f"✓ {name}/starter: {len(files)} archivos, {len(numbers)} pasos, "
              f"{len(changed) + len(extra)} cambiados")
    if args.comprobar:
        if differences:
            print(f"✗ {differences} archivos del starter no coinciden con el generador: "
                  "ejecuta ./taller generar y confirma el resultado.", file=sys.stderr)
            return 1
        print("✓ los starters coinciden con lo que genera ./taller generar")
    elif manifest:
        manifest.write_text(json.dumps(generated, indent=1, sort_keys=True), "utf-8")
    return 0


# ── pasos y pistas (del README de cada práctica) ──────────────────────────

STEP_HEADING = re.compile(r"^###\s+Paso\s+(\d+)\s+[—-]\s+(.+?)\s*$", re.M)
HINT = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)


def step_titles(name: str) -> dict[int, str]:
    path = ROOT / name / "README.md"
    if not path.exists():
        return {}
    readme = path.read_text("utf-8")
    return {int(n): t for n, t in STEP_HEADING.findall(readme)}


HINT_LEVEL = re.compile(r"^Pista\s+(\d)\s+del\s+Paso\s+(\d+)\s*:\s*(.*)$")
LEVEL_NAMES = {1: "en qué pensar", 2: "qué usar", 3: "un esbozo"}


def hint_levels(name: str) -> dict[int, dict[int, tuple[str, str]]]:
    """paso → nivel → (título del nivel, texto) de las pistas del README."""
    readme = (ROOT / name / "README.md").read_text("utf-8")
    out: dict[int, dict[int, tuple[str, str]]] = {}
    for summary, body in HINT.findall(readme):
        if m := HINT_LEVEL.match(summary.strip()):
            # Los comentarios <!-- contexto: … --> son para CI (fragmentos), no para quien lee.
            body = CONTEXT_LINE.sub("", body)
            out.setdefault(int(m.group(2)), {})[int(m.group(1))] = (m.group(3), body.strip())
    return out


def cmd_pista(args: argparse.Namespace) -> int:
    name = practice_dir(args.practica)
    levels = hint_levels(name).get(args.paso, {})
    if not levels:
        print(f"La práctica {args.practica:02d} no tiene pista para el paso {args.paso}.",
              file=sys.stderr)
        return 1
    if args.nivel not in levels:
        print(f"El paso {args.paso} tiene pistas de nivel "
              f"{', '.join(map(str, sorted(levels)))}; no de nivel {args.nivel}.", file=sys.stderr)
        return 1
    title = step_titles(name).get(args.paso, "")
    kind, body = levels[args.nivel]
    print(f"💡 Práctica {args.practica:02d}, paso {args.paso}: {title}")
    print(f"   Pista {args.nivel} de {max(levels)}: {kind}\n")
    print(html.unescape(body))
    if args.nivel + 1 in levels:
        print(f"\n¿Necesitas más? ./taller pista {args.practica} {args.paso} {args.nivel + 1}  "
              f"({levels[args.nivel + 1][0]})")
    return 0


def check_hint_levels() -> int:
    """Cada paso de cada README tiene sus tres pistas: 1 en qué pensar, 2 qué
    usar, 3 un esbozo."""
    bad = 0
    for n, name in practices():
        levels = hint_levels(name)
        for step in sorted(step_titles(name)):
            got = levels.get(step, {})
            if sorted(got) != [1, 2, 3] or any(got[k][0] != LEVEL_NAMES[k] for k in got):
                bad += 1
                print(f"✗ {name}/README.md, paso {step}: debe tener las pistas 1 ({LEVEL_NAMES[1]}), "
                      f"2 ({LEVEL_NAMES[2]}) y 3 ({LEVEL_NAMES[3]}); tiene "
                      f"{[(k, v[0]) for k, v in sorted(got.items())]}")
    return bad


# ── progreso ──────────────────────────────────────────────────────────────

def run(cmd: list[str], quiet: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, text=True,
                          capture_output=quiet)


def junit_cases(junit: Path) -> list[tuple[str, bool, str]]:
    """(nombre, pasó, salida) de cada prueba de un informe JUnit de ctest."""
    if not junit.exists():
        return []
    return [(case.get("name", "?"),
             case.get("status") == "run" and case.find("failure") is None,
             case.findtext("system-out") or "")
            for case in ET.parse(junit).getroot().iter("testcase")]


def junit_steps(junit: Path) -> dict[int, tuple[int, int]]:
    """paso → (pruebas que pasan, total) según un informe JUnit de ctest."""
    out: dict[int, tuple[int, int]] = {}
    for name, ok, _ in junit_cases(junit):
        if m := re.search(r"\.Paso(\d+)_", name):
            passed, total = out.get(int(m.group(1)), (0, 0))
            out[int(m.group(1))] = (passed + ok, total + 1)
    return out


def step_results(n: int) -> dict[int, tuple[int, int]]:
    """paso → (pruebas que pasan, pruebas en total) del starter de la práctica n."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        run(["ctest", "--preset", "default", "-L", "starter", "-R", rf"^p{n:02d}\.",
             "-j", "4", "--timeout", "60", "--output-junit", str(junit)])
        return junit_steps(junit)


def build_with_progress(targets: list[str]) -> bool:
    """Compila los objetivos enseñando el avance de Ninja ([x/y]) en una línea;
    si no compila, enseña los primeros errores. true si compiló."""
    print("Compilando tu código…", flush=True)
    proc = subprocess.Popen(["cmake", "--build", "--preset", "default", "--target", *targets],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    output: list[str] = []
    tty = sys.stdout.isatty()
    shown = -1
    assert proc.stdout is not None
    for line in proc.stdout:
        output.append(line)
        m = re.match(r"\[(\d+)/(\d+)\]", line)
        if not m:
            continue
        done, total = int(m.group(1)), int(m.group(2))
        if tty:
            print(f"\r  [{done}/{total}] {bar(done, total)}", end="", flush=True)
        elif done * 10 // total != shown:  # sin terminal, una línea cada 10 %
            shown = done * 10 // total
            print(f"  [{done}/{total}]", flush=True)
    ok = proc.wait() == 0
    if tty and shown == -1 and any(re.match(r"\[\d+/\d+\]", l) for l in output):
        print()
    if ok:
        return True
    text = "".join(output)
    print("\n✗ tu código no compila. Los primeros errores:\n")
    lines = text.splitlines()
    first = [i for i, l in enumerate(lines) if "error" in l][:6]
    shown_lines: list[str] = []
    for i in first:
        shown_lines.extend(l for l in lines[i:i + 3] if l not in shown_lines)
    print("\n".join(shown_lines[:20]) or text[-3000:])
    print("\nCompila con:  cmake --build --preset default")
    return False


def step_regex(n: int, step: int) -> str:
    """La expresión de ctest que elige las pruebas de un paso del starter de la
    práctica n, y solo esas: un -R en la línea de órdenes sustituye el filtro
    del preset, así que la expresión lleva la práctica y la variante."""
    return rf"^p{n:02d}\.starter\.Paso{step}_"


def step_command(n: int, step: int) -> str:
    return f"ctest --preset practica{n:02d} -R '{step_regex(n, step)}' --output-on-failure"


def bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def cmd_progreso(args: argparse.Namespace) -> int:
    chosen = [(n, d) for n, d in practices() if args.practica in (None, n)]
    if not chosen:
        practice_dir(args.practica)  # termina con el mensaje de error
    if run(["cmake", "--preset", "default"]).returncode != 0:
        print("✗ no se pudo configurar el proyecto: ejecuta ./taller test para ver el error.")
        return 1
    targets = [f"p{n:02d}_tests_starter" for n, _ in chosen]
    if not build_with_progress(targets):
        return 1
    for n, name in chosen:
        titles = step_titles(name)
        results = step_results(n)
        done = sum(1 for s in titles if s in results and results[s][0] == results[s][1])
        print(f"\nPráctica {n:02d} — {name}")
        print(f"  {bar(done, len(titles))}  {done}/{len(titles)} pasos")
        next_step = None
        for s, title in sorted(titles.items()):
            passed, total = results.get(s, (0, 0))
            ok = total > 0 and passed == total
            mark = "✅" if ok else "❌"
            detail = f"{passed}/{total} pruebas" if total else "sin pruebas"
            print(f"  {mark} Paso {s}: {title}  ({detail})")
            if not ok and next_step is None:
                next_step = s
        if next_step is None:
            print("  🎉 ¡Práctica completa!")
            following = [(k, d) for k, d in practices() if k > n]
            if following:
                k, d = following[0]
                print(f"  Sigue con la práctica {k:02d}: lee {d}/README.md y ./taller progreso {k}")
        else:
            print(f"\n  Siguiente: Paso {next_step} — {titles[next_step]}")
            print(f"  Lee el paso en {name}/README.md; pista: ./taller pista {n} {next_step}")
            print(f"  Mira qué falla:  {step_command(n, next_step)}")
    return 0


# ── pasos: comprobación acumulada (profesorado) ──────────────────────────

def sync_tree(src: Path, dst: Path) -> None:
    """Copia src en dst (sin build/ ni .git) escribiendo solo lo que cambia,
    para que Ninja recompile únicamente lo necesario."""
    skip = {".git", "node_modules", "__pycache__", "fuzz"}
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        top = rel.parts[0]
        if top in skip or top.startswith("build") or not path.is_file():
            continue
        write_if_changed(dst / rel, path.read_bytes(), path.stat().st_mode)


def write_if_changed(target: Path, data: bytes, mode: int | None = None) -> None:
    if not target.exists() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if mode is not None:
            target.chmod(mode)


def cmd_pasos(args: argparse.Namespace) -> int:
    """Sin número, comprueba todas las prácticas, una tras otra."""
    if args.practica is not None:
        return check_steps(args.practica)
    failed = [n for n, _ in practices() if check_steps(n) != 0]
    return 1 if failed else 0


PASOS_WORK = ROOT / "build-pasos"
# Copia del starter mientras pasos o errores lo usan; si existe al arrancar
# cualquier orden, el proceso anterior murió sin devolverlo.
BORROWED = PASOS_WORK / "starter-prestado"


def starter_changes(name: str) -> list[str]:
    """Los archivos de practicaNN/starter que no son los que genera la solución."""
    files, _ = generate(ROOT / "solutions" / name)
    changed, extra = starter_diff(ROOT / name / "starter", files)
    return sorted(f"{name}/starter/{Path(rel).as_posix()}" for rel in changed + extra)


def give_back_starter(name: str) -> None:
    """Deja practicaNN/starter como estaba antes de prestarlo (solo reescribe
    lo que cambió) y borra la copia."""
    copy, starter = BORROWED / name, ROOT / name / "starter"
    kept = {p.relative_to(copy) for p in copy.rglob("*") if p.is_file()}
    for rel in kept:
        write_if_changed(starter / rel, (copy / rel).read_bytes())
    for path in [p for p in starter.rglob("*") if p.is_file()]:
        if path.relative_to(starter) not in kept:
            path.unlink()
    shutil.rmtree(copy)


def give_back_abandoned_starters() -> None:
    """Si un pasos o errores anterior murió (kill -9, se apagó el equipo) con
    un starter prestado, lo devuelve antes de hacer nada más."""
    if not BORROWED.is_dir():
        return
    for copy in sorted(BORROWED.iterdir()):
        if copy.is_dir() and not copy.name.endswith(".tmp"):
            give_back_starter(copy.name)
            print(f"▸ {copy.name}/starter estaba a medias de una comprobación de pasos "
                  "interrumpida: lo he dejado como estaba.", file=sys.stderr)
        elif copy.is_dir():
            shutil.rmtree(copy)


def cmake_cache_value(build: Path, name: str) -> str | None:
    cache = build / "CMakeCache.txt"
    if not cache.exists():
        return None
    m = re.search(rf"^{name}:\w+=(.*)$", cache.read_text("utf-8", "replace"), re.M)
    return m.group(1) if m else None


@contextlib.contextmanager
def borrowed_build(name: str):
    """pasos y errores compilan en build/, el árbol de ./taller test, escribiendo
    en practicaNN/starter el starter con los pasos resueltos: Ninja recompila
    solo lo que cambia cada paso, y comun/ y las soluciones de las prácticas
    anteriores ya están compiladas (una copia aparte del repositorio lo
    recompilaba todo, unos 10 minutos de CI). Por eso exige un starter sin
    cambios (el generado: nada de nadie se puede perder) y al salir, también
    con Ctrl+C o un error, lo devuelve como estaba y deja
    TALLER_INVERTIR_STARTER como lo encontró. Da el directorio de build."""
    changes = starter_changes(name)
    if changes:
        raise SystemExit(
            f"✗ {name}/starter no es el que genera la solución:\n  " + "\n  ".join(changes[:8])
            + "\npasos y errores escriben ahí los pasos resueltos y luego lo devuelven como "
            "estaba, así que solo lo usan si no tiene cambios. Guarda tu trabajo (git stash) "
            "o regenera el starter (python3 tools/taller.py generar) y vuelve a probar.")
    build = ROOT / "build"
    if cmake_cache_value(build, "TALLER_INVERTIR_STARTER") is None and \
            run(["cmake", "--preset", "default"]).returncode != 0:
        raise SystemExit("✗ no se pudo configurar build/ (cmake --preset default): "
                         "ejecuta ./taller test para ver el error.")
    invert = cmake_cache_value(build, "TALLER_INVERTIR_STARTER")
    if cmake_cache_value(build, "TALLER_SOLO_SOLUCION") not in (None, "OFF"):
        raise SystemExit("✗ build/ está configurado con TALLER_SOLO_SOLUCION: sin starters "
                         "no hay pasos que comprobar (cmake --preset default).")
    staging = BORROWED / f"{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(ROOT / name / "starter", staging)
    staging.rename(BORROWED / name)  # a partir de aquí, prestado
    print(f"  ({name}/starter lleva los pasos resueltos hasta que termine: no confirmes "
          "cambios mientras tanto)", flush=True)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        # Las pruebas del starter sin invertir: ctest dice si pasan de verdad.
        # No cambia ninguna orden de compilación (TALLER_VERIFICAR, con su
        # -Werror, se queda como está): no se recompila nada por esto.
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DTALLER_INVERTIR_STARTER=OFF"],
                       check=True, capture_output=True)
        yield build
    finally:
        give_back_starter(name)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build),
                        f"-DTALLER_INVERTIR_STARTER={invert or 'OFF'}"], capture_output=True)
        signal.signal(signal.SIGTERM, previous)


def write_starter(name: str, solution: Path, solved_upto: int) -> None:
    """Escribe en practicaNN/starter el starter generado desde solution con los
    pasos 1..solved_upto resueltos (solo lo que cambia, para que Ninja no
    recompile de más)."""
    files, _ = generate(solution, solved_upto=solved_upto)
    for rel, data in files.items():
        write_if_changed(ROOT / name / "starter" / rel, data)


def check_steps(n: int) -> int:
    """Para k = 1..N: starter con los pasos 1..k resueltos; el paso k debe pasar
    entero y el paso k + 1 fallar en todas sus pruebas; en la última fila pasan
    todos. La fila k = 0 (el starter sin tocar: todas fallan) ya la comprueba
    ./taller test, que invierte las pruebas del starter. Así cada paso se ve
    verde en cuanto se resuelve y rojo justo antes, y ninguno se rompe al
    terminar los demás (las pruebas del navegador de la 04 son lentas: repetir
    los pasos anteriores en cada fila costaba minutos)."""
    name = practice_dir(n)
    print(f"▸ Práctica {n:02d}: comprobación acumulada de los pasos", flush=True)
    _, steps = generate(ROOT / "solutions" / name)
    total_steps = max(s.number for s in steps)
    bad = 0
    with borrowed_build(name) as build:
        for k in range(1, total_steps + 1):
            row = check_steps_row(n, name, build, k, total_steps)
            if row is None:
                return 1
            bad += row
    if bad:
        print(f"✗ {bad} casillas no cumplen: los pasos hechos deben pasar y los demás fallar")
        return 1
    print("✓ cada paso se supera con él y los anteriores, y ninguno antes de tiempo")
    return 0


def check_steps_row(n: int, name: str, build: Path, k: int, total_steps: int) -> int | None:
    """Una fila de pasos: con 1..k resueltos, las casillas que no cumplen
    (None si el starter no compila)."""
    write_starter(name, ROOT / "solutions" / name, solved_upto=k)
    t0 = time.monotonic()
    r = subprocess.run(["cmake", "--build", str(build), "--target", f"p{n:02d}_tests_starter"],
                       capture_output=True, text=True)
    t1 = time.monotonic()
    if r.returncode != 0:
        print(r.stdout[-3000:])
        print(f"✗ con los pasos 1..{k} resueltos el starter no compila")
        return None
    upto = min(k + 1, total_steps)
    first = 1 if k == total_steps else k
    junit = PASOS_WORK / f"junit-{k}.xml"
    junit.unlink(missing_ok=True)
    subprocess.run(["ctest", "--test-dir", str(build), "-L", "starter",
                    "-R", rf"^p{n:02d}\.starter\.Paso({'|'.join(map(str, range(first, upto + 1)))})_",
                    "-j", "4", "--timeout", "60", "--output-junit", str(junit)],
                   capture_output=True)
    results = junit_steps(junit)
    t2 = time.monotonic()
    bad, row = 0, []
    for s in range(first, upto + 1):
        passed, total = results.get(s, (0, 0))
        expected_pass = s <= k
        ok = total > 0 and (passed == total if expected_pass else passed == 0)
        bad += not ok
        row.append(f"P{s} {passed}/{total}{'' if ok else ' ✗'}")
    print(f"pasos 1..{k} resueltos: " + "  ".join(row)
          + f"  [compilar {t1 - t0:.0f} s, probar {t2 - t1:.0f} s]", flush=True)
    return bad


# ── vigilar: compila y prueba el paso actual en cada guardado ────────────

def starter_snapshot(name: str) -> dict[str, float]:
    starter = ROOT / name / "starter"
    return {str(p): p.stat().st_mtime for p in starter.rglob("*") if p.is_file()}


def failure_lines(out: str, limit: int = 4) -> list[str]:
    """Lo que dice una prueba que falla (out es su salida): sus mensajes
    «Paso N: …» o, si no los hay (se cayó), las últimas líneas."""
    lines = [l.strip() for l in out.splitlines() if l.strip()]
    told = [l for l in lines if re.match(r"Paso \d+:", l)]
    return (told or lines[-limit:])[:limit]


def run_step(n: int, step: int) -> tuple[int, int, list[tuple[str, list[str]]]]:
    """(pasan, total, [(prueba que falla, sus líneas)]) de un paso del starter."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        run(["ctest", "--preset", f"practica{n:02d}", "-R", step_regex(n, step),
             "-j", "4", "--timeout", "60", "--output-junit", str(junit)])
        cases = junit_cases(junit)
        failing = [(name, failure_lines(out)) for name, ok, out in cases if not ok]
        return len(cases) - len(failing), len(cases), failing


def watch_cycle(n: int, name: str, step: int) -> int:
    """Una vuelta de vigilar: compila y prueba desde el paso step hasta el
    primero que falla. Devuelve ese paso (o uno más que el último si todos pasan)."""
    titles = step_titles(name)
    if sys.stdout.isatty():
        print("\033[2J\033[H", end="")
    print(f"⏱  {time.strftime('%H:%M:%S')}  Práctica {n:02d} — {name}")
    if not build_with_progress([f"p{n:02d}_tests_starter"]):
        return step
    while step in titles:
        passed, total, failing = run_step(n, step)
        if total and passed == total:
            print(f"✅ Paso {step}: {titles[step]}  ({passed}/{total} pruebas)")
            step += 1
            continue
        print(f"❌ Paso {step}: {titles[step]}  ({passed}/{total} pruebas)\n")
        for test, lines in failing[:4]:
            print(f"  ✗ {test.split('.', 2)[-1]}")
            for line in lines:
                print(f"      {line[:150]}")
        if len(failing) > 4:
            print(f"  … y {len(failing) - 4} pruebas más")
        print(f"\n  Pista: ./taller pista {n} {step}    Todo: {step_command(n, step)}")
        return step
    print(f"\n🎉 Todos los pasos de la práctica {n:02d} pasan. Comprueba el conjunto con "
          f"./taller progreso {n}")
    return step


def most_recent_practice() -> int:
    """La práctica cuyo starter se tocó por última vez."""
    newest = max(practices(), key=lambda p: max(starter_snapshot(p[1]).values(), default=0))
    return newest[0]


def cmd_vigilar(args: argparse.Namespace) -> int:
    n = args.practica if args.practica is not None else most_recent_practice()
    name = practice_dir(n)
    if run(["cmake", "--preset", "default"]).returncode != 0:
        print("✗ no se pudo configurar el proyecto: ejecuta ./taller test para ver el error.")
        return 1
    step, seen, cycles = 1, None, 0
    try:
        while True:
            now = starter_snapshot(name)
            if now != seen:
                seen = now
                step = watch_cycle(n, name, step)
                cycles += 1
                if args.vueltas and cycles >= args.vueltas:
                    return 0
                print(f"\n👀 Vigilando {name}/starter/: guarda un archivo y vuelvo a probar "
                      "(Ctrl+C para salir).", flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nHasta luego.")
        return 0


# ── reiniciar: un paso o un archivo del starter como al principio ─────────

def step_regions(lines: list[str], step: int) -> list[tuple[int, int]] | None:
    """[inicio, fin] (índices de línea) de cada trozo de un paso: de su
    «// TODO PASO N ▸» (o HECHO) a su «// FIN PASO N». None si no hay ninguno
    o si uno no se cierra antes de que empiece otro paso."""
    regions: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(lines):
        if m := re.match(r"\s*// (?:TODO|HECHO) PASO (\d+) ▸", line):
            if start is not None:
                return None  # otro paso empieza antes de que este se cierre: falta su FIN
            if int(m.group(1)) == step:
                start = i
        elif start is not None and re.match(rf"\s*// FIN PASO {step}\s*$", line):
            regions.append((start, i))
            start = None
    return regions if regions and start is None else None


def cmd_reiniciar(args: argparse.Namespace) -> int:
    name = practice_dir(args.practica)
    files, _ = generate(ROOT / "solutions" / name)
    starter = ROOT / name / "starter"
    backup = ROOT / ".copias" / (time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 10**9:09d}")
    changes: dict[Path, bytes] = {}
    if args.que.isdigit():
        step = int(args.que)
        holders = {rel: data.decode("utf-8") for rel, data in files.items()
                   if re.search(rf"// TODO PASO {step} ▸", data.decode("utf-8", "replace"))}
        if not holders:
            print(f"✗ la práctica {args.practica:02d} no tiene un paso {step}.", file=sys.stderr)
            return 1
        for rel, fresh in sorted(holders.items()):
            path = starter / rel
            mine = path.read_text("utf-8").splitlines(keepends=True) if path.exists() else []
            new = fresh.splitlines(keepends=True)
            ours, theirs = step_regions(mine, step), step_regions(new, step)
            if not path.exists():
                changes[rel] = fresh.encode("utf-8")
                continue
            if ours is None or theirs is None:
                print(f"✗ {name}/starter/{rel}: no encuentro las marcas «// TODO PASO {step} ▸» "
                      f"y «// FIN PASO {step}». Reinicia el archivo entero con:\n"
                      f"  ./taller reiniciar {args.practica} {rel}", file=sys.stderr)
                return 1
            # Varios trozos del mismo paso en un archivo: del último al primero,
            # así reemplazar uno no mueve las líneas de los anteriores.
            for (a, b), (c, d) in reversed(list(zip(ours, theirs))):
                mine[a:b + 1] = new[c:d + 1]
            changes[rel] = "".join(mine).encode("utf-8")
    else:
        rel = Path(args.que)
        full = (Path.cwd() / rel).resolve()
        if full.is_relative_to(starter.resolve()):  # practica01-…/starter/p01/x.cpp
            rel = full.relative_to(starter.resolve())
        if rel not in files:
            print(f"✗ {args.que} no es un archivo del starter de la práctica "
                  f"{args.practica:02d} (ejemplo: p01/messages.cpp).", file=sys.stderr)
            return 1
        changes[rel] = files[rel]
    for rel, data in changes.items():
        path = starter / rel
        if path.exists() and path.read_bytes() == data:
            print(f"= {name}/starter/{rel}: ya estaba como al principio")
            continue
        if path.exists():
            (backup / rel).parent.mkdir(parents=True, exist_ok=True)
            (backup / rel).write_bytes(path.read_bytes())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"↺ {name}/starter/{rel}: reiniciado"
              + (f" (tu versión está en {(backup / rel).relative_to(ROOT)})"
                 if (backup / rel).exists() else ""))
    return 0


# ── ordenes: lo que mandamos ejecutar elige lo que dice (CI) ──────────────

CTEST_IN_TEXT = re.compile(r"(?:^|`|\$ |^\s+)(ctest [^`#\n]*)", re.M)


def ctest_listing(cmd: list[str]) -> list[dict] | None:
    """Las pruebas que elegiría una orden de ctest (con --show-only=json-v1)."""
    r = subprocess.run([*cmd, "--show-only=json-v1"], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return json.loads(r.stdout).get("tests", [])


def test_labels(test: dict) -> set[str]:
    for prop in test.get("properties", []):
        if prop.get("name") == "LABELS":
            return set(prop.get("value", []))
    return set()


def intended(cmd: list[str], every: list[dict]) -> tuple[str, set[str]]:
    """Lo que una orden dice elegir, leído de sus palabras (no de cómo la
    interpreta ctest): la práctica del preset o de -L practicaNN, la variante
    (starter o solucion), el paso (PasoK en -R) y las demás etiquetas."""
    practice = variant = step = None
    labels: set[str] = set()
    words = iter(cmd[1:])
    for w in words:
        if w == "--preset":
            m = re.fullmatch(r"practica(\d\d)", next(words, ""))
            practice = m.group(1) if m else practice
        elif w == "-L":
            label = next(words, "")
            if m := re.fullmatch(r"practica(\d\d)", label):
                practice = m.group(1)
            elif label in ("starter", "solucion"):
                variant = label
            else:
                labels.add(label)
        elif w == "-R":
            regex = next(words, "")
            if m := re.search(r"p(\d\d)", regex):
                practice = m.group(1)
            if m := re.search(r"(starter|solucion)", regex):
                variant = m.group(1)
            if m := re.search(r"Paso(\d+)", regex):
                step = m.group(1)
    what = " ".join(x for x in [f"práctica {practice}" if practice else "",
                                variant or "", f"paso {step}" if step else "",
                                *sorted(labels)] if x) or "todo"
    names = set()
    for t in every:
        name = t["name"]
        if practice and not name.startswith(f"p{practice}."):
            continue
        if variant and f".{variant}." not in name:
            continue
        if step and not re.search(rf"\.Paso{step}_", name):
            continue
        if not labels <= test_labels(t):
            continue
        names.add(name)
    return what, names


def commands_to_check() -> list[tuple[str, str]]:
    """(origen, orden) de cada ctest que escriben los README y ./taller progreso."""
    found = []
    for readme in [ROOT / "README.md", *sorted(ROOT.glob("practica0*/README.md"))]:
        text = readme.read_text("utf-8")
        for m in CTEST_IN_TEXT.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append((f"{readme.relative_to(ROOT)}:{line}", m.group(1).strip()))
    for n, name in practices():
        for step in sorted(step_titles(name)):
            found.append((f"./taller progreso {n} (paso {step})", step_command(n, step)))
    return found


def cmd_ordenes(args: argparse.Namespace) -> int:
    """Ejecuta con --show-only cada orden de ctest que damos a un estudiante y
    comprueba que elige exactamente lo que nombra."""
    import shlex
    presets = json.loads((ROOT / "CMakePresets.json").read_text("utf-8"))
    test_dirs = {}
    configure = {c["name"]: c for c in presets["configurePresets"]}
    for t in presets["testPresets"]:
        c = configure[t["configurePreset"]] if "configurePreset" in t else None
        while c and "binaryDir" not in c and "inherits" in c:
            c = configure[c["inherits"]]
        test_dirs[t["name"]] = (c or configure["default"]).get("binaryDir", "${sourceDir}/build")
    every = ctest_listing(["ctest", "--test-dir", "build"])
    if not every:
        print("✗ build/ no tiene pruebas: ejecuta antes ./taller test o ./taller compilar")
        return 1
    bad = checked = 0
    for origin, text in commands_to_check():
        cmd = shlex.split(text)
        preset = cmd[cmd.index("--preset") + 1] if "--preset" in cmd else None
        if preset and preset not in test_dirs:
            print(f"  – {origin}: {text}  (plantilla, no un preset)")
            continue
        if preset and test_dirs[preset].rstrip("/") != "${sourceDir}/build":
            print(f"  – {origin}: {text}  (otro árbol, {test_dirs.get(preset)}: no se comprueba)")
            continue
        if preset is None and "--test-dir" not in cmd:
            print(f"✗ {origin}: {text}\n    sin --preset ni --test-dir no elige ninguna prueba")
            bad += 1
            continue
        checked += 1
        chosen = ctest_listing(cmd)
        what, expected = intended(cmd, every)
        got = {t["name"] for t in chosen or []}
        if chosen is None or not got or got != expected:
            bad += 1
            extra, missing = sorted(got - expected), sorted(expected - got)
            print(f"✗ {origin}: {text}\n    dice «{what}»: elige {len(got)} pruebas, "
                  f"deberían ser {len(expected)}")
            for name in extra[:5]:
                print(f"    sobra  {name}")
            for name in missing[:5]:
                print(f"    falta  {name}")
        else:
            print(f"  ✓ {origin}: {what}: {len(got)} pruebas")
    if bad:
        print(f"✗ {bad} órdenes no eligen lo que dicen")
    lists_bad = (check_test_lists(every) + check_catalogue_tables() + check_hint_levels() +
                 check_sizes())
    if bad or lists_bad:
        return 1
    print(f"✓ las {checked} órdenes de ctest eligen exactamente lo que nombran y cada "
          "lista «Pruebas:» de un README nombra exactamente las pruebas de su paso")
    return 0


TEST_LIST = re.compile(r"^\*\*Pruebas:\*\*(.*)$", re.M)


def check_test_lists(every: list[dict]) -> int:
    """Cada «**Pruebas:**» de un paso de un README nombra exactamente las pruebas
    de ese paso (las del starter): ni falta una ni sobra una."""
    bad = 0
    for n, name in practices():
        text = (ROOT / name / "README.md").read_text("utf-8")
        for m in TEST_LIST.finditer(text):
            headings = [h for h in STEP_HEADING.finditer(text) if h.start() < m.start()]
            if not headings:
                continue
            step = int(headings[-1].group(1))
            named, suite = set(), None
            for token in re.findall(r"`([^`]+)`", m.group(1)):
                # Solo nombres de prueba (Suite.Prueba o Prueba, en CamelCase):
                # el resto de `…` de la línea son rutas, campos o ejemplos.
                if not re.fullmatch(r"(Paso\d+_\w+\.)?[A-Z]\w+", token):
                    continue
                if "." in token:
                    suite, test = token.split(".", 1)
                else:
                    test = token
                named.add(f"{suite}.{test}")
            real = {t["name"].split(".", 2)[2] for t in every
                    if re.match(step_regex(n, step), t["name"])}
            if named != real:
                bad += 1
                line = text.count("\n", 0, m.start()) + 1
                print(f"✗ {name}/README.md:{line}: la lista de pruebas del paso {step} no coincide")
                for t in sorted(real - named):
                    print(f"    falta  {t}")
                for t in sorted(named - real):
                    print(f"    sobra  {t}")
    return bad


# ── tamano: cuánto código escribe el estudiante en cada paso ─────────────

def step_sizes(name: str) -> dict[int, tuple[int, int]]:
    """{paso: (líneas de código de la solución entre sus marcas, bloques TODO)}:
    las líneas que el estudiante escribe, sin comentarios, vacías ni sustitutos."""
    sizes: dict[int, list[int]] = {}
    for path in sorted((ROOT / "solutions" / name).rglob("*")):
        if path.suffix not in {".cpp", ".hpp", ".js", ".css", ".html"}:
            continue
        step, stub = None, False
        for line in path.read_text("utf-8").splitlines():
            if m := HEADER.match(line):
                step, stub = int(m["n"]), False
                sizes.setdefault(step, [0, 0])[1] += 1
            elif END.match(line):
                step = None
            elif STUB_START.match(line):
                stub = True
            elif step is not None and not stub:
                code = line.strip()
                if code and not code.startswith("//"):
                    sizes[step][0] += 1
    return {k: (v[0], v[1]) for k, v in sorted(sizes.items())}


def check_sizes() -> int:
    """La «Duración estimada» de cada README cita el tamaño de verdad: «N líneas
    en M bloques», lo que cuenta step_sizes."""
    bad = 0
    for n, name in practices():
        readme = ROOT / name / "README.md"
        text = readme.read_text("utf-8")
        start = text.find("## Duración estimada")
        section = text[start:text.find("\n## ", start + 1)] if start >= 0 else ""
        sizes = step_sizes(name)
        total = (sum(v[0] for v in sizes.values()), sum(v[1] for v in sizes.values()))
        said = re.search(r"(\d+) líneas en (\d+) bloques", section)
        if not said or (int(said[1]), int(said[2])) != total:
            bad += 1
            print(f"✗ {name}/README.md: la duración estimada debe citar «{total[0]} líneas en "
                  f"{total[1]} bloques» (python3 tools/taller.py tamano {n})")
    return bad


def cmd_tamano(args: argparse.Namespace) -> int:
    for n, name in practices():
        if args.practica and n != args.practica:
            continue
        sizes = step_sizes(name)
        lines = sum(v[0] for v in sizes.values())
        blocks = sum(v[1] for v in sizes.values())
        print(f"Práctica {n:02d}: {lines} líneas de código en {blocks} bloques TODO")
        for step, (l, b) in sizes.items():
            print(f"  Paso {step}: {l:4d} líneas en {b} bloques")
    return 0


# ── fragmentos: cada trozo de código de los README compila en su sitio (CI) ──
#
# Cada bloque ```cpp, ```js o ```javascript de un README de práctica (también los
# de las pistas) lleva justo antes, en la línea anterior no vacía, un comentario
# HTML que no se ve al leerlo y dice dónde va ese código en la solución:
#     <!-- contexto: practica01-ws-basics/p01/messages.cpp PASO 2 -->
#     <!-- contexto: practica03-monitor/p03/alerts.cpp PASO 4 «advance» -->
#     <!-- contexto: ninguno (motivo) -->
# La ruta es relativa a solutions/. Si el archivo tiene varios bloques de ese
# paso, «fragmento» elige uno: se busca (sin distinguir mayúsculas) en el título
# de su «// PASO n ▸ Título» o en la cabecera de la función que lo contiene (o
# que define, si el bloque es una función entera), y debe elegir exactamente uno.
# «ninguno» es para lo que no es código de una función (un archivo entero, una
# orden de la terminal…): que sea raro y diga por qué.

SNIPPET_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)\s*$")
SNIPPET_LANGS = {"cpp": "cpp", "js": "js", "javascript": "js"}
CONTEXT_COMMENT = re.compile(r"^\s*<!--\s*contexto:\s*(?P<what>.*?)\s*-->\s*$")
CONTEXT_LINE = re.compile(r"^[ \t]*<!--\s*contexto:.*?-->[ \t]*\n", re.M)
CONTEXT_PLACE = re.compile(r"^(?P<path>\S+)\s+PASO\s+(?P<n>\d+)(?:\s+«(?P<fragment>[^»]+)»)?$")
CONTEXT_NONE = re.compile(r"^ninguno\s+\((?P<why>.+)\)$")
CONTROL_HEAD = re.compile(r"(?:if|for|while|switch|catch|do|else|try|return|case)\b")
FUNCTION_HEAD = re.compile(
    r"^(?P<name>[\w:<>,\s*&~\[\]]+?)\s*\(.*\)"
    r"(?:\s*(?:const|noexcept|override|final|mutable|&&|&))*"
    r"(?:\s*->\s*[\w:<>,\s*&]+)?(?:\s*:.*)?$", re.S)


@dataclass
class Snippet:
    readme: Path
    line: int        # la línea del ``` que lo abre
    lang: str        # "cpp" o "js"
    code: str        # sin la sangría del bloque
    context: str | None

    @property
    def where(self) -> str:
        return f"{self.readme.relative_to(ROOT)}:{self.line}"


@dataclass
class StepBlock:
    number: int
    title: str
    header: int      # índice de la línea «// PASO n ▸»
    code_start: int  # primera línea de la solución (tras la descripción)
    code_end: int    # la línea «//▸ starter» o «// FIN PASO n»
    declarations: bool  # el paso está fuera de toda función (espacio de nombres o clase)
    signature: str   # cabecera de la función que lo contiene, o de la que define


def readme_snippets(readme: Path) -> list[Snippet]:
    """Los bloques de código C++ y JS de un README, cada uno con su comentario de contexto."""
    lines = readme.read_text("utf-8").splitlines()
    out: list[Snippet] = []
    i = 0
    while i < len(lines):
        fence = SNIPPET_FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not re.match(r"^[ \t]*```\s*$", lines[end]):
            end += 1
        lang = SNIPPET_LANGS.get(fence["lang"].lower())
        if lang:
            indent = len(fence["indent"])
            body = [l[indent:] if l[:indent].strip() == "" else l for l in lines[i + 1:end]]
            previous = next((l for l in reversed(lines[:i]) if l.strip()), "")
            context = CONTEXT_COMMENT.match(previous)
            out.append(Snippet(readme, i + 1, lang, "\n".join(body) + "\n",
                               context["what"] if context else None))
        i = end + 1
    return out


def code_only(text: str, js: bool = False) -> str:
    """El texto con comentarios, cadenas, caracteres y líneas del preprocesador
    cambiados por espacios (los saltos de línea se quedan: las posiciones no cambian)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    line_start = True
    while i < n:
        c = text[i]
        if line_start and not js and text[i:].lstrip(" \t").startswith("#"):
            end = i
            while True:  # la directiva sigue en la línea siguiente si acaba en «\»
                end = text.find("\n", end)
                if end == -1 or text[end - 1] != "\\":
                    break
                end += 1
            end = n if end == -1 else end
            blank(i, end)
            i = end
            continue
        line_start = c == "\n" or (line_start and c in " \t")
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            blank(i, end)
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            blank(i, end)
            i = end
        elif not js and c == '"' and i > 0 and text[i - 1] == "R":
            open_paren = text.find("(", i)
            close = ")" + text[i + 1:open_paren] + '"'
            end = text.find(close, open_paren)
            end = n if end == -1 or open_paren == -1 else end + len(close)
            blank(i, end)
            i = end
        elif c in "\"'" or (js and c == "`"):
            if c == "'" and not js and i > 0 and text[i - 1].isalnum() and \
                    i + 1 < n and text[i + 1].isalnum():
                i += 1  # separador de dígitos: 1'000'000
                continue
            end = i + 1
            while end < n and text[end] != c and (c == "`" or text[end] != "\n"):
                end += 2 if text[end] == "\\" else 1
            blank(i, end + 1)
            i = end + 1
        else:
            i += 1
    return "".join(out)


def brace_kind(head: str) -> str:
    """«namespace», «class» o «code»: qué abre una llave según lo que la precede."""
    if re.search(r"\bnamespace\b", head) or re.match(r"extern\b", head):
        return "namespace"
    if re.match(r"(?:template\s*<.*>\s*)?(?:class|struct|union|enum)\b", head) \
            and "(" not in head and "=" not in head:
        return "class"
    return "code"


def is_function_head(head: str) -> bool:
    """true si lo que precede a una llave es la cabecera de una definición de
    función (no un if, un bucle, una lambda ni una inicialización con llaves)."""
    head = head.strip()
    m = FUNCTION_HEAD.match(head)
    if not m or CONTROL_HEAD.match(head) or "=" in m["name"] or "return" in m["name"]:
        return False
    name = m["name"].split()
    return bool(name) and head.count("(") == head.count(")") and \
        not re.search(r"\]\s*(?:\([^()]*\))?(?:\s*mutable)?(?:\s*->[^{]*)?$", head)


def top_level_functions(code: str) -> list[tuple[int, int, str]]:
    """(posición de «{», posición de su «}», cabecera) de cada definición de
    función del nivel más externo de code (ya pasado por code_only)."""
    found: list[tuple[int, int, str]] = []
    depth, boundary, opened = 0, -1, None
    for pos, c in enumerate(code):
        if c == "{":
            if depth == 0:
                head = " ".join(code[boundary + 1:pos].split())
                opened = (pos, head) if is_function_head(head) else None
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                if opened:
                    found.append((opened[0], pos, opened[1]))
                opened = None
                boundary = pos
        elif c == ";" and depth == 0:
            boundary = pos
    return found


def step_blocks(text: str, js: bool = False) -> list[StepBlock]:
    """Los bloques «// PASO n ▸ … // FIN PASO n» de un archivo de la solución."""
    code = code_only(text, js)
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    # Las llaves abiertas al empezar cada línea: [(clase, cabecera)].
    stack: list[tuple[str, str]] = []
    open_at: list[list[tuple[str, str]]] = []
    boundary = -1
    for k, line in enumerate(lines):
        open_at.append(list(stack))
        for pos in range(starts[k], starts[k + 1]):
            c = code[pos]
            if c == "{":
                head = " ".join(code[boundary + 1:pos].split())
                stack.append((brace_kind(head), head))
                boundary = pos
            elif c == "}":
                if stack:
                    stack.pop()
                boundary = pos
            elif c == ";":
                boundary = pos
    blocks: list[StepBlock] = []
    for k, line in enumerate(lines):
        header = HEADER.match(line)
        if not header:
            continue
        start = k + 1
        while start < len(lines) and re.match(r"^\s*//   ", lines[start]):
            start += 1
        end = start
        while end < len(lines) and not (STUB_START.match(lines[end]) or END.match(lines[end])):
            end += 1
        scopes = open_at[k]
        declarations = not scopes or scopes[-1][0] != "code"
        if declarations:
            inner = top_level_functions(code[starts[start]:starts[end]])
            signature = inner[-1][2] if inner else ""
        else:
            # La llave de código más externa es el cuerpo de la función.
            signature = next(h for kind, h in scopes if kind == "code")
        blocks.append(StepBlock(int(header["n"]), header["title"], k, start, end,
                                declarations, signature))
    return blocks


def choose_block(snippet: Snippet) -> tuple[Path, StepBlock | None, str]:
    """(archivo de la solución, bloque, problema) para el contexto de un fragmento."""
    m = CONTEXT_PLACE.match(snippet.context or "")
    if not m:
        return Path(), None, (f"contexto mal escrito: «{snippet.context}» (se espera "
                              "«ruta/en/solutions PASO n», con «fragmento» opcional, "
                              "o «ninguno (motivo)»)")
    path = ROOT / "solutions" / m["path"]
    if not path.is_file():
        return path, None, f"no existe solutions/{m['path']}"
    blocks = [b for b in step_blocks(path.read_text("utf-8"), js=snippet.lang == "js")
              if b.number == int(m["n"])]
    if m["fragment"]:
        wanted = m["fragment"].lower()
        blocks = [b for b in blocks if wanted in b.title.lower() or wanted in b.signature.lower()]
    if len(blocks) == 1:
        return path, blocks[0], ""
    if not blocks:
        return path, None, f"solutions/{m['path']} no tiene un bloque PASO {m['n']}" + \
            (f" con «{m['fragment']}»" if m["fragment"] else "")
    return path, None, (f"solutions/{m['path']} tiene {len(blocks)} bloques PASO {m['n']}: "
                        "añade «fragmento» del título o de la función para elegir uno:\n"
                        + "\n".join(f"      «{b.title}»  ({b.signature or 'sin función'})"
                                    for b in blocks))


def line_directive(number: int, path: Path) -> str:
    return f'#line {number} "{path}"\n'


def snippet_edit(lines: list[str], path: Path, block: StepBlock,
                 snippet: Snippet) -> tuple[int, int, str]:
    """Dónde va el fragmento en el archivo: (a, b, texto) cambia lines[a:b] por texto.
    - Bloque dentro de una función: justo tras el código de la solución (antes
      de «//▸ starter» o del FIN), entre llaves propias; así ve lo que el bloque
      ya ha declarado y lo que él declara no choca.
    - Bloque que es una función entera (fuera de toda función): entre llaves,
      antes de la «}» que la cierra; y si el fragmento es también una
      definición entera, en lugar del código del bloque.
    Con #line, los errores señalan la línea del README y, el resto, la del original."""
    first = snippet.line + 1
    wrapped = "{\n" + line_directive(first, snippet.readme) + snippet.code + "}\n"
    if not block.declarations:
        return block.code_end, block.code_end, wrapped + line_directive(block.code_end + 1, path)
    if top_level_functions(code_only(snippet.code)):
        return (block.code_start, block.code_end, line_directive(first, snippet.readme)
                + snippet.code + line_directive(block.code_end + 1, path))
    code = code_only("".join(lines[block.code_start:block.code_end]))
    functions = top_level_functions(code)
    if not functions:
        raise ValueError(f"el PASO {block.number} «{block.title}» está fuera de una función y "
                         "no define ninguna: no hay dónde poner el fragmento")
    close = functions[-1][1]
    k = block.code_start + code.count("\n", 0, close)
    column = close - (code.rfind("\n", 0, close) + 1)
    line = lines[k]
    return k, k + 1, (line[:column].rstrip() + "\n" + wrapped + line_directive(k + 1, path)
                      + " " * column + line[column:])


def syntax_command(source: Path) -> tuple[list[str], str] | None:
    """La orden con la que se compila source (build/compile_commands.json),
    cambiada a -fsyntax-only -w, y su directorio; None si no se compila."""
    import shlex
    entries = json.loads((ROOT / "build" / "compile_commands.json").read_text("utf-8"))
    for e in entries:
        if Path(e["file"]).resolve() != source.resolve():
            continue
        words = e.get("arguments") or shlex.split(e["command"])
        out, skip = [], False
        for w in words:
            if skip:
                skip = False
            elif w == "-o":
                skip = True
            elif w == "-c" or (Path(e["directory"]) / w).resolve() == source.resolve():
                continue
            else:
                out.append(w)
        return out + ["-fsyntax-only", "-w", "-iquote", str(source.parent)], e["directory"]
    return None


def compiler_errors(output: str, limit: int = 5) -> list[str]:
    """Los errores de una salida de GCC/Clang con su línea de código, sin notas."""
    lines = output.splitlines()
    shown: list[str] = []
    errors = [i for i, l in enumerate(lines) if re.search(r"\b(?:fatal )?error:", l)]
    for i in errors[:limit]:
        shown.append(lines[i])
        shown.extend(l for l in lines[i + 1:i + 3] if re.match(r"^\s*\d*\s*\|", l))
    if len(errors) > limit:
        shown.append(f"… y {len(errors) - limit} errores más")
    return [l.replace(str(ROOT) + "/", "") for l in shown] or lines[-15:]


def compile_snippets(path: Path, placed: list[tuple[Snippet, StepBlock]],
                     target: Path) -> list[str] | None:
    """Compila path con todos esos fragmentos en su sitio (cada uno en un bloque
    distinto). None si compila; si no, los errores."""
    command = syntax_command(path)
    if command is None:
        return [f"{path.relative_to(ROOT)} no está en build/compile_commands.json"]
    lines = path.read_text("utf-8").splitlines(keepends=True)
    try:
        edits = [snippet_edit(lines, path, block, s) for s, block in placed]
    except ValueError as e:
        return [str(e)]
    for a, b, text in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[a:b] = [text]
    target.write_text(line_directive(1, path) + "".join(lines), "utf-8")
    args, directory = command
    r = subprocess.run([*args, str(target)], cwd=directory, capture_output=True, text=True)
    return None if r.returncode == 0 else compiler_errors(r.stderr)


def check_js_snippet(snippet: Snippet, target: Path) -> list[str] | None:
    """node --check del fragmento dentro de una función async (o tal cual, si es
    código de módulo con import/export). None si la sintaxis es válida."""
    module = re.search(r"^\s*(?:import|export)\b", snippet.code, re.M)
    target.write_text(snippet.code if module else
                      "async function __fragmento() {\n" + snippet.code + "}\n", "utf-8")
    r = subprocess.run(["node", "--check", str(target)], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    offset = snippet.line - (0 if module else 1)
    readme = str(snippet.readme.relative_to(ROOT))
    out = []
    for line in r.stderr.strip().splitlines():
        if line.strip().startswith("at ") or line.startswith("Node.js"):
            continue
        out.append(re.sub(rf"{re.escape(str(target))}:(\d+)",
                          lambda m: f"{readme}:{int(m.group(1)) + offset}", line))
    return [l for l in out if l.strip()]


def check_readme_snippets(snippets: list[Snippet], tmp: Path) -> list[list[str] | None]:
    """El veredicto de cada fragmento (None: compila; si no, por qué).
    Los fragmentos C++ de un mismo archivo se compilan juntos, uno por bloque y
    en una sola compilación; si esa falla, cada uno se compila solo para saber
    cuál es. Las compilaciones van una tras otra."""
    results: list[list[str] | None] = [None] * len(snippets)
    batches: dict[Path, list[list[tuple[int, StepBlock]]]] = {}
    for i, s in enumerate(snippets):
        if s.context is None:
            results[i] = ["falta justo antes el comentario <!-- contexto: ruta/en/solutions PASO n -->"]
            continue
        if CONTEXT_NONE.match(s.context):
            continue
        path, block, problem = choose_block(s)
        if block is None:
            results[i] = [problem]
        elif s.lang == "js":
            results[i] = check_js_snippet(s, tmp / f"fragmento-{i}.mjs")
        else:
            # Un lote por archivo con un fragmento por bloque a lo sumo.
            for batch in batches.setdefault(path, []):
                if all(b.header != block.header for _, b in batch):
                    batch.append((i, block))
                    break
            else:
                batches[path].append([(i, block)])
    for path, file_batches in batches.items():
        for batch in file_batches:
            target = tmp / f"fragmentos{path.suffix}"
            if len(batch) > 1 and compile_snippets(
                    path, [(snippets[i], b) for i, b in batch], target) is None:
                continue
            for i, block in batch:
                results[i] = compile_snippets(path, [(snippets[i], block)], target)
    return results


def cmd_fragmentos(args: argparse.Namespace) -> int:
    """Compila cada fragmento C++ de los README dentro de su archivo de la
    solución (con su orden de build/compile_commands.json y -fsyntax-only) y
    comprueba la sintaxis de cada fragmento JS con node --check."""
    if not (ROOT / "build" / "compile_commands.json").exists():
        print("✗ falta build/compile_commands.json: configura antes con cmake --preset default")
        return 1
    start = time.monotonic()
    total = bad = skipped = 0
    with tempfile.TemporaryDirectory(prefix="taller-fragmentos-") as tmp:
        for n, name in practices():
            if args.practica is not None and n != args.practica:
                continue
            snippets = readme_snippets(ROOT / name / "README.md")
            print(f"▸ {name}/README.md: {len(snippets)} fragmentos", flush=True)
            for snippet, problems in zip(snippets, check_readme_snippets(snippets, Path(tmp))):
                total += 1
                none = CONTEXT_NONE.match(snippet.context or "")
                if none and problems is None:
                    skipped += 1
                    print(f"– {snippet.where} (ninguno: {none['why']})")
                    continue
                print(f"{'✓' if problems is None else '✗'} {snippet.where} "
                      f"({snippet.context or 'sin contexto'})")
                if problems is not None:
                    bad += 1
                    for line in problems:
                        print(f"    {line}")
            sys.stdout.flush()
    seconds = time.monotonic() - start
    if bad:
        print(f"✗ {bad} de {total} fragmentos de los README no compilan en su sitio o no dicen "
              f"su contexto ({seconds:.0f} s). Arregla el fragmento del README, no la solución.")
        return 1
    print(f"✓ los {total - skipped} fragmentos de código de los README compilan en su sitio"
          + (f"; {skipped} no son código de una función y dicen por qué" if skipped else "")
          + f" ({seconds:.0f} s)")
    return 0


# ── mensajes: cada comprobación de un paso explica en español qué falló ───

TEST_DEF = re.compile(r"^TEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\)", re.M)
CHECK_MACRO = re.compile(r"\b(?:EXPECT|ASSERT)_(?!CALL\b)[A-Z0-9_]+\s*\(")


def call_end(text: str, start: int) -> int:
    """Índice del «;» que cierra la sentencia que empieza en text[start]
    (respeta paréntesis, cadenas, caracteres y cadenas R"(…)")."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"' and i > 0 and text[i - 1] == "R":
            open_paren = text.index("(", i)
            close = ")" + text[i + 1:open_paren] + '"'
            i = text.index(close, open_paren) + len(close)
            continue
        if c in "\"'":
            i += 1
            while i < len(text) and text[i] != c:
                i += 2 if text[i] == "\\" else 1
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == ";" and depth == 0:
            return i
        i += 1
    return i


def unexplained_checks() -> list[tuple[str, int, str, str]]:
    """Comprobaciones (EXPECT_*/ASSERT_*) de las pruebas de un paso (PasoN_*)
    cuyo mensaje no empieza por «Paso N:» con el número de su paso:
    [(archivo, línea, prueba, sentencia)]. Un EXPECT_CALL de gmock no admite
    mensaje: la prueba que lo usa lo comprueba con
    EXPECT_TRUE(Mock::VerifyAndClearExpectations(…)) << "Paso N: …"."""
    found = []
    for source in sorted((ROOT / "tests").glob("practica0*/*.cpp")):
        text = source.read_text("utf-8")
        tests = list(TEST_DEF.finditer(text))
        for k, test in enumerate(tests):
            step = re.match(r"Paso(\d+)_", test.group(1))
            if not step:
                continue
            end = tests[k + 1].start() if k + 1 < len(tests) else len(text)
            body = text[test.end():end]
            if "EXPECT_CALL" in body and "VerifyAndClearExpectations" not in body:
                line = text.count("\n", 0, test.start()) + 1
                found.append((str(source.relative_to(ROOT)), line,
                              f"{test.group(1)}.{test.group(2)}",
                              "EXPECT_CALL sin EXPECT_TRUE(Mock::VerifyAndClearExpectations(…))"))
            for check in CHECK_MACRO.finditer(text, test.end(), end):
                statement = text[check.start():call_end(text, check.end() - 1)]
                if not re.search(rf'<<[^;]*"Paso {step.group(1)}: ', statement):
                    line = text.count("\n", 0, check.start()) + 1
                    found.append((str(source.relative_to(ROOT)), line,
                                  f"{test.group(1)}.{test.group(2)}",
                                  " ".join(statement.split())[:110]))
    return found


def cmd_mensajes(args: argparse.Namespace) -> int:
    found = unexplained_checks()
    for path, line, test, statement in found:
        print(f"✗ {path}:{line} ({test}): sin mensaje «Paso N: …»\n    {statement}")
    if found:
        print(f"\n{len(found)} comprobaciones de un paso no dicen en español qué paso, qué "
              "se esperaba y qué llegó (añade << \"Paso N: …\").")
        return 1
    print("✓ Cada comprobación de las pruebas de un paso lleva su mensaje «Paso N: …».")
    return 0


# ── errores: el catálogo de errores comunes, comprobado (CI) ──────────────

MISTAKES = ROOT / "tools" / "errores"


def mistake_info(patch: Path) -> dict[str, str]:
    """La cabecera de un error del catálogo: «Paso:», «Error:» y «Síntoma:»,
    las líneas antes del diff."""
    info: dict[str, str] = {}
    for line in patch.read_text("utf-8").splitlines():
        if line.startswith(("diff ", "--- ")):
            break
        if m := re.match(r"(Paso|Error|Síntoma):\s*(.*)", line):
            info[m.group(1)] = m.group(2).strip()
    return info


def step_messages(junit: Path, step: int) -> tuple[int, list[tuple[str, str]]]:
    """(pruebas del paso que fallan, [(prueba, su primer mensaje «Paso N: …»)])."""
    failing = [(name, out) for name, ok, out in junit_cases(junit) if not ok]
    told = []
    for name, out in failing:
        line = next((l.strip() for l in out.splitlines()
                     if re.match(rf"\s*Paso {step}: ", l)), None)
        if line:
            told.append((name, line))
    return len(failing), told


def patched_files(patch: Path) -> list[str]:
    """Los archivos que cambia un parche, en el orden en que aparecen."""
    return re.findall(r"^diff --git a/(\S+) ", patch.read_text("utf-8"), re.M)


def check_mistakes(n: int) -> int:
    """Cada error del catálogo de la práctica n (tools/errores/pNN-*.patch,
    un parche contra la solución): con él aplicado sobre el starter con todos
    los pasos hechos, alguna prueba de su paso falla y dice «Paso N: …»."""
    name = practice_dir(n)
    # Seguidos los que tocan el mismo archivo: al pasar de uno al siguiente se
    # recompila una sola unidad (la que se deshace es la que se vuelve a tocar).
    patches = sorted(MISTAKES.glob(f"p{n:02d}-*.patch"), key=lambda p: (patched_files(p), p.stem))
    print(f"▸ Práctica {n:02d}: {len(patches)} errores comunes del catálogo", flush=True)
    # Los parches se aplican a una copia de la solución; el starter que sale de
    # ella se escribe en practicaNN/starter, prestado (borrowed_build).
    tree = PASOS_WORK / "arbol"
    solution = tree / "solutions" / name
    _, steps = generate(ROOT / "solutions" / name)
    total_steps = max(s.number for s in steps)
    with borrowed_build(name) as build:
        return sum(check_mistake(n, name, patch, tree, solution, build, total_steps)
                   for patch in patches)


def check_mistake(n: int, name: str, patch: Path, tree: Path, solution: Path,
                  build: Path, total_steps: int) -> int:
    """1 si el error del parche no lo detecta su paso con un mensaje; si no, 0."""
    info = mistake_info(patch)
    step = int(info.get("Paso", "0"))
    label = f"{patch.stem} (paso {step})"
    sync_tree(ROOT / "solutions" / name, solution)
    # El árbol está dentro del repositorio: sin el techo, git apply
    # aplicaría las rutas desde la raíz del repositorio y se saltaría el parche.
    applied = subprocess.run(["git", "apply", str(patch)], cwd=tree,
                             capture_output=True, text=True,
                             env={**os.environ, "GIT_CEILING_DIRECTORIES": str(PASOS_WORK)})
    if not step or not info.get("Error") or not info.get("Síntoma"):
        print(f"✗ {label}: le falta «Paso:», «Error:» o «Síntoma:» en la cabecera")
        return 1
    if applied.returncode != 0:
        print(f"✗ {label}: el parche ya no se aplica a la solución\n{applied.stderr}")
        return 1
    write_starter(name, solution, total_steps)
    r = subprocess.run(["cmake", "--build", str(build), "--target", f"p{n:02d}_tests_starter"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"✗ {label}: con el error el starter no compila (un error del catálogo "
              f"debe compilar)\n{r.stdout[-2000:]}")
        return 1
    junit = PASOS_WORK / f"errores-{patch.stem}.xml"
    junit.unlink(missing_ok=True)
    subprocess.run(["ctest", "--test-dir", str(build), "-R",
                    step_regex(n, step), "-j", "4", "--timeout", "60",
                    "--output-junit", str(junit)], capture_output=True)
    failed, told = step_messages(junit, step)
    if failed and told:
        test, line = told[0]
        print(f"  ✓ {label}: {failed} pruebas del paso {step} fallan; "
              f"{test.split('.', 2)[-1]}: {line[:110]}")
        return 0
    why = ("ninguna prueba del paso falla" if not failed else
           f"fallan {failed}, pero ninguna dice «Paso {step}: …»")
    print(f"✗ {label}: {info['Error']}\n    {why}")
    return 1


CATALOGUE = re.compile(r"<!-- catálogo.*?<!-- /catálogo -->\n", re.S)


def catalogue_block(n: int) -> str:
    """La tabla de «Errores comunes» de un README, hecha con tools/errores/."""
    patches = sorted(MISTAKES.glob(f"p{n:02d}-*.patch"),
                     key=lambda p: (int(mistake_info(p).get("Paso", "0")), p.stem))
    rows = ["| Paso | Error | Qué se ve | Parche |", "| --- | --- | --- | --- |"]
    for p in patches:
        i = mistake_info(p)
        rows.append(f"| {i.get('Paso')} | {i.get('Error')} | {i.get('Síntoma')} | "
                    f"[`{p.stem}`](../tools/errores/{p.name}) |")
    return ("<!-- catálogo: generado de tools/errores/ con python3 tools/taller.py errores "
            "--tablas; CI lo comprueba -->\n"
            "Estos errores los comete casi todo el mundo alguna vez. Cada uno es un parche "
            "pequeño contra la solución en `tools/errores/`, y CI comprueba "
            "(`python3 tools/taller.py errores`) que las pruebas de su paso lo detectan con un "
            "mensaje que empieza por «Paso N:». Si ves ese síntoma, mira esa parte de tu código."
            "\n\n" + "\n".join(rows) + "\n<!-- /catálogo -->\n")


def check_catalogue_tables(write: bool = False) -> int:
    bad = 0
    for n, name in practices():
        path = ROOT / name / "README.md"
        text = path.read_text("utf-8")
        block = catalogue_block(n)
        m = CATALOGUE.search(text)
        if m and m.group(0) == block:
            continue
        if write:
            text = CATALOGUE.sub(lambda _: block, text) if m else \
                text.replace("## Errores comunes\n\n", "## Errores comunes\n\n" + block + "\n", 1)
            path.write_text(text, "utf-8")
            print(f"↺ {name}/README.md: tabla de errores comunes al día")
        else:
            bad += 1
            print(f"✗ {name}/README.md: la tabla de «Errores comunes» no es la de tools/errores/ "
                  "(python3 tools/taller.py errores --tablas)")
    return bad


def cmd_errores(args: argparse.Namespace) -> int:
    if args.tablas:
        check_catalogue_tables(write=True)
        return 0
    chosen = [n for n, _ in practices() if args.practica in (None, n)]
    bad = sum(check_mistakes(n) for n in chosen)
    if bad:
        print(f"✗ {bad} errores del catálogo no los detecta su paso con un mensaje «Paso N: …»")
        return 1
    print("✓ cada error del catálogo lo detecta una prueba de su paso, con su mensaje")
    return 0


# argparse escribe sus mensajes en inglés (gettext sin traducción): estos son
# los que puede ver quien usa ./taller.
SPANISH = {
    "usage: ": "uso: ",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos que no conozco: %s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r (se espera un número)",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "orden desconocida: %(value)r (elige entre %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "show this help message and exit": "muestra esta ayuda y termina",
    "positional arguments": "argumentos",
    "options": "opciones",
    "optional arguments": "opciones",
    "expected one argument": "falta su valor",
}
argparse._ = lambda text: SPANISH.get(text, text)  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(prog="taller", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="orden", required=True)
    g = sub.add_parser("generar", help="regenera los starters desde solutions/")
    g.add_argument("--comprobar", action="store_true",
                   help="no escribe: falla si algún starter no coincide (CI)")
    g.add_argument("--forzar", action="store_true",
                   help="sobrescribe aunque el starter tenga cambios sin confirmar")
    p = sub.add_parser("progreso", help="compila y muestra tus pasos hechos")
    p.add_argument("practica", nargs="?", type=int)
    h = sub.add_parser("pista", help="muestra la pista de un paso")
    h.add_argument("practica", type=int)
    h.add_argument("paso", type=int)
    h.add_argument("nivel", nargs="?", type=int, default=1,
                   help="1 en qué pensar (por omisión), 2 qué usar, 3 un esbozo")
    c = sub.add_parser("pasos", help="profesorado: comprueba paso a paso que las pruebas "
                                     "pasan con los pasos hechos y fallan sin ellos")
    c.add_argument("practica", nargs="?", type=int)
    v = sub.add_parser("vigilar", help="en cada guardado, compila y prueba el paso en el que estás")
    v.add_argument("practica", nargs="?", type=int)
    v.add_argument("--vueltas", type=int, default=0,
                   help="termina tras este número de vueltas (0: hasta Ctrl+C)")
    r = sub.add_parser("reiniciar", help="devuelve un paso o un archivo del starter a como "
                                         "estaba, con copia de lo que tenías")
    r.add_argument("practica", type=int)
    r.add_argument("que", help="número de paso o archivo (p01/messages.cpp)")
    e = sub.add_parser("errores", help="CI: cada error común del catálogo (tools/errores/) "
                                       "lo detecta una prueba de su paso")
    e.add_argument("practica", nargs="?", type=int)
    e.add_argument("--tablas", action="store_true",
                   help="reescribe la tabla de «Errores comunes» de cada README")
    sub.add_parser("ordenes", help="CI: cada orden de ctest de los README y de progreso "
                                   "elige exactamente lo que nombra")
    t = sub.add_parser("tamano", help="cuántas líneas de código escribe el estudiante en cada paso")
    t.add_argument("practica", nargs="?", type=int)
    sub.add_parser("mensajes", help="CI: cada comprobación de una prueba de un paso lleva "
                                    "un mensaje «Paso N: …» en español")
    f = sub.add_parser("fragmentos", help="CI: cada trozo de código C++ y JS de los README "
                                          "compila en su sitio de la solución")
    f.add_argument("practica", nargs="?", type=int)
    args = parser.parse_args()
    give_back_abandoned_starters()
    return {"mensajes": cmd_mensajes, "fragmentos": cmd_fragmentos, "tamano": cmd_tamano, "generar": cmd_generar, "progreso": cmd_progreso, "pista": cmd_pista,
            "pasos": cmd_pasos, "ordenes": cmd_ordenes,
            "vigilar": cmd_vigilar, "reiniciar": cmd_reiniciar, "errores": cmd_errores}[args.orden](args)


if __name__ == "__main__":
    sys.exit(main())
