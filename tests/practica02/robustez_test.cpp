// Robustez de la validación de la Práctica 02: un cuerpo con un campo de otro
// tipo (número, lista, objeto, null, booleano) o con caracteres de control es
// un error que nombra ese campo (el servidor responde 422), nunca una
// excepción que pararía el servidor. Solo contra la solución: no es un paso.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace p02::testing
