#include "p01/server.hpp"

#include "p01/query.hpp"
#include "p01/routes.hpp"
#include "p01/server_state.hpp"
#include "p01/websocket_session.hpp"
#include "taller/http_server.hpp"
#include "taller/http_session.hpp"

namespace p01 {

namespace {

using taller::http_session;
using taller::request;
using taller::route_params;

// Una ruta WebSocket pedida sin las cabeceras de upgrade: 426 (RFC 6455 §4.2.2).
void reject_plain_http(request&& req, http_session& session) {
  auto res = taller::json_error(
      req, taller::errors::upgrade_required, "",
      std::string(taller::target_path(req.target())) + " solo acepta conexiones WebSocket");
  res.set(http::field::upgrade, "websocket");
  session.send(std::move(res));
}

}  // namespace

// GET /ws?channel=…&user_id=…: valida y pasa la conexión a una websocket_session.
void upgrade_chat(const std::shared_ptr<server_state>& state, request&& req, http_session& session,
                  const taller::connection_links& links) {
  const ws_params p = parse_ws_params(req.target());
  if (!p.ok())
    return session.send(
        taller::json_error(req, taller::errors::invalid_parameter, p.error_field, p.error_message));
  upgrade_to_channel(state, std::move(req), session, p.channel, p.user_id, links);
}

// GET /ws/activity: un observador de quién entra y quién sale.
void upgrade_activity(const std::shared_ptr<server_state>& state, request&& req,
                      http_session& session, const taller::connection_links& links) {
  if (!websocket::is_upgrade(req)) return reject_plain_http(std::move(req), session);
  std::make_shared<websocket_session>(session.release_socket(), state, client_info{},
                                      ws_role::activity, links)
      ->run(std::move(req));
}

void upgrade_to_channel(const std::shared_ptr<server_state>& state, request&& req,
                        http_session& session, const std::string& channel,
                        const std::string& user_id, const taller::connection_links& links) {
  if (!websocket::is_upgrade(req)) return reject_plain_http(std::move(req), session);
  std::make_shared<websocket_session>(session.release_socket(), state,
                                      client_info{channel, user_id, ""}, ws_role::chat, links)
      ->run(std::move(req));
}

void add_websocket_routes(taller::router& routes, const std::shared_ptr<server_state>& state,
                          const taller::connection_links& links) {
  routes
      .add(http::verb::get, "/ws",
           [state, links](request&& req, const route_params&, http_session& s) {
             upgrade_chat(state, std::move(req), s, links);
           })
      .add(http::verb::get, "/ws/activity",
           [state, links](request&& req, const route_params&, http_session& s) {
             upgrade_activity(state, std::move(req), s, links);
           });
}

void load_test_page(server_state& state) { state.files.load_directory(TALLER_STATIC_DIR, "/"); }

struct server::impl {
  explicit impl(server_options o)
      : state(std::make_shared<server_state>(std::move(o))),
        http(state->options.address, state->options.port, state->options.shutdown_grace) {}

  std::shared_ptr<server_state> state;
  taller::http_server http;
};

server::server(server_options options) : impl_(std::make_unique<impl>(std::move(options))) {
  load_test_page(*impl_->state);
}

server::~server() = default;

unsigned short server::start() {
  auto state = impl_->state;
  // La tabla de rutas del servidor de la práctica 01.
  auto routes = std::make_shared<taller::router>();
  routes->add(http::verb::get, "/", [state](request&& req, const route_params&, http_session& s) {
    s.send(taller::file_response(req, *state->files.find("/index.html")));
  });
  add_websocket_routes(*routes, state);

  return impl_->http.start(routes, {.close_all =
                                        [state] {
                                          state->stopping = true;
                                          state->hub.shutdown_all();
                                        },
                                    .idle = [state] { return state->hub.size() == 0; }});
}

void server::run() { impl_->http.run(); }
void server::stop() { impl_->http.stop(); }
void server::stop_on_signals() { impl_->http.stop_on_signals(); }
unsigned short server::port() const { return impl_->http.port(); }

}  // namespace p01
