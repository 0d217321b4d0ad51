// El estado de la práctica 03 y la forma de sus manejadores de ruta: lo que
// comparten server.cpp, api.cpp, sensor_routes.cpp, auth.cpp y timers.cpp.
// Interno de la biblioteca: las pruebas hablan con p03::server (server.hpp).
#pragma once
#include <deque>
#include <memory>

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
#include "taller/http_session.hpp"
#include "taller/router.hpp"

namespace p03 {

// Los nombres de taller que usan todos los manejadores de la 03.
using taller::http_session;
using taller::request;
using taller::route_params;

constexpr std::size_t alert_history_capacity = 1000;  // registros de alertas guardados

// Lo que la práctica 03 añade al estado de la 02 (solo desde el hilo de red).
struct monitor_state {
  monitor_state(std::shared_ptr<p02::server_state> base, monitor_config cfg)
      : base(std::move(base)),
        config(std::move(cfg)),
        monitor(std::make_shared<connection_monitor>(p02::epoch_seconds)),
        channels(std::make_shared<channel_manager>(this->base->ws->hub, this->base->hub, monitor)),
        alerts(config.rules),
        sensors([] { return taller::iso_now(); }) {}

  std::shared_ptr<p02::server_state> base;
  monitor_config config;
  std::shared_ptr<connection_monitor> monitor;
  std::shared_ptr<channel_manager> channels;  // también observa las conexiones
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
