// Comprobaciones de todo lo que llega de la red antes de usarlo: texto en
// UTF-8 válido y JSON con un anidamiento acotado. Funciones puras.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace taller {

// Profundidad máxima de un JSON que llega de la red (cuerpos HTTP, mensajes
// WebSocket). Copiar, serializar o destruir un valor es recursivo: sin este
// límite, un [[[[…]]]] de 64 KiB agota la pila.
inline constexpr std::size_t max_json_depth = 64;

// true si text es UTF-8 válido (RFC 3629: sin sobrelargos, sin sustitutos,
// nada por encima de U+10FFFF).
bool is_valid_utf8(std::string_view text);

// true si el texto tiene caracteres de control (< 0x20 o 0x7f).
bool has_control_chars(std::string_view text);

// El anidamiento de [ y { de un texto JSON (fuera de las cadenas). No valida
// el JSON: solo cuenta, en una pasada y sin recursión.
std::size_t json_nesting(std::string_view text);

// Un JSON como texto (compacto con indent -1) que nunca lanza: los bytes que
// no son UTF-8 (un user_id de la URL con %FF…) salen como U+FFFD. Todo lo que
// se serializa en el hilo de red pasa por aquí: una excepción allí dejaría sin
// servicio a todos.
template <class Json = nlohmann::json>
std::string to_text(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// Resultado de parse_json: value, o error con un motivo en español.
template <class Json>
struct parsed_json {
  Json value;
  std::string error;  // "" si value es válido; si no, "no es JSON válido" o "anida más de…"
  explicit operator bool() const { return error.empty(); }
};

// Interpreta un JSON que llega de la red: sin excepciones, con el
// anidamiento limitado a max_json_depth. Un NUL en cualquier parte lo invalida
// (RFC 8259 no lo admite sin escapar, y nlohmann::json lo tomaría como el fin
// del texto y aceptaría lo que haya antes, sin mirar lo que sigue).
template <class Json = nlohmann::json>
parsed_json<Json> parse_json(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return {Json(), "no es JSON válido"};
  if (json_nesting(text) > max_json_depth)
    return {Json(), "anida más de " + std::to_string(max_json_depth) + " niveles de [ y {"};
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return {Json(), "no es JSON válido"};
  return {std::move(value), ""};
}

// El miembro name de un objeto JSON si existe y es texto; nullptr si no (o
// si obj no es un objeto). Nunca lanza, a diferencia de value() y get<>().
template <class Json>
const std::string* text_member(const Json& obj, const std::string& name) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? &it->template get_ref<const std::string&>() : nullptr;
}

}  // namespace taller
