// Validación de los parámetros de /ws?channel=…&user_id=… (funciones puras).
#pragma once
#include <string>
#include <string_view>

namespace p01 {

// Resultado de validar los parámetros de /ws.
struct ws_params {
  std::string channel = "general";
  std::string user_id;
  // Si no es vacío, la petición es inválida: qué campo y por qué (HTTP 400).
  std::string error_field;
  std::string error_message;
  bool ok() const { return error_field.empty(); }
};

// Un canal válido: 1 a 64 caracteres de [A-Za-z0-9_-].
bool is_valid_channel(std::string_view channel);

// Lee channel (por omisión "general") y user_id de la URL y los valida.
ws_params parse_ws_params(std::string_view target);

}  // namespace p01
