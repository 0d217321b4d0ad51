#include "p03/sensor_routes.hpp"

#include "taller/http.hpp"
#include "taller/input.hpp"
#include "taller/net.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

// Responde con el resultado de una operación de sensores y publica sus eventos.
void answer_sensors(const state_ptr& st, const request& req, http_session& s,
                    sensor_result result) {
  for (const auto& e : result.events) st->channels->publish(e.channel, "entity_event", e.message);
  if (result.status == 204) {
    taller::response res{http::status::no_content, req.version()};
    res.keep_alive(req.keep_alive());
    return s.send(std::move(res));
  }
  s.send(taller::json_response(req, static_cast<http::status>(result.status), result.body));
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

// Una operación de sensores: op recibe el cuerpo ya interpretado (anidamiento
// acotado; null si la petición no trae cuerpo). Un cuerpo que no es un objeto
// JSON es 400 invalid_json, como en todas las rutas (docs/errores.md).
template <class Operation>
void run(const state_ptr& st, const request& req, http_session& s, Operation op) {
  json body;
  if (req.method() == http::verb::post || req.method() == http::verb::put) {
    taller::response error;
    auto parsed = taller::parse_json_body(req, &error);
    if (!parsed) return s.send(std::move(error));
    body = std::move(*parsed);
  }
  answer_sensors(st, req, s, op(body));
}

// Lo mismo para una ruta con {id}: op recibe además el id, que debe ser un
// entero (si no, 400 invalid_parameter, antes de mirar el cuerpo).
template <class Operation>
void run_with_id(const state_ptr& st, const request& req, const route_params& p, http_session& s,
                 Operation op) {
  const auto id = id_param(p);
  if (!id)
    return s.send(
        taller::json_error(req, taller::errors::invalid_parameter, "id", "id debe ser un entero"));
  run(st, req, s, [&](const json& body) { return op(*id, body); });
}

}  // namespace

void sensor_create(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  run(st, req, s, [&](const json& body) { return st->sensors.create(body); });
}

void sensor_list(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  run(st, req, s, [&](const json&) { return st->sensors.list(); });
}

void sensor_get(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  run_with_id(st, req, p, s, [&](std::int64_t id, const json&) { return st->sensors.get(id); });
}

void sensor_update(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  run_with_id(st, req, p, s,
              [&](std::int64_t id, const json& body) { return st->sensors.update(id, body); });
}

void sensor_delete(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  run_with_id(st, req, p, s, [&](std::int64_t id, const json&) { return st->sensors.remove(id); });
}

void sensor_readings(const state_ptr& st, request&& req, const route_params& p, http_session& s) {
  run_with_id(st, req, p, s,
              [&](std::int64_t id, const json&) { return st->sensors.readings(id); });
}

void reading_create(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  run(st, req, s, [&](const json& body) { return st->sensors.add_reading(body); });
}

}  // namespace p03
