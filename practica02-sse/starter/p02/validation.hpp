// Validación de los cuerpos JSON de la API (funciones puras). Un error dice
// qué campo falla y por qué; el servidor responde 422 con eso. Un campo de un
// tipo inesperado (número, lista, objeto, null, booleano) es un error del
// campo, nunca una excepción, y los textos no admiten caracteres de control
// (message sí admite saltos de línea y tabuladores).
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace p02 {

struct field_error {
  std::string field;
  std::string message;
};

// POST /sse/notify/{user_id}: {"title","message","level"?,"action_url"?}
// level ∈ info|warning|error|success (por omisión info).
std::optional<field_error> validate_notification(const nlohmann::json& body);

// POST /sse/task-update: {"task_id","progress":0..100,"status","message"?}
std::optional<field_error> validate_task_update(const nlohmann::json& body);

// Un user_id de la URL: de 1 a 64 bytes de UTF-8 válido, sin caracteres de control.
bool is_valid_user_id(const std::string& user_id);

}  // namespace p02
