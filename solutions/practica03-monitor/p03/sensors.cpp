#include "p03/sensors.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "taller/errors.hpp"
#include "taller/input.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 3> sensor_types{"temperatura", "humedad", "mixto"};

bool is_sensor_type(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  return std::find(sensor_types.begin(), sensor_types.end(), text) != sensor_types.end();
}

// 422 con el campo que falla y por qué.
sensor_result invalid(const field_error& e) {
  using taller::errors::invalid_field;
  return {invalid_field.status,
          {{"error", invalid_field.code}, {"field", e.field}, {"message", e.message}},
          {}};
}

// 404: el sensor de la URL no existe.
sensor_result not_found(std::int64_t id) {
  return {taller::errors::not_found.status,
          {{"error", taller::errors::not_found.code},
           {"field", "id"},
           {"message", "no existe el sensor " + std::to_string(id)}},
          {}};
}

// Caracteres de un texto UTF-8 (no bytes: "ñ" cuenta uno).
std::size_t utf8_length(const std::string& text) {
  const auto starts_char = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), starts_char));
}

// Un texto de como mucho max caracteres (vacío solo si allow_empty), en una
// línea: el panel lo muestra tal cual y no admite caracteres de control.
std::optional<field_error> check_text(const std::string& field, const json& value, std::size_t max,
                                      bool allow_empty) {
  if (!value.is_string()) return field_error{field, "debe ser un texto"};
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() && !allow_empty) return field_error{field, "no puede estar vacío"};
  if (utf8_length(text) > max)
    return field_error{field, "no puede pasar de " + std::to_string(max) + " caracteres"};
  if (taller::has_control_chars(text))
    return field_error{field, "no puede llevar caracteres de control"};
  return std::nullopt;
}

// Un número finito; si lo es, lo copia en target.
std::optional<field_error> read_number(const std::string& field, const json& value,
                                       double& target) {
  if (!value.is_number() || !std::isfinite(value.get<double>()))
    return field_error{field, "debe ser un número"};
  target = value.get<double>();
  return std::nullopt;
}

// El campo numérico del sensor que se llama field; nullptr si no hay ninguno.
double* range_field(sensor& s, const std::string& field) {
  if (field == "temp_min") return &s.temp_min;
  if (field == "temp_max") return &s.temp_max;
  if (field == "hum_min") return &s.hum_min;
  if (field == "hum_max") return &s.hum_max;
  return nullptr;
}

// Copia un campo del cuerpo en s si es conocido y válido.
std::optional<field_error> apply_field(sensor& s, const std::string& field, const json& value) {
  if (field == "name") {
    if (auto e = check_text(field, value, 100, false)) return e;
    s.name = value.get<std::string>();
  } else if (field == "type" || field == "tipo") {  // "tipo": el nombre de los prototipos
    if (!is_sensor_type(value)) return field_error{field, "debe ser temperatura, humedad o mixto"};
    s.type = value.get<std::string>();
  } else if (field == "modelo") {
    if (auto e = check_text(field, value, 100, true)) return e;
    s.model = value.get<std::string>();
  } else if (field == "location") {
    if (auto e = check_text(field, value, 200, true)) return e;
    s.location = value.get<std::string>();
  } else if (double* target = range_field(s, field)) {
    return read_number(field, value, *target);
  } else if (field == "id" || field == "created_at" || field == "updated_at") {
    return field_error{field, "lo asigna el servidor; no se puede enviar"};
  } else {
    return field_error{field, "campo desconocido"};
  }
  return std::nullopt;
}

// Cada rango cumple min < max. Si no, el error nombra el extremo que venía en el cuerpo.
std::optional<field_error> check_ranges(const sensor& s, const json& body) {
  if (!(s.temp_min < s.temp_max))
    return field_error{body.contains("temp_min") ? "temp_min" : "temp_max",
                       "debe cumplirse temp_min < temp_max"};
  if (!(s.hum_min < s.hum_max))
    return field_error{body.contains("hum_min") ? "hum_min" : "hum_max",
                       "debe cumplirse hum_min < hum_max"};
  return std::nullopt;
}

// Aplica todos los campos del cuerpo a s y comprueba los rangos que resultan.
std::optional<field_error> apply_body(sensor& s, const json& body) {
  if (!body.is_object()) return field_error{"body", "debe ser un objeto JSON"};
  for (const auto& [field, value] : body.items())
    if (auto e = apply_field(s, field, value)) return e;
  return check_ranges(s, body);
}

// "2025-07-20T10:30:00" al principio (después puede venir ".123Z", "+02:00"...).
bool looks_like_iso(const std::string& text) {
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < shape.size() || text.size() > 40) return false;
  if (taller::has_control_chars(text)) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (shape[i] == 'd' ? !std::isdigit(c) : c != shape[i]) return false;
  }
  return true;
}

// Lee los campos de una lectura (sin comprobar que el sensor existe).
std::optional<field_error> read_reading(const json& body, reading& r) {
  if (!body.is_object()) return field_error{"body", "debe ser un objeto JSON"};
  for (const char* field : {"sensor_id", "temperatura", "humedad"})
    if (!body.contains(field)) return field_error{field, "falta el campo obligatorio"};
  // Un entero sin signo que no cabe en int64_t (más de 2^63 − 1) tampoco vale.
  const json& sensor_id = body["sensor_id"];
  if (!sensor_id.is_number_integer() ||
      (sensor_id.is_number_unsigned() &&
       sensor_id.get<std::uint64_t>() >
           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())))
    return field_error{"sensor_id", "debe ser un número entero"};
  r.sensor_id = sensor_id.get<std::int64_t>();
  if (auto e = read_number("temperatura", body["temperatura"], r.temperatura)) return e;
  if (auto e = read_number("humedad", body["humedad"], r.humedad)) return e;
  const auto timestamp = body.find("timestamp");
  if (timestamp == body.end() || timestamp->is_null()) return std::nullopt;
  if (!timestamp->is_string() || !looks_like_iso(timestamp->get_ref<const std::string&>()))
    return field_error{"timestamp", "debe ser una fecha ISO 8601, p. ej. 2025-07-20T10:30:00Z"};
  r.timestamp = timestamp->get<std::string>();
  return std::nullopt;
}

// Añade el mensaje a la lista para su canal y para "general", que lo recibe todo.
void publish(std::vector<outgoing_event>& events, const std::string& channel, const json& message) {
  events.push_back({channel, message});
  events.push_back({"general", message});
}

// Un evento de entidad con la forma que se describe en sensors.hpp.
json entity_event(std::string_view entity_type, std::string_view event_type, std::int64_t id,
                  const json& data, const std::string& timestamp, std::string_view action) {
  // PASO 7 ▸ Forma un evento de entidad
  //   Devuelve el evento con exactamente siete claves: "type":"entity_event", "entity_type",
  //   "event_type", "entity_id", "data", "timestamp" y "metadata":{"action": action}. Las
  //   pruebas comparan el objeto entero: ni una clave de más ni de menos.
  return {{"type", "entity_event"},
          {"entity_type", entity_type},
          {"event_type", event_type},
          {"entity_id", id},
          {"data", data},
          {"timestamp", timestamp},
          {"metadata", {{"action", action}}}};
  //▸ starter
  //| (void)entity_type; (void)event_type; (void)id; (void)data; (void)timestamp; (void)action;
  //| return json::object();
  // FIN PASO 7
}

// Las magnitudes de la lectura que se salen del rango del sensor.
json find_anomalies(const sensor& s, const reading& r) {
  json out = json::array();
  // PASO 7 ▸ Detecta las magnitudes fuera de rango
  //   out acaba con una entrada {"field","value","min","max"} por cada magnitud que se sale del
  //   rango del sensor: primero "temperatura" (temp_min..temp_max) y luego "humedad"
  //   (hum_min..hum_max). Los extremos están dentro; una lectura en rango deja out vacío.
  auto check = [&out](const char* field, double value, double min, double max) {
    if (value < min || value > max)
      out.push_back({{"field", field}, {"value", value}, {"min", min}, {"max", max}});
  };
  check("temperatura", r.temperatura, s.temp_min, s.temp_max);
  check("humedad", r.humedad, s.hum_min, s.hum_max);
  //▸ starter
  //| (void)s; (void)r;
  // FIN PASO 7
  return out;
}

}  // namespace

json sensor::to_json() const {
  return {{"id", id},
          {"name", name},
          {"type", type},
          {"tipo", type},
          {"modelo", model},
          {"location", location},
          {"temp_min", temp_min},
          {"temp_max", temp_max},
          {"hum_min", hum_min},
          {"hum_max", hum_max},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

json reading::to_json() const {
  return {{"id", id},
          {"sensor_id", sensor_id},
          {"temperatura", temperatura},
          {"humedad", humedad},
          {"timestamp", timestamp}};
}

json make_system_event(std::string_view level, std::string_view message, const json& data,
                       const std::string& timestamp) {
  // Un evento de sistema (lo publica el servidor al arrancar y al parar).
  return {{"type", "system_event"},
          {"level", level},
          {"message", message},
          {"data", data},
          {"timestamp", timestamp}};
}

sensor_store::sensor_store(std::function<std::string()> now_iso) : now_iso_(std::move(now_iso)) {}

sensor_result sensor_store::create(const json& body) {
  sensor s;  // empieza con los rangos por omisión
  if (auto e = apply_body(s, body)) return invalid(*e);
  if (s.name.empty()) s.name = s.model;  // {"tipo","modelo"}: el sensor se llama como su modelo
  if (s.name.empty()) return invalid({"name", "falta el campo obligatorio (o modelo)"});
  if (s.type.empty()) return invalid({"type", "falta el campo obligatorio (o tipo)"});
  if (sensors_.size() >= max_sensors)
    return {taller::errors::limit_reached.status,
            {{"error", taller::errors::limit_reached.code},
             {"message", "límite de sensores: ya hay " + std::to_string(max_sensors) +
                             "; borra alguno antes de crear otro"}},
            {}};
  const std::string now = now_iso_();
  s.id = ++last_sensor_id_;
  s.created_at = s.updated_at = now;
  sensors_[s.id] = entry{s, {}};
  sensor_result out{201, s.to_json(), {}};
  // PASO 7 ▸ Publica que se ha creado un sensor
  //   out.events lleva un evento "sensor"/"created" con el sensor (out.body) en data, la hora de
  //   la operación y la acción "create_sensor", en sensors y después en general (el ayudante
  //   publish pone los dos). Así quien escucha se entera sin preguntar.
  publish(out.events, "sensors",
          entity_event("sensor", "created", s.id, out.body, now, "create_sensor"));
  // FIN PASO 7
  return out;
}

sensor_result sensor_store::list() const {
  json all = json::array();
  for (const auto& [id, e] : sensors_) all.push_back(e.info.to_json());
  return {200, std::move(all), {}};
}

sensor_result sensor_store::get(std::int64_t id) const {
  auto it = sensors_.find(id);
  if (it == sensors_.end()) return not_found(id);
  return {200, it->second.info.to_json(), {}};
}

sensor_result sensor_store::update(std::int64_t id, const json& patch) {
  auto it = sensors_.find(id);
  if (it == sensors_.end()) return not_found(id);
  sensor changed = it->second.info;  // un parche con un error no cambia nada
  if (auto e = apply_body(changed, patch)) return invalid(*e);
  const std::string now = now_iso_();
  changed.updated_at = now;
  it->second.info = changed;
  sensor_result out{200, changed.to_json(), {}};
  // PASO 7 ▸ Publica que se ha cambiado un sensor
  //   out.events lleva un "sensor"/"updated" con el sensor ya cambiado en data, la hora del
  //   cambio y la acción "update_sensor", en sensors y en general, para que nadie tenga que
  //   volver a pedirlo.
  publish(out.events, "sensors",
          entity_event("sensor", "updated", id, out.body, now, "update_sensor"));
  // FIN PASO 7
  return out;
}

sensor_result sensor_store::remove(std::int64_t id) {
  auto it = sensors_.find(id);
  if (it == sensors_.end()) return not_found(id);
  const json last = it->second.info.to_json();
  sensors_.erase(it);
  sensor_result out{204, nullptr, {}};
  // PASO 7 ▸ Publica que se ha borrado un sensor
  //   out.events lleva un "sensor"/"deleted" con el sensor tal como estaba (last: la respuesta
  //   204 no tiene cuerpo), la hora de now_iso_() y la acción "delete_sensor", en sensors y en
  //   general, para que quien escucha sepa qué ha desaparecido.
  publish(out.events, "sensors",
          entity_event("sensor", "deleted", id, last, now_iso_(), "delete_sensor"));
  //▸ starter
  //| (void)last;
  // FIN PASO 7
  return out;
}

sensor_result sensor_store::add_reading(const json& body) {
  reading r;
  if (auto e = read_reading(body, r)) return invalid(*e);
  auto it = sensors_.find(r.sensor_id);
  if (it == sensors_.end())
    return invalid({"sensor_id", "no existe el sensor " + std::to_string(r.sensor_id)});
  const std::string now = now_iso_();
  r.id = ++last_reading_id_;
  if (r.timestamp.empty()) r.timestamp = now;
  auto& history = it->second.readings;
  history.push_back(r);
  if (history.size() > max_readings_per_sensor) history.pop_front();  // olvida la más antigua
  sensor_result out{201, r.to_json(), {}};
  // PASO 7 ▸ Publica la lectura y, si se sale de rango, la anomalía
  //   out.events lleva siempre un "reading"/"created" (acción "create_reading") en readings y
  //   general. Si find_anomalies encuentra algo, después un "reading"/"anomaly_detected" (acción
  //   "detect_anomaly") en anomalies y general, con la lectura más su lista en "anomalies" como
  //   data. La hora de los eventos es la de llegada (now), no el timestamp de la lectura.
  publish(out.events, "readings",
          entity_event("reading", "created", r.id, out.body, now, "create_reading"));
  json anomalies = find_anomalies(it->second.info, r);
  if (!anomalies.empty()) {
    json data = out.body;
    data["anomalies"] = std::move(anomalies);
    publish(out.events, "anomalies",
            entity_event("reading", "anomaly_detected", r.id, data, now, "detect_anomaly"));
  }
  // FIN PASO 7
  return out;
}

sensor_result sensor_store::readings(std::int64_t sensor_id) const {
  auto it = sensors_.find(sensor_id);
  if (it == sensors_.end()) return not_found(sensor_id);
  json all = json::array();
  for (const auto& r : it->second.readings) all.push_back(r.to_json());
  return {200, std::move(all), {}};
}

}  // namespace p03
