// Las rutas SSE y de la API de la práctica 02: su tabla (add_sse_routes, al
// final) y sus manejadores. Los flujos se abren en streams.cpp.
#include <algorithm>
#include <charconv>

#include "p01/query.hpp"
#include "p02/service.hpp"
#include "p02/streams.hpp"
#include "p02/validation.hpp"
#include "taller/clock.hpp"
#include "taller/http_session.hpp"

namespace p02 {

using json = nlohmann::json;

namespace {

using taller::http_session;
using taller::request;
using taller::route_params;

using state_ptr = std::shared_ptr<server_state>;

constexpr std::size_t max_channels_per_stream = 8;

// El canal de la ruta o de la consulta es válido; si no, responde 400.
bool check_channel(const std::string& channel, const request& req, http_session& s) {
  if (p01::is_valid_channel(channel)) return true;
  s.send(taller::json_error(req, taller::errors::invalid_parameter, "channel",
                            "el canal debe tener de 1 a 64 caracteres de [A-Za-z0-9_-]"));
  return false;
}

bool check_user(const std::string& user_id, const request& req, http_session& s) {
  if (is_valid_user_id(user_id)) return true;
  s.send(taller::json_error(req, taller::errors::invalid_parameter, "user_id",
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
      s.send(taller::json_error(req, taller::errors::invalid_field, e->field,
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
        req, taller::errors::invalid_parameter, "channel",
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

void broadcast(const state_ptr& state, request&& req, const route_params& params, http_session& s) {
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
  s.send(taller::json_response(
      req, http::status::ok, {{"status", "sent"}, {"channel", "tasks"}, {"delivered", delivered}}));
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
    return s.send(taller::json_error(req, taller::errors::no_sample, "",
                                     "todavía no hay ninguna muestra de métricas"));
  s.send(taller::json_response(req, http::status::ok, state->latest_metrics));
}

}  // namespace

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

}  // namespace p02
