// El servidor de la práctica 02: su estado, su tabla de rutas (server::start)
// y su arranque. Las rutas SSE están en sse_routes.cpp, la apertura de un flujo
// en streams.cpp y las tareas de fondo en background_tasks.cpp.
#include "p02/server.hpp"

#include <iostream>

#include "p01/routes.hpp"
#include "p02/metrics_collector.hpp"
#include "p02/service.hpp"
#include "taller/clock.hpp"
#include "taller/http_server.hpp"
#include "taller/http_session.hpp"

namespace p02 {

using json = nlohmann::json;

server_state::server_state(server_options o, const link_builder& build)
    : options(std::move(o)),
      hub(options.replay, first_id_from_clock(epoch_seconds())),
      ws(std::make_shared<p01::server_state>(options.websocket)),
      links(build ? build(ws->hub, hub) : stream_links{}) {}

void server_state::log(std::string_view level, std::string_view service, std::string_view message,
                       std::string_view request_id) {
  std::cerr << '[' << level << "] " << service << ": " << message << '\n';
  publish("logs", "log_entry",
          {{"level", level},
           {"service", service},
           {"message", message},
           {"timestamp", taller::iso_now()},
           {"request_id", request_id.empty() ? json(nullptr) : json(request_id)}});
}

using taller::http_session;
using taller::request;
using taller::route_params;

struct server::impl {
  explicit impl(server_options o)
      : state(std::make_shared<server_state>(std::move(o))),
        http(state->options.address, state->options.port, state->options.shutdown_grace),
        tasks(http.io(), state) {}

  std::shared_ptr<server_state> state;
  taller::http_server http;
  background_tasks tasks;
};

void load_test_page(server_state& state) {
  state.files.load_directory(TALLER_STATIC_DIR, "/");
  p01::load_test_page(*state.ws);
}

server::server(server_options options) : impl_(std::make_unique<impl>(std::move(options))) {
  load_test_page(*impl_->state);
}

server::~server() = default;

namespace {

// La tabla de rutas del servidor de la práctica 02: sus dos páginas, las rutas
// SSE y de la API (add_sse_routes, en sse_routes.cpp) y los WebSocket de la 01.
std::shared_ptr<taller::router> route_table(const std::shared_ptr<server_state>& st) {
  // Las páginas son de st (o de st->ws): el manejador lo mantiene vivo.
  auto page = [st](const taller::static_files& files) {
    return [st, &files](request&& req, const route_params&, http_session& s) {
      s.send(taller::file_response(req, *files.find("/index.html")));
    };
  };
  auto routes = std::make_shared<taller::router>();
  routes->add(http::verb::get, "/", page(st->files))
      .add(http::verb::get, "/cliente", page(st->ws->files));  // la página de la práctica 01
  add_sse_routes(*routes, st);
  p01::add_websocket_routes(*routes, st->ws);
  return routes;
}

}  // namespace

unsigned short server::start() {
  auto st = impl_->state;
  auto routes = route_table(st);
  impl_->tasks.start();
  const unsigned short port = impl_->http.start(
      routes,
      {.close_all =
           [this, st] {
             impl_->tasks.stop();
             st->ws->stopping = true;
             st->ws->hub.shutdown_all();
             st->hub.shutdown_all();
           },
       .idle = [st] { return st->hub.total_connections() == 0 && st->ws->hub.size() == 0; }});
  st->log("info", "p02-servidor", "servidor iniciado en el puerto " + std::to_string(port));
  return port;
}

void server::run() { impl_->http.run(); }
void server::stop() { impl_->http.stop(); }
void server::stop_on_signals() { impl_->http.stop_on_signals(); }
unsigned short server::port() const { return impl_->http.port(); }

}  // namespace p02
