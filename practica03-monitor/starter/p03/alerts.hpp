// Reglas de alerta del monitor y su máquina de estados, como las de
// Prometheus: inactive → pending → firing → (resuelta) inactive. Un pico corto
// no avisa (for_s), una alerta activa no parpadea cerca del umbral (clear) y
// un aviso que sigue activo se repite sin inundar (repeat_s).
//
// Hilos: solo se usa desde el hilo de red del servidor (io thread); no hay
// mutex. El reloj se inyecta: evaluate recibe la hora en segundos, así las
// pruebas avanzan el tiempo con números.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace p03 {

// Un campo de la petición que no es válido y por qué (el servidor responde 422).
struct field_error {
  std::string field;
  std::string message;
};

// Una regla: avisa cuando la métrica llega a warning (o a critical) y se
// mantiene for_s segundos; se resuelve cuando baja de clear.
struct alert_rule {
  std::string name;       // "cpu", "memory", ...
  std::string metric;     // clave del valor en evaluate: "cpu_percent", ...
  double warning = 0;     // umbral de aviso
  double critical = 0;    // umbral crítico
  double clear = 0;       // por debajo se resuelve (histéresis: clear ≤ warning)
  double for_s = 0;       // segundos que debe durar la superación antes de avisar
  double repeat_s = 300;  // cada cuántos segundos se repite un aviso activo
  bool enabled = true;

  // {"name","metric","warning","critical","clear","for_s","repeat_s","enabled"}
  nlohmann::json to_json() const;
};

// cpu, memory, disk, connections y errors con sus umbrales por omisión.
std::vector<alert_rule> default_rules();

// Cambio parcial de warning, critical, clear, for_s, repeat_s y enabled. Si
// algo no es válido (tipo, campo desconocido, name o metric distintos, o una
// regla incoherente) devuelve el campo y el motivo y deja rule sin tocar.
std::optional<field_error> apply_patch(alert_rule& rule, const nlohmann::json& patch);

// Un aviso: una alerta que se dispara (o se repite) o que se resuelve.
struct alert_record {
  std::string rule;      // nombre de la regla
  std::string level;     // "warning" | "critical"
  std::string state;     // "firing" | "resolved"
  double value = 0;      // valor de la métrica al avisar
  double threshold = 0;  // umbral superado (al resolver, clear)
  std::string message;   // "CPU al 91.0 % (umbral de aviso 80)"
  double timestamp = 0;  // la hora de evaluate

  // {"rule","level","state","value","threshold","message","timestamp" (ISO),
  //  "details":{"rule","value","threshold"}}
  nlohmann::json to_json() const;
};

class alert_engine {
 public:
  explicit alert_engine(std::vector<alert_rule> rules = default_rules());

  // Avanza cada regla con el valor de su métrica en el instante now (segundos)
  // y devuelve los avisos que hay que enviar. Una métrica que no está en values
  // deja su regla como estaba.
  std::vector<alert_record> evaluate(const std::map<std::string, double>& values, double now);

  const std::vector<alert_rule>& rules() const { return rules_; }
  // apply_patch sobre la regla con ese nombre; si no existe, error en "name".
  std::optional<field_error> update_rule(const std::string& name, const nlohmann::json& patch);
  // Las reglas en JSON, en orden: [rule.to_json(), ...].
  nlohmann::json rules_json() const;
  // "inactive" | "pending" | "firing"; vacío si no hay regla con ese nombre.
  std::string state_of(const std::string& rule) const;

 private:
  enum class phase { inactive, pending, firing };
  struct rule_state {
    phase current = phase::inactive;
    double since = 0;       // cuándo empezó la superación (pending y firing)
    double last_sent = 0;   // cuándo se envió el último aviso (firing)
    std::string level;      // nivel del último aviso: "warning" | "critical"
    double last_value = 0;  // último valor visto de la métrica
  };

  std::optional<alert_record> advance(const alert_rule& rule, rule_state& s, double value,
                                      double now);
  std::optional<alert_record> keep_firing(const alert_rule& rule, rule_state& s, double value,
                                          double now);
  std::optional<alert_record> stand_down(const alert_rule& rule, rule_state& s, double now);
  alert_record fire(const alert_rule& rule, rule_state& s, double value, double now);
  alert_record resolve(const alert_rule& rule, rule_state& s, double value, double now,
                       const std::string& reason);

  std::vector<alert_rule> rules_;
  std::vector<rule_state> states_;  // states_[i] es el estado de rules_[i]
};

}  // namespace p03
