#include "p01/websocket_session.hpp"

#include "taller/barrier.hpp"
#include "taller/fail.hpp"
#include "taller/http.hpp"
#include "taller/input.hpp"

namespace p01 {

websocket_session::websocket_session(tcp::socket&& socket, std::shared_ptr<server_state> state,
                                     client_info who, ws_role role, taller::connection_links links)
    : ws_(std::move(socket)),
      state_(std::move(state)),
      who_(std::move(who)),
      role_(role),
      id_(++state_->last_connection_id),
      queue_(state_->options.max_queue),
      broadcaster_(std::move(links.broadcaster)),
      observed_(std::move(links.observer)) {
  who_.connection_id = "c" + std::to_string(id_);
}

// La baja se hace al destruir la sesión: es el único momento en que seguro
// que no queda ninguna operación pendiente que la use.
websocket_session::~websocket_session() {
  if (!registered_) return;  // observed_, al destruirse, avisa del cierre al observador
  if (role_ == ws_role::chat)
    state_->hub.leave(who_, id_);
  else
    state_->hub.unwatch(id_);
}

void websocket_session::run(http::request<http::string_body> req) {
  req_ = std::move(req);
  // PASO 3 ▸ Limita el tamaño de los mensajes
  //   Antes de aceptar, el stream debe rechazar todo mensaje recibido de más de
  //   options.max_message bytes (--max-message; read_message_max): Beast cierra entonces con
  //   1009 (message too big) sin guardarlo entero, y un cliente no puede llenar la memoria.
  ws_.read_message_max(state_->options.max_message);
  // FIN PASO 3
  do_accept();
}

void websocket_session::do_accept() {
  // El socket llega sin el plazo de HTTP: desde aquí mandan los del WebSocket.
  // PASO 1 ▸ Acepta el handshake
  //   Antes de aceptar, fija los plazos del WebSocket (websocket::stream_base::timeout): 10 s
  //   para el handshake y, con la conexión abierta, Beast envía pings y cierra a quien pase
  //   options.ping_timeout sin responder; sin plazos, un cliente que desaparece sin cerrar
  //   viviría para siempre. Después acepta req_ de forma asíncrona con on_accept: el manejador
  //   debe guardar un shared_ptr a la sesión, o esta se destruye al salir de aquí.
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(10);
  timeouts.idle_timeout = state_->options.ping_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "taller-p01"); }));
  ws_.async_accept(req_,
                   beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
  //▸ starter
  //| // Sin aceptar, la sesión se destruye y la conexión se cierra.
  // FIN PASO 1
}

void websocket_session::on_accept(beast::error_code ec) {
  if (ec) return taller::fail(ec, "accept");
  registered_ = true;
  observed_.start({"websocket", role_ == ws_role::chat ? who_.channel : "", who_.user_id,
                   taller::peer_address(beast::get_lowest_layer(ws_))},
                  weak_from_this());
  if (role_ == ws_role::activity) {
    state_->hub.watch(id_, weak_from_this());
  } else {
    // PASO 1 ▸ Envía la bienvenida
    //   Lo primero que recibe cada cliente de /ws es su bienvenida (make_welcome de who_), antes
    //   que cualquier difusión: por eso va antes del alta en el canal. Pasa por deliver(), que
    //   recibe un frame (shared_ptr<const std::string>): nunca escribas en el socket a mano,
    //   solo puede haber una escritura en curso.
    deliver(make_frame(make_welcome(who_)));
    // FIN PASO 1
    state_->hub.join(who_, id_, weak_from_this());
  }
  do_read();
}

void websocket_session::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(beast::error_code ec, std::size_t bytes) {
  // Un error termina la sesión: al soltar el último shared_ptr se destruye.
  if (ec == websocket::error::message_too_big) report_error("message_too_big");
  if (ec) return taller::fail(ec, "read");
  observed_.received(bytes);
  // PASO 3 ▸ Rechaza los mensajes binarios
  //   El protocolo es JSON en texto: un mensaje binario (got_text() lo dice) no se atiende y la
  //   conexión se cierra con 1003 (websocket::close_code::unknown_data) y un motivo en
  //   español; anótalo con report_error("binary_frame") para el monitor de la Práctica 03.
  //   Tras pedir el cierre no se vuelve a leer: async_close ya espera la respuesta del cliente.
  if (!ws_.got_text()) {
    report_error("binary_frame");
    close({websocket::close_code::unknown_data, "solo se aceptan mensajes de texto JSON"});
    return;
  }
  // FIN PASO 3
  const std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  // Los observadores de /ws/activity solo escuchan: lo que envían se ignora.
  // La barrera: si atender el mensaje lanza, se informa y se cierra con 1011
  // (internal error, RFC 6455 §7.4.1); las demás conexiones siguen.
  if (role_ == ws_role::chat &&
      !taller::shielded("mensaje WebSocket en /ws", [&] { on_message(text); }))
    return close({websocket::close_code::internal_error, "error interno del servidor"});
  do_read();
}

// Atiende un mensaje de texto de /ws: la respuesta al remitente y, si la hay,
// la difusión al canal.
void websocket_session::on_message(const std::string& text) {
  reply r = handle_text(text, who_);
  if (!r.error_code.empty()) report_error(r.error_code);
  if (!r.to_sender.empty()) deliver(make_frame(std::move(r.to_sender)));
  if (r.to_channel.is_null()) return;
  // La difusión la reparte el registro del canal (channel_hub::broadcast_message,
  // un frame serializado una vez) o quien nos dio la práctica siguiente.
  taller::channel_broadcaster& to = broadcaster_ ? *broadcaster_ : state_->hub;
  to.broadcast_message(who_.channel, r.to_channel);
}

void websocket_session::deliver(frame msg) {
  if (closing_ || state_->stopping) return;
  // Cola llena: el cliente no lee. Se cierra con 1008 (policy violation) en
  // vez de acumular memoria sin límite o perder mensajes en silencio.
  if (!queue_.push(std::move(msg))) {
    report_error("slow_client");
    close({websocket::close_code::policy_error, "cliente lento: cola de salida llena"});
    return;
  }
  if (queue_.size() > 1) return;  // ya hay una escritura en curso
  do_write();
}

void websocket_session::do_write() {
  if (state_->options.direct_writes) return write_direct();
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front()),
                  beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(beast::error_code ec, std::size_t bytes) {
  // Con direct_writes, un frame que esperaba cuando Beast envió el cierre no
  // sale (shut_down): no es un fallo, el cierre sigue su curso.
  if (ec == net::error::shut_down) {
    closing_ = true;
    return;
  }
  // Una escritura fallida deja la conexión inservible: se corta (la lectura
  // pendiente termina con error y la sesión se destruye), como un flujo SSE.
  if (ec) {
    taller::fail(ec, "write");
    closing_ = true;
    beast::error_code ignored;
    return beast::get_lowest_layer(ws_).close(ignored);
  }
  observed_.sent(bytes);
  queue_.pop();
  if (!queue_.empty()) do_write();
}

// El camino rápido (options.direct_writes): el frame (cabecera y texto
// compartido por la difusión) sale con un write_some si el socket tiene sitio,
// sin operación asíncrona; si no, frame_socket lo termina y avisa a on_write.
void websocket_session::write_direct() {
  using result = taller::frame_socket::write_result;
  while (!queue_.empty()) {
    const std::size_t size = queue_.front()->size();  // se cuenta el texto, como async_write
    const result r = ws_.next_layer().write_text(net::buffer(*queue_.front()));
    if (r == result::closed) {
      closing_ = true;  // Beast ya envió el cierre: lo que queda no sale
      return;
    }
    if (r == result::unfinished)
      return ws_.next_layer().finish_text(
          [self = shared_from_this(), size](beast::error_code ec, std::size_t) {
            self->on_write(ec, size);
          });
    observed_.sent(size);
    queue_.pop();
  }
}

void websocket_session::shutdown() {
  close({websocket::close_code::going_away, "el servidor se apaga"});
}

void websocket_session::close(websocket::close_reason reason) {
  if (closing_) return;
  closing_ = true;
  // Beast admite un cierre a la vez que una escritura y una lectura en curso.
  ws_.async_close(reason,
                  beast::bind_front_handler(&websocket_session::on_close, shared_from_this()));
}

void websocket_session::report_error(std::string_view type) { observed_.error(type); }

void websocket_session::on_close(beast::error_code ec) {
  if (ec) return taller::fail(ec, "close");
}

}  // namespace p01
