#include "p03/api.hpp"

#include <algorithm>

#include "p01/query.hpp"
#include "p03/prometheus.hpp"
#include "taller/http.hpp"
#include "taller/input.hpp"
#include "taller/net.hpp"

namespace p03 {

void not_done(const request& req, http_session& s) {
  s.send(taller::json_error(req, taller::errors::not_implemented, "",
                            "esta ruta es del Paso 6 y aún no está hecha"));
}

namespace {

using json = nlohmann::json;

std::size_t limit_of(const request& req, std::size_t fallback) {
  const auto text = taller::query_param(req.target(), "limit");
  if (!text) return fallback;
  try {
    const long v = std::stol(*text);
    return v < 1 ? 1 : static_cast<std::size_t>(std::min<long>(v, 1000));
  } catch (const std::exception&) {
    return fallback;
  }
}

void send_json(http_session& s, const request& req, const json& body,
               http::status status = http::status::ok) {
  s.send(taller::json_response(req, status, body));
}

// {"total_connections", "channels": {canal: {"connections", "users": [{user_id, connected_at}]}}}
json ws_stats(const monitor_state& st) {
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

}  // namespace

void api_metrics(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /api/metrics
  //   Responde 200 con el JSON de metrics_json del Paso 2, con la CPU y la memoria en % de la
  //   última muestra de la 02 (el ayudante metrics_json de monitor_state ya las junta).
  send_json(s, req, st->metrics_json());
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_history(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /api/metrics/history
  //   200 con el array de muestras, la más antigua primero (la forma de los prototipos: su
  //   panel lo da tal cual a la gráfica). Sin metric_type vale "connections"; limit con
  //   limit_of (100 por omisión, de 1 a 1000). Un tipo desconocido: 400 "invalid_metric_type"
  //   con "field":"metric_type", para que se sepa qué corregir.
  const std::string type = taller::query_param(req.target(), "metric_type").value_or("connections");
  auto history = st->monitor->history_json(type, limit_of(req, 100));
  if (!history)
    return s.send(
        taller::json_error(req, taller::errors::invalid_parameter, "metric_type",
                           "metric_type debe ser connections, messages o system_metrics"));
  send_json(s, req, *history);
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_channel(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  // PASO 6 ▸ GET /api/metrics/channel/{name}
  //   200 con channel_json del canal (sus conexiones vivas y sus mensajes). Un canal sin
  //   conexiones no existe para el monitor: 404 "not_found" con "field":"name".
  auto channel = st->monitor->channel_json(p.at("name"));
  if (!channel)
    return s.send(taller::json_error(req, taller::errors::not_found, "name",
                                     "no hay conexiones en el canal " + p.at("name")));
  send_json(s, req, *channel);
  //▸ starter
  //| (void)st; (void)p;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_connections(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /api/connections
  //   200 con un array de las conexiones vivas, la más nueva primero, como mucho limit
  //   (limit_of, 50 por omisión): la tabla puede ser enorme y la respuesta no debe serlo.
  send_json(s, req, st->monitor->connections_json(limit_of(req, 50)));
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_alerts(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /api/alerts
  //   200 con un array de los últimos limit avisos de alert_history (limit_of, 50 por omisión),
  //   cada uno con su to_json, en orden de llegada: el más nuevo el último, como una línea de
  //   tiempo. Sin avisos, [].
  const std::size_t n = std::min(limit_of(req, 50), st->alert_history.size());
  json out = json::array();
  for (auto it = st->alert_history.end() - static_cast<long>(n); it != st->alert_history.end();
       ++it)
    out.push_back(it->to_json());
  send_json(s, req, out);
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_rules(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /api/alerts/rules
  //   200 con el array de las reglas tal como están ahora (rules_json del motor), con los cambios
  //   de PUT ya aplicados.
  send_json(s, req, st->alerts.rules_json());
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_update_rule(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  // PASO 6 ▸ PUT /api/alerts/rules/{name}
  //   Cambio parcial de la regla con el cuerpo JSON. Cuerpo que no es JSON: 400 "invalid_json"
  //   con "field":"body" (parse_json_body ya forma esa respuesta). Regla que no existe: 404
  //   "not_found" con "field":"name". Valor que update_rule rechaza: 422 "invalid_field" con
  //   su field y su mensaje, sin cambiar nada. Si vale, 200 con la regla ya cambiada.
  taller::response error;
  auto body = taller::parse_json_body(req, &error);
  if (!body) return s.send(std::move(error));
  const auto& rules = st->alerts.rules();
  if (std::none_of(rules.begin(), rules.end(),
                   [&](const auto& r) { return r.name == p.at("name"); }))
    return s.send(taller::json_error(req, taller::errors::not_found, "name",
                                     "no existe la regla " + p.at("name")));
  if (auto e = st->alerts.update_rule(p.at("name"), *body))
    return s.send(taller::json_error(req, taller::errors::invalid_field, e->field, e->message));
  for (const auto& r : st->alerts.rules())
    if (r.name == p.at("name")) return send_json(s, req, r.to_json());
  //▸ starter
  //| (void)st; (void)p;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_ws_stats(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /api/v1/ws/stats
  //   200 con ws_stats: {"total_connections", "total_channels", "channels": {canal:
  //   {"connections", "users"}}, "timestamp"}. Solo salen canales con conexiones y, en users,
  //   las que tienen user_id.
  send_json(s, req, ws_stats(*st));
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_ws_channel_stats(const state_ptr& st, request&& req, const route_params& p,
                          http_session& s) {
  // PASO 6 ▸ GET /api/v1/ws/stats/{channel}
  //   200 con la entrada de ws_stats de ese canal más "channel" con su nombre. Un canal sin
  //   conexiones: 404 "not_found" con "field":"channel".
  const json all = ws_stats(*st);
  if (!all["channels"].contains(p.at("channel")))
    return s.send(taller::json_error(req, taller::errors::not_found, "channel",
                                     "no hay conexiones en el canal " + p.at("channel")));
  json out = all["channels"][p.at("channel")];
  out["channel"] = p.at("channel");
  send_json(s, req, out);
  //▸ starter
  //| (void)st; (void)p;
  //| not_done(req, s);
  // FIN PASO 6
}

void api_test_event(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ POST /api/v1/ws/test-event
  //   Publica en ?channel= ("general" si falta) un system_event de nivel "info" con el texto de
  //   ?message= ("evento de prueba" si falta) y "data":{"test":true} (make_system_event), por
  //   los dos transportes, y responde 200 {"status":"sent","channel","delivered"}. Un canal no
  //   válido (p01::is_valid_channel): 400 "invalid_channel" con "field":"channel".
  const std::string channel = taller::query_param(req.target(), "channel").value_or("general");
  const std::string message =
      taller::query_param(req.target(), "message").value_or("evento de prueba");
  if (!p01::is_valid_channel(channel))
    return s.send(taller::json_error(req, taller::errors::invalid_parameter, "channel",
                                     "el canal debe tener de 1 a 64 caracteres de [A-Za-z0-9_-]"));
  const json event = make_system_event("info", message, {{"test", true}}, taller::iso_now());
  const std::size_t delivered = st->channels->publish(channel, "system_event", event);
  send_json(s, req, {{"status", "sent"}, {"channel", channel}, {"delivered", delivered}});
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

void prometheus_metrics(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  // PASO 6 ▸ GET /metrics
  //   200 con el texto de format_prometheus sobre prometheus_families del monitor (CPU y memoria
  //   en %) y el Content-Type de prometheus_content_type(): sin él, Prometheus no sabe qué
  //   formato lee. La respuesta lleva su Content-Length y respeta el keep-alive de la petición.
  taller::response res{http::status::ok, req.version()};
  res.set(http::field::content_type, prometheus_content_type());
  res.keep_alive(req.keep_alive());
  res.body() = format_prometheus(st->monitor->prometheus_families(st->cpu(), st->memory()));
  res.prepare_payload();
  s.send(std::move(res));
  //▸ starter
  //| (void)st;
  //| not_done(req, s);
  // FIN PASO 6
}

}  // namespace p03
