#!/usr/bin/env python3
"""Banco de difusión: cuánto cuesta entregar un mensaje a N clientes WebSocket o SSE.

Lo llama `./taller rendimiento` (que antes compila lo necesario). Compara cuatro
servidores en la misma ejecución, alternándolos dentro de cada repetición:

  referencia  el servidor de la práctica 04 (solución), compilado con -O2: escribe
              por el camino directo (taller::frame_socket, write_some sin esperar)
  async       el mismo programa con TALLER_ESCRITURA=async: el async_write y la
              cola de la Práctica 01 (lo que ahorra el camino directo)
  suelo       benchmarks/suelo_difusion: epoll, el frame se construye una vez y
              se escribe con send() en cada socket (el coste mínimo, casi todo núcleo)
  node        benchmarks/ws_node.mjs: el paquete ws de npm y el http de Node

Para cada servidor, transporte (ws, sse) y número de clientes: arranca el
servidor en un puerto libre, conecta los clientes con benchmarks/carga_difusion,
lee la memoria (VmRSS) antes y después de conectar, lee la CPU del servidor
(utime y stime de /proc/PID/stat) antes y después de las difusiones, y divide.

    python3 tools/rendimiento.py                         # 1k, 5k y 10k clientes, 2 repeticiones
    python3 tools/rendimiento.py --rapido                # prueba de humo (~30 s)
    python3 tools/rendimiento.py --clientes 2000 --repeticiones 3 --markdown /tmp/tabla.md
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import queue
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")
SERVIDORES = ("referencia", "async", "suelo", "node")
TRANSPORTES = ("ws", "sse")
MARGEN_ARCHIVOS = 100  # descriptores que no son clientes: el listener, epoll, la tubería…


# ── Funciones puras (tools/prueba_rendimiento.py las prueba sin servidores) ──

def parse_proc_stat(text: str) -> tuple[int, int]:
    """utime y stime (en ticks) de una línea de /proc/PID/stat.

    El nombre del programa va entre paréntesis y puede tener espacios o
    paréntesis: los campos se cuentan desde el último ')'.
    """
    fields = text[text.rindex(")") + 2:].split()
    # Tras el nombre, fields[0] es el campo 3 (estado); utime y stime son el 14 y el 15.
    return int(fields[11]), int(fields[12])


def parse_vmrss_kb(text: str) -> int:
    """VmRSS en KiB de un /proc/PID/status."""
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError("el proceso no tiene VmRSS (¿ha terminado?)")


def rondas_para(clientes: int, mensajes: int, minimo: int) -> int:
    """Rondas para que una medida entregue al menos `mensajes` (y como mínimo `minimo`).

    La CPU de /proc se cuenta en ticks de 10 ms: con pocos mensajes la
    división no dice nada, así que a 1k clientes hacen falta más rondas.
    """
    return max(minimo, math.ceil(mensajes / clientes))


def parse_conectados(line: str) -> tuple[int, int, float]:
    """«conectados OK FALLIDOS SEGUNDOS» del generador de carga."""
    palabra, ok, fallidos, segundos = line.split()
    if palabra != "conectados":
        raise ValueError(f"se esperaba «conectados …» y llegó «{line.strip()}»")
    return int(ok), int(fallidos), float(segundos)


def parse_resultado(line: str) -> dict:
    """«resultado {json}» del generador de carga."""
    palabra, _, resto = line.partition(" ")
    if palabra != "resultado":
        raise ValueError(f"se esperaba «resultado {{…}}» y llegó «{line.strip()}»")
    return json.loads(resto)


@dataclass
class Medida:
    """Una ejecución: un servidor, un transporte, N clientes, una repetición."""
    servidor: str
    transporte: str
    clientes: int
    repeticion: int
    usuario_us: float = 0.0      # CPU de usuario del servidor por mensaje entregado
    sistema_us: float = 0.0      # CPU de sistema (núcleo) por mensaje entregado
    rss_kb: float = 0.0          # VmRSS por conexión abierta
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    conexion_s: float = 0.0      # en abrir las N conexiones
    perdidos: int = 0            # mensajes esperados que no llegaron (también por conexiones fallidas)
    entregados: int = 0
    bytes_mensaje: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def cpu_us(self) -> float:
        return self.usuario_us + self.sistema_us


def medida_de(servidor: str, transporte: str, clientes: int, repeticion: int,
              ticks_antes: tuple[int, int], ticks_despues: tuple[int, int],
              rss_antes_kb: int, rss_despues_kb: int, conectados: tuple[int, int, float],
              resultado: dict) -> Medida:
    """Convierte las lecturas de /proc y lo que dijo el generador en una Medida."""
    ok, fallidos, segundos = conectados
    entregados = max(1, resultado["entregados"])
    por_mensaje = 1e6 / CLK_TCK / entregados
    return Medida(
        servidor, transporte, clientes, repeticion,
        usuario_us=(ticks_despues[0] - ticks_antes[0]) * por_mensaje,
        sistema_us=(ticks_despues[1] - ticks_antes[1]) * por_mensaje,
        rss_kb=(rss_despues_kb - rss_antes_kb) / max(1, ok),
        p50_ms=resultado["p50_ms"], p99_ms=resultado["p99_ms"], conexion_s=segundos,
        perdidos=resultado["perdidos"], entregados=resultado["entregados"],
        bytes_mensaje=resultado["bytes_por_mensaje"],
        extra={"fallidos": fallidos, "ultimo_p50_ms": resultado["ultimo_p50_ms"],
               "conexion_p99_ms": resultado["conexion_p99_ms"]})


def agrupa(medidas: list[Medida]) -> dict[tuple[str, int, str], list[Medida]]:
    """Las medidas por (transporte, clientes, servidor)."""
    grupos: dict[tuple[str, int, str], list[Medida]] = {}
    for m in medidas:
        grupos.setdefault((m.transporte, m.clientes, m.servidor), []).append(m)
    return grupos


def mediana(valores) -> float:
    return statistics.median(valores)


def tabla(medidas: list[Medida]) -> list[list[str]]:
    """Filas de la tabla (cabecera incluida): la mediana de las repeticiones y,
    en la CPU total, su rango."""
    filas = [["Transporte", "Clientes", "Servidor", "CPU µs/msg", "usuario", "sistema",
              "RSS KB/conexión", "p50 ms", "p99 ms", "Conexión s", "Perdidos"]]
    orden = {s: i for i, s in enumerate(SERVIDORES)}
    for (transporte, clientes, servidor), ms in sorted(
            agrupa(medidas).items(), key=lambda kv: (kv[0][0] != "ws", kv[0][1], orden.get(kv[0][2], 9))):
        cpu = [m.cpu_us for m in ms]
        rango = f" ({min(cpu):.1f}–{max(cpu):.1f})" if len(ms) > 1 else ""
        filas.append([
            "WebSocket" if transporte == "ws" else "SSE", f"{clientes}", servidor,
            f"{mediana(cpu):.2f}{rango}",
            f"{mediana(m.usuario_us for m in ms):.2f}", f"{mediana(m.sistema_us for m in ms):.2f}",
            f"{mediana(m.rss_kb for m in ms):.2f}",
            f"{mediana(m.p50_ms for m in ms):.2f}", f"{mediana(m.p99_ms for m in ms):.2f}",
            f"{mediana(m.conexion_s for m in ms):.2f}", f"{sum(m.perdidos for m in ms)}"])
    return filas


def texto_tabla(filas: list[list[str]]) -> str:
    anchos = [max(len(f[i]) for f in filas) for i in range(len(filas[0]))]
    lineas = ["  ".join(c.ljust(a) if i < 3 else c.rjust(a) for i, (c, a) in enumerate(zip(f, anchos)))
              for f in filas]
    lineas.insert(1, "  ".join("─" * a for a in anchos))
    return "\n".join(lineas)


def markdown_tabla(filas: list[list[str]]) -> str:
    cab = "| " + " | ".join(filas[0]) + " |"
    sep = "|" + "|".join(" --- " if i < 3 else " ---: " for i in range(len(filas[0]))) + "|"
    return "\n".join([cab, sep] + ["| " + " | ".join(f) + " |" for f in filas[1:]])


def objetivos(medidas: list[Medida]) -> list[tuple[str, str, bool]]:
    """Los objetivos del issue para el servidor de referencia: (qué, medido, ¿cumple?).

    Se comparan medianas de las repeticiones; la latencia solo con el mayor N.
    """
    g = agrupa(medidas)

    def med(transporte, clientes, servidor, atributo):
        ms = g.get((transporte, clientes, servidor))
        return None if not ms else mediana(getattr(m, atributo) for m in ms)

    res = []
    tamanos = sorted({m.clientes for m in medidas})
    for transporte, nombre in (("ws", "WebSocket"), ("sse", "SSE")):
        for n in tamanos:
            ref, suelo = med(transporte, n, "referencia", "cpu_us"), med(transporte, n, "suelo", "cpu_us")
            if ref is not None and suelo:
                res.append((f"{nombre} {n}: CPU por mensaje ≤ 1,10 × suelo",
                            f"{ref:.2f} / {suelo:.2f} µs = {ref / suelo:.2f}×", ref <= 1.10 * suelo))
        for n in tamanos:
            u = med(transporte, n, "referencia", "usuario_us")
            if u is not None:
                res.append((f"{nombre} {n}: CPU de usuario ≤ 0,8 µs/mensaje", f"{u:.2f} µs", u <= 0.8))
    for n in tamanos:
        ref, suelo = med("ws", n, "referencia", "rss_kb"), med("ws", n, "suelo", "rss_kb")
        if ref is not None and suelo is not None:
            cociente = f"{ref / suelo:.2f}×" if suelo > 0 else "—"
            res.append((f"WebSocket {n}: RSS por conexión en reposo ≤ 1,10 × suelo",
                        f"{ref:.2f} / {suelo:.2f} KB = {cociente}", ref <= 1.10 * suelo))
        rss = med("sse", n, "referencia", "rss_kb")
        if rss is not None:
            res.append((f"SSE {n}: RSS por flujo ≤ 2,5 KB", f"{rss:.2f} KB", rss <= 2.5))
    if tamanos:
        n = tamanos[-1]
        for transporte, nombre in (("ws", "WebSocket"), ("sse", "SSE")):
            ref, suelo = med(transporte, n, "referencia", "p99_ms"), med(transporte, n, "suelo", "p99_ms")
            if ref is not None and suelo:
                res.append((f"{nombre} {n}: p99 de la difusión ≤ 1,2 × suelo",
                            f"{ref:.1f} / {suelo:.1f} ms = {ref / suelo:.2f}×", ref <= 1.2 * suelo))
    perdidos = sum(m.perdidos for m in medidas if m.servidor == "referencia")
    res.append(("Ningún mensaje perdido (referencia)", f"{perdidos} perdidos", perdidos == 0))
    return res


def comprueba_archivos(necesarios: int) -> str | None:
    """Sube el límite blando de archivos abiertos si hace falta; un mensaje si no se puede."""
    blando, duro = resource.getrlimit(resource.RLIMIT_NOFILE)
    if blando >= necesarios:
        return None
    if duro == resource.RLIM_INFINITY or duro >= necesarios:
        resource.setrlimit(resource.RLIMIT_NOFILE, (necesarios, duro))
        return None
    return (f"El límite de archivos abiertos (ulimit -n) es {blando} (máximo {duro}) y hacen falta "
            f"{necesarios}: cada cliente es un socket en el generador y otro en el servidor.\n"
            f"  Súbelo (por ejemplo «ulimit -n {necesarios}» si tu sistema lo permite) o usa "
            f"menos clientes: --clientes {max(100, duro - MARGEN_ARCHIVOS)}")


# ── Procesos ─────────────────────────────────────────────────────────────────

def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def espera_puerto(puerto: int, proceso: subprocess.Popen, plazo: float = 20.0) -> None:
    """Espera a que el servidor acepte conexiones (o falla si termina o vence el plazo)."""
    limite = time.monotonic() + plazo
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            raise RuntimeError(f"el servidor terminó al arrancar (código {proceso.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", puerto), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)  # sondeo del puerto, con plazo
    raise RuntimeError(f"el servidor no abrió el puerto {puerto} en {plazo:.0f} s")


def calienta(puerto: int, transporte: str) -> None:
    """Abre y cierra una conexión del transporte: lo que el servidor inicializa una
    sola vez (OpenSSL para Sec-WebSocket-Accept, cachés…) no cuenta como memoria por conexión."""
    ruta = ("GET /ws?channel=calentar HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n") if transporte == "ws" else (
            "GET /sse/events?channel=calentar HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    with socket.create_connection(("127.0.0.1", puerto), timeout=10) as s:
        s.sendall(ruta.encode())
        recibido = b""
        while b"\r\n\r\n" not in recibido:
            trozo = s.recv(4096)
            if not trozo:
                break
            recibido += trozo


def lee_proc(pid: int, archivo: str) -> str:
    return Path(f"/proc/{pid}/{archivo}").read_text()


class Lineas:
    """Las líneas de la salida de un proceso, leídas en un hilo, con plazo."""

    def __init__(self, proceso: subprocess.Popen):
        self.cola: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._lee, args=(proceso,), daemon=True).start()

    def _lee(self, proceso):
        for linea in proceso.stdout:
            self.cola.put(linea)
        self.cola.put("")

    def siguiente(self, plazo: float, que: str) -> str:
        try:
            linea = self.cola.get(timeout=plazo)
        except queue.Empty:
            raise RuntimeError(f"el generador de carga no terminó de {que} en {plazo:.0f} s") from None
        if not linea:
            raise RuntimeError(f"el generador de carga terminó antes de {que}")
        return linea


@dataclass
class Programas:
    referencia: Path
    suelo: Path
    carga: Path
    node_script: Path


def orden_servidor(servidor: str, puerto: int, prog: Programas, clientes: int) -> tuple[list[str], dict]:
    entorno = dict(os.environ)
    entorno.pop("TALLER_ESCRITURA", None)
    if servidor in ("referencia", "async"):
        if servidor == "async":
            entorno["TALLER_ESCRITURA"] = "async"  # el async_write de la Práctica 01
        # Los límites de conexiones de la práctica 03 (503 y 429) se suben por el entorno;
        # los temporizadores que no son difusión (métricas, historial, alertas, panel,
        # heartbeat y ping) se espacian a una hora (el máximo de --interval) para que no se cuenten en la CPU.
        entorno["WEBSOCKET_MAX_CONNECTIONS"] = entorno["TALLER_MAX_PER_ADDRESS"] = str(clientes + 100)
        hora = "3600"
        return ([str(prog.referencia), "--port", str(puerto), "--address", "127.0.0.1",
                 "--interval", hora, "--heartbeat", hora, "--history-interval", hora,
                 "--alert-interval", hora, "--dashboard-interval", hora,
                 "--ping-interval", hora, "--ping-timeout", hora], entorno)
    if servidor == "suelo":
        return [str(prog.suelo), "--port", str(puerto)], entorno
    return ["node", str(prog.node_script), "--port", str(puerto)], entorno


def termina(proceso: subprocess.Popen) -> None:
    if proceso.poll() is None:
        proceso.send_signal(signal.SIGTERM)
        try:
            proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait()


def mide(servidor: str, transporte: str, clientes: int, repeticion: int, prog: Programas,
         args: argparse.Namespace) -> Medida:
    """Una ejecución completa: servidor, conexión, difusiones, lecturas de /proc."""
    puerto = puerto_libre()
    orden, entorno = orden_servidor(servidor, puerto, prog, clientes)
    rondas = rondas_para(clientes, args.mensajes, args.rondas)
    proceso = subprocess.Popen(orden, env=entorno, cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    carga = None
    try:
        espera_puerto(puerto, proceso)
        calienta(puerto, transporte)
        rss_antes = parse_vmrss_kb(lee_proc(proceso.pid, "status"))
        carga = subprocess.Popen(
            [str(prog.carga), "--port", str(puerto), "--transport", transporte,
             "--clients", str(clientes), "--rounds", str(rondas),
             "--interval-ms", str(args.intervalo_ms), "--timeout-ms", str(args.plazo_ms),
             "--addresses", str(args.direcciones), "--body-bytes", str(args.cuerpo)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        lineas = Lineas(carga)
        conectados = parse_conectados(lineas.siguiente(120, "conectar"))
        rss_despues = parse_vmrss_kb(lee_proc(proceso.pid, "status"))
        antes = parse_proc_stat(lee_proc(proceso.pid, "stat"))
        carga.stdin.write("difunde\n")
        carga.stdin.flush()
        plazo = rondas * (args.plazo_ms + args.intervalo_ms) / 1000 + 30
        resultado = parse_resultado(lineas.siguiente(plazo, "difundir"))
        despues = parse_proc_stat(lee_proc(proceso.pid, "stat"))
        return medida_de(servidor, transporte, clientes, repeticion, antes, despues,
                         rss_antes, rss_despues, conectados, resultado)
    except RuntimeError as e:
        error = proceso.stderr.read() if proceso.poll() is not None else ""
        raise RuntimeError(f"{servidor}/{transporte}/{clientes}: {e}\n{error}".strip()) from None
    finally:
        if carga is not None:
            carga.stdin.close()  # el generador cierra sus clientes y sale
            try:
                carga.wait(timeout=30)
            except subprocess.TimeoutExpired:
                carga.kill()
                carga.wait()
        termina(proceso)


# ── La máquina y la ejecución ────────────────────────────────────────────────

def primera_linea(orden: list[str]) -> str:
    try:
        return subprocess.run(orden, capture_output=True, text=True, check=True).stdout.splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "?"


def maquina() -> list[str]:
    modelo = "?"
    for linea in Path("/proc/cpuinfo").read_text().splitlines():
        if linea.startswith("model name"):
            modelo = linea.split(":", 1)[1].strip()
            break
    memoria = parse_vmrss_kb(Path("/proc/meminfo").read_text().replace("MemTotal:", "VmRSS:"))
    ws = json.loads((ROOT / "node_modules/ws/package.json").read_text())["version"]
    return [f"CPU: {modelo}, {os.cpu_count()} núcleos; memoria: {memoria / 1024 / 1024:.1f} GiB",
            f"Núcleo: Linux {platform.release()}; límite de archivos abiertos: "
            f"{resource.getrlimit(resource.RLIMIT_NOFILE)[0]}",
            f"Compilador: {primera_linea(['c++', '--version'])} (-O2)",
            f"Node.js {primera_linea(['node', '--version'])}, ws {ws}"]


def argumentos(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Banco de difusión WebSocket/SSE: referencia (directa y async), suelo y Node.")
    p.add_argument("--clientes", default="1000,5000,10000", help="números de clientes, con comas")
    p.add_argument("--repeticiones", type=int, default=2)
    p.add_argument("--transportes", default="ws,sse")
    p.add_argument("--servidores", default=",".join(SERVIDORES))
    p.add_argument("--mensajes", type=int, default=100_000,
                   help="mensajes entregados mínimos por medida (más rondas con pocos clientes)")
    p.add_argument("--rondas", type=int, default=10, help="rondas mínimas por medida")
    p.add_argument("--intervalo-ms", type=int, default=200, help="ms mínimos entre dos rondas")
    p.add_argument("--plazo-ms", type=int, default=10_000, help="plazo de una ronda: después, perdido")
    p.add_argument("--direcciones", type=int, default=50, help="direcciones de origen 127.0.0.1…K")
    p.add_argument("--cuerpo", type=int, default=500, help="bytes del cuerpo del POST (~590 por mensaje)")
    p.add_argument("--build", default="build-rendimiento", help="carpeta de compilación (-O2)")
    p.add_argument("--markdown", help="escribe también la tabla en Markdown en este archivo")
    p.add_argument("--rapido", action="store_true", help="prueba de humo: 500 clientes, 1 repetición")
    args = p.parse_args(argv)
    if args.rapido:
        args.clientes, args.repeticiones, args.mensajes, args.intervalo_ms = "500", 1, 5000, 50
    return args


def main(argv: list[str]) -> int:
    args = argumentos(argv)
    tamanos = [int(n) for n in args.clientes.split(",")]
    transportes = args.transportes.split(",")
    servidores = args.servidores.split(",")
    build = ROOT / args.build
    prog = Programas(build / "bin/solucion/p04-dashboard", build / "benchmarks/suelo_difusion",
                     build / "benchmarks/carga_difusion", ROOT / "benchmarks/ws_node.mjs")
    for ruta in (prog.referencia, prog.suelo, prog.carga):
        if not ruta.exists():
            print(f"✗ Falta {ruta.relative_to(ROOT)}: compílalo con ./taller rendimiento", file=sys.stderr)
            return 1
    if "node" in servidores and (shutil.which("node") is None or not (ROOT / "node_modules/ws").exists()):
        print("✗ El par de Node necesita node y node_modules/ws (npm ci)", file=sys.stderr)
        return 1
    if aviso := comprueba_archivos(max(tamanos) + MARGEN_ARCHIVOS):
        print("✗ " + aviso, file=sys.stderr)
        return 1

    inicio = time.monotonic()
    condiciones = maquina()
    print("\n".join("▸ " + c for c in condiciones))
    medidas: list[Medida] = []
    for rep in range(1, args.repeticiones + 1):
        for n in tamanos:
            for transporte in transportes:
                # Se alterna el orden de los servidores en cada repetición.
                giro = (rep - 1) % len(servidores)
                for servidor in servidores[giro:] + servidores[:giro]:
                    m = mide(servidor, transporte, n, rep, prog, args)
                    medidas.append(m)
                    print(f"  rep {rep} {transporte:3} {n:6} {servidor:10} "
                          f"CPU {m.cpu_us:6.2f} µs/msg ({m.usuario_us:.2f} + {m.sistema_us:.2f})  "
                          f"RSS {m.rss_kb:6.2f} KB/con  p50 {m.p50_ms:7.2f} ms  p99 {m.p99_ms:7.2f} ms  "
                          f"perdidos {m.perdidos}  {m.bytes_mensaje:.0f} B/msg", flush=True)
    duracion = time.monotonic() - inicio
    filas = tabla(medidas)
    print()
    print(texto_tabla(filas))
    print()
    lista = objetivos(medidas)
    for que, medido, cumple in lista:
        print(f"  {'✓ cumple   ' if cumple else '✗ no cumple'}  {que}: {medido}")
    if args.rapido:
        print("\n  (--rapido: pocas entregas por medida; la CPU por mensaje tiene una resolución de unos"
              " µs y solo sirve para ver que todo funciona)")
    print(f"\nDuración: {duracion / 60:.1f} min")
    if args.markdown:
        escribe_markdown(Path(args.markdown), filas, lista, medidas, condiciones, args, duracion)
    return 0


def escribe_markdown(ruta: Path, filas, lista, medidas, condiciones, args, duracion) -> None:
    rondas = {n: rondas_para(n, args.mensajes, args.rondas) for n in sorted({m.clientes for m in medidas})}
    partes = ["\n".join("- " + c for c in condiciones),
              f"- {args.repeticiones} repeticiones; rondas por medida: "
              + ", ".join(f"{n} clientes → {r}" for n, r in rondas.items())
              + f"; al menos {args.intervalo_ms} ms entre rondas; duración total {duracion / 60:.1f} min",
              markdown_tabla(filas),
              "| Objetivo (referencia) | Medido | |\n| --- | --- | --- |\n"
              + "\n".join(f"| {q} | {m} | {'cumple' if c else '**no cumple**'} |" for q, m, c in lista),
              "<details><summary>Cada medida</summary>\n\n| Rep | Transporte | Clientes | Servidor | "
              "usuario µs | sistema µs | RSS KB | p50 ms | p99 ms | último p50 ms | Conexión s | "
              "Perdidos | B/msg |\n|" + " --- |" * 13 + "\n"
              + "\n".join(f"| {m.repeticion} | {m.transporte} | {m.clientes} | {m.servidor} | "
                          f"{m.usuario_us:.2f} | {m.sistema_us:.2f} | {m.rss_kb:.2f} | {m.p50_ms:.2f} | "
                          f"{m.p99_ms:.2f} | {m.extra['ultimo_p50_ms']:.2f} | {m.conexion_s:.2f} | "
                          f"{m.perdidos} | {m.bytes_mensaje:.0f} |" for m in medidas)
              + "\n\n</details>"]
    ruta.write_text("\n\n".join(partes) + "\n", encoding="utf-8")
    print(f"Tabla en Markdown: {ruta}")


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except RuntimeError as e:
        print(f"✗ {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
