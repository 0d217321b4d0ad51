// El catálogo de errores HTTP del taller, en un solo sitio (docs/errores.md lo
// explica). Cada código va siempre con el mismo estado: una ruta responde
// json_error(req, errors::invalid_field, "campo", "motivo") y no puede
// emparejar invalid_field con un 400 ni inventarse un código nuevo.
//
// La regla que siguen todas las rutas:
//   400  la petición no se entiende: HTTP mal formado, un cuerpo que no es un
//        objeto JSON, o un parámetro de la URL (de la ruta o de la consulta)
//        que no vale; "field" nombra cuál.
//   422  el cuerpo es un objeto JSON, pero uno de sus campos no vale; "field"
//        lo nombra.
//   401  falta la identidad o no vale; 404 no existe; 405 otro método;
//   409  choca con el estado (un límite de la colección); 413/414/431 algo
//        demasiado grande; 426 hace falta WebSocket; 429 demasiado desde una
//        dirección; 500 fallo nuestro; 501 sin hacer (starter); 503 el servicio
//        no puede ahora (lleno, sin muestra, sin configurar).
#pragma once
#include <array>
#include <string_view>

namespace taller {

// Sin Beast: también lo usan las partes puras (el registro de sensores).
struct error_kind {
  std::string_view code;  // el "error" del cuerpo JSON
  unsigned status;        // el estado HTTP
  std::string_view when;  // cuándo se usa (docs/errores.md repite esta tabla)
};

namespace errors {

inline constexpr error_kind bad_request{"bad_request", 400, "la petición HTTP está mal formada"};
inline constexpr error_kind invalid_json{"invalid_json", 400,
                                         "el cuerpo no es un objeto JSON (field: body)"};
inline constexpr error_kind invalid_parameter{
    "invalid_parameter", 400, "un parámetro de la ruta o de la consulta no vale (field lo nombra)"};
inline constexpr error_kind unauthorized{"unauthorized", 401,
                                         "falta el token o no vale (field: token)"};
inline constexpr error_kind invalid_credentials{"invalid_credentials", 401,
                                                "usuario o contraseña incorrectos"};
inline constexpr error_kind not_found{"not_found", 404, "la ruta o el recurso no existe"};
inline constexpr error_kind method_not_allowed{"method_not_allowed", 405,
                                               "la ruta existe con otro método"};
inline constexpr error_kind limit_reached{"limit_reached", 409,
                                          "la colección está llena (sensores)"};
inline constexpr error_kind payload_too_large{"payload_too_large", 413,
                                              "el cuerpo supera el límite"};
inline constexpr error_kind uri_too_long{"uri_too_long", 414, "la URL supera el límite"};
inline constexpr error_kind header_too_large{"header_too_large", 431,
                                             "las cabeceras superan el límite"};
inline constexpr error_kind invalid_field{
    "invalid_field", 422, "un campo del cuerpo falta, tiene otro tipo o no vale (field lo nombra)"};
inline constexpr error_kind upgrade_required{"upgrade_required", 426,
                                             "una ruta WebSocket pedida sin Upgrade"};
inline constexpr error_kind too_many_connections{"too_many_connections", 429,
                                                 "demasiadas conexiones desde la misma dirección"};
inline constexpr error_kind internal_error{"internal_error", 500,
                                           "una excepción en el servidor (se registra)"};
inline constexpr error_kind not_implemented{"not_implemented", 501,
                                            "una ruta que el starter aún no tiene"};
inline constexpr error_kind server_full{"server_full", 503,
                                        "el servidor tiene ya todas las conexiones que admite"};
inline constexpr error_kind no_sample{"no_sample", 503,
                                      "todavía no hay ninguna muestra de métricas"};
inline constexpr error_kind auth_disabled{"auth_disabled", 503,
                                          "la autenticación no está configurada"};

// Todos, en el orden de docs/errores.md (una prueba comprueba que coinciden).
inline constexpr std::array all{bad_request,        invalid_json,         invalid_parameter,
                                unauthorized,       invalid_credentials,  not_found,
                                method_not_allowed, limit_reached,        payload_too_large,
                                uri_too_long,       header_too_large,     invalid_field,
                                upgrade_required,   too_many_connections, internal_error,
                                not_implemented,    server_full,          no_sample,
                                auth_disabled};

}  // namespace errors
}  // namespace taller
