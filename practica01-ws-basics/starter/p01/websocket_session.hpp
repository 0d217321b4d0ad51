// Una conexión WebSocket: acepta el handshake, lee mensajes de texto, los
// atiende y escribe las respuestas con una sola escritura en curso.
#pragma once
#include <memory>

#include "p01/channel_hub.hpp"
#include "p01/server_state.hpp"
#include "taller/frame_socket.hpp"
#include "taller/net.hpp"

namespace p01 {

// Qué atiende la sesión: /ws (chat por canales) o /ws/activity (observador).
enum class ws_role { chat, activity };

class websocket_session : public subscriber,
                          public std::enable_shared_from_this<websocket_session> {
 public:
  // links: lo que le dan las prácticas siguientes (quién la observa, quién
  // reparte lo que difunde); en esta práctica, vacío: lo reparte state->hub.
  websocket_session(tcp::socket&& socket, std::shared_ptr<server_state> state, client_info who,
                    ws_role role, taller::connection_links links = {});
  ~websocket_session() override;

  // Empieza con la petición HTTP de upgrade ya leída por http_session.
  void run(http::request<http::string_body> req);

  void deliver(frame msg) override;
  void shutdown() override;

 private:
  void do_accept();
  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void on_message(const std::string& text);
  void do_write();
  void write_direct();
  void on_write(beast::error_code ec, std::size_t bytes);
  void close(websocket::close_reason reason);
  void on_close(beast::error_code ec);
  void report_error(std::string_view type);

  // El socket va debajo de un taller::frame_socket, dueño de sus escrituras: las
  // de Beast y, con options.direct_writes, los frames que escribe write_direct.
  websocket::stream<taller::frame_socket> ws_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  std::shared_ptr<server_state> state_;
  client_info who_;
  ws_role role_;
  std::uint64_t id_;
  send_queue queue_;
  std::shared_ptr<taller::channel_broadcaster> broadcaster_;  // quién reparte su difusión
  taller::observation observed_;  // quien la observa (práctica 03) y su cuenta, si lo hay
  bool registered_ = false;       // está en el registro (hay que darla de baja)
  bool closing_ = false;          // ya se pidió el cierre: no se encola nada más
};

}  // namespace p01
