// p02-servidor: servidor SSE de la práctica 02 (con los WebSocket de la 01).
#include "p02/server.hpp"
#include "taller/main.hpp"

int main(int argc, char** argv) {
  taller::cli_args args(
      "p02-servidor", "Servidor Server-Sent Events con métricas del sistema (práctica 02).",
      {{"port", "8000", "puerto TCP; 0 elige uno libre"},
       {"address", "0.0.0.0", "dirección en la que escuchar"},
       {"interval", "1", "segundos entre muestras de métricas (admite decimales)"},
       {"heartbeat", "15", "segundos entre comentarios de heartbeat"},
       {"replay", "256", "eventos guardados por canal para Last-Event-ID"},
       {"seed", "42", "semilla del simulador de /sse/trading"},
       {"max-queue", "256", "eventos en cola por flujo antes de cortarlo"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  return taller::run_main(args, [&] {
    auto millis = [](double seconds) {
      return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    };
    p02::server_options o;
    o.port = static_cast<unsigned short>(args.integer("port", 0, 65535));
    o.address = args.str("address");
    o.websocket.address = o.address;
    o.interval = millis(args.number("interval", 0.05, 3600));
    o.heartbeat = millis(args.number("heartbeat", 0.05, 3600));
    o.replay = static_cast<std::size_t>(args.integer("replay", 1, 100000));
    o.seed = static_cast<std::uint32_t>(args.integer("seed", 0, 4294967295LL));
    o.max_queue = static_cast<std::size_t>(args.integer("max-queue", 1, 100000));

    p02::server server(o);
    return taller::serve(server, [](unsigned short port) {
      return "Servidor de la práctica 02 escuchando en http://localhost:" + std::to_string(port) +
             "/  (métricas: /metrics/stream, eventos: /sse/events?channel=general)";
    });
  });
}
