// Una conexión HTTP: lee peticiones y las pasa a la tabla de rutas. Un
// manejador responde (send) o se queda con el socket para un WebSocket o un
// flujo SSE (release_socket); entonces esta sesión termina.
#pragma once
#include <memory>
#include <optional>

#include "taller/http.hpp"
#include "taller/router.hpp"

namespace taller {

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  http_session(tcp::socket&& socket, std::shared_ptr<const router> routes);
  void run();

  // Envía la respuesta; después sigue leyendo si la conexión es keep-alive.
  void send(response res);
  // Entrega el socket (y deja de leer): la conexión pasa a ser de otro.
  tcp::socket release_socket();
  // "ip:puerto" del cliente ("" si ya no se sabe).
  std::string remote_address() const;

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<const router> routes_;
  std::optional<http::request_parser<http::string_body>> parser_;
  response res_;  // la respuesta en curso (una a la vez)
};

}  // namespace taller
