// El monitor de conexiones: cuenta lo que pasa en el servidor (conexiones,
// mensajes, bytes, errores), guarda un historial acotado y lo enseña en JSON
// para la API REST y en familias de Prometheus para GET /metrics.
//
// Memoria acotada: una conexión cerrada sale de la tabla (el prototipo las
// guardaba para siempre), las duraciones, los tipos de error, los errores por
// segundo y el historial tienen un tamaño máximo. Con miles de conexiones y
// desconexiones al día, la memoria no crece.
//
// Hilos: solo se usa desde el hilo de red del servidor (io thread), como el
// resto del estado de las conexiones: no hay mutex. El reloj se inyecta (now
// devuelve segundos desde 1970): las pruebas avanzan el tiempo con números.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "p03/history.hpp"
#include "p03/prometheus.hpp"
#include "taller/subscriber.hpp"

namespace p03 {

// Duraciones de conexión que se guardan para la media (las más recientes).
inline constexpr std::size_t max_kept_durations = 1000;
// Tipos de error distintos que se cuentan por su nombre; el resto, en "other".
inline constexpr std::size_t max_error_types = 64;
// Segundos de la ventana de errors_per_minute.
inline constexpr std::size_t error_window_seconds = 60;

class connection_monitor : public taller::connection_observer {
 public:
  // now: la hora en segundos desde 1970 (en las pruebas, un reloj falso).
  // history_capacity: muestras que guarda cada historial.
  explicit connection_monitor(std::function<double()> now,
                              std::size_t history_capacity = default_history_capacity);

  // taller::connection_observer: el servidor avisa de la vida de cada conexión.
  // opened devuelve ids 1, 2, 3… y guarda counted, la cuenta de mensajes y
  // bytes que lleva la propia sesión (nullptr: una conexión que no cuenta
  // nada); closed la saca de la tabla, guarda su duración y suma su cuenta a
  // la de las ya cerradas; error cuenta un error de ese tipo.
  std::uint64_t opened(const taller::connection_info& info, std::weak_ptr<taller::subscriber> sub,
                       std::shared_ptr<const taller::traffic> counted) override;
  void closed(std::uint64_t id) override;
  void error(std::string_view type) override;

  // Conexiones vivas desde esa IP (para el límite por dirección). Recorre la
  // tabla: se llama una vez por conexión nueva y la tabla está acotada.
  std::size_t connections_from(const std::string& ip) const;

  std::uint64_t total_connections() const { return total_connections_; }
  std::size_t current_connections() const { return connections_.size(); }
  // Conexiones vivas en ese canal (0 si no hay ninguna).
  std::size_t channel_connections(const std::string& channel) const;
  // Canales con alguna conexión viva (las conexiones sin canal no cuentan).
  std::size_t active_channels() const { return channels_.size(); }
  // Usuarios con alguna conexión viva (las anónimas no cuentan).
  std::size_t users_connected() const { return users_.size(); }
  // Mensajes y bytes de todas las conexiones, las vivas y las ya cerradas.
  // Recorre la tabla (acotada): se pide una vez por consulta, no por mensaje.
  taller::traffic totals() const;
  std::uint64_t messages_sent() const { return totals().messages_sent; }
  std::uint64_t messages_received() const { return totals().messages_received; }
  std::uint64_t bytes_sent() const { return totals().bytes_sent; }
  std::uint64_t bytes_received() const { return totals().bytes_received; }
  // Errores por tipo: como mucho max_error_types tipos más "other".
  const std::map<std::string, std::uint64_t>& errors() const { return errors_; }
  // Errores de los últimos 60 s (contados por segundo).
  double errors_per_minute() const;
  // Media de las últimas max_kept_durations duraciones, en segundos (0 sin ninguna).
  double avg_connection_duration() const;
  std::size_t kept_durations() const { return durations_.size(); }
  // Segundos desde que se creó el monitor.
  double uptime() const { return now_() - started_at_; }

  // Guarda una muestra en cada historial: conexiones, mensajes y sistema (en %).
  void sample_history(double cpu_percent, double memory_percent);
  // Las limit muestras más recientes de "connections", "messages" o
  // "system_metrics", la más antigua primero; nullopt si el tipo no existe.
  std::optional<nlohmann::json> history_json(const std::string& metric_type,
                                             std::size_t limit) const;

  // GET /api/metrics: los totales, cpu_usage y memory_usage en %, timestamp ISO.
  nlohmann::json metrics_json(double cpu_usage, double memory_usage) const;
  // GET /api/connections: las limit conexiones vivas más nuevas, la más nueva primero.
  nlohmann::json connections_json(std::size_t limit) const;
  // GET /api/metrics/channel/{canal}: sus conexiones vivas y sus mensajes;
  // nullopt si el canal no tiene ninguna.
  std::optional<nlohmann::json> channel_json(const std::string& channel) const;
  // GET /metrics: las familias de Prometheus (unidades base: cpu y memory
  // llegan en % y se publican como fracción 0..1).
  std::vector<prom_family> prometheus_families(double cpu, double memory) const;

 private:
  // Una conexión viva y lo que ha hecho (counted: la cuenta de su sesión).
  struct connection {
    std::uint64_t id = 0;
    taller::connection_info info;
    double connected_at = 0;
    std::shared_ptr<const taller::traffic> counted;
  };
  // Los errores de un segundo: second dice de qué segundo son.
  struct error_second {
    std::int64_t second = 0;
    std::uint64_t count = 0;
  };

  static nlohmann::json connection_json(const connection& c);

  std::function<double()> now_;
  double started_at_;
  std::uint64_t last_id_ = 0;

  // Tabla de conexiones vivas. Los ids crecen: en orden inverso, la más nueva primero.
  std::map<std::uint64_t, connection> connections_;
  std::map<std::string, std::size_t> channels_;  // canal → conexiones vivas
  std::unordered_map<std::string, std::unordered_set<std::uint64_t>> users_;  // usuario → ids

  std::uint64_t total_connections_ = 0;
  taller::traffic closed_traffic_;  // la suma de las conexiones ya cerradas
  std::deque<double> durations_;    // como mucho max_kept_durations
  std::map<std::string, std::uint64_t> errors_;
  std::array<error_second, error_window_seconds> error_seconds_{};  // por segundo % 60

  ring<connections_sample> connections_history_;
  ring<messages_sample> messages_history_;
  ring<system_sample> system_history_;
};

}  // namespace p03
