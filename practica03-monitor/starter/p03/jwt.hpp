// Tokens JWT firmados con HS256 (RFC 7519 y RFC 7515) y contraseñas guardadas
// con PBKDF2-HMAC-SHA256. Funciones puras sobre OpenSSL (libcrypto).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace p03 {

// Base64url sin relleno (RFC 4648 §5): el alfabeto de los JWT ('-' y '_' en
// lugar de '+' y '/', sin '=' al final).
std::string base64url_encode(std::string_view bytes);

// nullopt si hay un carácter fuera del alfabeto (también '='), si la longitud
// es imposible o si los bits sobrantes del último carácter no son cero.
std::optional<std::string> base64url_decode(std::string_view text);

// "<cabecera>.<claims>.<firma>" con la cabecera {"alg":"HS256","typ":"JWT"}
// y la firma HMAC-SHA256 de "<cabecera>.<claims>" con secret.
std::string jwt_sign(const nlohmann::json& claims, std::string_view secret);

// Como mucho, los bytes del "sub" de un token (RFC 7519 §4.1.2).
inline constexpr std::size_t max_subject_bytes = 256;
// La fecha más lejana que se admite en "exp", "nbf" e "iat": el último segundo
// del año 9999 (lo que cabe en una fecha ISO 8601 de cuatro cifras).
inline constexpr double max_numeric_date = 253402300799;

// Resultado de jwt_verify: claims si el token es válido; si no, error con uno
// de estos códigos: "malformed", "bad_alg", "bad_signature", "expired",
// "not_yet_valid".
struct jwt_result {
  std::optional<nlohmann::json> claims;
  std::string error;
  // El "sub" del token ya comprobado ("" si no trae): quien llama usa este
  // texto y no vuelve a leer claims, que viene de la red.
  std::string subject;
};

// Verifica un token HS256: solo acepta alg "HS256" y la firma con secret.
// Después comprueba el tipo de los claims registrados: "sub", si está, un texto
// de 1 a max_subject_bytes bytes sin caracteres de control; "exp", "nbf" e
// "iat", si están, números entre 0 y max_numeric_date. Si alguno no lo cumple,
// "malformed". Por último exige un "exp" posterior a now ("expired") y, si hay
// "nbf", que ya haya llegado ("not_yet_valid"). No lanza excepciones.
jwt_result jwt_verify(std::string_view token, std::string_view secret, double now_epoch_seconds);

// "pbkdf2_sha256$<iteraciones>$<sal en base64url>$<hash en base64url>"
// con PBKDF2-HMAC-SHA256 y un hash de 32 bytes. Lanza std::invalid_argument
// si iterations no está entre 1 y 10 000 000.
std::string hash_password(std::string_view password, std::string_view salt,
                          int iterations = 100000);

// hash_password con una sal aleatoria de 16 bytes (RAND_bytes).
std::string make_password_hash(std::string_view password);

// true si password corresponde al hash guardado (comparación en tiempo
// constante); false también si stored está mal formado. No lanza excepciones.
bool verify_password(std::string_view password, std::string_view stored);

// Un secreto aleatorio: bytes de RAND_bytes en base64url.
std::string random_secret(std::size_t bytes = 32);

}  // namespace p03
