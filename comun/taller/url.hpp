// Partes de una URL de petición (funciones puras, sin red).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace taller {

// Separa la ruta de la consulta: "/ws?channel=a" → "/ws".
std::string_view target_path(std::string_view target);
// Decodifica %XX y, en la consulta (application/x-www-form-urlencoded), '+'
// como espacio; en un segmento de la ruta '+' es '+' (RFC 3986).
// El resultado puede no ser UTF-8 válido: compruébalo antes de usarlo.
std::string url_decode(std::string_view in, bool plus_is_space = true);
// Codifica para un valor de la consulta: todo lo que no es letra, cifra ni
// -._~ va como %XX (RFC 3986 §2.3), así que url_decode lo devuelve igual.
std::string url_encode(std::string_view in);
// Valor decodificado de un parámetro de la consulta, si está.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

}  // namespace taller
