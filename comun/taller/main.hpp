// Lo que comparten los main de todos los servidores del taller.
#pragma once
#include <functional>
#include <iostream>
#include <string>

#include "taller/args.hpp"

namespace taller {

// Ejecuta el cuerpo de main: una opción con un valor inválido
// (std::invalid_argument) sale con el uso y el código 2; cualquier otro error
// de arranque (puerto ocupado…), con su mensaje y el código 1.
int run_main(const cli_args& args, const std::function<int()>& body);

// Arranca el servidor, escribe cómo llegar a él (banner recibe el puerto real),
// lo detiene con SIGINT/SIGTERM y devuelve 0 al terminar.
template <class Server>
int serve(Server& server, const std::function<std::string(unsigned short)>& banner) {
  const unsigned short port = server.start();
  server.stop_on_signals();
  std::cout << banner(port) << std::endl;
  server.run();
  std::cout << "Servidor detenido." << std::endl;
  return 0;
}

}  // namespace taller
