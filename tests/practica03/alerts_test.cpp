// Paso 4 — reglas de alerta: la máquina de estados inactive → pending → firing
// → resuelta, y la validación de los cambios de una regla. El reloj es falso:
// cada evaluate recibe la hora en segundos, así que nada espera de verdad.
//
//   Regla cpu: warning 80, critical 95, clear 70, for_s 30, repeat_s 300.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "p03/alerts.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;

// La regla por omisión con ese nombre (vacía si no existe).
alert_rule default_rule(const std::string& name) {
  for (const auto& rule : default_rules())
    if (rule.name == name) return rule;
  return {};
}

// Un motor con solo la regla de CPU por omisión.
alert_engine cpu_engine() { return alert_engine({default_rule("cpu")}); }

// Evalúa con la CPU al valor cpu en el instante t del reloj falso.
std::vector<alert_record> cpu_at(alert_engine& engine, double cpu, double t) {
  return engine.evaluate({{"cpu_percent", cpu}}, t);
}

// Los avisos en JSON, para los mensajes de error.
std::string show(const std::vector<alert_record>& records) {
  json out = json::array();
  for (const auto& r : records) out.push_back(r.to_json());
  return out.dump();
}

// Un resultado de apply_patch o update_rule, para los mensajes de error.
std::string show(const std::optional<field_error>& error) {
  if (!error) return "ningún error";
  return "un error en " + error->field + ": " + error->message;
}

// Lleva la regla de CPU a firing (warning) en t = 30 con la CPU al 85 %.
void fire_cpu_warning(alert_engine& engine) {
  const auto pending = cpu_at(engine, 85, 0);
  ASSERT_TRUE(pending.empty()) << "Paso 4: en t=0 la regla solo pasa a pending; llegó "
                               << show(pending);
  const auto fired = cpu_at(engine, 85, 30);
  ASSERT_EQ(fired.size(), 1u)
      << "Paso 4: con la CPU al 85 % desde t=0, en t=30 (for_s) debe llegar un aviso; llegó "
      << show(fired);
}

TEST(Paso4_ReglasDeAlerta, LasReglasPorDefectoAvisanEnSuUmbral) {
  const std::vector<json> expected = {
      {{"name", "cpu"},
       {"metric", "cpu_percent"},
       {"warning", 80},
       {"critical", 95},
       {"clear", 70},
       {"for_s", 30},
       {"repeat_s", 300},
       {"enabled", true}},
      {{"name", "memory"},
       {"metric", "memory_percent"},
       {"warning", 85},
       {"critical", 95},
       {"clear", 75},
       {"for_s", 30},
       {"repeat_s", 300},
       {"enabled", true}},
      {{"name", "disk"},
       {"metric", "disk_percent"},
       {"warning", 90},
       {"critical", 97},
       {"clear", 85},
       {"for_s", 60},
       {"repeat_s", 300},
       {"enabled", true}},
      {{"name", "connections"},
       {"metric", "current_connections"},
       {"warning", 500},
       {"critical", 900},
       {"clear", 400},
       {"for_s", 0},
       {"repeat_s", 300},
       {"enabled", true}},
      {{"name", "errors"},
       {"metric", "errors_per_minute"},
       {"warning", 10},
       {"critical", 50},
       {"clear", 5},
       {"for_s", 0},
       {"repeat_s", 300},
       {"enabled", true}},
  };
  const auto rules = default_rules();
  ASSERT_EQ(rules.size(), expected.size())
      << "Paso 4: hay 5 reglas por omisión; hay " << rules.size();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i].to_json(), expected[i])
        << "Paso 4: regla por omisión " << i << "; llegó " << rules[i].to_json().dump();
    // Cada regla avisa justo en su umbral de aviso al cumplirse su for_s.
    alert_engine engine;
    const auto& rule = rules[i];
    auto fired = engine.evaluate({{rule.metric, rule.warning}}, 0);
    if (rule.for_s > 0) {
      EXPECT_TRUE(fired.empty()) << "Paso 4: " << rule.name << " no avisa antes de for_s; llegó "
                                 << show(fired);
      fired = engine.evaluate({{rule.metric, rule.warning}}, rule.for_s);
    }
    ASSERT_EQ(fired.size(), 1u) << "Paso 4: " << rule.name << " al " << rule.warning << " durante "
                                << rule.for_s << " s debe avisar una vez; llegó " << show(fired);
    EXPECT_EQ(fired[0].rule, rule.name) << "Paso 4: el aviso nombra su regla; " << show(fired);
    EXPECT_EQ(fired[0].level, "warning")
        << "Paso 4: en el umbral de aviso el nivel es warning; " << show(fired);
    EXPECT_EQ(fired[0].threshold, rule.warning)
        << "Paso 4: threshold es el umbral superado; " << show(fired);
  }
}

TEST(Paso4_ReglasDeAlerta, PendienteHastaQueLaSuperacionDuraForS) {
  auto engine = cpu_engine();
  EXPECT_TRUE(cpu_at(engine, 85, 0).empty())
      << "Paso 4: al llegar a warning la regla pasa a pending y aún no avisa";
  EXPECT_EQ(engine.state_of("cpu"), "pending")
      << "Paso 4: con la CPU al 85 % (warning 80) la regla debe estar en pending; está en "
      << engine.state_of("cpu");
  const auto early = cpu_at(engine, 85, 29.9);
  EXPECT_TRUE(early.empty()) << "Paso 4: a los 29.9 s todavía no se cumple for_s = 30; llegó "
                             << show(early);
  const auto fired = cpu_at(engine, 85, 30);
  ASSERT_EQ(fired.size(), 1u) << "Paso 4: a los 30 s (for_s) debe llegar un aviso; llegó "
                              << show(fired);
  EXPECT_EQ(engine.state_of("cpu"), "firing")
      << "Paso 4: tras avisar la regla está en firing; está en " << engine.state_of("cpu");
  json expected = {{"rule", "cpu"},
                   {"level", "warning"},
                   {"state", "firing"},
                   {"value", 85},
                   {"threshold", 80},
                   {"message", "CPU al 85.0 % (umbral de aviso 80)"},
                   {"timestamp", "1970-01-01T00:00:30.000Z"},
                   {"details", {{"rule", "cpu"}, {"value", 85}, {"threshold", 80}}}};
  EXPECT_EQ(fired[0].to_json(), expected)
      << "Paso 4: el aviso es exactamente este JSON; llegó " << fired[0].to_json().dump();
}

TEST(Paso4_ReglasDeAlerta, UnPicoCortoNoAvisa) {
  auto engine = cpu_engine();
  cpu_at(engine, 90, 0);
  EXPECT_EQ(engine.state_of("cpu"), "pending")
      << "Paso 4: el pico empieza en pending; está en " << engine.state_of("cpu");
  const auto drop = cpu_at(engine, 50, 10);
  EXPECT_TRUE(drop.empty()) << "Paso 4: si baja de warning antes de for_s, no avisa; llegó "
                            << show(drop);
  EXPECT_EQ(engine.state_of("cpu"), "inactive")
      << "Paso 4: un pico más corto que for_s vuelve a inactive; está en "
      << engine.state_of("cpu");
  // Un pico nuevo cuenta for_s desde su propio comienzo (t=20), no desde t=0.
  cpu_at(engine, 90, 20);
  const auto early = cpu_at(engine, 90, 45);
  EXPECT_TRUE(early.empty()) << "Paso 4: el segundo pico empezó en t=20; en t=45 lleva 25 s y no "
                                "debe avisar; llegó "
                             << show(early);
  const auto fired = cpu_at(engine, 90, 50);
  EXPECT_EQ(fired.size(), 1u) << "Paso 4: en t=50 el segundo pico lleva 30 s y debe avisar; llegó "
                              << show(fired);
}

TEST(Paso4_ReglasDeAlerta, SiLlegaACriticalAvisaComoCritico) {
  auto engine = cpu_engine();
  cpu_at(engine, 97, 0);
  const auto fired = cpu_at(engine, 97, 30);
  ASSERT_EQ(fired.size(), 1u) << "Paso 4: la CPU al 97 % durante 30 s debe avisar; llegó "
                              << show(fired);
  EXPECT_EQ(fired[0].level, "critical")
      << "Paso 4: al 97 % (critical 95) el nivel es critical; " << show(fired);
  EXPECT_EQ(fired[0].threshold, 95) << "Paso 4: threshold es el umbral crítico; " << show(fired);
  EXPECT_EQ(fired[0].message, "CPU al 97.0 % (umbral crítico 95)")
      << "Paso 4: el mensaje dice el valor y el umbral; llegó " << fired[0].message;
}

TEST(Paso4_ReglasDeAlerta, SigueActivaEntreClearYWarning) {
  auto engine = cpu_engine();
  ASSERT_NO_FATAL_FAILURE(fire_cpu_warning(engine))
      << "Paso 4: la regla cpu debe pasar a firing con la CPU al 85 % de t=0 a t=30";
  for (double t : {40.0, 50.0, 60.0}) {
    const auto between = cpu_at(engine, 72, t);
    EXPECT_TRUE(between.empty())
        << "Paso 4: al 72 % (entre clear 70 y warning 80) no se resuelve ni se repite; llegó "
        << show(between);
    EXPECT_EQ(engine.state_of("cpu"), "firing")
        << "Paso 4: entre clear y warning la alerta sigue en firing (histéresis); está en "
        << engine.state_of("cpu");
  }
  const auto resolved = cpu_at(engine, 69.9, 70);
  ASSERT_EQ(resolved.size(), 1u) << "Paso 4: bajo clear (70) llega un aviso resuelto; llegó "
                                 << show(resolved);
  EXPECT_EQ(resolved[0].state, "resolved") << "Paso 4: state=resolved; " << show(resolved);
  EXPECT_EQ(engine.state_of("cpu"), "inactive")
      << "Paso 4: resuelta, la regla vuelve a inactive; está en " << engine.state_of("cpu");
}

TEST(Paso4_ReglasDeAlerta, ElAvisoResueltoLlevaElValorYClear) {
  auto engine = cpu_engine();
  ASSERT_NO_FATAL_FAILURE(fire_cpu_warning(engine))
      << "Paso 4: la regla cpu debe pasar a firing con la CPU al 85 % de t=0 a t=30";
  const auto resolved = cpu_at(engine, 65, 100);
  ASSERT_EQ(resolved.size(), 1u) << "Paso 4: al 65 % (clear 70) llega un aviso resuelto; llegó "
                                 << show(resolved);
  json got = resolved[0].to_json();
  EXPECT_EQ(got.size(), 8u) << "Paso 4: el aviso tiene exactamente 8 campos; llegó " << got.dump();
  EXPECT_EQ(got.value("rule", ""), "cpu") << "Paso 4: rule=cpu; llegó " << got.dump();
  EXPECT_EQ(got.value("level", ""), "warning")
      << "Paso 4: el resuelto lleva el nivel que tenía la alerta; llegó " << got.dump();
  EXPECT_EQ(got.value("state", ""), "resolved") << "Paso 4: state=resolved; llegó " << got.dump();
  EXPECT_EQ(got.value("value", -1.0), 65)
      << "Paso 4: value es el valor actual; llegó " << got.dump();
  EXPECT_EQ(got.value("threshold", -1.0), 70)
      << "Paso 4: al resolver, threshold es clear; llegó " << got.dump();
  EXPECT_EQ(got.value("timestamp", ""), "1970-01-01T00:01:40.000Z")
      << "Paso 4: timestamp es la hora de evaluate en ISO; llegó " << got.dump();
  EXPECT_FALSE(got.value("message", "").empty())
      << "Paso 4: el aviso resuelto lleva un mensaje; llegó " << got.dump();
  const auto again = cpu_at(engine, 65, 110);
  EXPECT_TRUE(again.empty()) << "Paso 4: una alerta resuelta no avisa otra vez; llegó "
                             << show(again);
}

TEST(Paso4_ReglasDeAlerta, RepiteElAvisoCadaRepeatS) {
  auto engine = cpu_engine();
  ASSERT_NO_FATAL_FAILURE(fire_cpu_warning(engine))  // primer aviso en t=30
      << "Paso 4: la regla cpu debe pasar a firing con la CPU al 85 % de t=0 a t=30";
  for (double t = 40; t < 330; t += 10) {
    const auto quiet = cpu_at(engine, 85, t);
    ASSERT_TRUE(quiet.empty()) << "Paso 4: no se repite antes de repeat_s = 300 (t=" << t
                               << "); llegó " << show(quiet);
  }
  const auto repeated = cpu_at(engine, 85, 330);
  ASSERT_EQ(repeated.size(), 1u)
      << "Paso 4: en t=330 (300 s tras el primer aviso) se repite el aviso; llegó "
      << show(repeated);
  EXPECT_EQ(repeated[0].state, "firing") << "Paso 4: la repetición es firing; " << show(repeated);
  const auto early = cpu_at(engine, 85, 629);
  EXPECT_TRUE(early.empty())
      << "Paso 4: la siguiente repetición cuenta desde la última (t=330); en t=629 llegó "
      << show(early);
  const auto next = cpu_at(engine, 85, 630);
  EXPECT_EQ(next.size(), 1u) << "Paso 4: en t=630 toca la siguiente repetición; llegó "
                             << show(next);
}

TEST(Paso4_ReglasDeAlerta, CambiarDeNivelAvisaEnseguida) {
  auto engine = cpu_engine();
  ASSERT_NO_FATAL_FAILURE(fire_cpu_warning(engine))
      << "Paso 4: la regla cpu debe pasar a firing con la CPU al 85 % de t=0 a t=30";
  const auto up = cpu_at(engine, 96, 40);
  ASSERT_EQ(up.size(), 1u)
      << "Paso 4: al subir de warning a critical se avisa enseguida, sin esperar repeat_s; llegó "
      << show(up);
  EXPECT_EQ(up[0].level, "critical") << "Paso 4: el nuevo nivel es critical; " << show(up);
  EXPECT_EQ(up[0].threshold, 95) << "Paso 4: threshold es el umbral crítico; " << show(up);
  const auto same = cpu_at(engine, 97, 50);
  EXPECT_TRUE(same.empty()) << "Paso 4: sin cambio de nivel no se repite antes de repeat_s; llegó "
                            << show(same);
  const auto down = cpu_at(engine, 85, 60);
  ASSERT_EQ(down.size(), 1u) << "Paso 4: al bajar de critical a warning también se avisa; llegó "
                             << show(down);
  EXPECT_EQ(down[0].level, "warning") << "Paso 4: el nuevo nivel es warning; " << show(down);
  EXPECT_EQ(down[0].threshold, 80) << "Paso 4: threshold es el umbral de aviso; " << show(down);
}

TEST(Paso4_ReglasDeAlerta, UnaReglaDesactivadaSeResuelveYNoAvisa) {
  auto engine = cpu_engine();
  ASSERT_NO_FATAL_FAILURE(fire_cpu_warning(engine))
      << "Paso 4: la regla cpu debe pasar a firing con la CPU al 85 % de t=0 a t=30";
  const auto disabled = engine.update_rule("cpu", {{"enabled", false}});
  ASSERT_FALSE(disabled) << "Paso 4: {\"enabled\": false} es un cambio válido; llegó "
                         << show(disabled);
  const auto off = cpu_at(engine, 99, 40);
  ASSERT_EQ(off.size(), 1u)
      << "Paso 4: al desactivar una regla en firing llega un aviso resuelto; llegó " << show(off);
  EXPECT_EQ(off[0].state, "resolved") << "Paso 4: state=resolved; " << show(off);
  for (double t = 50; t < 1000; t += 50) {
    const auto quiet = cpu_at(engine, 99, t);
    ASSERT_TRUE(quiet.empty()) << "Paso 4: una regla desactivada no avisa (t=" << t << "); llegó "
                               << show(quiet);
  }
  EXPECT_EQ(engine.state_of("cpu"), "inactive")
      << "Paso 4: desactivada, la regla queda en inactive; está en " << engine.state_of("cpu");
  const auto enabled = engine.update_rule("cpu", {{"enabled", true}});
  ASSERT_FALSE(enabled) << "Paso 4: {\"enabled\": true} es un cambio válido; llegó "
                        << show(enabled);
  const auto waiting = cpu_at(engine, 99, 1000);
  EXPECT_TRUE(waiting.empty()) << "Paso 4: reactivada, vuelve a esperar for_s; llegó "
                               << show(waiting);
  const auto again = cpu_at(engine, 99, 1030);
  EXPECT_EQ(again.size(), 1u) << "Paso 4: reactivada, avisa otra vez al cumplirse for_s; llegó "
                              << show(again);
}

TEST(Paso4_ReglasDeAlerta, UnaMetricaAusenteDejaLaReglaComoEstaba) {
  auto engine = cpu_engine();
  cpu_at(engine, 85, 0);
  const auto missing = engine.evaluate({{"memory_percent", 10}}, 20);
  EXPECT_TRUE(missing.empty()) << "Paso 4: sin cpu_percent no hay aviso; llegó " << show(missing);
  EXPECT_EQ(engine.state_of("cpu"), "pending")
      << "Paso 4: sin dato, la regla sigue en pending; está en " << engine.state_of("cpu");
  const auto fired = cpu_at(engine, 85, 30);
  EXPECT_EQ(fired.size(), 1u)
      << "Paso 4: la superación sigue contando desde t=0 y en t=30 avisa; llegó " << show(fired);
  const auto later = engine.evaluate({}, 1000);
  EXPECT_TRUE(later.empty()) << "Paso 4: sin dato no se repite ni se resuelve; llegó "
                             << show(later);
  EXPECT_EQ(engine.state_of("cpu"), "firing")
      << "Paso 4: sin dato, una alerta en firing sigue en firing; está en "
      << engine.state_of("cpu");
}

TEST(Paso4_ReglasDeAlerta, ActualizarUnaReglaPorNombre) {
  auto engine = cpu_engine();
  const auto unknown = engine.update_rule("gpu", {{"warning", 50}});
  ASSERT_TRUE(unknown) << "Paso 4: cambiar una regla que no existe es un error; llegó "
                       << show(unknown);
  EXPECT_EQ(unknown->field, "name")
      << "Paso 4: el error nombra el campo name; llegó " << unknown->field;
  const auto error = engine.update_rule("cpu", {{"warning", 60}, {"clear", 50}, {"for_s", 0}});
  EXPECT_FALSE(error) << "Paso 4: el cambio es válido; llegó " << show(error);
  json rule = engine.rules_json().at(0);
  EXPECT_EQ(rule.value("warning", -1.0), 60)
      << "Paso 4: warning cambia a 60; llegó " << rule.dump();
  EXPECT_EQ(rule.value("clear", -1.0), 50) << "Paso 4: clear cambia a 50; llegó " << rule.dump();
  EXPECT_EQ(rule.value("for_s", -1.0), 0) << "Paso 4: for_s cambia a 0; llegó " << rule.dump();
  EXPECT_EQ(rule.value("critical", -1.0), 95)
      << "Paso 4: lo que no viene en el parche no cambia; llegó " << rule.dump();
  const auto fired = cpu_at(engine, 65, 0);
  ASSERT_EQ(fired.size(), 1u) << "Paso 4: con warning 60 y for_s 0, el 65 % avisa ya; llegó "
                              << show(fired);
  EXPECT_EQ(fired[0].threshold, 60) << "Paso 4: con el umbral nuevo; " << show(fired);
}

TEST(Paso4_ReglasDeAlerta, UnParcheInvalidoNoCambiaLaReglaYNombraElCampo) {
  struct invalid_case {
    json patch;
    std::string field;
    std::string why;
  };
  const std::vector<invalid_case> cases = {
      {{{"warning", "80"}}, "warning", "un número en texto no es un número"},
      {{{"critical", true}}, "critical", "un booleano no es un número"},
      {{{"clear", nullptr}}, "clear", "null no es un número"},
      {{{"for_s", -1}}, "for_s", "for_s no puede ser negativo"},
      {{{"repeat_s", 0}}, "repeat_s", "repeat_s debe ser mayor que 0"},
      {{{"enabled", "no"}}, "enabled", "enabled debe ser true o false"},
      {{{"enabled", 1}}, "enabled", "1 no es un booleano"},
      {{{"clear", 90}}, "clear", "clear (90) no puede pasar de warning (80)"},
      {{{"warning", 99}}, "warning", "warning (99) no puede pasar de critical (95)"},
      {{{"warning", 60}}, "warning", "warning (60) no puede quedar por debajo de clear (70)"},
      {{{"critical", 50}}, "critical", "critical (50) no puede quedar por debajo de warning (80)"},
      {{{"name", "otra"}}, "name", "name no se puede cambiar"},
      {{{"metric", "gpu_percent"}}, "metric", "metric no se puede cambiar"},
      {{{"umbral", 3}}, "umbral", "un campo desconocido es un error"},
      {{{"warning", 60}, {"for_s", -5}}, "for_s", "un error anula también los campos válidos"},
  };
  for (const auto& c : cases) {
    alert_rule rule = default_rule("cpu");
    json before = rule.to_json();
    const auto error = apply_patch(rule, c.patch);
    ASSERT_TRUE(error.has_value())
        << "Paso 4: " << c.patch.dump() << " es inválido (" << c.why << "); se aceptó";
    EXPECT_EQ(error->field, c.field) << "Paso 4: " << c.patch.dump() << " debe nombrar el campo "
                                     << c.field << "; nombró " << error->field;
    EXPECT_FALSE(error->message.empty())
        << "Paso 4: el error de " << c.patch.dump() << " dice por qué; llegó un mensaje vacío";
    EXPECT_EQ(rule.to_json(), before)
        << "Paso 4: " << c.patch.dump() << " no debe cambiar nada de la regla; quedó "
        << rule.to_json().dump();
  }
  alert_rule rule = default_rule("cpu");
  const auto error = apply_patch(rule, json::array({1, 2}));
  EXPECT_TRUE(error) << "Paso 4: un parche que no es un objeto JSON es un error; llegó "
                     << show(error);
}

}  // namespace
}  // namespace p03::testing
