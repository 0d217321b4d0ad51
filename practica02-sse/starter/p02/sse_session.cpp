#include "p02/sse_session.hpp"

#include "p02/sse_format.hpp"
#include "taller/fail.hpp"
#include "taller/frame_socket.hpp"

namespace p02 {

namespace {

// La cabecera de un flujo SSE. Sin Content-Length ni chunked: el cuerpo dura
// hasta que se cierre la conexión (RFC 9112 §6.3), que es lo que es un flujo.
std::string stream_header(const taller::request& req) {
  http::response<http::empty_body> res{http::status::ok, req.version()};
  // TODO PASO 4 ▸ Escribe la cabecera de un flujo SSE
  //   La respuesta lleva Content-Type: text/event-stream (con otro tipo EventSource falla y no
  //   reconecta), Cache-Control: no-cache (ninguna caché debe guardar un flujo) y
  //   X-Accel-Buffering: no (un nginx delante no acumula los eventos). Esta última no tiene
  //   constante en Beast: va por su nombre.
  res.set(http::field::content_type, "text/plain");
  // FIN PASO 4
  res.set(http::field::server, "taller-tiempo-real");
  res.set(http::field::connection, "close");
  std::ostringstream out;
  out << res.base();
  return out.str();
}

}  // namespace

sse_session::sse_session(tcp::socket&& socket, options opts, std::shared_ptr<sse_hub> hub,
                         std::shared_ptr<taller::connection_observer> observer)
    : socket_(std::move(socket)),
      options_(std::move(opts)),
      hub_(std::move(hub)),
      observed_(std::move(observer)),
      queue_(options_.max_queue) {}

// La baja se hace al destruir la sesión, como en websocket_session: es el
// único momento en que seguro que no queda ninguna operación pendiente.
sse_session::~sse_session() {
  for (auto sub : subscriptions_) hub_->unsubscribe(sub);
  // observed_, al destruirse, avisa del cierre al observador.
}

void sse_session::run(const taller::request& req, opening first, const membership& where) {
  observed_.start(
      {"sse", taller::channel_list(where.channels), where.user_id, taller::peer_address(socket_)},
      weak_from_this());
  // write_some no debe bloquear nunca el hilo de red: sin sitio, would_block.
  beast::error_code ignored;
  if (options_.direct_writes) socket_.non_blocking(true, ignored);
  deliver(taller::make_frame(stream_header(req) + format_retry(options_.retry)));
  for (auto& f : first) deliver(std::move(f));
  // El alta, en el mismo manejador que calculó first: entre lo repetido y lo
  // nuevo no puede publicarse nada, así que no hay huecos ni duplicados.
  if (where.channels.empty())
    subscriptions_.push_back(hub_->subscribe("", where.user_id, weak_from_this()));
  for (std::size_t i = 0; i < where.channels.size(); ++i)
    subscriptions_.push_back(
        hub_->subscribe(where.channels[i], i == 0 ? where.user_id : "", weak_from_this()));
  do_watch();
}

void sse_session::deliver(frame msg) {
  if (closing_) return;
  if (options_.envelope) msg = options_.envelope->convert(msg);
  // Cola llena: el cliente no lee. Se corta el flujo; EventSource reconecta
  // solo y recupera lo perdido con Last-Event-ID.
  if (!queue_.push(std::move(msg))) {
    observed_.error("slow_client");
    return close();
  }
  if (queue_.size() > 1) return;  // ya hay una escritura en curso
  do_write();
}

void sse_session::do_write() {
  if (options_.direct_writes) return write_direct();
  net::async_write(socket_, net::buffer(*queue_.front()),
                   beast::bind_front_handler(&sse_session::on_write, shared_from_this()));
}

void sse_session::on_write(beast::error_code ec, std::size_t bytes) {
  if (ec) {
    taller::fail(ec, "sse write");
    return close();
  }
  observed_.sent(bytes);
  queue_.pop();
  if (!queue_.empty() && !closing_) do_write();
}

// El camino rápido (options.direct_writes): cada evento sale con un write_some
// si el socket tiene sitio, sin operación asíncrona; si no, async_write escribe
// lo que falta y avisa a on_write.
void sse_session::write_direct() {
  while (!queue_.empty() && !closing_) {
    const std::string& text = *queue_.front();
    const std::size_t n = taller::write_now(socket_, net::buffer(text));
    if (n < text.size())
      return net::async_write(socket_, net::buffer(text) + n,
                              [self = shared_from_this(), size = text.size()](
                                  beast::error_code ec, std::size_t) { self->on_write(ec, size); });
    observed_.sent(n);
    queue_.pop();
  }
}

// Un cliente SSE no envía nada: leer solo sirve para enterarse de que cerró.
void sse_session::do_watch() {
  socket_.async_read_some(net::buffer(discard_),
                          beast::bind_front_handler(&sse_session::on_watch, shared_from_this()));
}

void sse_session::on_watch(beast::error_code ec, std::size_t) {
  if (ec) return close();
  do_watch();
}

void sse_session::shutdown() { close(); }

void sse_session::close() {
  if (closing_) return;
  closing_ = true;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace p02
