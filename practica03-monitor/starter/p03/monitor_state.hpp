// El estado de la práctica 03 y la forma de sus manejadores de ruta: lo que
// comparten server.cpp, api.cpp, sensor_routes.cpp, auth.cpp y timers.cpp.
// Interno de la biblioteca: las pruebas hablan con p03::server (server.hpp).
#pragma once
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "p02/metrics_collector.hpp"
#include "p02/service.hpp"
#include "p03/alerts.hpp"
#include "p03/channel_manager.hpp"
#include "p03/config.hpp"
#include "p03/connection_monitor.hpp"
#include "p03/notifiers.hpp"
#include "p03/sensors.hpp"
#include "taller/clock.hpp"
#include "taller/http.hpp"
#include "taller/http_session.hpp"
#include "taller/router.hpp"

namespace p03 {

// Los nombres de taller que usan todos los manejadores de la 03.
using taller::http_session;
using taller::request;
using taller::route_params;

constexpr std::size_t alert_history_capacity = 1000;  // registros de alertas guardados

// Quién entra (Paso 8): la admisión de cada conexión nueva, WebSocket (las
// rutas de auth.cpp) o SSE (la 02 la recibe al construir su estado). Guarda
// lo que necesita de la configuración y el monitor que cuenta las conexiones.
class gatekeeper final : public taller::admission {
 public:
  gatekeeper(const monitor_config& config, std::shared_ptr<const connection_monitor> monitor)
      : private_channels_(config.private_channels),
        jwt_secret_(config.jwt_secret),
        max_connections_(config.max_connections),
        max_per_address_(config.max_per_address),
        monitor_(std::move(monitor)) {}

  // El rechazo (401, 503, 429), o nada si se admite (auth.cpp).
  std::optional<taller::response> admit(const request& req, const std::string& channel,
                                        const std::string& remote) const override;

 private:
  std::set<std::string> private_channels_;
  std::string jwt_secret_;
  std::size_t max_connections_;
  std::size_t max_per_address_;
  std::shared_ptr<const connection_monitor> monitor_;
};

// El estado de la práctica 03, con el de la 02 dentro (solo desde el hilo de
// red). Construye el de la 02 dándole sus enlaces: el gestor de canales (que
// publica por los dos transportes y observa cada flujo) y la admisión.
struct monitor_state {
  monitor_state(p02::server_options options, monitor_config cfg)
      : config(std::move(cfg)),
        monitor(std::make_shared<connection_monitor>(p02::epoch_seconds)),
        gate(std::make_shared<gatekeeper>(config, monitor)),
        base(std::make_shared<p02::server_state>(
            std::move(options),
            [this](auto& ws, auto& sse) {
              // El gestor apunta a los dos registros, que viven en el estado de la
              // 02: se crea aquí, cuando ya existen, y antes de que nadie publique.
              channels = std::make_shared<channel_manager>(ws, sse, monitor);
              return p02::stream_links{
                  .publisher = channels, .admission = gate, .observer = channels};
            })),
        alerts(config.rules),
        sensors([] { return taller::iso_now(); }) {}

  monitor_config config;
  std::shared_ptr<connection_monitor> monitor;
  std::shared_ptr<const gatekeeper> gate;
  std::shared_ptr<channel_manager> channels;  // también observa las conexiones
  std::shared_ptr<p02::server_state> base;
  alert_engine alerts;
  std::deque<alert_record> alert_history;  // acotado a alert_history_capacity
  sensor_store sensors;
  std::unique_ptr<webhook_notifier> webhook;
  std::unique_ptr<smtp_notifier> email;

  // CPU y memoria de la última muestra de la práctica 02 (0 si falta).
  double metric(const char* group, const char* field) const {
    const nlohmann::json& m = base->latest_metrics;
    if (!m.is_object() || !m.contains(group) || !m[group].is_object()) return 0;
    const nlohmann::json& v = m[group].value(field, nlohmann::json());
    return v.is_number() ? v.get<double>() : 0;
  }
  double cpu() const { return metric("cpu", "percent_total"); }
  double memory() const { return metric("memory", "percent"); }

  nlohmann::json metrics_json() const { return monitor->metrics_json(cpu(), memory()); }
};

using state_ptr = std::shared_ptr<monitor_state>;

// Un manejador de ruta de la 03: el de taller::router con el estado delante.
// La tabla de rutas (server.cpp) le da el estado al registrarlo.
using monitor_handler = void (*)(const state_ptr& st, request&& req, const route_params& params,
                                 http_session& s);

}  // namespace p03
