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
  // PASO 5 ▸ Valida el cuerpo de una notificación
  //   title y message obligatorios (texto); level, si viene, uno de
  //   info|warning|error|success; action_url opcional (texto).
  if (auto e = require_text(body, "title", 200)) return e;
  if (auto e = require_text(body, "message", 2000)) return e;
  if (body.contains("level")) {
    static constexpr std::array<std::string_view, 4> levels{"info", "warning", "error", "success"};
    const auto& level = body["level"];
    bool known = false;
    if (level.is_string())
      for (auto l : levels) known = known || level.get_ref<const std::string&>() == l;
    if (!known) return field_error{"level", "debe ser info, warning, error o success"};
  }
  return optional_text(body, "action_url", 2000);
  //▸ starter
  //| (void)body;
  //| return std::nullopt;
  // FIN PASO 5
}

std::optional<field_error> validate_task_update(const json& body) {
  // PASO 5 ▸ Valida el cuerpo de una actualización de tarea
  //   task_id y status obligatorios (texto); progress un número entre 0 y
  //   100; message opcional (texto).
  if (auto e = require_text(body, "task_id", 128)) return e;
  auto progress = body.find("progress");
  if (progress == body.end()) return field_error{"progress", "falta el campo obligatorio"};
  if (!progress->is_number()) return field_error{"progress", "debe ser un número"};
  const double p = progress->get<double>();
  if (!(p >= 0 && p <= 100)) return field_error{"progress", "debe estar entre 0 y 100"};
  if (auto e = require_text(body, "status", 64)) return e;
  return optional_text(body, "message", 2000);
  //▸ starter
  //| (void)body;
  //| return std::nullopt;
  // FIN PASO 5
}

bool is_valid_user_id(const std::string& user_id) {
  if (user_id.empty() || user_id.size() > 64) return false;
  for (unsigned char c : user_id)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace p02
