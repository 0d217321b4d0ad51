// Una conexión HTTP: lee peticiones y las pasa a la tabla de rutas. Un
// manejador responde (send) o se queda con el socket para un WebSocket o un
// flujo SSE (release_socket); entonces esta sesión termina.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "taller/address_table.hpp"
#include "taller/http.hpp"
#include "taller/router.hpp"

namespace taller {

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  // waiting cuenta, por dirección, las conexiones que esperan una petición.
  http_session(tcp::socket&& socket, std::shared_ptr<const router> routes,
               std::shared_ptr<address_table> waiting);
  ~http_session();
  void run();

  // Envía la respuesta a la petición en curso; después sigue leyendo si la
  // conexión es keep-alive. Una segunda respuesta a la misma petición se
  // descarta (nunca dos escrituras a la vez). A un HEAD se le quita el cuerpo.
  void send(response res);
  // Entrega el socket (y deja de leer): la conexión pasa a ser de otro.
  tcp::socket release_socket();
  // ¿Ya se respondió a la petición en curso o se entregó el socket?
  bool answered() const { return answered_; }
  // "ip:puerto" del cliente ("" si ya no se sabe).
  std::string remote_address() const;

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void reject(const error_kind& kind, std::string message);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();
  void leave_waiting();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<const router> routes_;
  std::shared_ptr<address_table> waiting_;
  std::string ip_;        // la dirección del cliente, para waiting_
  bool counted_ = false;  // cuenta en waiting_
  std::optional<http::request_parser<http::string_body>> parser_;
  response res_;       // la respuesta en curso (una a la vez)
  bool head_ = false;  // la petición en curso es HEAD
  bool answered_ = false;
};

}  // namespace taller
