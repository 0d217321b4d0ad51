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

namespace p02 {
namespace {

constexpr double bytes_per_mb = 1024.0 * 1024.0;

// Campos de una línea "cpu" de /proc/stat que usamos, en este orden:
// user nice system idle iowait irq softirq steal guest guest_nice.
constexpr std::size_t cpu_field_count = 10;

// Primera línea de un fichero; nullopt si no se puede abrir o está vacío.
std::optional<std::string> read_first_line(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  return line;
}

// Parte un texto en palabras separadas por espacios o tabuladores.
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = text.find_first_not_of(" \t");
  while (start != std::string_view::npos) {
    const std::size_t end = text.find_first_of(" \t", start);
    words.push_back(text.substr(start, end - start));
    start = text.find_first_not_of(" \t", end);
  }
  return words;
}

// Convierte el texto completo a número; nullopt si sobra o falta algo.
template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(text.data(), last, value);
  if (error != std::errc{} || end != last) return std::nullopt;
  return value;
}

// Convierte hasta max_count palabras desde words[first]; nullopt si alguna no es un número.
template <typename T>
std::optional<std::vector<T>> parse_numbers(const std::vector<std::string_view>& words,
                                            std::size_t first, std::size_t max_count) {
  std::vector<T> numbers;
  for (std::size_t i = first; i < words.size() && numbers.size() < max_count; ++i) {
    const auto number = parse_number<T>(words[i]);
    if (!number) return std::nullopt;
    numbers.push_back(*number);
  }
  return numbers;
}

// Un opcional vacío se convierte en null de JSON.
template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Redondea a 1 decimal exactamente como round(x, 1) de Python (to_chars redondea el valor exacto).
double round1(double value) {
  char text[64];
  const auto written = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 1);
  if (written.ec != std::errc{}) return value;
  double rounded = value;
  std::from_chars(text, written.ptr, rounded);
  return rounded;
}

// used / total * 100 redondeado a 1 decimal; 0.0 si total es 0 (usage_percent de psutil).
double usage_percent(double used, double total) {
  if (total == 0.0) return 0.0;
  return round1(used / total * 100.0);
}

// Bytes por segundo entre dos contadores; 0 si no hay intervalo o el contador se reinició.
double per_second(std::uint64_t current, std::uint64_t previous, double seconds) {
  if (seconds <= 0.0 || current < previous) return 0.0;
  return static_cast<double>(current - previous) / seconds;
}

// Porcentaje ocupado de una CPU entre dos lecturas, como psutil.cpu_percent().
double busy_percent(const std::vector<std::uint64_t>& before,
                    const std::vector<std::uint64_t>& after) {
  // Los campos que el kernel no da quedan a 0; psutil recorta a 0 los que bajan.
  std::vector<std::uint64_t> delta(cpu_field_count, 0);
  for (std::size_t i = 0; i < std::min(before.size(), after.size()); ++i)
    delta[i] = after[i] > before[i] ? after[i] - before[i] : 0;
  // TODO PASO 1 ▸ Calcula el porcentaje de CPU a partir de los ticks
  //   delta[i] tiene los ticks que ha sumado cada campo entre las dos lecturas, en el orden
  //   user nice system idle(3) iowait(4) irq softirq steal guest(8) guest_nice(9).
  //   total = suma de todos los campos menos guest y guest_nice (ya van dentro de user y nice).
  //   ocupado = total - idle - iowait. Devuelve usage_percent(ocupado, total).
  return 0.0;
  // FIN PASO 1
}

}  // namespace

double steady_seconds() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double>(now).count();
}

double epoch_seconds() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
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
  //   Las líneas que empiezan por "cpu" traen ticks: user nice system idle iowait irq
  //   softirq steal guest guest_nice. La primera, "cpu", es el total; las "cpuN", los núcleos.
  //   Guarda como mucho cpu_field_count números por línea (usa parse_numbers). Si una línea
  //   está mal (no son números, menos de 4, "cpu" no va primera), devuelve std::nullopt.
  return std::nullopt;
  // FIN PASO 1
}

std::optional<double> metrics_collector::read_frequency_mhz() const {
  // TODO PASO 1 ▸ Lee la frecuencia media de la CPU
  //   Cada carpeta policy* de sys/devices/system/cpu/cpufreq tiene scaling_cur_freq en kHz.
  //   Devuelve la media en MHz (kHz / 1000) de las que se puedan leer, o std::nullopt.
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
  //   Cada línea es "Clave:   valor kB". Guarda cada valor en bytes (valor * 1024) con la
  //   clave sin los dos puntos. Si no se puede abrir o una línea no tiene ese formato,
  //   devuelve std::nullopt.
  return std::nullopt;
  // FIN PASO 1
}

nlohmann::json metrics_collector::memory_json() const {
  // TODO PASO 1 ▸ Calcula la memoria como psutil.virtual_memory()
  //   Con read_meminfo(): si falta MemTotal, MemFree o MemAvailable, devuelve nullptr.
  //   disponible = MemAvailable; percent = usage_percent(total - disponible, total).
  //   usada = total - MemFree - Buffers - (Cached + SReclaimable); si sale negativa, total - MemFree.
  //   Devuelve percent, total_mb, available_mb y used_mb (MB = bytes / 1024 / 1024).
  return nullptr;
  // FIN PASO 1
}

// ---------------------------------------------------------------- Disco

nlohmann::json metrics_collector::disk_json() const {
  // TODO PASO 2 ▸ Calcula el uso de disco como psutil.disk_usage()
  //   options_.disk_space_of(options_.disk_path) da total, free y avail en bytes (o nullopt).
  //   usado = total - free; percent = usage_percent(usado, usado + avail): así no cuenta los
  //   bloques reservados para root. Devuelve GB (bytes / 1024^3); free_gb es avail.
  return nullptr;
  // FIN PASO 2
}

// ---------------------------------------------------------------- Red

std::optional<metrics_collector::net_bytes> metrics_collector::read_net_bytes() const {
  // TODO PASO 2 ▸ Suma los bytes de red de /proc/net/dev
  //   Tras 2 líneas de cabecera, cada línea es "nombre: 16 números"; el 1º son los bytes
  //   recibidos y el 9º los enviados. Busca el ÚLTIMO ':' (como psutil) y suma todas las
  //   interfaces salvo "lo". Si una línea no tiene ese formato, devuelve std::nullopt.
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
  //   /proc/self/stat es "pid (nombre) estado ...". El nombre puede llevar espacios y
  //   paréntesis: busca el ÚLTIMO ')'. Tras él, la palabra 11 (contando desde 0) es utime
  //   y la 12 es stime, en ticks. Devuelve utime + stime, o std::nullopt si algo falla.
  return std::nullopt;
  // FIN PASO 2
}

std::optional<std::uint64_t> metrics_collector::read_process_rss_bytes() const {
  // TODO PASO 2 ▸ Lee la memoria residente (RSS) del propio proceso
  //   /proc/self/statm da tamaños en páginas; el 2º número es la RSS.
  //   Devuelve RSS * options_.page_size (bytes), o std::nullopt si algo falla.
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
