// fuzz_bodies: los validadores de los cuerpos de cada POST/PUT, como los usa el
// servidor: el texto pasa primero por taller::parse_json. La entrada es una
// serie de operaciones separadas por NUL; el primer byte de cada una elige la
// operación (sus 3 bits bajos) y un id o regla (los demás), y el resto es el
// cuerpo JSON:
//   0 POST /sse/notify/{user}        p02::validate_notification
//   1 POST /sse/task-update          p02::validate_task_update
//   2 POST /api/v1/sensors           sensor_store::create
//   3 PUT  /api/v1/sensors/{id}      sensor_store::update
//   4 POST /api/v1/readings          sensor_store::add_reading
//   5 DELETE /api/v1/sensors/{id}    sensor_store::remove
//   6 PUT  /api/alerts/rules/{name}  alert_engine::update_rule
//   7 las alertas evalúan el cuerpo como valores de sus métricas
// El almacén de sensores y las reglas duran toda la serie (una entrada), así
// una lectura llega a un sensor creado antes con rangos raros.
//
// Propiedades: nada lanza; cada error nombra un campo; un error no cambia
// nada; lo que queda guardado cumple las reglas (rangos min < max finitos,
// textos sin caracteres de control, reglas clear ≤ warning ≤ critical) y sale
// como JSON en UTF-8.
#include <array>
#include <cmath>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "p02/validation.hpp"
#include "p03/alerts.hpp"
#include "p03/sensors.hpp"
#include "taller/input.hpp"

namespace {

using json = nlohmann::json;

// Serializa como el servidor pero sin sustituir nada: un texto guardado que
// no fuera UTF-8 lanzaría aquí.
void check_serializable(const json& value) {
  const std::string text = value.dump();
  fuzz::check(taller::is_valid_utf8(text), "lo que se responde es UTF-8");
}

bool is_text(const json& v, std::size_t max_bytes) {
  return v.is_string() && v.get_ref<const std::string&>().size() <= max_bytes &&
         !taller::has_control_chars(v.get_ref<const std::string&>());
}

void check_p02(const std::optional<p02::field_error>& e, const json& body,
               std::initializer_list<const char*> required) {
  if (e) {
    fuzz::check(!e->field.empty() && !e->message.empty(), "un error nombra el campo y el motivo");
    return;
  }
  for (const char* field : required)
    fuzz::check(body.contains(field) && body[field].is_string() &&
                    !body[field].get_ref<const std::string&>().empty(),
                "un cuerpo aceptado trae sus textos obligatorios");
}

// Lo que queda en el almacén cumple sus reglas.
void check_store(const p03::sensor_store& store) {
  const p03::sensor_result all = store.list();
  fuzz::check(all.status == 200 && all.body.is_array(), "list responde 200 con una lista");
  check_serializable(all.body);
  for (const json& s : all.body) {
    fuzz::check(is_text(s["name"], 400) && !s["name"].get_ref<const std::string&>().empty(),
                "un sensor tiene nombre de texto, sin caracteres de control");
    fuzz::check(is_text(s["location"], 800), "location es texto sin caracteres de control");
    for (const char* k : {"temp_min", "temp_max", "hum_min", "hum_max"})
      fuzz::check(s[k].is_number() && std::isfinite(s[k].get<double>()), "los rangos son finitos");
    fuzz::check(s["temp_min"].get<double>() < s["temp_max"].get<double>(), "temp_min < temp_max");
    fuzz::check(s["hum_min"].get<double>() < s["hum_max"].get<double>(), "hum_min < hum_max");
    const auto readings = store.readings(s["id"].get<std::int64_t>());
    fuzz::check(readings.status == 200 && readings.body.size() <= p03::max_readings_per_sensor,
                "las lecturas de un sensor están acotadas");
    check_serializable(readings.body);
  }
}

void check_sensor_result(const p03::sensor_result& r) {
  check_serializable(r.body);
  for (const auto& e : r.events) check_serializable(e.message);
  if (r.status == 422 || r.status == 404 || r.status == 409) {
    fuzz::check(r.events.empty(), "un error no publica eventos");
    fuzz::check(r.body.is_object() && r.body.contains("error") && r.body.contains("message"),
                "un error lleva error y message");
    if (r.status != 409) fuzz::check(r.body.contains("field"), "un 404/422 nombra el campo");
    return;
  }
  fuzz::check(r.status == 200 || r.status == 201 || r.status == 204, "estado conocido");
  fuzz::check(!r.events.empty(), "un cambio publica eventos");
}

void check_rules(const p03::alert_engine& alerts) {
  for (const auto& r : alerts.rules()) {
    fuzz::check(std::isfinite(r.warning) && std::isfinite(r.critical) && std::isfinite(r.clear) &&
                    std::isfinite(r.for_s) && std::isfinite(r.repeat_s),
                "las reglas tienen números finitos");
    fuzz::check(r.clear <= r.warning && r.warning <= r.critical, "clear ≤ warning ≤ critical");
    fuzz::check(r.for_s >= 0 && r.repeat_s > 0, "for_s ≥ 0 y repeat_s > 0");
  }
  check_serializable(alerts.rules_json());
}

struct session {
  p03::sensor_store sensors{[] { return std::string("2025-07-20T10:30:00Z"); }};
  p03::alert_engine alerts;
  double clock = 1'000;

  void run(unsigned char op, std::string_view text) {
    const auto parsed = taller::parse_json(text);
    if (!parsed) return;  // el servidor responde 400 antes de validar
    const json& body = parsed.value;
    const std::int64_t id = (op >> 3) % 4 + 1;
    switch (op & 7) {
      case 0:
        if (body.is_object())  // parse_json_body solo deja pasar objetos
          check_p02(p02::validate_notification(body), body, {"title", "message"});
        break;
      case 1:
        if (body.is_object())
          check_p02(p02::validate_task_update(body), body, {"task_id", "status"});
        break;
      case 2:
        check_sensor_result(sensors.create(body));
        break;
      case 3:
        check_sensor_result(sensors.update(id, body));
        break;
      case 4:
        check_sensor_result(sensors.add_reading(body));
        break;
      case 5:
        check_sensor_result(sensors.remove(id));
        break;
      case 6:
        update_rule(op, body);
        break;
      case 7:
        evaluate(body);
        break;
    }
    check_store(sensors);
  }

  void update_rule(unsigned char op, const json& body) {
    static const std::array<std::string, 6> names{"cpu",         "memory", "disk",
                                                  "connections", "errors", "no-existe"};
    const std::string& name = names[(op >> 3) % names.size()];
    const json before = alerts.rules_json();
    const auto e = alerts.update_rule(name, body);
    if (e) {
      // El campo puede llamarse "" si el parche trae esa clave: {"": 1}.
      fuzz::check(!e->message.empty() && (!e->field.empty() || body.contains("")),
                  "un error nombra el campo");
      fuzz::check(alerts.rules_json() == before, "un parche con error no cambia nada");
    }
    check_rules(alerts);
  }

  // {"cpu_percent": 91, "_dt": 30}: valores de las métricas y segundos que pasan.
  void evaluate(const json& body) {
    if (!body.is_object()) return;
    std::map<std::string, double> values;
    for (const auto& [key, value] : body.items())
      if (value.is_number()) values[key] = value.get<double>();
    const double dt = values.count("_dt") ? values["_dt"] : 10;
    if (std::isfinite(dt) && dt >= 0) clock += dt;
    for (const auto& record : alerts.evaluate(values, clock)) {
      fuzz::check(record.level == "warning" || record.level == "critical", "nivel conocido");
      fuzz::check(record.state == "firing" || record.state == "resolved", "estado conocido");
      fuzz::check(!record.message.empty(), "un aviso tiene mensaje");
      check_serializable(record.to_json());
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  session s;
  std::string_view rest = fuzz::as_text(data, size);
  while (!rest.empty()) {
    const auto end = rest.find('\0');
    const std::string_view item = rest.substr(0, end);
    if (!item.empty()) s.run(static_cast<unsigned char>(item[0]), item.substr(1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return 0;
}
