// p03-servidor: el monitor de la práctica 03 (con todo lo de la 01 y la 02).
#include "p03/cli.hpp"
#include "p03/server.hpp"
#include "taller/main.hpp"

int main(int argc, char** argv) {
  taller::cli_args args(
      "p03-servidor",
      "Servidor monitorizado: WebSocket y SSE, alertas, API REST y /metrics (práctica 03).",
      p03::cli_flags());
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  return taller::run_main(args, [&] {
    p03::server server(p03::options_from(args));
    return taller::serve(server, [](unsigned short port) {
      return "Servidor de la práctica 03 escuchando en http://localhost:" + std::to_string(port) +
             "/  (API: /api/metrics, Prometheus: /metrics, panel: /ws/dashboard)";
    });
  });
}
