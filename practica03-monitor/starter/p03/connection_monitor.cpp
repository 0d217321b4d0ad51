#include "p03/connection_monitor.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include "taller/clock.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

// El segundo entero de una hora y su casilla en la ventana de errores.
[[maybe_unused]] std::int64_t whole_second(double seconds) { return static_cast<std::int64_t>(std::floor(seconds)); }
[[maybe_unused]] std::size_t slot_of(std::int64_t second) {
  const auto n = static_cast<std::int64_t>(error_window_seconds);
  return static_cast<std::size_t>((second % n + n) % n);
}

// Las limit muestras más recientes de un historial, en un array JSON.
template <typename T>
[[maybe_unused]] json samples_json(const ring<T>& history, std::size_t limit) {
  json out = json::array();
  for (const auto& sample : history.last(limit)) out.push_back(sample.to_json());
  return out;
}

// Una familia de Prometheus con una sola muestra sin etiquetas.
prom_family single(std::string name, std::string help, std::string type, double value) {
  return {std::move(name), std::move(help), std::move(type), {{{}, value}}};
}

}  // namespace

connection_monitor::connection_monitor(std::function<double()> now, std::size_t history_capacity)
    : now_(std::move(now)),
      started_at_(now_()),
      connections_history_(history_capacity),
      messages_history_(history_capacity),
      system_history_(history_capacity) {}

// sub no se usa: el monitor cuenta, no entrega (entregar es cosa de los registros).
std::uint64_t connection_monitor::opened(const taller::connection_info& info,
                                         std::weak_ptr<taller::subscriber> /*sub*/,
                                         std::shared_ptr<const taller::traffic> counted) {
  const std::uint64_t id = ++last_id_;
  // TODO PASO 2 ▸ Registra una conexión nueva
  //   Al volver, la conexión está en connections_ con su info, la hora de now_() en
  //   connected_at y su cuenta counted (si llega nullptr, una cuenta vacía: nunca guardes un
  //   puntero nulo que luego se lea); total_connections_ cuenta una más, cada uno de sus canales
  //   tiene una conexión más en channels_ (un flujo SSE puede traer varios, "alerts,metrics":
  //   taller::channels_of los separa) y su id está en users_ bajo su usuario. Sin canal no es un
  //   canal y una anónima no es un usuario: la API no debe listar "".
  (void)info; (void)counted;
  // FIN PASO 2
  return id;
}

taller::traffic connection_monitor::totals() const {
  // TODO PASO 2 ▸ Suma el tráfico de todas las conexiones
  //   Cada sesión cuenta sus mensajes y bytes en su taller::traffic (la que llegó a opened), sin
  //   avisar al monitor en cada mensaje. Devuelve la suma de las cuentas de las conexiones vivas
  //   y de closed_traffic_, la de las ya cerradas: un total del servidor nunca baja porque
  //   alguien se desconecte. traffic tiene operator+= para sumar dos cuentas.
  return {};
  // FIN PASO 2
}

void connection_monitor::closed(std::uint64_t id) {
  // TODO PASO 2 ▸ Saca de la tabla una conexión cerrada
  //   Al volver, la conexión ya no está en connections_, su cuenta está sumada a closed_traffic_
  //   (lo que la sesión cuente después ya no suma: la conexión está cerrada), cada uno de sus
  //   canales tiene una menos (y sale de channels_ al llegar a 0) y su usuario pierde su id (y
  //   sale de users_ si se queda sin ids).
  //   De ella solo quedan esa cuenta y su duración, la más nueva de durations_, que nunca pasa de
  //   max_kept_durations (sale la más antigua). Un id desconocido no cambia nada. Así la memoria
  //   depende solo de las conexiones vivas, no de la historia del servidor.
  (void)id;
  // FIN PASO 2
}

void connection_monitor::error(std::string_view type) {
  // TODO PASO 2 ▸ Cuenta un error por tipo y por segundo
  //   Al volver, errors_ cuenta un error más de ese tipo; un tipo nuevo cuando ya hay
  //   max_error_types se cuenta en "other", para que nombres venidos de fuera no llenen el mapa.
  //   La casilla de error_seconds_ de este segundo (slot_of) cuenta uno más; si era de otro
  //   segundo, es de una vuelta anterior y empieza desde 0. El total por tipo no caduca.
  (void)type;
  // FIN PASO 2
}

double connection_monitor::errors_per_minute() const {
  // TODO PASO 2 ▸ Suma los errores de los últimos 60 segundos
  //   Devuelve cuántos errores hubo en el último minuto: solo cuentan las casillas cuyo segundo
  //   está en (ahora − 60, ahora]; las demás son de una vuelta anterior aunque sigan llenas.
  //   Sin errores recientes, 0. No cambia nada (es const): caducar es solo dejar de contar.
  return 0;
  // FIN PASO 2
}

double connection_monitor::avg_connection_duration() const {
  // TODO PASO 2 ▸ Calcula la duración media de las conexiones
  //   Devuelve la media, en segundos, de las duraciones de durations_ (las últimas
  //   max_kept_durations conexiones cerradas), o 0 si aún no se ha cerrado ninguna, sin dividir
  //   entre 0. Es el avg_connection_duration de /api/metrics.
  return 0;
  // FIN PASO 2
}

std::size_t connection_monitor::channel_connections(const std::string& channel) const {
  auto it = channels_.find(channel);
  return it == channels_.end() ? 0 : it->second;
}

void connection_monitor::sample_history(double cpu_percent, double memory_percent) {
  // TODO PASO 3 ▸ Guarda una muestra en cada historial
  //   Al volver, cada historial tiene una muestra más, las tres con la misma hora de now_():
  //   connections_history_ las conexiones vivas y las aceptadas, messages_history_ los mensajes
  //   enviados y recibidos, y system_history_ la CPU y la memoria recibidas (en %). La misma
  //   hora en las tres deja alineadas las gráficas de una misma toma.
  (void)cpu_percent; (void)memory_percent;
  // FIN PASO 3
}

std::optional<json> connection_monitor::history_json(const std::string& metric_type,
                                                     std::size_t limit) const {
  // TODO PASO 3 ▸ Devuelve un historial en JSON
  //   Para "connections", "messages" o "system_metrics", un array JSON con sus limit muestras
  //   más recientes (todas si hay menos), la más antigua primero (samples_json). Con cualquier
  //   otro nombre, std::nullopt: la API lo convierte en un 400 invalid_metric_type.
  (void)metric_type; (void)limit;
  return std::nullopt;
  // FIN PASO 3
}

json connection_monitor::metrics_json(double cpu_usage, double memory_usage) const {
  const taller::traffic all = totals();
  return {{"total_connections", total_connections_},
          {"current_connections", current_connections()},
          {"connections_per_channel", json(channels_)},
          {"messages_sent", all.messages_sent},
          {"messages_received", all.messages_received},
          {"bytes_sent", all.bytes_sent},
          {"bytes_received", all.bytes_received},
          {"avg_connection_duration", avg_connection_duration()},
          {"errors", json(errors_)},
          {"errors_per_minute", errors_per_minute()},
          {"uptime", uptime()},
          {"cpu_usage", cpu_usage},
          {"memory_usage", memory_usage},
          {"timestamp", taller::iso_seconds(now_())}};
}

json connection_monitor::connection_json(const connection& c) {
  return {
      {"id", c.id},
      {"transport", c.info.transport},
      {"channel", c.info.channel},
      {"user_id", c.info.user_id},
      {"remote", c.info.remote},
      {"connected_at", taller::iso_seconds(c.connected_at)},
      {"messages_sent", c.counted->messages_sent},
      {"messages_received", c.counted->messages_received},
      {"bytes_sent", c.counted->bytes_sent},
      {"bytes_received", c.counted->bytes_received},
      {"last_activity", taller::iso_seconds(std::max(c.connected_at, c.counted->last_activity))}};
}

json connection_monitor::connections_json(std::size_t limit) const {
  json out = json::array();
  for (auto it = connections_.rbegin(); it != connections_.rend() && out.size() < limit; ++it)
    out.push_back(connection_json(it->second));
  return out;
}

std::optional<json> connection_monitor::channel_json(const std::string& channel) const {
  if (!channels_.contains(channel)) return std::nullopt;
  json list = json::array();
  std::uint64_t sent = 0, received = 0;
  for (auto it = connections_.rbegin(); it != connections_.rend(); ++it) {
    const auto mine = taller::channels_of(it->second.info);
    if (std::find(mine.begin(), mine.end(), channel) == mine.end()) continue;
    sent += it->second.counted->messages_sent;
    received += it->second.counted->messages_received;
    list.push_back(connection_json(it->second));
  }
  return json{{"channel", channel},
              {"current_connections", list.size()},
              {"messages_sent", sent},
              {"messages_received", received},
              {"connections", std::move(list)}};
}

std::vector<prom_family> connection_monitor::prometheus_families(double cpu, double memory) const {
  auto number = [](std::uint64_t n) { return static_cast<double>(n); };
  const taller::traffic all = totals();
  prom_family per_channel{
      "taller_channel_connections", "Conexiones abiertas por canal.", "gauge", {}};
  for (const auto& [name, count] : channels_)
    per_channel.samples.push_back({{{"channel", name}}, number(count)});
  prom_family errors{"taller_errors_total", "Errores por tipo.", "counter", {}};
  for (const auto& [type, count] : errors_)
    errors.samples.push_back({{{"type", type}}, number(count)});
  return {
      single("taller_connections_total", "Conexiones aceptadas desde el arranque.", "counter",
             number(total_connections_)),
      single("taller_connections_current", "Conexiones abiertas ahora.", "gauge",
             number(current_connections())),
      per_channel,
      single("taller_messages_sent_total", "Mensajes enviados.", "counter",
             number(all.messages_sent)),
      single("taller_messages_received_total", "Mensajes recibidos.", "counter",
             number(all.messages_received)),
      single("taller_bytes_sent_total", "Bytes enviados.", "counter", number(all.bytes_sent)),
      single("taller_bytes_received_total", "Bytes recibidos.", "counter",
             number(all.bytes_received)),
      errors,
      single("taller_connection_duration_seconds_avg",
             "Duración media de las últimas conexiones cerradas.", "gauge",
             avg_connection_duration()),
      single("taller_uptime_seconds", "Segundos desde el arranque.", "gauge", uptime()),
      single("taller_cpu_usage_ratio", "Uso de CPU (0 a 1).", "gauge", cpu / 100),
      single("taller_memory_usage_ratio", "Uso de memoria (0 a 1).", "gauge", memory / 100),
  };
}

std::size_t connection_monitor::connections_from(const std::string& ip) const {
  std::size_t n = 0;
  for (const auto& [id, c] : connections_)
    if (c.info.remote.substr(0, c.info.remote.rfind(':')) == ip) ++n;
  return n;
}

}  // namespace p03
