#pragma once
#include <chrono>
#include <string>

namespace taller {

// Fecha y hora en ISO-8601 UTC con milisegundos: "2026-11-22T08:23:39.123Z".
std::string iso_time(std::chrono::system_clock::time_point t);
std::string iso_now();
// Segundos desde 1970, ahora (el reloj de pared del sistema).
double epoch_seconds();
// Segundos desde 1970 (como los guardan el monitor y las alertas) en ISO-8601
// UTC. Un valor no finito o fuera de los años 1970-2199 se acota a ese rango.
std::string iso_seconds(double epoch_seconds);

}  // namespace taller
