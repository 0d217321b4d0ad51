// Lo que comparten config.cpp (los secretos, el entorno y la carga) y
// config_file.cpp (las secciones del fichero). Interno de la biblioteca.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "p03/config.hpp"

namespace p03 {

// Un error de configuración con el mensaje para quien arranca el servidor. Solo
// viaja dentro de config.cpp y config_file.cpp: parse_config lo convierte en el
// texto que devuelve.
struct config_error {
  std::string message;
};

// Topes de los números del fichero y del entorno.
constexpr std::int64_t max_connections_limit = 1'000'000;
constexpr std::int64_t max_seconds = 86'400;  // un día
constexpr std::int64_t max_port = 65'535;
// Topes del tamaño: la configuración se lee entera en memoria al arrancar.
constexpr std::size_t max_file_bytes = 1 << 20;  // 1 MiB
constexpr std::size_t max_list_items = 1000;     // usuarios, destinatarios, canales…

// "path.key", o solo "key" en la raíz del fichero.
inline std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// Todo lo que dice el fichero, sin mirar todavía el entorno. Lanza config_error.
monitor_config read_file(const nlohmann::json& file);

}  // namespace p03
