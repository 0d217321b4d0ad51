// Tipos y respuestas HTTP comunes a todos los servidores del taller.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "taller/errors.hpp"
#include "taller/net.hpp"
#include "taller/static_files.hpp"

namespace taller {

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// Respuesta JSON con el estado dado.
response json_response(const request& req, http::status status, const nlohmann::json& body);
// Error JSON del catálogo (errors.hpp) con su estado:
// {"error":código,"field":campo,"message":…} ("field" solo si no está vacío).
response json_error(const request& req, const error_kind& kind, std::string_view field,
                    std::string_view message);
// Un archivo estático ya cargado en memoria.
response file_response(const request& req, const static_files::file& file);

// Lee el cuerpo como objeto JSON (anidamiento acotado, input.hpp). Si no lo
// es, deja en *error la respuesta 400 invalid_json con el motivo.
std::optional<nlohmann::json> parse_json_body(const request& req, response* error);

// "ip:puerto" del otro extremo de un socket ("" si ya no se sabe: cerrado).
std::string peer_address(const tcp::socket& socket);

// Quién decide si entra una conexión nueva, WebSocket o SSE (la Práctica 03:
// tokens y límites). Se da a las rutas que abren conexiones al construirlas;
// sin ella se admiten todas.
class admission {
 public:
  virtual ~admission() = default;
  // La respuesta que la rechaza (401, 503, 429…), o nada si se admite.
  virtual std::optional<response> admit(const request& req, const std::string& channel,
                                        const std::string& remote) const = 0;
};

}  // namespace taller
