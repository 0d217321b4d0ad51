// Implementación del colector de métricas. Cada cálculo imita a psutil; el
// comentario de una línea junto a cada fórmula dice qué función de psutil copia.
#include "p02/metrics_collector.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <numeric>
#include <string_view>
#include <system_error>
#include <utility>

#include "p02/proc_text.hpp"

namespace p02 {
namespace {

constexpr double bytes_per_mb = 1024.0 * 1024.0;

// Campos de una línea "cpu" de /proc/stat que usamos, en este orden:
// user nice system idle iowait irq softirq steal guest guest_nice.
constexpr std::size_t cpu_field_count = 10;

// Porcentaje ocupado de una CPU entre dos lecturas, como psutil.cpu_percent().
double busy_percent(const std::vector<std::uint64_t>& before,
                    const std::vector<std::uint64_t>& after) {
  // Los campos que el kernel no da quedan a 0; psutil recorta a 0 los que bajan.
  std::vector<std::uint64_t> delta(cpu_field_count, 0);
  for (std::size_t i = 0; i < std::min(before.size(), after.size()); ++i)
    delta[i] = after[i] > before[i] ? after[i] - before[i] : 0;
  // TODO PASO 1 ▸ Calcula el porcentaje de CPU a partir de los ticks
  //   delta tiene lo que ha sumado cada campo entre dos lecturas, en el orden user nice system
  //   idle(3) iowait(4) irq softirq steal guest(8) guest_nice(9). Devuelve el % ocupado como
  //   psutil, con 1 decimal (usage_percent; 0.0 si no pasó ningún tick). El total no incluye
  //   guest ni guest_nice, que el kernel ya cuenta en user y nice, y lo ocupado es el total sin
  //   idle ni iowait: esperar al disco no es trabajar.
  return 0.0;
  // FIN PASO 1
}

}  // namespace

double steady_seconds() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double>(now).count();
}

std::optional<disk_space> statvfs_disk_space(const std::filesystem::path& path) {
  struct statvfs info {};
  if (::statvfs(path.c_str(), &info) != 0) return std::nullopt;
  const std::uint64_t block = info.f_frsize;
  return disk_space{info.f_blocks * block, info.f_bfree * block, info.f_bavail * block};
}

std::uint64_t system_page_size() {
  const long size = ::sysconf(_SC_PAGESIZE);
  return size > 0 ? static_cast<std::uint64_t>(size) : 4096;
}

double system_clock_ticks() {
  const long ticks = ::sysconf(_SC_CLK_TCK);
  return ticks > 0 ? static_cast<double>(ticks) : 100.0;
}

metrics_collector::metrics_collector(collector_options options) : options_(std::move(options)) {
  // Un gancho vacío vuelve a ser el del sistema real.
  if (!options_.steady_clock) options_.steady_clock = steady_seconds;
  if (!options_.wall_clock) options_.wall_clock = epoch_seconds;
  if (!options_.disk_space_of) options_.disk_space_of = statvfs_disk_space;
}

nlohmann::json metrics_collector::sample() {
  const double now = options_.steady_clock();
  nlohmann::json snapshot;
  snapshot["timestamp"] = options_.wall_clock();
  snapshot["cpu"] = cpu_json();
  snapshot["memory"] = memory_json();
  snapshot["disk"] = disk_json();
  snapshot["network"] = network_json(now);
  snapshot["process"] = process_json(now);
  snapshot["load_average"] = load_average_json();
  snapshot["uptime_s"] = uptime_json();
  return snapshot;
}

std::filesystem::path metrics_collector::under_root(const std::string& relative) const {
  return options_.root / relative;
}

// ---------------------------------------------------------------- CPU

std::optional<std::vector<metrics_collector::cpu_times>> metrics_collector::read_cpu_times() const {
  // TODO PASO 1 ▸ Lee los ticks de cada CPU de /proc/stat
  //   Devuelve los ticks de cada línea "cpu" de proc/stat (ábrelo con under_root, para que las
  //   pruebas pongan su /proc): primero "cpu", el total, y después cada "cpuN", con como mucho
  //   cpu_field_count números por línea; las demás líneas (intr, ctxt…) no cuentan. Sin archivo,
  //   sin líneas cpu o con una mal formada (no numérica, menos de 4 números, "cpu" que no va
  //   primera o se repite): std::nullopt. Así la CPU sale null y el resto de la muestra sigue.
  return std::nullopt;
  // FIN PASO 1
}

std::optional<double> metrics_collector::read_frequency_mhz() const {
  // TODO PASO 1 ▸ Lee la frecuencia media de la CPU
  //   Devuelve la media en MHz de scaling_cur_freq (viene en kHz) de cada carpeta policy* de
  //   sys/devices/system/cpu/cpufreq, como psutil.cpu_freq(). Las que no se pueden leer no
  //   cuentan; si no queda ninguna o la carpeta no existe (una máquina virtual sin cpufreq),
  //   std::nullopt sin lanzar: frequency_mhz sale null y el resto de la CPU sigue.
  return std::nullopt;
  // FIN PASO 1
}

nlohmann::json metrics_collector::cpu_json() {
  auto current = read_cpu_times();
  if (!current) return nullptr;
  // La primera muestra se compara consigo misma: fija la referencia y da 0.0 (interval=None).
  const std::vector<cpu_times>& previous = last_cpu_ ? *last_cpu_ : *current;
  nlohmann::json per_core = nlohmann::json::array();
  for (std::size_t i = 1; i < current->size(); ++i)
    per_core.push_back(i < previous.size() ? busy_percent(previous[i], (*current)[i]) : 0.0);
  nlohmann::json cpu;
  cpu["percent_total"] = busy_percent(previous[0], (*current)[0]);
  cpu["percent_per_core"] = per_core;
  cpu["count"] = current->size() - 1;  // número de líneas "cpuN"
  cpu["frequency_mhz"] = or_null(read_frequency_mhz());
  last_cpu_ = std::move(current);
  return cpu;
}

// ---------------------------------------------------------------- Memoria

std::optional<std::map<std::string, std::uint64_t>> metrics_collector::read_meminfo() const {
  // TODO PASO 1 ▸ Lee /proc/meminfo
  //   Devuelve un mapa clave → bytes con cada línea "Clave:   valor kB" de proc/meminfo (la
  //   clave sin los dos puntos; 1 kB son 1024 bytes); las líneas vacías no cuentan. Si el archivo
  //   no se abre o alguna línea no tiene esa forma, std::nullopt: un meminfo mal formado cuenta
  //   como ausente y la memoria sale null, en vez de dar cifras a medias.
  return std::nullopt;
  // FIN PASO 1
}

nlohmann::json metrics_collector::memory_json() const {
  // TODO PASO 1 ▸ Calcula la memoria como psutil.virtual_memory()
  //   Devuelve percent, total_mb, available_mb y used_mb como psutil.virtual_memory() (MB de
  //   1024 × 1024 bytes, solo percent redondeado), o nullptr si falta MemTotal, MemFree o
  //   MemAvailable. Disponible es MemAvailable (o MemFree si aquella supera al total): MemFree
  //   sola engaña, la caché la ocupa. percent es la parte no disponible; usada, total − MemFree −
  //   Buffers − caché (Cached + SReclaimable, si hay Cached), o total − MemFree si sale negativa.
  return nullptr;
  // FIN PASO 1
}

// ---------------------------------------------------------------- Disco

nlohmann::json metrics_collector::disk_json() const {
  // TODO PASO 2 ▸ Calcula el uso de disco como psutil.disk_usage()
  //   Mide options_.disk_path con options_.disk_space_of (no llames a statvfs: las pruebas lo
  //   sustituyen); si falla, nullptr. Devuelve percent, total_gb, used_gb y free_gb (GB de 1024³
  //   bytes) como psutil.disk_usage(): usado es total − free, free_gb es avail y percent es
  //   usado / (usado + avail), sin los bloques reservados para root: un usuario normal no
  //   puede usarlos, y con ellos el disco parecería tener sitio cuando ya no lo tiene.
  return nullptr;
  // FIN PASO 2
}

// ---------------------------------------------------------------- Red

std::optional<metrics_collector::net_bytes> metrics_collector::read_net_bytes() const {
  // TODO PASO 2 ▸ Suma los bytes de red de /proc/net/dev
  //   Devuelve los bytes recibidos y enviados sumando las interfaces de proc/net/dev salvo
  //   "lo" (el tráfico de la máquina consigo misma no sale a la red). Tras 2 líneas de cabecera,
  //   cada línea es "nombre: 16 números": el 1.º son los recibidos y el 9.º los enviados, y el
  //   nombre acaba en el ÚLTIMO ':' (como psutil). Una línea con otra forma, o sin las 2
  //   cabeceras, da std::nullopt: la red sale null y el resto de la muestra sigue.
  return std::nullopt;
  // FIN PASO 2
}

nlohmann::json metrics_collector::network_json(double now) {
  const auto bytes = read_net_bytes();
  if (!bytes) return nullptr;
  // Sin muestra anterior se compara consigo misma: velocidad 0.
  const net_bytes previous = last_net_.value_or(*bytes);
  const double seconds = last_net_ ? now - last_net_time_ : 0.0;
  nlohmann::json network;
  network["bytes_sent_mb"] = static_cast<double>(bytes->sent) / bytes_per_mb;
  network["bytes_recv_mb"] = static_cast<double>(bytes->recv) / bytes_per_mb;
  network["sent_bytes_per_s"] = per_second(bytes->sent, previous.sent, seconds);
  network["recv_bytes_per_s"] = per_second(bytes->recv, previous.recv, seconds);
  last_net_ = bytes;
  last_net_time_ = now;
  return network;
}

// ---------------------------------------------------------------- Proceso

std::optional<std::uint64_t> metrics_collector::read_process_ticks() const {
  // TODO PASO 2 ▸ Lee el tiempo de CPU del propio proceso
  //   Devuelve utime + stime (ticks de CPU del propio proceso) de proc/self/stat, que empieza
  //   por "pid (nombre) estado …". El nombre puede llevar espacios y paréntesis, así que se
  //   cuenta tras el ÚLTIMO ')': ahí la palabra 11 (desde 0) es utime y la 12, stime. Sin
  //   archivo, sin ')', con menos palabras o no numéricas: std::nullopt; cpu_percent sale null
  //   y memory_mb sigue.
  return std::nullopt;
  // FIN PASO 2
}

std::optional<std::uint64_t> metrics_collector::read_process_rss_bytes() const {
  // TODO PASO 2 ▸ Lee la memoria residente (RSS) del propio proceso
  //   Devuelve la memoria residente del proceso en bytes: proc/self/statm da tamaños en páginas
  //   y el 2.º número es la RSS; el tamaño de página es options_.page_size (las pruebas lo
  //   fijan). Sin archivo, con menos de 2 números o alguno no numérico: std::nullopt;
  //   memory_mb sale null y cpu_percent sigue.
  return std::nullopt;
  // FIN PASO 2
}

nlohmann::json metrics_collector::process_json(double now) {
  nlohmann::json process;
  process["memory_mb"] = nullptr;
  process["cpu_percent"] = nullptr;
  const auto rss = read_process_rss_bytes();
  if (rss) process["memory_mb"] = static_cast<double>(*rss) / bytes_per_mb;
  const auto ticks = read_process_ticks();
  if (!ticks) return process;
  double percent = 0.0;  // la primera muestra fija la referencia: 0.0, como psutil
  if (last_process_ticks_) {
    const double ticks_used =
        static_cast<double>(*ticks) - static_cast<double>(*last_process_ticks_);
    // Como Process.cpu_percent(): segundos de CPU / segundos de reloj * 100, 1 decimal.
    percent = usage_percent(ticks_used / options_.ticks_per_second, now - last_process_time_);
  }
  process["cpu_percent"] = percent;
  last_process_ticks_ = ticks;
  last_process_time_ = now;
  return process;
}

// ---------------------------------------------------------------- Carga y uptime

nlohmann::json metrics_collector::load_average_json() const {
  // Las 3 primeras cifras de /proc/loadavg: carga media de 1, 5 y 15 minutos.
  const auto line = read_first_line(under_root("proc/loadavg"));
  const auto loads = line ? parse_numbers<double>(split_words(*line), 0, 3) : std::nullopt;
  if (!loads || loads->size() != 3) return nullptr;
  return *loads;
}

nlohmann::json metrics_collector::uptime_json() const {
  // La primera cifra de /proc/uptime: segundos desde el arranque.
  const auto line = read_first_line(under_root("proc/uptime"));
  const auto words = line ? split_words(*line) : std::vector<std::string_view>{};
  if (words.empty()) return nullptr;
  return or_null(parse_number<double>(words[0]));
}

}  // namespace p02
