// p01-servidor: servidor WebSocket de la práctica 01.
#include <iostream>
#include <stdexcept>

#include "p01/server.hpp"
#include "taller/args.hpp"

int main(int argc, char** argv) {
  taller::cli_args args("p01-servidor", "Servidor WebSocket con canales (práctica 01).",
                        {{"port", "8000", "puerto TCP; 0 elige uno libre"},
                         {"address", "0.0.0.0", "dirección en la que escuchar"},
                         {"max-message", "65536", "tamaño máximo de un mensaje en bytes"},
                         {"max-queue", "256", "mensajes en cola por cliente antes de cerrarlo"},
                         {"ping-timeout", "30", "segundos sin respuesta antes de cerrar"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  try {
    p01::server_options options;
    options.port = static_cast<unsigned short>(args.integer("port", 0, 65535));
    options.address = args.str("address");
    options.max_message = static_cast<std::size_t>(args.integer("max-message", 16, 64 << 20));
    options.max_queue = static_cast<std::size_t>(args.integer("max-queue", 1, 100000));
    options.ping_timeout = std::chrono::seconds(args.integer("ping-timeout", 1, 3600));

    p01::server server(options);
    const unsigned short port = server.start();
    server.stop_on_signals();
    std::cout << "Servidor de la práctica 01 escuchando en http://localhost:" << port
              << "/  (WebSocket: ws://localhost:" << port << "/ws)" << std::endl;
    server.run();
    std::cout << "Servidor detenido." << std::endl;
    return 0;
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n\n" << args.usage();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
