#include "p03/alerts.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>

#include "taller/clock.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

// Un número con un decimal ("91.0"), sin depender del locale.
std::string one_decimal(double value) {
  char text[512];  // cabe cualquier double en notación fija
  const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 1).ptr;
  return {text, end};
}

// Un número en su forma más corta ("80", "80.5"), sin depender del locale.
std::string shortest(double value) {
  char text[64];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return {text, end};
}

// Cómo se nombra cada métrica en los mensajes para el panel.
struct metric_label {
  std::string_view metric;
  std::string_view label;
  bool percent;
};
constexpr std::array<metric_label, 5> metric_labels{{
    {"cpu_percent", "CPU", true},
    {"memory_percent", "Memoria", true},
    {"disk_percent", "Disco", true},
    {"current_connections", "Conexiones abiertas", false},
    {"errors_per_minute", "Errores por minuto", false},
}};

// "CPU al 91.0 %", "Conexiones abiertas: 612" o, si no se conoce, "<regla>: 3.5".
[[maybe_unused]] std::string describe(const alert_rule& rule, double value) {
  const std::string amount = shortest(std::round(value * 10) / 10);
  for (const auto& m : metric_labels) {
    if (m.metric != rule.metric) continue;
    if (m.percent) return std::string(m.label) + " al " + one_decimal(value) + " %";
    return std::string(m.label) + ": " + amount;
  }
  return rule.name + ": " + amount;
}

// "critical" si llega al umbral crítico; si no, "warning".
[[maybe_unused]] std::string level_of(const alert_rule& rule, double value) {
  return value >= rule.critical ? "critical" : "warning";
}

// El campo numérico de la regla que se llama field; nullptr si no hay ninguno.
[[maybe_unused]] double* number_field(alert_rule& rule, const std::string& field) {
  if (field == "warning") return &rule.warning;
  if (field == "critical") return &rule.critical;
  if (field == "clear") return &rule.clear;
  if (field == "for_s") return &rule.for_s;
  if (field == "repeat_s") return &rule.repeat_s;
  return nullptr;
}

// Copia un campo del parche en rule si es conocido y del tipo correcto.
[[maybe_unused]] std::optional<field_error> apply_field(alert_rule& rule, const std::string& field,
                                       const json& value) {
  // TODO PASO 4 ▸ Valida y copia un campo del parche
  //   name y metric no se cambian (repetir su valor actual sí vale: así se puede reenviar la
  //   regla entera); enabled es un booleano; warning, critical, clear, for_s y repeat_s son
  //   números finitos (number_field dice dónde va cada uno). Cualquier otro nombre es
  //   "campo desconocido". Un error devuelve el field_error con el campo y el motivo en español,
  //   y no toca rule; si vale, copia el valor y devuelve nada. Un tipo equivocado que se cuela
  //   aquí acabaría lanzando al leerlo en el hilo de red.
  (void)rule; (void)field; (void)value;
  return std::nullopt;
  // FIN PASO 4
}

// Comprueba que la regla ya cambiada tiene sentido. Si dos umbrales chocan, el
// error nombra el que venía en el parche.
[[maybe_unused]] std::optional<field_error> check_rule(const alert_rule& rule, const json& patch) {
  // TODO PASO 4 ▸ Comprueba que la regla cambiada es coherente
  //   for_s ≥ 0, repeat_s > 0 y clear ≤ warning ≤ critical; si no, el field_error del campo
  //   culpable. Cuando chocan dos umbrales, culpa al que venía en el parche (patch.contains), que
  //   es el que el usuario quería cambiar, y el motivo dice los tres valores (shortest). Sin
  //   clear ≤ warning no hay histéresis: la alerta se resolvería en el mismo instante.
  (void)rule; (void)patch;
  return std::nullopt;
  // FIN PASO 4
}

}  // namespace

json alert_rule::to_json() const {
  return {{"name", name},   {"metric", metric}, {"warning", warning},   {"critical", critical},
          {"clear", clear}, {"for_s", for_s},   {"repeat_s", repeat_s}, {"enabled", enabled}};
}

std::vector<alert_rule> default_rules() {
  // clang-format off
  return {
    {.name = "cpu", .metric = "cpu_percent",
     .warning = 80, .critical = 95, .clear = 70, .for_s = 30, .repeat_s = 300},
    {.name = "memory", .metric = "memory_percent",
     .warning = 85, .critical = 95, .clear = 75, .for_s = 30, .repeat_s = 300},
    {.name = "disk", .metric = "disk_percent",
     .warning = 90, .critical = 97, .clear = 85, .for_s = 60, .repeat_s = 300},
    {.name = "connections", .metric = "current_connections",
     .warning = 500, .critical = 900, .clear = 400, .for_s = 0, .repeat_s = 300},
    {.name = "errors", .metric = "errors_per_minute",
     .warning = 10, .critical = 50, .clear = 5, .for_s = 0, .repeat_s = 300},
  };
  // clang-format on
}

std::optional<field_error> apply_patch(alert_rule& rule, const json& patch) {
  // TODO PASO 4 ▸ Valida y aplica un cambio parcial de una regla
  //   rule cambia solo si todo el parche vale: si no, devuelve el field_error del primer campo
  //   que falla y rule queda intacta (un error anula también los campos buenos). Cada campo debe
  //   ser conocido y de su tipo (apply_field) y la regla final coherente (check_rule: for_s ≥ 0,
  //   repeat_s > 0, clear ≤ warning ≤ critical). Un parche que no es un objeto es un error del
  //   campo "body". Así un PUT a medias nunca deja una regla incoherente.
  (void)rule; (void)patch;
  return std::nullopt;
  // FIN PASO 4
}

json alert_record::to_json() const {
  // timestamp en ISO y details como en los prototipos (su panel hace new Date(timestamp)
  // y JSON.stringify(details)); value y threshold también sueltos, para nuestro panel.
  return {{"rule", rule},
          {"level", level},
          {"state", state},
          {"value", value},
          {"threshold", threshold},
          {"message", message},
          {"timestamp", taller::iso_seconds(timestamp)},
          {"details", {{"rule", rule}, {"value", value}, {"threshold", threshold}}}};
}

alert_engine::alert_engine(std::vector<alert_rule> rules)
    : rules_(std::move(rules)), states_(rules_.size()) {}

std::vector<alert_record> alert_engine::evaluate(const std::map<std::string, double>& values,
                                                 double now) {
  std::vector<alert_record> out;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const alert_rule& rule = rules_[i];
    rule_state& s = states_[i];
    const auto value = values.find(rule.metric);
    if (value != values.end()) s.last_value = value->second;
    std::optional<alert_record> record;
    if (!rule.enabled)
      record = stand_down(rule, s, now);
    else if (value != values.end())
      record = advance(rule, s, value->second, now);
    if (record) out.push_back(std::move(*record));
  }
  return out;
}

std::optional<alert_record> alert_engine::advance(const alert_rule& rule, rule_state& s,
                                                  double value, double now) {
  // TODO PASO 4 ▸ Lleva una regla de inactive a pending y de pending a firing
  //   Devuelve un aviso o nada. En firing, decide keep_firing. Por debajo de warning la regla
  //   vuelve a inactive sin avisar: un pico corto no despierta a nadie. En warning o más pasa a
  //   pending y since guarda cuándo empezó la superación (seguir en pending no lo cambia), y
  //   solo cuando la superación dura for_s segundos (a los for_s justos ya vale)
  //   devuelve el aviso de fire. Con for_s 0 avisa en la misma evaluación.
  (void)rule; (void)s; (void)value; (void)now;
  return std::nullopt;
  // FIN PASO 4
}

std::optional<alert_record> alert_engine::keep_firing(const alert_rule& rule, rule_state& s,
                                                      double value, double now) {
  // TODO PASO 4 ▸ Repite o resuelve una alerta activa
  //   Con la regla en firing, devuelve un aviso o nada. Por debajo de clear, el "resolved" de
  //   resolve (motivo "por debajo de <clear>") y la regla a inactive (entre clear y warning sigue
  //   activa: es la histéresis que evita el parpadeo). Si no, vuelve a avisar
  //   con fire cuando cambia el nivel o han pasado repeat_s desde el último aviso.
  (void)rule; (void)s; (void)value; (void)now;
  return std::nullopt;
  // FIN PASO 4
}

std::optional<alert_record> alert_engine::stand_down(const alert_rule& rule, rule_state& s,
                                                     double now) {
  // TODO PASO 4 ▸ Apaga una regla desactivada
  //   Una regla desactivada no avisa nunca. Si estaba en firing, devuelve su "resolved" (resolve
  //   con el último valor visto, last_value, y el motivo "regla desactivada") para que el panel
  //   la quite; en cualquier caso queda en inactive, así que al reactivarla vuelve a esperar for_s.
  (void)rule; (void)s; (void)now;
  return std::nullopt;
  // FIN PASO 4
}

// Pasa la regla a firing y devuelve el aviso con el nivel y el umbral superado.
alert_record alert_engine::fire(const alert_rule& rule, rule_state& s, double value, double now) {
  // TODO PASO 4 ▸ Dispara la alerta
  //   La regla pasa a firing con el nivel del valor (level_of) y recuerda en last_sent cuándo
  //   avisó (repeat_s cuenta desde ahí). El aviso lleva state "firing", el nivel, el valor, el
  //   umbral superado (critical si el nivel es "critical"; si no, warning) y un mensaje que
  //   describe la regla y dice qué umbral, p. ej. "… (umbral de aviso 80)".
  (void)rule; (void)s; (void)value; (void)now;
  return {};
  // FIN PASO 4
}

// Pasa la regla a inactive y devuelve el aviso de resolución (umbral = clear).
alert_record alert_engine::resolve(const alert_rule& rule, rule_state& s, double value, double now,
                                   const std::string& reason) {
  // TODO PASO 4 ▸ Resuelve la alerta
  //   La regla vuelve a inactive. El aviso lleva state "resolved", el nivel con el que estaba
  //   disparada (s.level), el valor, clear como umbral y un mensaje que describe la regla y
  //   termina en " (resuelta: <reason>)".
  (void)rule; (void)s; (void)value; (void)now; (void)reason;
  return {};
  // FIN PASO 4
}

std::optional<field_error> alert_engine::update_rule(const std::string& name, const json& patch) {
  for (auto& rule : rules_)
    if (rule.name == name) return apply_patch(rule, patch);
  return field_error{"name", "no hay ninguna regla llamada '" + name + "'"};
}

json alert_engine::rules_json() const {
  json out = json::array();
  for (const auto& rule : rules_) out.push_back(rule.to_json());
  return out;
}

std::string alert_engine::state_of(const std::string& rule) const {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].name != rule) continue;
    switch (states_[i].current) {
      case phase::inactive:
        return "inactive";
      case phase::pending:
        return "pending";
      case phase::firing:
        return "firing";
    }
  }
  return "";
}

}  // namespace p03
