#include "p02/validation.hpp"

#include <array>
#include <string_view>

namespace p02 {

namespace {

using json = nlohmann::json;

// El campo existe y es un texto no vacío de como mucho max caracteres.
[[maybe_unused]] std::optional<field_error> require_text(const json& body, const char* field, std::size_t max) {
  auto it = body.find(field);
  if (it == body.end()) return field_error{field, "falta el campo obligatorio"};
  if (!it->is_string()) return field_error{field, "debe ser un texto"};
  const auto& text = it->get_ref<const std::string&>();
  if (text.empty()) return field_error{field, "no puede estar vacío"};
  if (text.size() > max)
    return field_error{field, "no puede pasar de " + std::to_string(max) + " caracteres"};
  return std::nullopt;
}

// El campo, si está, es un texto de como mucho max caracteres.
[[maybe_unused]] std::optional<field_error> optional_text(const json& body, const char* field, std::size_t max) {
  if (!body.contains(field) || body[field].is_null()) return std::nullopt;
  return require_text(body, field, max);
}

}  // namespace

std::optional<field_error> validate_notification(const json& body) {
  // TODO PASO 5 ▸ Valida el cuerpo de una notificación
  //   title y message obligatorios (texto); level, si viene, uno de
  //   info|warning|error|success; action_url opcional (texto).
  (void)body;
  return std::nullopt;
}

std::optional<field_error> validate_task_update(const json& body) {
  // TODO PASO 5 ▸ Valida el cuerpo de una actualización de tarea
  //   task_id y status obligatorios (texto); progress un número entre 0 y
  //   100; message opcional (texto).
  (void)body;
  return std::nullopt;
}

bool is_valid_user_id(const std::string& user_id) {
  if (user_id.empty() || user_id.size() > 64) return false;
  for (unsigned char c : user_id)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace p02
