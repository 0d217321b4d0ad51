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

// Una URL http:// o https:// troceada para un cliente HTTP.
struct http_url {
  bool https = false;
  std::string host;          // nombre, IPv4 o IPv6 (esta sin corchetes)
  int port = 80;             // 80 o 443 si la URL no lo dice
  std::string target = "/";  // ruta y consulta: lo que va en la línea de petición

  // La URL de nuevo, con el puerto siempre escrito.
  std::string text() const;
};
// Trocea url. Si no vale, nullopt y, en *why, el motivo en español: no empieza
// por http:// ni https://, falta el host, o el puerto no es un número de 1 a 65535.
// El fragmento (#…) se descarta: nunca se envía al servidor.
std::optional<http_url> parse_http_url(std::string_view url, std::string* why = nullptr);

}  // namespace taller
