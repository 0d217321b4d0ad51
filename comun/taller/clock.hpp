#pragma once
#include <chrono>
#include <string>

namespace taller {

// Fecha y hora en ISO-8601 UTC con milisegundos: "2026-11-22T08:23:39.123Z".
std::string iso_time(std::chrono::system_clock::time_point t);
std::string iso_now();

}  // namespace taller
