// Una conexión HTTP: lee peticiones, responde según la tabla de rutas y,
// si piden /ws o /ws/activity con upgrade, entrega el socket a una
// websocket_session.
#pragma once
#include <memory>
#include <optional>

#include "p01/server_state.hpp"
#include "taller/net.hpp"

namespace p01 {

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// Respuesta JSON de error: {"error":code,"field":campo,"message":…}.
response json_error(const request& req, http::status status, std::string_view code,
                    std::string_view field, std::string_view message);

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  http_session(tcp::socket&& socket, std::shared_ptr<server_state> state);
  void run();

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void send(response res);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();

  // Manejadores de la tabla de rutas.
  void serve_page(request&& req);
  void upgrade_chat(request&& req);
  void upgrade_activity(request&& req);
  void reject_plain_http(request&& req);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<server_state> state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  response res_;  // la respuesta en curso (una a la vez)
};

}  // namespace p01
