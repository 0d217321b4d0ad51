// Partes de una URL de petición (funciones puras, sin red).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace taller {

// Separa la ruta de la consulta: "/ws?channel=a" → "/ws".
std::string_view target_path(std::string_view target);
// Decodifica %XX y '+' (application/x-www-form-urlencoded).
std::string url_decode(std::string_view in);
// Valor decodificado de un parámetro de la consulta, si está.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

}  // namespace taller
