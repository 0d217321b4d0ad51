// p04-dashboard: el servidor de la práctica 03 con el panel en tiempo real.
#include <cstdlib>
#include <string_view>

#include "p03/cli.hpp"
#include "p04/dashboard.hpp"
#include "taller/main.hpp"

int main(int argc, char** argv) {
  taller::cli_args args(
      "p04-dashboard",
      "Panel en tiempo real (práctica 04): todo el servidor de la práctica 03 y la página en /.",
      p03::cli_flags());
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  return taller::run_main(args, [&] {
    auto options = p04::with_dashboard(p03::options_from(args), p04::load_dashboard_files());
    // TALLER_ESCRITURA=async: el camino de escritura de la Práctica 01, para
    // compararlo con el directo (./taller rendimiento; Apéndice del README).
    if (const char* w = std::getenv("TALLER_ESCRITURA"); w && std::string_view(w) == "async")
      options.base.direct_writes = options.base.websocket.direct_writes = false;
    p03::server server(std::move(options));
    return taller::serve(server, [](unsigned short port) {
      const std::string base = "http://localhost:" + std::to_string(port);
      return "Panel en tiempo real en " + base + "/  (página del sistema: " + base +
             "/demo, cliente WebSocket: " + base + "/cliente)";
    });
  });
}
