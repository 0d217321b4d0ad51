// Un flujo SSE: una respuesta HTTP que no termina. Escribe la cabecera, el
// retry, y después cada evento que le entregue el registro, con una sola
// escritura en curso y una cola acotada (la misma send_queue de la práctica 01).
#pragma once
#include <functional>
#include <memory>

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
  };
  // Lo que hay que enviar justo después de la cabecera (conectado, repetición).
  using opening = std::vector<frame>;

  sse_session(tcp::socket&& socket, options opts, std::function<void()> on_close);
  ~sse_session() override;

  // Envía la cabecera HTTP y el retry, después first (en orden) y queda
  // esperando eventos. Lee del socket solo para saber cuándo se va el cliente.
  void run(const taller::request& req, opening first);

  // Qué hacer al terminar el flujo (darlo de baja en el registro).
  void set_on_close(std::function<void()> on_close) { on_close_ = std::move(on_close); }
  // Práctica 03: quién cuenta sus bytes y su cierre, y su id allí.
  void observe(std::shared_ptr<taller::connection_observer> observer, std::uint64_t id) {
    observer_ = std::move(observer);
    monitor_id_ = id;
  }

  void deliver(frame msg) override;
  void shutdown() override;

 private:
  void do_write();
  void on_write(beast::error_code ec, std::size_t bytes);
  void do_watch();
  void on_watch(beast::error_code ec, std::size_t bytes);
  void close();

  tcp::socket socket_;
  options options_;
  std::function<void()> on_close_;  // se da de baja en el registro
  std::shared_ptr<taller::connection_observer> observer_;
  std::uint64_t monitor_id_ = 0;
  p01::send_queue queue_;
  std::array<char, 512> discard_{};  // lo que el cliente envíe se descarta
  bool closed_ = false;
};

}  // namespace p02
