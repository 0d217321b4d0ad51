// Colector de métricas del sistema (Linux) con la misma semántica que psutil.
// Lee /proc y /sys bajo una raíz configurable para que los tests usen ficheros
// de ejemplo, y recibe el reloj y statvfs como funciones inyectables.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "taller/clock.hpp"

namespace p02 {

// Espacio de un sistema de ficheros, en bytes (lo que da statvfs).
struct disk_space {
  std::uint64_t total = 0;  // f_blocks * f_frsize
  std::uint64_t free = 0;   // f_bfree  * f_frsize (libre, incluidos los bloques reservados)
  std::uint64_t avail = 0;  // f_bavail * f_frsize (libre para usuarios normales)
};

// Funciones por defecto del sistema real.
double steady_seconds();      // reloj monotónico en segundos
using taller::epoch_seconds;  // segundos desde 1970 (para "timestamp")
std::optional<disk_space> statvfs_disk_space(
    const std::filesystem::path& path);  // llama a ::statvfs
std::uint64_t system_page_size();        // sysconf(_SC_PAGESIZE)
double system_clock_ticks();             // sysconf(_SC_CLK_TCK)

// Opciones del colector; cada campo tiene el valor por defecto del sistema real.
struct collector_options {
  std::filesystem::path root = "/";  // raíz bajo la que se leen proc/ y sys/
  std::filesystem::path disk_path =
      "/";  // ruta cuyo sistema de ficheros se mide (no cuelga de root)
  std::function<double()> steady_clock = steady_seconds;
  std::function<double()> wall_clock = epoch_seconds;
  std::function<std::optional<disk_space>(const std::filesystem::path&)> disk_space_of =
      statvfs_disk_space;
  std::uint64_t page_size = system_page_size();
  double ticks_per_second = system_clock_ticks();
};

// Toma instantáneas de CPU, memoria, disco, red y proceso. Guarda la muestra
// anterior para calcular porcentajes y velocidades por diferencia (nunca duerme).
class metrics_collector {
 public:
  explicit metrics_collector(collector_options options = {});

  // Una instantánea en JSON; los datos que no se pueden leer salen como null.
  nlohmann::json sample();

 private:
  using cpu_times = std::vector<std::uint64_t>;  // campos de una línea "cpu" de /proc/stat
  struct net_bytes {
    std::uint64_t sent = 0;
    std::uint64_t recv = 0;
  };

  nlohmann::json cpu_json();
  nlohmann::json memory_json() const;
  nlohmann::json disk_json() const;
  nlohmann::json network_json(double now);
  nlohmann::json process_json(double now);
  nlohmann::json load_average_json() const;
  nlohmann::json uptime_json() const;

  std::optional<std::vector<cpu_times>> read_cpu_times() const;
  std::optional<double> read_frequency_mhz() const;
  std::optional<std::map<std::string, std::uint64_t>> read_meminfo() const;
  std::optional<net_bytes> read_net_bytes() const;
  std::optional<std::uint64_t> read_process_ticks() const;
  std::optional<std::uint64_t> read_process_rss_bytes() const;
  std::filesystem::path under_root(const std::string& relative) const;

  collector_options options_;
  std::optional<std::vector<cpu_times>> last_cpu_;  // [0] = total, [1..] = núcleos
  std::optional<net_bytes> last_net_;
  double last_net_time_ = 0.0;
  std::optional<std::uint64_t> last_process_ticks_;
  double last_process_time_ = 0.0;
};

}  // namespace p02
