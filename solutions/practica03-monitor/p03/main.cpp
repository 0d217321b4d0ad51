// p03-servidor: el monitor de la práctica 03 (con todo lo de la 01 y la 02).
#include "p03/server.hpp"
#include "taller/main.hpp"

int main(int argc, char** argv) {
  taller::cli_args args(
      "p03-servidor",
      "Servidor monitorizado: WebSocket y SSE, alertas, API REST y /metrics (práctica 03).",
      {{"port", "8000", "puerto TCP; 0 elige uno libre"},
       {"address", "0.0.0.0", "dirección en la que escuchar"},
       {"config", "", "archivo de configuración (monitor.json); vacío = valores por omisión"},
       {"interval", "1", "segundos entre muestras de métricas"},
       {"heartbeat", "15", "segundos entre heartbeats SSE"},
       {"history-interval", "5", "segundos entre muestras del historial"},
       {"alert-interval", "5", "segundos entre evaluaciones de las alertas"},
       {"dashboard-interval", "5", "segundos entre envíos a /ws/dashboard"},
       {"ping-interval", "", "segundos de silencio antes de un ping (o WEBSOCKET_PING_INTERVAL)"},
       {"ping-timeout", "", "segundos para responder al ping (o WEBSOCKET_PING_TIMEOUT)"},
       {"demo", "", "usuario demo/demo y secreto JWT aleatorio si no hay TALLER_JWT_SECRET",
        true}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  return taller::run_main(args, [&] {
    auto millis = [&](const char* flag) {
      return std::chrono::milliseconds(
          static_cast<long long>(args.number(flag, 0.05, 3600) * 1000));
    };
    p03::server_options o;
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

    p03::server server(o);
    return taller::serve(server, [](unsigned short port) {
      return "Servidor de la práctica 03 escuchando en http://localhost:" + std::to_string(port) +
             "/  (API: /api/metrics, Prometheus: /metrics, panel: /ws/dashboard)";
    });
  });
}
