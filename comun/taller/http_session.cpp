#include "taller/http_session.hpp"

#include <cstdlib>
#include <iostream>

#include "taller/fail.hpp"

namespace taller {

namespace {
constexpr std::size_t max_request_body = 64 * 1024;          // bytes; más → 413
constexpr std::size_t max_request_header = 16 * 1024;        // bytes; más → 431
constexpr std::size_t max_target = 8 * 1024;                 // bytes de la URL; más → 414
constexpr auto request_deadline = std::chrono::seconds(15);  // para leer una petición entera
}  // namespace

http_session::http_session(tcp::socket&& socket, std::shared_ptr<const router> routes,
                           std::shared_ptr<address_table> waiting)
    : stream_(std::move(socket)), routes_(std::move(routes)), waiting_(std::move(waiting)) {
  beast::error_code ec;
  const auto ep = stream_.socket().remote_endpoint(ec);
  if (!ec) ip_ = ep.address().to_string();
}

http_session::~http_session() { leave_waiting(); }

void http_session::leave_waiting() {
  if (!counted_) return;
  counted_ = false;
  waiting_->remove(ip_);
}

void http_session::run() {
  // Las conexiones que aún no han mandado una petición están acotadas por
  // dirección: un cliente no acapara los descriptores de todo el servidor.
  if (waiting_ && !waiting_->try_add(ip_)) {
    request req;
    req.version(11);
    req.keep_alive(false);
    answered_ = false;
    return send(json_error(req, errors::too_many_connections, "",
                           "demasiadas conexiones sin petición desde " + ip_));
  }
  counted_ = waiting_ != nullptr;
  do_read();
}

void http_session::do_read() {
  answered_ = false;
  parser_.emplace();
  parser_->header_limit(max_request_header);
  parser_->body_limit(max_request_body);
  stream_.expires_after(request_deadline);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit)
    return reject(errors::payload_too_large,
                  "el cuerpo supera " + std::to_string(max_request_body) + " bytes");
  if (ec == http::error::header_limit)
    return reject(errors::header_too_large,
                  "las cabeceras superan " + std::to_string(max_request_header) + " bytes");
  // Cualquier otro error del analizador HTTP es una petición mal formada.
  if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
    return reject(errors::bad_request, "petición HTTP mal formada: " + ec.message());
  if (ec) return fail(ec, "http read");
  stream_.expires_never();
  if (parser_->get().target().size() > max_target)
    return reject(errors::uri_too_long, "la URL supera " + std::to_string(max_target) + " bytes");
  leave_waiting();
  head_ = parser_->get().method() == http::verb::head;
  routes_->dispatch(parser_->release(), *this);
}

// Responde a una petición que no llega a la tabla de rutas y cierra.
void http_session::reject(const error_kind& kind, std::string message) {
  debug_log(kind.code, message);
  request req;
  req.version(11);
  req.keep_alive(false);
  head_ = false;
  send(json_error(req, kind, "", message));
}

void http_session::send(response res) {
  if (answered_) {
    debug_log("respuesta descartada", "la petición ya tenía respuesta");
    return;
  }
  answered_ = true;
  res_ = std::move(res);
  res_.set(http::field::server, "taller-tiempo-real");
  // HEAD: las mismas cabeceras que GET (Content-Length incluida), sin cuerpo.
  if (head_) {
    res_.prepare_payload();
    const auto length = res_[http::field::content_length];
    const std::string kept(length);
    res_.body().clear();
    if (!kept.empty()) res_.set(http::field::content_length, kept);
  }
  const bool keep_alive = res_.keep_alive();
  stream_.expires_after(request_deadline);
  http::async_write(
      stream_, res_,
      beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

tcp::socket http_session::release_socket() {
  answered_ = true;
  leave_waiting();
  stream_.expires_never();
  return stream_.release_socket();
}

std::string http_session::remote_address() const { return peer_address(stream_.socket()); }

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return fail(ec, "http write");
  if (!keep_alive) return do_close();
  if (!counted_ && waiting_) {
    // Vuelve a esperar una petición: vuelve a contar para su dirección.
    if (!waiting_->try_add(ip_)) return do_close();
    counted_ = true;
  }
  do_read();
}

void http_session::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace taller
