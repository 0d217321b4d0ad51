#include "p03/server.hpp"

#include <iostream>

#include "p01/routes.hpp"
#include "p03/api.hpp"
#include "p03/auth.hpp"
#include "p03/jwt.hpp"
#include "p03/monitor_state.hpp"
#include "p03/sensor_routes.hpp"
#include "p03/timers.hpp"
#include "taller/barrier.hpp"
#include "taller/http.hpp"
#include "taller/http_server.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

// GET / y GET /cliente: las páginas de prueba de la 02 y de la 01.
void test_page(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  s.send(taller::file_response(req, *st->base->files.find("/index.html")));
}

void client_page(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  s.send(taller::file_response(req, *st->base->ws->files.find("/index.html")));
}

}  // namespace

struct server::impl {
  impl(server_options o, monitor_config cfg)
      : options(std::move(o)),
        state(std::make_shared<monitor_state>(options.base, std::move(cfg))),
        base(state->base),
        http(options.base.address, options.base.port, options.base.shutdown_grace),
        tasks(http.io(), base),
        timers(http.io(), state) {}

  ~impl() {
    // Los notificadores publican en el io_context: se paran (y unen sus hilos)
    // antes de que desaparezca.
    state->webhook.reset();
    state->email.reset();
    worker.stop();
    worker.join();
  }

  // Los notificadores de alertas (webhook, correo), si la configuración los pide.
  // Sus envíos corren en sus hilos y el resultado vuelve al io_context.
  void start_notifiers() {
    std::weak_ptr<monitor_state> weak = state;
    auto post_back = [this](std::function<void()> f) {
      net::post(http.io(), taller::guard("resultado de un notificador", std::move(f)));
    };
    auto on_result = [weak](const delivery_result& r) {
      auto st = weak.lock();
      if (!st || r.ok) return;
      st->monitor->error("notifier");
      st->base->log("warning", "alertas",
                    "no se pudo entregar la alerta " + r.rule + ": " + r.error);
    };
    if (!state->config.webhook_url.empty()) try {
        state->webhook = std::make_unique<webhook_notifier>(
            webhook_options{.url = state->config.webhook_url,
                            .ca_file = state->config.webhook_ca_file},
            post_back, on_result);
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("configuración inválida: webhook: ") + e.what());
      }
    if (state->config.smtp) {
      const auto& cfg = *state->config.smtp;
      state->email = std::make_unique<smtp_notifier>(smtp_options{.host = cfg.server,
                                                                  .port = cfg.port,
                                                                  .from = cfg.from,
                                                                  .to = cfg.recipients,
                                                                  .username = cfg.user,
                                                                  .password = cfg.password,
                                                                  .starttls = cfg.starttls,
                                                                  .ca_file = cfg.ca_file},
                                                     post_back, on_result);
    }
  }

  // La tabla de rutas de la práctica 03, entera: método, ruta y manejador. Las
  // de options.extra_routes van delante y ganan si coinciden (la 04 pone ahí su
  // panel); las de la 02 y la 01 entran tal cual, y al final los alias.
  std::shared_ptr<taller::router> route_table() {
    using verb = http::verb;
    auto bind = [st = state](monitor_handler handler) {
      return [st, handler](request&& req, const route_params& p, http_session& s) {
        handler(st, std::move(req), p, s);
      };
    };
    auto routes = std::make_shared<taller::router>();
    if (options.extra_routes) options.extra_routes(*routes);
    routes->add(verb::get, "/", bind(test_page))
        .add(verb::get, "/cliente", bind(client_page))
        // La API REST y /metrics (Paso 6, api.cpp).
        .add(verb::get, "/api/metrics", bind(api_metrics))
        .add(verb::get, "/api/metrics/history", bind(api_history))
        .add(verb::get, "/api/metrics/channel/{name}", bind(api_channel))
        .add(verb::get, "/api/connections", bind(api_connections))
        .add(verb::get, "/api/alerts", bind(api_alerts))
        .add(verb::get, "/api/alerts/rules", bind(api_rules))
        .add(verb::put, "/api/alerts/rules/{name}", bind(api_update_rule))
        .add(verb::get, "/api/v1/ws/stats", bind(api_ws_stats))
        .add(verb::get, "/api/v1/ws/stats/{channel}", bind(api_ws_channel_stats))
        .add(verb::post, "/api/v1/ws/test-event", bind(api_test_event))
        .add(verb::get, "/metrics", bind(prometheus_metrics))
        // Sensores: cada cambio emite eventos de entidad (Paso 7, sensor_routes.cpp).
        .add(verb::post, "/api/v1/sensors", bind(sensor_create))
        .add(verb::get, "/api/v1/sensors", bind(sensor_list))
        .add(verb::get, "/api/v1/sensors/{id}", bind(sensor_get))
        .add(verb::put, "/api/v1/sensors/{id}", bind(sensor_update))
        .add(verb::delete_, "/api/v1/sensors/{id}", bind(sensor_delete))
        .add(verb::get, "/api/v1/sensors/{id}/readings", bind(sensor_readings))
        .add(verb::post, "/api/v1/readings", bind(reading_create))
        // Quién entra (Paso 8, auth.cpp): el login y los WebSocket que pasan por admit.
        .add(verb::post, "/auth/login", login_route(state, worker, http.io()))
        .add(verb::get, "/ws", bind(chat_websocket))
        .add(verb::get, "/ws/activity", bind(activity_websocket))
        .add(verb::get, "/ws/secure", bind(secure_websocket))
        .add(verb::get, "/ws/dashboard", bind(dashboard_websocket));
    p02::add_sse_routes(*routes, base);  // /sse/…, /metrics/stream, /api/system-stats…
    // Las URL de los prototipos de partida (../shared/seeds), para que sus clientes
    // funcionen tal cual: cada una se atiende como la ruta del taller que hace lo mismo.
    routes->alias(verb::get, "/api/v1/ws", "/ws")
        .alias(verb::get, "/api/v1/ws/secure", "/ws/secure")
        .alias(verb::get, "/ws/{channel}/{user_id}", "/ws?channel={channel}&user_id={user_id}")
        .alias(verb::get, "/api/ws/metrics", "/ws?channel=metrics");
    return routes;
  }

  // Al parar: avisa en general, para los temporizadores y cierra todas las conexiones.
  void close_all() {
    state->channels->publish(
        "general", "system_event",
        make_system_event("warning", "el servidor se detiene", json::object(), taller::iso_now()));
    timers.cancel();
    tasks.stop();
    base->ws->stopping = true;
    base->ws->hub.shutdown_all();
    base->hub.shutdown_all();
  }

  server_options options;
  std::shared_ptr<monitor_state> state;
  std::shared_ptr<p02::server_state> base;  // el de la 02, dentro de state
  taller::http_server http;
  p02::background_tasks tasks;
  monitor_timers timers;
  net::thread_pool worker{1};  // contraseñas (PBKDF2) fuera del hilo de red
};

namespace {

monitor_config load_or_throw(const server_options& o) {
  auto env = o.env ? o.env : system_env;
  auto loaded = load_config(o.config_path, env);
  if (auto* error = std::get_if<std::string>(&loaded))
    throw std::runtime_error("configuración inválida: " + *error);
  monitor_config cfg = std::get<monitor_config>(std::move(loaded));
  if (o.demo) {
    cfg.users.push_back({"demo", make_password_hash("demo")});
    if (cfg.jwt_secret.empty()) {
      cfg.jwt_secret = random_secret();
      std::cerr << "[aviso] --demo: usuario demo/demo y un secreto JWT aleatorio ("
                << cfg.jwt_secret << "). No lo uses fuera del aula: define TALLER_JWT_SECRET.\n";
    }
  }
  return cfg;
}

}  // namespace

server::server(server_options options) {
  monitor_config cfg = load_or_throw(options);
  // Beast envía un ping tras la mitad de idle_timeout en silencio y cierra al
  // cumplirse entero: idle = intervalo + tiempo para responder.
  const int interval = options.ping_interval_s.value_or(cfg.ping_interval_s);
  const int timeout = options.ping_timeout_s.value_or(cfg.ping_timeout_s);
  options.base.websocket.ping_timeout = std::chrono::seconds(interval + timeout);
  impl_ = std::make_unique<impl>(std::move(options), std::move(cfg));
  p02::load_test_page(*impl_->base);
  impl_->start_notifiers();
}

server::~server() = default;

unsigned short server::start() {
  auto routes = impl_->route_table();
  impl_->tasks.start();
  auto base = impl_->base;
  const unsigned short port = impl_->http.start(
      routes,
      {.close_all = [this] { impl_->close_all(); },
       .idle = [base] { return base->hub.total_connections() == 0 && base->ws->hub.size() == 0; }});
  impl_->timers.start(impl_->options);
  base->log("info", "p03-servidor", "servidor iniciado en el puerto " + std::to_string(port));
  impl_->state->channels->publish(
      "general", "system_event",
      make_system_event("info", "servidor iniciado", {{"port", port}}, taller::iso_now()));
  return port;
}

void server::run() { impl_->http.run(); }
void server::stop() { impl_->http.stop(); }
void server::stop_on_signals() { impl_->http.stop_on_signals(); }
unsigned short server::port() const { return impl_->http.port(); }

}  // namespace p03
