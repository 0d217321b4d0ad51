// Un flujo SSE: una respuesta HTTP que no termina. Escribe la cabecera, el
// retry, y después cada evento que le entregue el registro, con una sola
// escritura en curso y una cola acotada (la misma send_queue de la práctica 01).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "p01/send_queue.hpp"
#include "p02/sse_envelope.hpp"
#include "p02/sse_hub.hpp"
#include "taller/http.hpp"

namespace p02 {

class sse_session : public subscriber, public std::enable_shared_from_this<sse_session> {
 public:
  struct options {
    std::size_t max_queue = 256;            // eventos en cola; lleno → se corta
    std::chrono::milliseconds retry{3000};  // retry: que se anuncia al cliente
    // Con valor, los eventos salen en la forma de los prototipos (sin nombre,
    // {"event","data"}); compartido por todos los flujos de esa ruta.
    std::shared_ptr<envelope_writer> envelope = nullptr;
    // Cada evento, primero con un write_some sin esperar (server_options::direct_writes).
    bool direct_writes = false;
  };
  // Dónde se da de alta el flujo: en cada canal (el primero lleva el usuario)
  // o, sin canales, solo por su usuario (las notificaciones).
  struct membership {
    std::vector<std::string> channels;
    std::string user_id;
  };
  // Lo que hay que enviar justo después de la cabecera (conectado, repetición).
  using opening = std::vector<frame>;

  // hub: el registro, que vive mientras viva el flujo. observer: quién se
  // entera de su vida (alta, errores, cierre; la práctica 03); en la 02, nadie.
  sse_session(tcp::socket&& socket, options opts, std::shared_ptr<sse_hub> hub,
              std::shared_ptr<taller::connection_observer> observer = nullptr);
  // Se da de baja del registro: como un WebSocket, al destruirse.
  ~sse_session() override;

  // Avisa a su observador, envía la cabecera HTTP y el retry, después first
  // (en orden), se da de alta en el registro según where y queda esperando
  // eventos. Lee del socket solo para saber cuándo se va el cliente.
  void run(const taller::request& req, opening first, const membership& where);

  void deliver(frame msg) override;
  void shutdown() override;

 private:
  void do_write();
  void write_direct();
  void on_write(beast::error_code ec, std::size_t bytes);
  void do_watch();
  void on_watch(beast::error_code ec, std::size_t bytes);
  void close();

  tcp::socket socket_;
  options options_;
  std::shared_ptr<sse_hub> hub_;
  std::vector<std::uint64_t> subscriptions_;  // sus altas en hub_
  taller::observation observed_;  // quien la observa (práctica 03) y su cuenta, si lo hay
  p01::send_queue queue_;
  std::array<char, 512> discard_{};  // lo que el cliente envíe se descarta
  bool closing_ = false;             // ya se cerró: no se encola nada más
};

}  // namespace p02
