#include "p02/sse_session.hpp"

#include "p02/sse_format.hpp"
#include "taller/fail.hpp"

namespace p02 {

namespace {

// La cabecera de un flujo SSE. Sin Content-Length ni chunked: el cuerpo dura
// hasta que se cierre la conexión (RFC 9112 §6.3), que es lo que es un flujo.
std::string stream_header(const taller::request& req) {
  http::response<http::empty_body> res{http::status::ok, req.version()};
  // PASO 4 ▸ Escribe la cabecera de un flujo SSE
  //   La respuesta lleva Content-Type: text/event-stream (con otro tipo EventSource falla y no
  //   reconecta), Cache-Control: no-cache (ninguna caché debe guardar un flujo) y
  //   X-Accel-Buffering: no (un nginx delante no acumula los eventos). Esta última no tiene
  //   constante en Beast: va por su nombre.
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no");
  //▸ starter
  //| res.set(http::field::content_type, "text/plain");
  // FIN PASO 4
  res.set(http::field::server, "taller-tiempo-real");
  res.set(http::field::connection, "close");
  std::ostringstream out;
  out << res.base();
  return out.str();
}

}  // namespace

sse_session::sse_session(tcp::socket&& socket, options opts, std::function<void()> on_close)
    : socket_(std::move(socket)),
      options_(opts),
      on_close_(std::move(on_close)),
      queue_(opts.max_queue) {}

sse_session::~sse_session() {
  if (on_close_) on_close_();
  if (observer_) observer_->closed(monitor_id_);
}

void sse_session::run(const taller::request& req, opening first) {
  deliver(std::make_shared<const std::string>(stream_header(req) + format_retry(options_.retry)));
  for (auto& f : first) deliver(std::move(f));
  do_watch();
}

void sse_session::deliver(frame msg) {
  if (closed_) return;
  if (options_.envelope) msg = options_.envelope->convert(msg);
  // Cola llena: el cliente no lee. Se corta el flujo; EventSource reconecta
  // solo y recupera lo perdido con Last-Event-ID.
  if (!queue_.push(std::move(msg))) {
    if (observer_) observer_->error("slow_client");
    return close();
  }
  if (queue_.size() > 1) return;  // ya hay una escritura en curso
  do_write();
}

void sse_session::do_write() {
  net::async_write(socket_, net::buffer(*queue_.front()),
                   beast::bind_front_handler(&sse_session::on_write, shared_from_this()));
}

void sse_session::on_write(beast::error_code ec, std::size_t bytes) {
  if (ec) {
    taller::fail(ec, "sse write");
    return close();
  }
  if (observer_) observer_->sent(monitor_id_, bytes);
  queue_.pop();
  if (!queue_.empty() && !closed_) do_write();
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
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace p02
