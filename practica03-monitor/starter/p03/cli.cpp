#include "p03/cli.hpp"

namespace p03 {

std::vector<taller::flag_spec> cli_flags() {
  return {
      {"port", "8000", "puerto TCP; 0 elige uno libre"},
      {"address", "0.0.0.0", "dirección en la que escuchar"},
      {"config", "", "archivo de configuración (monitor.json); vacío = valores por omisión"},
      {"interval", "1", "segundos entre muestras de métricas"},
      {"heartbeat", "15", "segundos entre heartbeats SSE"},
      {"history-interval", "1", "segundos entre muestras del historial"},
      {"alert-interval", "5", "segundos entre evaluaciones de las alertas"},
      {"dashboard-interval", "5", "segundos entre envíos a /ws/dashboard"},
      {"ping-interval", "", "segundos de silencio antes de un ping (o WEBSOCKET_PING_INTERVAL)"},
      {"ping-timeout", "", "segundos para responder al ping (o WEBSOCKET_PING_TIMEOUT)"},
      {"demo", "", "usuario demo/demo y secreto JWT aleatorio si no hay TALLER_JWT_SECRET", true}};
}

server_options options_from(const taller::cli_args& args) {
  auto millis = [&](const char* flag) {
    return std::chrono::milliseconds(static_cast<long long>(args.number(flag, 0.05, 3600) * 1000));
  };
  server_options o;
  o.base.port = static_cast<unsigned short>(args.integer("port", 0, 65535));
  o.base.address = args.str("address");
  o.base.websocket.address = o.base.address;
  o.base.interval = millis("interval");
  o.base.heartbeat = millis("heartbeat");
  o.history_interval = millis("history-interval");
  o.alert_interval = millis("alert-interval");
  o.dashboard_interval = millis("dashboard-interval");
  o.config_path = args.str("config");
  if (!args.str("ping-interval").empty())
    o.ping_interval_s = static_cast<int>(args.integer("ping-interval", 1, 3600));
  if (!args.str("ping-timeout").empty())
    o.ping_timeout_s = static_cast<int>(args.integer("ping-timeout", 1, 3600));
  o.demo = args.flag("demo");
  return o;
}

}  // namespace p03
