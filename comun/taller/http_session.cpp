#include "taller/http_session.hpp"

#include "taller/fail.hpp"

namespace taller {

namespace {
constexpr std::size_t max_request_body = 64 * 1024;  // bytes; más → 413
constexpr auto http_timeout = std::chrono::seconds(30);  // para leer una petición
}  // namespace

http_session::http_session(tcp::socket&& socket, std::shared_ptr<const router> routes)
    : stream_(std::move(socket)), routes_(std::move(routes)) {}

void http_session::run() { do_read(); }

void http_session::do_read() {
  parser_.emplace();
  parser_->body_limit(max_request_body);
  stream_.expires_after(http_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit) {
    request req = parser_->release();
    req.keep_alive(false);
    return send(json_error(req, http::status::payload_too_large, "payload_too_large", "body",
                           "el cuerpo supera " + std::to_string(max_request_body) + " bytes"));
  }
  if (ec) return fail(ec, "http read");
  stream_.expires_never();
  routes_->dispatch(parser_->release(), *this);
}

void http_session::send(response res) {
  res_ = std::move(res);
  res_.set(http::field::server, "taller-tiempo-real");
  const bool keep_alive = res_.keep_alive();
  stream_.expires_after(http_timeout);
  http::async_write(stream_, res_,
                    beast::bind_front_handler(&http_session::on_write, shared_from_this(),
                                              keep_alive));
}

tcp::socket http_session::release_socket() {
  stream_.expires_never();
  return stream_.release_socket();
}

std::string http_session::remote_address() const {
  beast::error_code ec;
  const auto ep = stream_.socket().remote_endpoint(ec);
  return ec ? std::string() : ep.address().to_string() + ":" + std::to_string(ep.port());
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return fail(ec, "http write");
  if (!keep_alive) return do_close();
  do_read();
}

void http_session::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace taller
