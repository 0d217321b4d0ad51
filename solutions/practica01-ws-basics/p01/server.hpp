// El servidor de la práctica 01: la única API pública (sin Beast ni Asio).
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace p01 {

struct server_options {
  std::string address = "0.0.0.0";
  unsigned short port = 8000;                      // 0 = el sistema elige un puerto libre
  std::size_t max_message = 64 * 1024;             // mayor → cierre 1009
  std::size_t max_queue = 256;                     // mensajes en cola; lleno → cierre 1008
  std::chrono::seconds ping_timeout{30};           // sin respuesta a pings → se cierra
  std::chrono::milliseconds shutdown_grace{1500};  // espera máxima de los cierres 1001
  // Frames de datos escritos directamente en el socket (taller/frame_socket.hpp) en vez
  // de con async_write: más rápido con miles de clientes (la Práctica 04 lo activa).
  bool direct_writes = false;
};

class server {
 public:
  explicit server(server_options options = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Abre el puerto y empieza a aceptar. Devuelve el puerto real.
  // Lanza std::runtime_error (en español) si no puede.
  unsigned short start();
  // Atiende conexiones en el hilo que llama hasta que termine stop().
  void run();
  // Seguro desde cualquier hilo: deja de aceptar, cierra cada conexión con
  // 1001 y hace que run() vuelva (como mucho tras shutdown_grace).
  void stop();
  // SIGINT o SIGTERM llaman a stop().
  void stop_on_signals();
  unsigned short port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace p01
