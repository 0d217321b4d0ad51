#include "p02/validation.hpp"

#include <array>
#include <string_view>

#include "taller/input.hpp"

namespace p02 {

namespace {

using json = nlohmann::json;

// Si un texto puede ocupar varias líneas: message sí; un título, un id o un
// estado se muestran en una línea y no admiten saltos.
enum class lines { one, many };

// true si el texto lleva caracteres de control que no se pueden mostrar. En
// varias líneas se admiten \n y \t; ningún texto admite \r, \0 ni ESC (las
// secuencias ANSI colorean o borran la terminal de quien lee los registros).
bool has_hidden_chars(const std::string& text, lines kind) {
  for (unsigned char c : text) {
    if (kind == lines::many && (c == '\n' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// El campo existe y es un texto no vacío de como mucho max caracteres, sin
// caracteres de control (ver has_hidden_chars).
std::optional<field_error> require_text(const json& body, const char* field, std::size_t max,
                                        lines kind = lines::one) {
  auto it = body.find(field);
  if (it == body.end()) return field_error{field, "falta el campo obligatorio"};
  if (!it->is_string()) return field_error{field, "debe ser un texto"};
  const auto& text = it->get_ref<const std::string&>();
  if (text.empty()) return field_error{field, "no puede estar vacío"};
  if (text.size() > max)
    return field_error{field, "no puede pasar de " + std::to_string(max) + " caracteres"};
  if (has_hidden_chars(text, kind))
    return field_error{field, "no puede llevar caracteres de control"};
  return std::nullopt;
}

// El campo, si está, es un texto de como mucho max caracteres (como require_text).
[[maybe_unused]] std::optional<field_error> optional_text(const json& body, const char* field, std::size_t max,
                                         lines kind = lines::one) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return require_text(body, field, max, kind);
}

}  // namespace

std::optional<field_error> validate_notification(const json& body) {
  // TODO PASO 5 ▸ Valida el cuerpo de una notificación
  //   Devuelve el primer campo que falla como field_error{campo, motivo}, en este orden: title
  //   (texto de 1 a 200), message (de 1 a 2000; admite saltos de línea: lines::many), level si
  //   viene ("debe ser info, warning, error o success") y action_url si no falta ni es null
  //   (hasta 2000). Si todo vale, std::nullopt. require_text y optional_text ya rechazan otros
  //   tipos y los caracteres de control sin lanzar: el servidor responde 422 con el campo.
  (void)body;
  return std::nullopt;
  // FIN PASO 5
}

std::optional<field_error> validate_task_update(const json& body) {
  // TODO PASO 5 ▸ Valida el cuerpo de una actualización de tarea
  //   Devuelve el primer campo que falla, en este orden: task_id (texto de 1 a 128), progress
  //   (obligatorio, un número de 0 a 100: "40", true o null no valen, y leerlos como número
  //   lanzaría), status (texto de 1 a 64) y message si viene (hasta 2000, varias líneas). Los
  //   motivos de progress: "falta el campo obligatorio", "debe ser un número" o "debe estar
  //   entre 0 y 100". Si todo vale, std::nullopt.
  (void)body;
  return std::nullopt;
  // FIN PASO 5
}

bool is_valid_user_id(const std::string& user_id) {
  // Viene de la URL ya decodificada: %FF daría un byte suelto que no es UTF-8.
  return !user_id.empty() && user_id.size() <= 64 && taller::is_valid_utf8(user_id) &&
         !taller::has_control_chars(user_id);
}

}  // namespace p02
