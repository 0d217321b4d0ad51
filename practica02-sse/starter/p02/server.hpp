// El servidor de la práctica 02: SSE (métricas, canales, notificaciones,
// repetición) y, además, los WebSocket de la práctica 01. API sin Beast.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "p01/server.hpp"

namespace p02 {

struct server_options {
  std::string address = "0.0.0.0";
  unsigned short port = 8000;                  // 0 = el sistema elige
  std::chrono::milliseconds interval{1000};    // muestreo de métricas y cotizaciones
  std::chrono::milliseconds heartbeat{15000};  // comentario ": heartbeat" a cada flujo
  std::size_t replay = 256;                    // eventos guardados por canal
  std::uint32_t seed = 42;                     // semilla del simulador de /sse/trading
  std::size_t max_queue = 256;                 // eventos en cola por flujo
  std::chrono::milliseconds retry{3000};       // retry: anunciado a los clientes
  std::string proc_root = "/";                 // de dónde lee /proc (pruebas)
  p01::server_options websocket;               // opciones de /ws (práctica 01)
  std::chrono::milliseconds shutdown_grace{1500};
  // Eventos escritos con un write_some sin esperar antes de recurrir a async_write
  // (más rápido con miles de flujos; la Práctica 04 lo activa).
  bool direct_writes = false;
};

class server {
 public:
  explicit server(server_options options = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  unsigned short start();  // abre el puerto; devuelve el real
  void run();              // atiende hasta que termine stop()
  void stop();             // seguro desde cualquier hilo
  void stop_on_signals();  // SIGINT/SIGTERM → stop()
  unsigned short port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace p02
