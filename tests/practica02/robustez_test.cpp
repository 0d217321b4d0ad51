// Robustez de la validación de la Práctica 02: un cuerpo con un campo de otro
// tipo (número, lista, objeto, null, booleano) o con caracteres de control es
// un error que nombra ese campo (el servidor responde 422), nunca una
// excepción que pararía el servidor. Solo contra la solución: no es un paso.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "p02/sse_envelope.hpp"
#include "p02/validation.hpp"

namespace p02::testing {
namespace {

using nlohmann::json;
using texts = std::vector<std::string>;

// Valores de todos los tipos JSON que no son un texto.
std::vector<json> not_text() {
  return {json(123),      json(1.5),        json(-1),      json::array(), json::array({"a"}),
          json::object(), json({{"a", 1}}), json(nullptr), json(true),    json(false)};
}

// Valores de todos los tipos JSON que no son un número.
std::vector<json> not_number() {
  return {json("40"),        json(""),       json::array(),
          json::array({40}), json::object(), json({{"valor", 40}}),
          json(nullptr),     json(true),     json(false)};
}

// Una notificación válida; cada prueba estropea un campo.
json notification() {
  return {{"title", "Hola"},
          {"message", "Tienes un aviso"},
          {"level", "info"},
          {"action_url", "/tareas/1"}};
}

// Una actualización de tarea válida.
json task_update() {
  return {{"task_id", "t1"}, {"progress", 40}, {"status", "running"}, {"message", "copiando"}};
}

// Valida sin dejar escapar excepciones y comprueba que el error nombra field.
void expect_field(std::optional<field_error> (*validate)(const json&), const json& body,
                  const std::string& field) {
  std::optional<field_error> e;
  EXPECT_NO_THROW(e = validate(body)) << "la validación no lanza; cuerpo " << body.dump();
  ASSERT_TRUE(e) << "el cuerpo " << body.dump() << " debe dar un error en " << field;
  EXPECT_EQ(e->field, field) << "el error nombra el campo culpable; cuerpo " << body.dump()
                             << ", llegó " << e->field << ": " << e->message;
  EXPECT_FALSE(e->message.empty()) << "el error dice el motivo; cuerpo " << body.dump();
}

// Valida sin dejar escapar excepciones y comprueba que no hay error.
void expect_valid(std::optional<field_error> (*validate)(const json&), const json& body) {
  std::optional<field_error> e;
  EXPECT_NO_THROW(e = validate(body)) << "la validación no lanza; cuerpo " << body.dump();
  EXPECT_FALSE(e) << "el cuerpo " << body.dump() << " es válido; llegó " << e->field << ": "
                  << e->message;
}

TEST(Robustez_Notificacion, CadaCampoDeOtroTipoEsUnErrorDeEseCampo) {
  expect_valid(validate_notification, notification());
  for (const char* field : {"title", "message", "level", "action_url"})
    for (const json& value : not_text()) {
      if (std::string(field) == "action_url" && value.is_null()) continue;  // opcional
      json body = notification();
      body[field] = value;
      expect_field(validate_notification, body, field);
    }
  json body = notification();
  body["action_url"] = nullptr;
  expect_valid(validate_notification, body);
}

TEST(Robustez_Notificacion, LosTextosNoAdmitenCaracteresDeControl) {
  for (const char* field : {"title", "action_url"})
    for (const std::string& bad :
         texts{"a\nb", "a\rb", "a\tb", std::string("a\0b", 3), "\x1b[2J", "fin\x7f"}) {
      json body = notification();
      body[field] = bad;
      expect_field(validate_notification, body, field);
    }
  for (const std::string& bad : texts{"a\rb", std::string("a\0b", 3), "\x1b[31mrojo", "\x7f"}) {
    json body = notification();
    body["message"] = bad;
    expect_field(validate_notification, body, "message");
  }
  json body = notification();
  body["message"] = "línea 1\nlínea 2\tcon tabulador";
  body["title"] = "Añez — ✓";
  expect_valid(validate_notification, body);
}

TEST(Robustez_Notificacion, UnCuerpoQueNoEsUnObjetoNoLanza) {
  for (const json& body :
       {json::array(), json::array({"title"}), json(5), json("title"), json(nullptr), json(true)})
    expect_field(validate_notification, body, "title");
}

TEST(Robustez_Tarea, ProgressSoloAdmiteNumeros) {
  expect_valid(validate_task_update, task_update());
  for (const json& value : not_number()) {
    json body = task_update();
    body["progress"] = value;
    expect_field(validate_task_update, body, "progress");
  }
  for (const json& value :
       {json(-1), json(100.5), json(1e308), json(-1e308), json(18446744073709551615ull)}) {
    json body = task_update();
    body["progress"] = value;
    expect_field(validate_task_update, body, "progress");
  }
  // De un texto JSON no puede salir NaN ni infinito: 1e309 no es JSON válido.
  EXPECT_TRUE(json::parse(R"({"progress":1e309})", nullptr, false).is_discarded());
  json body = task_update();
  body.erase("progress");
  expect_field(validate_task_update, body, "progress");
}

TEST(Robustez_Tarea, CadaTextoDeOtroTipoEsUnErrorDeEseCampo) {
  for (const char* field : {"task_id", "status", "message"})
    for (const json& value : not_text()) {
      if (std::string(field) == "message" && value.is_null()) continue;  // opcional
      json body = task_update();
      body[field] = value;
      expect_field(validate_task_update, body, field);
    }
  for (const char* field : {"task_id", "status"}) {
    json body = task_update();
    body[field] = "t\n1";
    expect_field(validate_task_update, body, field);
  }
  for (const json& body : {json::array(), json(40), json(nullptr)})
    expect_field(validate_task_update, body, "task_id");
}

TEST(Robustez_UserId, SoloTextoUtf8SinControl) {
  EXPECT_TRUE(is_valid_user_id("ana"));
  EXPECT_TRUE(is_valid_user_id("añez"));
  for (const std::string& bad :
       texts{std::string(), std::string(65, 'a'), std::string("\xff"), std::string("ana\xc3"),
             std::string("\xed\xa0\x80"), std::string("ana\x01"), std::string("a\nb"),
             std::string("\x7f")})
    EXPECT_FALSE(is_valid_user_id(bad))
        << "un user_id vacío, largo, que no es UTF-8 o con caracteres de control no vale: "
        << json(bad).dump(-1, ' ', false, json::error_handler_t::replace);
}

// La forma de los prototipos (sse_envelope.hpp): un evento con nombre pasa a
// ser uno sin nombre con {"event","data"}; lo que no es un evento va tal cual.
TEST(Robustez_Envoltorio, SoloLosEventosConNombreCambian) {
  EXPECT_EQ(to_envelope("id: 7\nevent: price_update\ndata: {\"price\":1}\n\n"),
            "id: 7\ndata: {\"data\":{\"price\":1},\"event\":\"price_update\"}\n\n");
  EXPECT_EQ(to_envelope("event: nota\ndata: línea 1\ndata: línea 2\n\n"),
            "data: {\"data\":\"línea 1\\nlínea 2\",\"event\":\"nota\"}\n\n")
      << "un data que no es JSON viaja como texto, con sus saltos de línea";
  for (const char* same : {": heartbeat 2026\n\n", "retry: 3000\n\n", "data: sin nombre\n\n",
                           "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", ""})
    EXPECT_FALSE(to_envelope(same)) << "no es un evento con nombre, va tal cual: " << same;
  EXPECT_EQ(to_envelope("id: 1\nevent: x\ndata: \xff\n\n"),
            "id: 1\ndata: {\"data\":\"\xef\xbf\xbd\",\"event\":\"x\"}\n\n")
      << "UTF-8 roto se sustituye, no lanza";
}

TEST(Robustez_Envoltorio, UnaTraduccionPorEventoCompartida) {
  envelope_writer writer;
  const frame named = std::make_shared<const std::string>("id: 1\nevent: a\ndata: 1\n\n");
  const frame first = writer.convert(named);
  EXPECT_EQ(writer.convert(named), first) << "el mismo evento a otro flujo: el mismo frame";
  const frame comment = std::make_shared<const std::string>(": hb\n\n");
  EXPECT_EQ(writer.convert(comment), comment) << "un comentario sale sin copiarse";
}

TEST(Robustez_Envoltorio, MetricasPlanasSinCamposNoLanzan) {
  const json flat = flat_system_metrics(json::object());
  EXPECT_EQ(flat.value("cpu_percent", -1.0), 0.0) << flat;
  EXPECT_EQ(flat.value("timestamp", ""), "1970-01-01T00:00:00.000Z") << flat;
  const json odd = flat_system_metrics({{"cpu", "mucho"}, {"timestamp", 1e300}});
  EXPECT_EQ(odd.value("cpu_percent", -1.0), 0.0) << odd;
  EXPECT_EQ(odd.value("timestamp", ""), "2199-12-31T23:59:59.000Z") << odd;
}

}  // namespace
}  // namespace p02::testing
