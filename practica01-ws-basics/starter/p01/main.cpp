// p01-servidor: servidor WebSocket de la práctica 01.
#include "p01/server.hpp"
#include "taller/main.hpp"

int main(int argc, char** argv) {
  taller::cli_args args("p01-servidor", "Servidor WebSocket con canales (práctica 01).",
                        {{"port", "8000", "puerto TCP; 0 elige uno libre"},
                         {"address", "0.0.0.0", "dirección en la que escuchar"},
                         {"max-message", "65536", "tamaño máximo de un mensaje en bytes"},
                         {"max-queue", "256", "mensajes en cola por cliente antes de cerrarlo"},
                         {"ping-timeout", "30", "segundos sin respuesta antes de cerrar"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  return taller::run_main(args, [&] {
    p01::server_options options;
    options.port = static_cast<unsigned short>(args.integer("port", 0, 65535));
    options.address = args.str("address");
    options.max_message = static_cast<std::size_t>(args.integer("max-message", 16, 64 << 20));
    options.max_queue = static_cast<std::size_t>(args.integer("max-queue", 1, 100000));
    options.ping_timeout = std::chrono::seconds(args.integer("ping-timeout", 1, 3600));

    p01::server server(options);
    return taller::serve(server, [](unsigned short port) {
      return "Servidor de la práctica 01 escuchando en http://localhost:" + std::to_string(port) +
             "/  (WebSocket: ws://localhost:" + std::to_string(port) + "/ws)";
    });
  });
}
