#include "p01/http_session.hpp"

#include <nlohmann/json.hpp>

#include "p01/query.hpp"
#include "p01/websocket_session.hpp"
#include "taller/fail.hpp"

namespace p01 {

namespace {

// Una ruta: método, camino y quién la atiende.
struct route {
  http::verb method;
  std::string_view path;
  void (http_session::*handler)(request&&);
};

constexpr std::size_t max_request_body = 64 * 1024;  // bytes; más → 413
constexpr auto http_timeout = std::chrono::seconds(30);

}  // namespace

response json_error(const request& req, http::status status, std::string_view code,
                    std::string_view field, std::string_view message) {
  nlohmann::json body{{"error", code}, {"message", message}};
  if (!field.empty()) body["field"] = field;
  response res{status, req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

http_session::http_session(tcp::socket&& socket, std::shared_ptr<server_state> state)
    : stream_(std::move(socket)), state_(std::move(state)) {}

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
  if (ec) return taller::fail(ec, "http read");
  request req = parser_->release();

  // La tabla de rutas del servidor.
  static constexpr route routes[] = {
      {http::verb::get, "/", &http_session::serve_page},
      {http::verb::get, "/ws", &http_session::upgrade_chat},
      {http::verb::get, "/ws/activity", &http_session::upgrade_activity},
  };
  const std::string_view path = target_path(req.target());
  for (const route& r : routes) {
    if (r.path != path) continue;
    if (req.method() != r.method)
      return send(json_error(req, http::status::method_not_allowed, "method_not_allowed", "",
                             "método no permitido en " + std::string(path)));
    return (this->*r.handler)(std::move(req));
  }
  send(json_error(req, http::status::not_found, "not_found", "",
                  "no existe la ruta " + std::string(path)));
}

void http_session::serve_page(request&& req) {
  const auto* file = state_->files.find("/index.html");
  if (!file) return send(json_error(req, http::status::not_found, "not_found", "", "sin página"));
  response res{http::status::ok, req.version()};
  res.set(http::field::content_type, file->mime);
  res.keep_alive(req.keep_alive());
  res.body() = *file->body;
  res.prepare_payload();
  send(std::move(res));
}

void http_session::upgrade_chat(request&& req) {
  const ws_params p = parse_ws_params(req.target());
  if (!p.ok())
    return send(json_error(req, http::status::bad_request, "invalid_query", p.error_field,
                           p.error_message));
  if (!websocket::is_upgrade(req)) return reject_plain_http(std::move(req));
  client_info who{p.channel, p.user_id, ""};
  std::make_shared<websocket_session>(stream_.release_socket(), state_, std::move(who),
                                      ws_role::chat)
      ->run(std::move(req));
}

void http_session::upgrade_activity(request&& req) {
  if (!websocket::is_upgrade(req)) return reject_plain_http(std::move(req));
  std::make_shared<websocket_session>(stream_.release_socket(), state_, client_info{},
                                      ws_role::activity)
      ->run(std::move(req));
}

// Una ruta WebSocket pedida sin las cabeceras de upgrade: 426 (RFC 6455 §4.2.2).
void http_session::reject_plain_http(request&& req) {
  response res = json_error(req, http::status::upgrade_required, "upgrade_required", "",
                            std::string(target_path(req.target())) +
                                " solo acepta conexiones WebSocket");
  res.set(http::field::upgrade, "websocket");
  send(std::move(res));
}

void http_session::send(response res) {
  res_ = std::move(res);
  const bool keep_alive = res_.keep_alive();
  http::async_write(stream_, res_,
                    beast::bind_front_handler(&http_session::on_write, shared_from_this(),
                                              keep_alive));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return taller::fail(ec, "http write");
  if (!keep_alive) return do_close();
  do_read();
}

void http_session::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace p01
