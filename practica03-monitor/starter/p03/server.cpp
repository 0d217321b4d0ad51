#include "p03/server.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <iostream>

#include "p01/query.hpp"
#include "p01/routes.hpp"
#include "p02/metrics_collector.hpp"
#include "p02/service.hpp"
#include "p03/alerts.hpp"
#include "p03/channel_manager.hpp"
#include "p03/config.hpp"
#include "p03/connection_monitor.hpp"
#include "p03/jwt.hpp"
#include "p03/notifiers.hpp"
#include "p03/prometheus.hpp"
#include "p03/sensors.hpp"
#include "taller/barrier.hpp"
#include "taller/clock.hpp"
#include "taller/input.hpp"
#include "taller/http_server.hpp"
#include "taller/http_session.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;
using taller::http_session;
using taller::request;
using taller::route_params;

constexpr std::size_t alert_history_capacity = 1000;  // registros de alertas guardados
constexpr double token_lifetime_s = 3600;             // validez de un JWT de /auth/login


// Lo que la práctica 03 añade al estado de la 02 (solo desde el hilo de red).
struct monitor_state {
  monitor_state(std::shared_ptr<p02::server_state> base, monitor_config cfg)
      : base(std::move(base)),
        config(std::move(cfg)),
        monitor(std::make_shared<connection_monitor>(p02::epoch_seconds)),
        channels(std::make_shared<channel_manager>(this->base->ws->hub, this->base->hub, monitor)),
        alerts(config.rules),
        sensors([] { return taller::iso_now(); }) {}

  std::shared_ptr<p02::server_state> base;
  monitor_config config;
  std::shared_ptr<connection_monitor> monitor;
  std::shared_ptr<channel_manager> channels;  // también observa las conexiones
  alert_engine alerts;
  std::deque<alert_record> alert_history;  // acotado a alert_history_capacity
  sensor_store sensors;
  std::unique_ptr<webhook_notifier> webhook;
  std::unique_ptr<smtp_notifier> email;

  // CPU y memoria de la última muestra de la práctica 02 (0 si falta).
  double metric(const char* group, const char* field) const {
    const json& m = base->latest_metrics;
    if (!m.is_object() || !m.contains(group) || !m[group].is_object()) return 0;
    const json& v = m[group].value(field, json());
    return v.is_number() ? v.get<double>() : 0;
  }
  double cpu() const { return metric("cpu", "percent_total"); }
  double memory() const { return metric("memory", "percent"); }

  json metrics_json() const { return monitor->metrics_json(cpu(), memory()); }
};

using state_ptr = std::shared_ptr<monitor_state>;

// El token de la petición: ?token= o la cabecera Authorization: Bearer.
std::string token_of(const request& req) {
  if (auto t = taller::query_param(req.target(), "token")) return *t;
  const std::string_view auth = req[http::field::authorization];
  if (auth.rfind("Bearer ", 0) == 0) return std::string(auth.substr(7));
  return {};
}

// Verifica un JWT con el secreto del servidor; las claims o el código del error.
jwt_result check_token(const monitor_state& st, const request& req) {
  if (st.config.jwt_secret.empty()) return {std::nullopt, "auth_disabled"};
  return jwt_verify(token_of(req), st.config.jwt_secret, p02::epoch_seconds());
}

taller::response unauthorized(const request& req, std::string_view reason) {
  return taller::json_error(req, http::status::unauthorized, "unauthorized", "token",
                            "se necesita un token válido (" + std::string(reason) + ")");
}

// ¿Se admite una conexión nueva (WebSocket o SSE) en ese canal?
std::optional<taller::response> admit(const state_ptr& st, const request& req,
                                      const std::string& channel, const std::string& remote) {
  // TODO PASO 8 ▸ Exige un token en los canales privados y aplica los límites
  //   Devuelve el rechazo, o nada si se admite, antes del upgrade. En orden: canal de
  //   config.private_channels sin token válido (check_token) → 401 (unauthorized, con el motivo);
  //   max_connections ya abiertas → 503 too_many_connections "el servidor ya tiene N conexiones";
  //   max_per_address desde su IP (remote sin ":puerto") → 429 too_many_connections
  //   "demasiadas conexiones desde <ip>". Con un estado HTTP el cliente sabe por qué no entra.
  (void)st; (void)req; (void)channel; (void)remote;
  // FIN PASO 8
  return std::nullopt;
}

// Guarda y reparte un registro de alerta: historial, registro, canal alerts y notificadores.
void deliver_alert(const state_ptr& st, const alert_record& record) {
  st->alert_history.push_back(record);
  while (st->alert_history.size() > alert_history_capacity) st->alert_history.pop_front();
  // TODO PASO 5 ▸ Envía la alerta a cada notificador
  //   El aviso (ya en el historial) llega al registro (base->log: nivel "error" si es critical y
  //   "warning" si no, servicio "alertas", su mensaje), al canal "alerts" como evento "alert"
  //   con su to_json por los dos transportes, al webhook si lo hay y al correo si lo hay y su
  //   nivel está en config.smtp->levels. Los dos últimos solo encolan (notify no bloquea): una
  //   espera aquí congelaría a todos los clientes.
  // FIN PASO 5
}

// ── Manejadores de la API REST ──────────────────────────────────────────────

// Lo que responde una ruta de la API mientras su paso no está hecho.
[[maybe_unused]] void not_done(const request& req, http_session& s) {
  s.send(taller::json_error(req, http::status::not_implemented, "not_implemented", "",
                            "esta ruta es del Paso 6 y aún no está hecha"));
}

[[maybe_unused]] std::size_t limit_of(const request& req, std::size_t fallback) {
  const auto text = taller::query_param(req.target(), "limit");
  if (!text) return fallback;
  try {
    const long v = std::stol(*text);
    return v < 1 ? 1 : static_cast<std::size_t>(std::min<long>(v, 1000));
  } catch (const std::exception&) {
    return fallback;
  }
}

[[maybe_unused]] void send_json(http_session& s, const request& req, const json& body,
                                http::status status = http::status::ok) {
  s.send(taller::json_response(req, status, body));
}

void api_metrics(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /api/metrics
  //   Responde 200 con el JSON de metrics_json del Paso 2, con la CPU y la memoria en % de la
  //   última muestra de la 02 (el ayudante metrics_json de monitor_state ya las junta).
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void api_history(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /api/metrics/history
  //   200 con el array de muestras, la más antigua primero (la forma de los prototipos: su
  //   panel lo da tal cual a la gráfica). Sin metric_type vale "connections"; limit con
  //   limit_of (100 por omisión, de 1 a 1000). Un tipo desconocido: 400 "invalid_metric_type"
  //   con "field":"metric_type", para que se sepa qué corregir.
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void api_channel(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  // TODO PASO 6 ▸ GET /api/metrics/channel/{name}
  //   200 con channel_json del canal (sus conexiones vivas y sus mensajes). Un canal sin
  //   conexiones no existe para el monitor: 404 "not_found" con "field":"name".
  (void)st; (void)p;
  not_done(req, s);
  // FIN PASO 6
}

void api_connections(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /api/connections
  //   200 con un array de las conexiones vivas, la más nueva primero, como mucho limit
  //   (limit_of, 50 por omisión): la tabla puede ser enorme y la respuesta no debe serlo.
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void api_alerts(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /api/alerts
  //   200 con un array de los últimos limit avisos de alert_history (limit_of, 50 por omisión),
  //   cada uno con su to_json, en orden de llegada: el más nuevo el último, como una línea de
  //   tiempo. Sin avisos, [].
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void api_rules(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /api/alerts/rules
  //   200 con el array de las reglas tal como están ahora (rules_json del motor), con los cambios
  //   de PUT ya aplicados.
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void api_update_rule(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  // TODO PASO 6 ▸ PUT /api/alerts/rules/{name}
  //   Cambio parcial de la regla con el cuerpo JSON. Cuerpo que no es JSON: 400 "invalid_json"
  //   con "field":"body" (parse_json_body ya forma esa respuesta). Regla que no existe: 404
  //   "not_found" con "field":"name". Valor que update_rule rechaza: 422 "invalid_field" con
  //   su field y su mensaje, sin cambiar nada. Si vale, 200 con la regla ya cambiada.
  (void)st; (void)p;
  not_done(req, s);
  // FIN PASO 6
}

// {"total_connections", "channels": {canal: {"connections", "users": [{user_id, connected_at}]}}}
[[maybe_unused]] json ws_stats(const monitor_state& st) {
  auto text = [](const json& c, const char* key) {
    return c.contains(key) && c[key].is_string() ? c[key].get<std::string>() : std::string();
  };
  json channels = json::object();
  for (const json& c : st.monitor->connections_json(st.monitor->current_connections())) {
    // Un flujo con varios canales ("alerts,metrics") cuenta en cada uno.
    for (const auto& name : taller::channels_of({.channel = text(c, "channel")})) {
      if (!channels.contains(name)) channels[name] = {{"connections", 0}, {"users", json::array()}};
      json& entry = channels[name];
      entry["connections"] = entry["connections"].get<int>() + 1;
      if (!text(c, "user_id").empty())
        entry["users"].push_back({{"user_id", c["user_id"]},
                                  {"connected_at", c["connected_at"]},
                                  {"transport", c["transport"]}});
    }
  }
  return {{"total_connections", st.monitor->current_connections()},
          {"total_channels", channels.size()},
          {"channels", channels},
          {"timestamp", taller::iso_now()}};
}

void api_ws_stats(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /api/v1/ws/stats
  //   200 con ws_stats: {"total_connections", "total_channels", "channels": {canal:
  //   {"connections", "users"}}, "timestamp"}. Solo salen canales con conexiones y, en users,
  //   las que tienen user_id.
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void api_ws_channel_stats(const state_ptr& st, request&& req, const route_params& p,
                          http_session& s) {
  // TODO PASO 6 ▸ GET /api/v1/ws/stats/{channel}
  //   200 con la entrada de ws_stats de ese canal más "channel" con su nombre. Un canal sin
  //   conexiones: 404 "not_found" con "field":"channel".
  (void)st; (void)p;
  not_done(req, s);
  // FIN PASO 6
}

void api_test_event(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ POST /api/v1/ws/test-event
  //   Publica en ?channel= ("general" si falta) un system_event de nivel "info" con el texto de
  //   ?message= ("evento de prueba" si falta) y "data":{"test":true} (make_system_event), por
  //   los dos transportes, y responde 200 {"status":"sent","channel","delivered"}. Un canal no
  //   válido (p01::is_valid_channel): 400 "invalid_channel" con "field":"channel".
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

void prometheus_metrics(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // TODO PASO 6 ▸ GET /metrics
  //   200 con el texto de format_prometheus sobre prometheus_families del monitor (CPU y memoria
  //   en %) y el Content-Type de prometheus_content_type(): sin él, Prometheus no sabe qué
  //   formato lee. La respuesta lleva su Content-Length y respeta el keep-alive de la petición.
  (void)st;
  not_done(req, s);
  // FIN PASO 6
}

// Responde con el resultado de una operación de sensores y publica sus eventos.
void answer_sensors(const state_ptr& st, const request& req, http_session& s,
                    sensor_result result) {
  for (const auto& e : result.events) st->channels->publish(e.channel, "entity_event", e.message);
  if (result.status == 204) {
    taller::response res{http::status::no_content, req.version()};
    res.keep_alive(req.keep_alive());
    return s.send(std::move(res));
  }
  send_json(s, req, result.body, static_cast<http::status>(result.status));
}

std::optional<std::int64_t> id_param(const route_params& p) {
  try {
    std::size_t used = 0;
    const std::int64_t id = std::stoll(p.at("id"), &used);
    if (used == p.at("id").size()) return id;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// Una ruta de sensores: op recibe el cuerpo ya interpretado (anidamiento
// acotado; null si la petición no trae cuerpo). Un cuerpo que no es JSON es 400.
taller::route_handler sensor_route(const state_ptr& st,
                                   sensor_result (*op)(monitor_state&, const json& body,
                                                       const route_params&)) {
  return [st, op](request&& req, const route_params& p, http_session& s) {
    json body;
    if (req.method() == http::verb::post || req.method() == http::verb::put) {
      auto parsed = taller::parse_json(req.body());
      if (!parsed)
        return s.send(taller::json_error(req, http::status::bad_request, "invalid_json", "body",
                                         "el cuerpo " + parsed.error));
      body = std::move(parsed.value);
    }
    answer_sensors(st, req, s, op(*st, body, p));
  };
}

sensor_result bad_body_or_id(const char* field, const char* message) {
  return {422, {{"error", "invalid_field"}, {"field", field}, {"message", message}}, {}};
}

// POST /auth/login: comprobar la contraseña (PBKDF2, ~0,1 s de CPU) no se
// hace en el hilo de red: va al trabajador y la respuesta vuelve con post.
void login(const state_ptr& st, net::thread_pool& worker, net::io_context& ioc, request&& req,
           http_session& s) {
  taller::response error;
  auto body = taller::parse_json_body(req, &error);
  if (!body) return s.send(std::move(error));
  if (st->config.jwt_secret.empty())
    return s.send(taller::json_error(req, http::status::service_unavailable, "auth_disabled", "",
                                     "la autenticación no está configurada (TALLER_JWT_SECRET)"));
  // Cada campo se comprueba antes de usarlo: {"username":123} es un 422, no una excepción.
  for (const char* field : {"username", "password"})
    if (!taller::text_member(*body, field))
      return s.send(taller::json_error(req, http::status::unprocessable_entity, "invalid_field",
                                       field, std::string(field) + " debe ser un texto"));
  const std::string user = *taller::text_member(*body, "username");
  const std::string password = *taller::text_member(*body, "password");
  std::string stored;
  for (const auto& u : st->config.users)
    if (u.username == user) stored = u.password_hash;
  auto session = s.shared_from_this();
  net::post(worker, [st, &ioc, session, req = std::move(req), user, password, stored]() mutable {
    bool ok = false;
    std::string token;
    // En un hilo del trabajador una excepción terminaría el proceso: la barrera.
    const bool done = taller::shielded("POST /auth/login (trabajador)", [&] {
      // TODO PASO 8 ▸ Comprueba la contraseña y firma un JWT
      //   Corre en el trabajador porque PBKDF2 es lento a propósito. ok queda true solo si hay
      //   hash guardado y verify_password lo acepta; entonces token es un JWT (jwt_sign, secreto de
      //   la configuración) con "sub" el usuario, "iat" la hora en segundos enteros y "exp" iat
      //   más token_lifetime_s. Si no, ok false y sin token: la respuesta de después da el 401.
      (void)password; (void)stored; (void)st;
      // FIN PASO 8
    });
    net::post(ioc, taller::guard("POST /auth/login (respuesta)", [session, req = std::move(req),
                                                                 done, ok, token, user] {
      if (!done)
        return session->send(taller::json_error(req, http::status::internal_server_error,
                                                "internal_error", "",
                                                "error interno del servidor al atender el login"));
      if (!ok)
        return session->send(taller::json_error(req, http::status::unauthorized,
                                                "invalid_credentials", "password",
                                                "usuario o contraseña incorrectos"));
      session->send(taller::json_response(req, http::status::ok,
                                          {{"access_token", token},
                                           {"token_type", "bearer"},
                                           {"expires_in", token_lifetime_s},
                                           {"username", user}}));
    }));
  });
}

// GET /ws/secure?channel=&token=: solo con un token válido (si no, 401 antes del upgrade).
void secure_websocket(const state_ptr& st, request&& req, http_session& s) {
  const std::string channel = taller::query_param(req.target(), "channel").value_or("general");
  if (!p01::is_valid_channel(channel))
    return s.send(taller::json_error(req, http::status::bad_request, "invalid_query", "channel",
                                     "el canal debe tener de 1 a 64 caracteres de [A-Za-z0-9_-]"));
  const jwt_result r = check_token(*st, req);
  if (!r.claims) return s.send(unauthorized(req, r.error));
  if (auto refusal = admit(st, req, channel, s.remote_address()))
    return s.send(std::move(*refusal));
  p01::upgrade_to_channel(st->base->ws, std::move(req), s, channel, r.subject);
}

}  // namespace

struct server::impl {
  impl(server_options o, monitor_config cfg)
      : options(std::move(o)),
        base(std::make_shared<p02::server_state>(options.base)),
        state(std::make_shared<monitor_state>(base, std::move(cfg))),
        http(options.base.address, options.base.port, options.base.shutdown_grace),
        tasks(http.io(), base) {}

  ~impl() {
    // Los notificadores publican en el io_context: se paran (y unen sus hilos)
    // antes de que desaparezca.
    state->webhook.reset();
    state->email.reset();
    worker.stop();
    worker.join();
  }

  // Conecta la 03 con las piezas de las prácticas 01 y 02: el monitor observa
  // las conexiones, las publicaciones pasan por el gestor de canales único y
  // cada conexión nueva pasa por admit().
  void wire() {
    // Los ganchos guardan un weak_ptr: el estado de la 02 no debe mantener vivo
    // el de la 03 (que a su vez lo contiene), o nunca se liberaría ninguno.
    std::weak_ptr<monitor_state> weak = state;
    base->ws->observer = state->channels;
    base->ws->relay = [weak](const p01::client_info& from, const taller::frame& msg) {
      if (auto st = weak.lock()) st->channels->relay_from_websocket(from, msg);
    };
    base->publish = [weak](const std::string& c, std::string_view e, const json& d) {
      auto st = weak.lock();
      return st ? st->channels->publish(c, e, d) : 0;
    };
    base->notify = [weak](const std::string& u, std::string_view e, const json& d) {
      auto st = weak.lock();
      return st ? st->channels->notify_user(u, e, d) : 0;
    };
    base->ws->admit = [weak](const request& req, const std::string& channel,
                             const std::string& remote) -> std::optional<taller::response> {
      auto st = weak.lock();
      if (!st) return std::nullopt;
      return admit(st, req, channel, remote);
    };
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

  // Tareas periódicas de la 03: historial, alertas y el empuje a /ws/dashboard.
  // Si work lanza, la barrera lo informa y el temporizador sigue.
  void every(net::steady_timer& timer, std::chrono::milliseconds period, const char* what,
             std::function<void()> work) {
    timer.expires_after(period);
    timer.async_wait([this, &timer, period, what, work](beast::error_code ec) {
      if (ec) return;
      taller::shielded(what, work);
      every(timer, period, what, work);
    });
  }

  void start_timers() {
    auto st = state;
    every(history_timer, options.history_interval, "historial de métricas",
          [st] { st->monitor->sample_history(st->cpu(), st->memory()); });
    every(alert_timer, options.alert_interval, "evaluación de alertas", [st] {
      const std::map<std::string, double> values{
          {"cpu_percent", st->cpu()},
          {"memory_percent", st->memory()},
          {"disk_percent", st->metric("disk", "percent")},
          {"current_connections", static_cast<double>(st->monitor->current_connections())},
          {"errors_per_minute", st->monitor->errors_per_minute()}};
      for (const auto& record : st->alerts.evaluate(values, p02::epoch_seconds())) deliver_alert(st, record);
    });
    every(dashboard_timer, options.dashboard_interval, "empuje a /ws/dashboard", [st] {
      st->channels->publish("dashboard", "metrics_update", {{"data", st->metrics_json()}});
    });
  }

  void cancel_timers() {
    history_timer.cancel();
    alert_timer.cancel();
    dashboard_timer.cancel();
    tasks.stop();
  }

  server_options options;
  std::shared_ptr<p02::server_state> base;
  std::shared_ptr<monitor_state> state;
  taller::http_server http;
  p02::background_tasks tasks;
  net::steady_timer history_timer{http.io()};
  net::steady_timer alert_timer{http.io()};
  net::steady_timer dashboard_timer{http.io()};
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
  impl_->wire();
}

server::~server() = default;

unsigned short server::start() {
  auto st = impl_->state;
  auto& worker = impl_->worker;
  auto& ioc = impl_->http.io();
  using verb = http::verb;
  auto bind = [st](auto handler) {
    return [st, handler](request&& req, const route_params& p, http_session& s) {
      handler(st, std::move(req), p, s);
    };
  };
  // La tabla de rutas del servidor de la práctica 03.
  auto routes = std::make_shared<taller::router>();
  if (impl_->options.extra_routes) impl_->options.extra_routes(*routes);
  routes->add(verb::get, "/",
              [b = impl_->base](request&& req, const route_params&, http_session& s) {
                s.send(taller::file_response(req, *b->files.find("/index.html")));
              });
  routes->add(verb::get, "/cliente",
              [b = impl_->base](request&& req, const route_params&, http_session& s) {
                s.send(taller::file_response(req, *b->ws->files.find("/index.html")));
              });
  // La API REST y /metrics (Paso 6: sus manejadores).
  routes->add(verb::get, "/api/metrics", bind(api_metrics))
      .add(verb::get, "/api/metrics/history", bind(api_history))
      .add(verb::get, "/api/metrics/channel/{name}", bind(api_channel))
      .add(verb::get, "/api/connections", bind(api_connections))
      .add(verb::get, "/api/alerts", bind(api_alerts))
      .add(verb::get, "/api/alerts/rules", bind(api_rules))
      .add(verb::put, "/api/alerts/rules/{name}", bind(api_update_rule))
      .add(verb::get, "/api/v1/ws/stats", bind(api_ws_stats))
      .add(verb::get, "/api/v1/ws/stats/{channel}", bind(api_ws_channel_stats))
      .add(verb::post, "/api/v1/ws/test-event", bind(api_test_event))
      .add(verb::get, "/metrics", bind(prometheus_metrics));
  routes->add(verb::get, "/ws/dashboard",
              [st](request&& req, const route_params&, http_session& s) {
                if (auto refusal = admit(st, req, "dashboard", s.remote_address()))
                  return s.send(std::move(*refusal));
                p01::upgrade_to_channel(st->base->ws, std::move(req), s, "dashboard", "");
              });
  // Sensores: cada cambio emite eventos de entidad (Paso 7, en sensors.cpp).
  routes
      ->add(verb::post, "/api/v1/sensors",
            sensor_route(st, [](monitor_state& m, const json& body,
                                const route_params&) { return m.sensors.create(body); }))
      .add(verb::get, "/api/v1/sensors",
           sensor_route(st, [](monitor_state& m, const json&,
                               const route_params&) { return m.sensors.list(); }))
      .add(verb::get, "/api/v1/sensors/{id}",
           sensor_route(st,
                        [](monitor_state& m, const json&, const route_params& p) {
                          auto id = id_param(p);
                          return id ? m.sensors.get(*id)
                                    : bad_body_or_id("id", "id debe ser un entero");
                        }))
      .add(verb::put, "/api/v1/sensors/{id}",
           sensor_route(st,
                        [](monitor_state& m, const json& body, const route_params& p) {
                          auto id = id_param(p);
                          return id ? m.sensors.update(*id, body)
                                    : bad_body_or_id("id", "id debe ser un entero");
                        }))
      .add(verb::delete_, "/api/v1/sensors/{id}",
           sensor_route(st,
                        [](monitor_state& m, const json&, const route_params& p) {
                          auto id = id_param(p);
                          return id ? m.sensors.remove(*id)
                                    : bad_body_or_id("id", "id debe ser un entero");
                        }))
      .add(verb::get, "/api/v1/sensors/{id}/readings",
           sensor_route(st,
                        [](monitor_state& m, const json&, const route_params& p) {
                          auto id = id_param(p);
                          return id ? m.sensors.readings(*id)
                                    : bad_body_or_id("id", "id debe ser un entero");
                        }))
      .add(verb::post, "/api/v1/readings",
           sensor_route(st, [](monitor_state& m, const json& body, const route_params&) {
             return m.sensors.add_reading(body);
           }));
  // Autenticación (Paso 8).
  routes->add(verb::post, "/auth/login",
              [st, &worker, &ioc](request&& req, const route_params&, http_session& s) {
                login(st, worker, ioc, std::move(req), s);
              });
  routes->add(verb::get, "/ws/secure", [st](request&& req, const route_params&, http_session& s) {
    secure_websocket(st, std::move(req), s);
  });
  p02::add_sse_routes(*routes, impl_->base);
  p01::add_websocket_routes(*routes, impl_->base->ws);
  // Las URL de los prototipos de partida (../shared/seeds), para que sus clientes
  // funcionen tal cual: cada una se atiende como la ruta del taller que hace lo mismo.
  routes->alias(verb::get, "/api/v1/ws", "/ws")
      .alias(verb::get, "/api/v1/ws/secure", "/ws/secure")
      .alias(verb::get, "/ws/{channel}/{user_id}", "/ws?channel={channel}&user_id={user_id}")
      .alias(verb::get, "/api/ws/metrics", "/ws?channel=metrics");

  impl_->tasks.start();
  auto base = impl_->base;
  const unsigned short port = impl_->http.start(
      routes,
      {.close_all =
           [this, st, base] {
             st->channels->publish("general", "system_event",
                                   make_system_event("warning", "el servidor se detiene",
                                                     json::object(), taller::iso_now()));
             impl_->cancel_timers();
             base->ws->stopping = true;
             base->ws->hub.shutdown_all();
             base->hub.shutdown_all();
           },
       .idle = [base] { return base->hub.total_connections() == 0 && base->ws->hub.size() == 0; }});
  impl_->start_timers();
  base->log("info", "p03-servidor", "servidor iniciado en el puerto " + std::to_string(port));
  st->channels->publish(
      "general", "system_event",
      make_system_event("info", "servidor iniciado", {{"port", port}}, taller::iso_now()));
  return port;
}

void server::run() { impl_->http.run(); }
void server::stop() { impl_->http.stop(); }
void server::stop_on_signals() { impl_->http.stop_on_signals(); }
unsigned short server::port() const { return impl_->http.port(); }

}  // namespace p03
