#include "p02/server.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>

#include "p01/query.hpp"
#include "p01/routes.hpp"
#include "p01/server_state.hpp"
#include "p02/metrics_collector.hpp"
#include "p02/sse_format.hpp"
#include "p02/sse_hub.hpp"
#include "p02/service.hpp"
#include "p02/sse_session.hpp"
#include "p02/trading.hpp"
#include "p02/validation.hpp"
#include "taller/barrier.hpp"
#include "taller/clock.hpp"
#include "taller/http_server.hpp"
#include "taller/http_session.hpp"

namespace p02 {

using json = nlohmann::json;

server_state::server_state(server_options o)
    : options(std::move(o)),
      hub(options.replay, first_id_from_clock(epoch_seconds())),
      ws(std::make_shared<p01::server_state>(options.websocket)),
      publish([this](const std::string& c, std::string_view e, const json& d) {
        return hub.publish(c, e, d);
      }),
      notify([this](const std::string& u, std::string_view e, const json& d) {
        return hub.notify_user(u, e, d);
      }) {}

void server_state::log(std::string_view level, std::string_view service,
                       std::string_view message, std::string_view request_id) {
  std::cerr << '[' << level << "] " << service << ": " << message << '\n';
  hub.publish("logs", "log_entry",
              {{"level", level},
               {"service", service},
               {"message", message},
               {"timestamp", taller::iso_now()},
               {"request_id", request_id.empty() ? json(nullptr) : json(request_id)}});
}

namespace {

using taller::http_session;
using taller::request;
using taller::route_params;

using state_ptr = std::shared_ptr<server_state>;

constexpr std::size_t max_channels_per_stream = 8;

// Last-Event-ID de la cabecera o, si no, del parámetro last_event_id (un
// EventSource no puede poner cabeceras en la primera conexión).
std::optional<std::uint64_t> last_event_id(const request& req) {
  std::string text(req["Last-Event-ID"]);
  if (text.empty()) text = taller::query_param(req.target(), "last_event_id").value_or("");
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// HEAD de un flujo: sus cabeceras, sin abrirlo.
taller::response stream_head(const request& req) {
  taller::response res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.keep_alive(req.keep_alive());
  return res;
}

// Abre un flujo SSE: da de alta la suscripción y envía, en orden, "connected",
// "reset" si hace falta, los eventos que el cliente se perdió y después lo nuevo.
//
// channels puede tener varios canales (?channel=metrics,alerts): un solo
// EventSource los recibe todos. Un navegador abre como mucho 6 conexiones
// HTTP/1.1 por servidor, compartidas entre pestañas; cada flujo cuenta.
// envelope: la forma de los prototipos (sse_envelope.hpp) o nullptr, eventos con nombre.
void open_stream(const state_ptr& state, request&& req, http_session& session,
                 const std::vector<std::string>& channels, const std::string& user_id,
                 std::shared_ptr<envelope_writer> envelope = nullptr) {
  if (req.method() == http::verb::head) return session.send(stream_head(req));
  std::string channel;  // "metrics,alerts": como lo pidió el cliente
  for (const auto& c : channels) channel += (channel.empty() ? "" : ",") + c;
  auto& hub = state->hub;
  sse_session::opening first;
  json connected = json::object();
  // TODO PASO 5 ▸ Saluda al flujo con el evento "connected"
  //   connected es lo primero que recibe todo flujo: un objeto con channel (los canales tal
  //   como los pidió, "metrics,alerts") y user_id, cada uno null si está vacío (channel lo
  //   está en /sse/notifications), timestamp (taller::iso_now()) y message "conectado al
  //   flujo de eventos". Así el cliente sabe a qué quedó suscrito antes de que llegue nada.
  // FIN PASO 5
  first.push_back(std::make_shared<const std::string>(
      format_event(hub.next_id(), "connected", connected.dump())));
  if (auto last = last_event_id(req)) {
    std::vector<stored_event> missed;  // de todos sus canales, en orden de id
    for (const auto& c : channels) {
      replay_result r = hub.replay(c, *last);
      if (r.reset)
        first.push_back(std::make_shared<const std::string>(format_event(
            hub.next_id(), "reset",
            json{{"channel", c},
                 {"last_event_id", *last},
                 {"message", "algunos eventos ya no están en el búfer: recarga el estado"}}
                .dump())));
      missed.insert(missed.end(), r.events.begin(), r.events.end());
    }
    std::stable_sort(missed.begin(), missed.end(),
                     [](const stored_event& a, const stored_event& b) { return a.id < b.id; });
    for (auto& e : missed) first.push_back(std::move(e.text));
  } else if (std::count(channels.begin(), channels.end(), "metrics")) {
    // Las métricas son un estado: quien llega ve la última muestra sin esperar
    // al siguiente intervalo (con su id de siempre, no es un evento nuevo).
    if (const stored_event* e = hub.latest("metrics")) first.push_back(e->text);
  }
  if (state->ws->admit)  // práctica 03: canales privados y límites, canal a canal
    for (const auto& c : channels.empty() ? std::vector<std::string>{""} : channels)
      if (auto refusal = state->ws->admit(req, c, session.remote_address()))
        return session.send(std::move(*refusal));
  tcp::socket socket = session.release_socket();
  beast::error_code ignored;
  const auto remote = socket.remote_endpoint(ignored);
  auto stream = std::make_shared<sse_session>(
      std::move(socket),
      sse_session::options{state->options.max_queue, state->options.retry, std::move(envelope)},
      nullptr);
  // Una suscripción por canal (o una sola, sin canal, para las notificaciones).
  std::vector<std::uint64_t> subs;
  if (channels.empty()) subs.push_back(hub.subscribe("", user_id, stream));
  for (std::size_t i = 0; i < channels.size(); ++i)
    subs.push_back(hub.subscribe(channels[i], i == 0 ? user_id : "", stream));
  stream->set_on_close([state, subs] {
    for (auto sub : subs) state->hub.unsubscribe(sub);
  });
  if (auto& observer = state->ws->observer)  // práctica 03: el monitor la cuenta
    stream->observe(observer, observer->opened({"sse", channel, user_id,
                                                remote.address().to_string() + ":" +
                                                    std::to_string(remote.port())},
                                               stream));
  stream->run(req, std::move(first));
}

// El canal de la ruta o de la consulta es válido; si no, responde 400.
bool check_channel(const std::string& channel, const request& req, http_session& s) {
  if (p01::is_valid_channel(channel)) return true;
  s.send(taller::json_error(req, http::status::bad_request, "invalid_channel", "channel",
                            "el canal debe tener de 1 a 64 caracteres de [A-Za-z0-9_-]"));
  return false;
}

bool check_user(const std::string& user_id, const request& req, http_session& s) {
  if (is_valid_user_id(user_id)) return true;
  s.send(taller::json_error(req, http::status::bad_request, "invalid_user_id", "user_id",
                            "user_id debe tener de 1 a 64 caracteres imprimibles"));
  return false;
}

// Lee el cuerpo JSON y lo valida; si falla responde 400/422 y devuelve nullopt.
std::optional<json> read_body(const request& req, http_session& s,
                              std::optional<field_error> (*validate)(const json&)) {
  taller::response error;
  auto body = taller::parse_json_body(req, &error);
  if (!body) {
    s.send(std::move(error));
    return std::nullopt;
  }
  if (validate)
    if (auto e = validate(*body)) {
      s.send(taller::json_error(req, http::status::unprocessable_entity, "invalid_field", e->field,
                                e->field + ": " + e->message));
      return std::nullopt;
    }
  return body;
}

// ── Manejadores de la tabla de rutas ────────────────────────────────────────

// ?channel=a,b: varios canales en un flujo (como mucho max_channels_per_stream).
void sse_events(const state_ptr& state, request&& req, const route_params&, http_session& s) {
  const std::string list = taller::query_param(req.target(), "channel").value_or("general");
  const std::string user = taller::query_param(req.target(), "user_id").value_or("");
  std::vector<std::string> channels;
  for (std::size_t start = 0;;) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    channels.push_back(list.substr(start, comma - start));
    if (!check_channel(channels.back(), req, s)) return;
    if (comma == list.size()) break;
    start = comma + 1;
  }
  std::sort(channels.begin(), channels.end());
  channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
  if (channels.size() > max_channels_per_stream)
    return s.send(taller::json_error(
        req, http::status::bad_request, "too_many_channels", "channel",
        "como mucho " + std::to_string(max_channels_per_stream) + " canales por flujo"));
  if (!user.empty() && !check_user(user, req, s)) return;
  open_stream(state, std::move(req), s, channels, user);
}

void sse_notifications(const state_ptr& state, request&& req, const route_params& params,
                       http_session& s) {
  const std::string& user = params.at("user_id");
  if (!check_user(user, req, s)) return;
  open_stream(state, std::move(req), s, {}, user, state->envelope);
}

// Un flujo fijo a un canal del servidor (/metrics/stream, /sse/logs, /sse/trading).
taller::route_handler fixed_stream(const state_ptr& state, std::string channel,
                                  std::shared_ptr<envelope_writer> envelope = nullptr) {
  return [state, channel, envelope](request&& req, const route_params&, http_session& s) {
    open_stream(state, std::move(req), s, {channel}, "", envelope);
  };
}

void broadcast(const state_ptr& state, request&& req, const route_params& params,
               http_session& s) {
  const std::string& channel = params.at("channel");
  if (!check_channel(channel, req, s)) return;
  auto body = read_body(req, s, nullptr);
  if (!body) return;
  json data = *body;
  // TODO PASO 5 ▸ Completa el evento de difusión
  //   El evento broadcast es el cuerpo recibido tal cual más channel (el de la ruta), timestamp
  //   (taller::iso_now()) y sender: el "sender" del cuerpo si es un texto; si no, el ?sender=
  //   de la URL y, si tampoco viene, "api". Un sender que no es texto se sustituye, porque
  //   los clientes lo muestran como un nombre.
  // FIN PASO 5
  const std::size_t delivered = state->publish(channel, "broadcast", data);
  const std::string rid = state->next_request_id();
  state->log("info", "api", "difusión en " + channel + " a " + std::to_string(delivered), rid);
  s.send(taller::json_response(req, http::status::ok,
                               {{"status", "sent"},
                                {"channel", channel},
                                {"delivered", delivered},
                                {"message", "Mensaje enviado"}}));
}

void notify(const state_ptr& state, request&& req, const route_params& params, http_session& s) {
  const std::string& user = params.at("user_id");
  if (!check_user(user, req, s)) return;
  auto body = read_body(req, s, validate_notification);
  if (!body) return;
  json data = *body;
  if (!data.contains("level")) data["level"] = "info";
  data["user_id"] = user;
  data["timestamp"] = taller::iso_now();
  // Como en los prototipos: un id propio y type (la clase CSS con que la pintan sus páginas).
  data["id"] = "notif_" + std::to_string(++state->last_notification);
  data["type"] = data["level"];
  const std::size_t delivered = state->notify(user, "notification", data);
  state->log("info", "api", "notificación para " + user, state->next_request_id());
  // Un user_id numérico vuelve como número: los prototipos lo declaran int.
  std::uint64_t number = 0;
  const auto [end, ec] = std::from_chars(user.data(), user.data() + user.size(), number);
  const bool numeric = ec == std::errc{} && end == user.data() + user.size() && user.size() < 16;
  s.send(taller::json_response(req, http::status::ok,
                               {{"status", "sent"},
                                {"user_id", numeric ? json(number) : json(user)},
                                {"delivered", delivered},
                                {"message", "Notificación enviada"}}));
}

void task_update(const state_ptr& state, request&& req, const route_params&, http_session& s) {
  auto body = read_body(req, s, validate_task_update);
  if (!body) return;
  json data = *body;
  // TODO PASO 5 ▸ Completa la actualización de tarea con la hora
  //   El evento task_update es el cuerpo ya validado más timestamp (taller::iso_now()): la
  //   hora la pone el servidor, porque la de cada cliente no es de fiar ni comparable.
  // FIN PASO 5
  const std::size_t delivered = state->publish("tasks", "task_update", data);
  s.send(taller::json_response(req, http::status::ok,
                               {{"status", "sent"}, {"channel", "tasks"}, {"delivered", delivered}}));
}

void sse_stats(const state_ptr& state, request&& req, const route_params&, http_session& s) {
  s.send(taller::json_response(req, http::status::ok,
                               {{"total_connections", state->hub.total_connections()},
                                {"channels", state->hub.channels_json()},
                                {"users_connected", state->hub.users_connected()},
                                {"timestamp", taller::iso_now()}}));
}

void system_stats(const state_ptr& state, request&& req, const route_params&, http_session& s) {
  if (state->latest_metrics.is_null())
    return s.send(taller::json_error(req, http::status::service_unavailable, "no_sample", "",
                                     "todavía no hay ninguna muestra de métricas"));
  s.send(taller::json_response(req, http::status::ok, state->latest_metrics));
}

}  // namespace

struct background_tasks::impl {
  impl(net::io_context& io, std::shared_ptr<server_state> st)
      : state(std::move(st)),
        ioc(io),
        collector(collector_options{.root = state->options.proc_root}),
        prices(state->options.seed) {}

  ~impl() {
    // El trabajador usa el colector: se para antes de destruir nada.
    worker.stop();
    worker.join();
  }

  // TODO PASO 4 ▸ Muestrea las métricas una vez por intervalo, para todos
  //   Cada options.interval (sin deriva: cada plazo cuenta desde el anterior) sale UNA muestra para
  //   todos; más moverían la referencia de los porcentajes. Se toma en el worker, bajo
  //   taller::shielded (allí una excepción terminaría el proceso), nunca en el hilo de red, que
  //   congelaría a todos. El json vuelve con net::post al io_context, a latest_metrics y al
  //   canal "metrics" como evento "metrics" con state->publish (en la 03 llega así también a
  //   los WebSocket del canal). Nunca dos muestras a la vez (sampling).
  void schedule_sample() {}
  // FIN PASO 4

  // TODO PASO 6 ▸ Envía un heartbeat a cada flujo
  //   Cada options.heartbeat, todos los flujos reciben el comentario ": heartbeat <hora ISO>"
  //   (format_comment), construido una vez y repartido con hub.broadcast_comment. Es un
  //   comentario y no un evento: mantiene viva la conexión ante los proxies sin gastar ids ni
  //   sitio en el búfer de repetición. Si el temporizador se cancela (apagado), no se reprograma.
  void schedule_heartbeat() {}
  // FIN PASO 6

  // Cotizaciones simuladas para /sse/trading, una vez por intervalo.
  void schedule_prices() {
    prices_timer.expires_after(state->options.interval);
    // La barrera (taller::guard): si algo lanza, se informa y el temporizador,
    // ya reprogramado, sigue.
    prices_timer.async_wait(taller::guard("cotizaciones", [this](beast::error_code ec) {
      if (ec) return;
      schedule_prices();
      for (json& quote : prices.tick()) {
        quote["timestamp"] = taller::iso_now();
        state->hub.publish("trading", "price_update", quote);
      }
    }));
  }

  void cancel_timers() {
    sample_timer.cancel();
    heartbeat_timer.cancel();
    prices_timer.cancel();
  }

  std::shared_ptr<server_state> state;
  net::io_context& ioc;
  metrics_collector collector;  // solo lo usa el trabajador
  price_simulator prices;
  net::steady_timer sample_timer{ioc};
  net::steady_timer heartbeat_timer{ioc};
  net::steady_timer prices_timer{ioc};
  bool sampling = false;             // hay una muestra en curso en el trabajador
  net::thread_pool worker{1};        // el trabajo lento (leer /proc) va aquí
};

background_tasks::background_tasks(net::io_context& ioc, std::shared_ptr<server_state> state)
    : impl_(std::make_unique<impl>(ioc, std::move(state))) {}

background_tasks::~background_tasks() = default;

void background_tasks::start() {
  // La primera muestra fija la referencia de los porcentajes (psutil hace lo mismo).
  impl_->state->latest_metrics = impl_->collector.sample();
  impl_->sample_timer.expires_after(std::chrono::milliseconds(0));
  impl_->schedule_sample();
  impl_->schedule_heartbeat();
  impl_->schedule_prices();
}

void background_tasks::stop() { impl_->cancel_timers(); }

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

void add_sse_routes(taller::router& routes, const std::shared_ptr<server_state>& st) {
  using verb = http::verb;
  auto bind = [st](auto handler) {
    return [st, handler](request&& req, const route_params& p, http_session& s) {
      handler(st, std::move(req), p, s);
    };
  };
  routes.add(verb::get, "/sse/events", bind(sse_events))
      .add(verb::get, "/sse/notifications/{user_id}", bind(sse_notifications))
      .add(verb::get, "/metrics/stream", fixed_stream(st, "metrics"))
      // Las rutas de los prototipos hablan su forma: eventos sin nombre para onmessage.
      .add(verb::get, "/sse/metrics", fixed_stream(st, "metrics", st->system_metrics))
      .add(verb::get, "/sse/logs", fixed_stream(st, "logs", st->envelope))
      .add(verb::get, "/sse/trading", fixed_stream(st, "trading", st->envelope))
      .add(verb::get, "/sse/stats", bind(sse_stats))
      .add(verb::get, "/api/system-stats", bind(system_stats))
      .add(verb::post, "/sse/broadcast/{channel}", bind(broadcast))
      .add(verb::post, "/sse/notify/{user_id}", bind(notify))
      .add(verb::post, "/sse/task-update", bind(task_update));
}

unsigned short server::start() {
  auto st = impl_->state;
  // La tabla de rutas del servidor de la práctica 02.
  auto routes = std::make_shared<taller::router>();
  routes->add(http::verb::get, "/", [st](request&& req, const route_params&, http_session& s) {
    s.send(taller::file_response(req, *st->files.find("/index.html")));
  });
  // La página de prueba del WebSocket de la práctica 01.
  routes->add(http::verb::get, "/cliente",
              [st](request&& req, const route_params&, http_session& s) {
                s.send(taller::file_response(req, *st->ws->files.find("/index.html")));
              });
  add_sse_routes(*routes, st);
  p01::add_websocket_routes(*routes, st->ws);

  impl_->tasks.start();
  const unsigned short port = impl_->http.start(
      routes, {.close_all =
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
