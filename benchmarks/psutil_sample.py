#!/usr/bin/env python3
"""Mide cuánto tarda psutil en tomar la misma muestra que p02::metrics_collector::sample().

Uso: python3 benchmarks/psutil_sample.py [--iteraciones N] [--json]
Necesita psutil (en Debian: apt-get install -y python3-psutil; si el python3 del PATH
no lo ve, ejecuta /usr/bin/python3).
"""
import argparse
import json
import os
import time

import psutil

PROCESO = psutil.Process()


def cpu():
    frecuencia = None
    try:
        actual = psutil.cpu_freq()
        frecuencia = actual.current if actual else None
    except (NotImplementedError, FileNotFoundError):
        pass
    return {
        "percent_total": psutil.cpu_percent(interval=None),
        "percent_per_core": psutil.cpu_percent(interval=None, percpu=True),
        "count": psutil.cpu_count(),
        "frequency_mhz": frecuencia,
    }


def memoria():
    m = psutil.virtual_memory()
    mb = 1024 * 1024
    return {"percent": m.percent, "total_mb": m.total / mb,
            "available_mb": m.available / mb, "used_mb": m.used / mb}


def disco():
    d = psutil.disk_usage("/")
    gb = 1024 ** 3
    return {"percent": d.percent, "total_gb": d.total / gb,
            "used_gb": d.used / gb, "free_gb": d.free / gb}


class Red:
    """Suma de todas las interfaces salvo lo, con velocidad desde la muestra anterior."""

    def __init__(self):
        self.anterior = None

    def __call__(self):
        ahora = time.monotonic()
        nics = psutil.net_io_counters(pernic=True)
        enviados = sum(n.bytes_sent for nombre, n in nics.items() if nombre != "lo")
        recibidos = sum(n.bytes_recv for nombre, n in nics.items() if nombre != "lo")
        env_s = rec_s = 0.0
        if self.anterior:
            t0, e0, r0 = self.anterior
            if ahora > t0:
                env_s = max(0, enviados - e0) / (ahora - t0)
                rec_s = max(0, recibidos - r0) / (ahora - t0)
        self.anterior = (ahora, enviados, recibidos)
        mb = 1024 * 1024
        return {"bytes_sent_mb": enviados / mb, "bytes_recv_mb": recibidos / mb,
                "sent_bytes_per_s": env_s, "recv_bytes_per_s": rec_s}


def proceso():
    return {"memory_mb": PROCESO.memory_info().rss / (1024 * 1024),
            "cpu_percent": PROCESO.cpu_percent(interval=None)}


def uptime():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iteraciones", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="imprime también una muestra")
    args = parser.parse_args()

    red = Red()

    def muestra():
        return {"timestamp": time.time(), "cpu": cpu(), "memory": memoria(), "disk": disco(),
                "network": red(), "process": proceso(),
                "load_average": list(os.getloadavg()), "uptime_s": uptime()}

    muestra()  # la primera solo fija las referencias, como en el colector C++
    inicio = time.perf_counter()
    for _ in range(args.iteraciones):
        ultima = muestra()
    segundos = time.perf_counter() - inicio
    print(f"psutil {psutil.__version__}: {segundos / args.iteraciones * 1e6:.1f} us por muestra "
          f"({args.iteraciones} iteraciones)")
    if args.json:
        print(json.dumps(ultima, indent=2))


if __name__ == "__main__":
    main()
