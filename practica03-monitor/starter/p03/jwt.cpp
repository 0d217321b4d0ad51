#include "p03/jwt.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "taller/input.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

constexpr std::string_view base64url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view password_scheme = "pbkdf2_sha256";
constexpr std::size_t password_hash_bytes = 32;
// Un hash guardado con miles de millones de iteraciones bloquearía el servidor
// en cada inicio de sesión: ni hash_password ni verify_password pasan de aquí.
constexpr int max_password_iterations = 10'000'000;

// Las tres partes de un token, todavía en base64url.
struct token_parts {
  std::string_view header, payload, signature;
  std::string_view signing_input;  // "<cabecera>.<claims>": lo que se firma
};

// Valor de 6 bits de un carácter base64url; -1 si no es del alfabeto.
int sextet(char c) {
  const auto pos = base64url_alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Un puntero válido aunque el texto esté vacío (string_view{} da nullptr).
const char* bytes_of(std::string_view text) { return text.empty() ? "" : text.data(); }

// Calcula HMAC-SHA256(secret, data): 32 bytes; vacío si OpenSSL falla.
std::string hmac_sha256(std::string_view secret, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!HMAC(EVP_sha256(), bytes_of(secret), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(bytes_of(data)), data.size(), mac, &size))
    return {};
  return std::string(reinterpret_cast<const char*>(mac), size);
}

// Compara dos resúmenes en tiempo constante: un memcmp normal para en el
// primer byte distinto y el tiempo delataría cuántos coinciden. Uno vacío
// (OpenSSL falló) nunca coincide.
[[maybe_unused]] bool same_digest(std::string_view computed, std::string_view given) {
  return !computed.empty() && computed.size() == given.size() &&
         CRYPTO_memcmp(computed.data(), given.data(), computed.size()) == 0;
}

// Parte "a.b.c" en sus tres trozos; nullopt si no hay exactamente dos puntos.
[[maybe_unused]] std::optional<token_parts> split_token(std::string_view token) {
  // TODO PASO 8 ▸ Parte un token en sus tres trozos
  //   Un JWS compacto (RFC 7515 §7.1) es cabecera.claims.firma: exactamente dos puntos. Con uno,
  //   tres o ninguno, nullopt. Si vale, los tres trozos y signing_input, "cabecera.claims", que
  //   es lo que se firma. Son vistas del token: no copian.
  (void)token;
  return std::nullopt;
  // FIN PASO 8
}

// Decodifica una parte base64url que contiene un objeto JSON; nullopt si no.
// La cabecera se lee antes de comprobar la firma: la escribe cualquiera, y por
// eso el anidamiento está acotado (taller::parse_json).
[[maybe_unused]] std::optional<json> decode_object(std::string_view part) {
  const auto text = base64url_decode(part);
  if (!text) return std::nullopt;
  auto parsed = taller::parse_json(*text);
  if (!parsed || !parsed.value.is_object()) return std::nullopt;
  return std::move(parsed.value);
}

// Comprueba el tipo de los claims registrados que usa el servidor (RFC 7519
// §4.1): "sub", si está, es un texto de 1 a max_subject_bytes bytes sin
// caracteres de control; "exp", "nbf" e "iat", si están, son números entre 0 y
// max_numeric_date. Devuelve el sub ("" si no hay) o nullopt si algo no encaja.
// Aunque la firma sea buena, un claim de otro tipo no debe llegar al servidor.
[[maybe_unused]] std::optional<std::string> checked_subject(const json& claims) {
  // TODO PASO 8 ▸ Comprueba el tipo de los claims que usa el servidor
  //   Una firma buena solo dice quién escribió el token, no que lo escribiera bien. exp, nbf e
  //   iat, si están, son números de 0 a max_numeric_date; sub, si está, es un texto no vacío de
  //   como mucho max_subject_bytes bytes sin caracteres de control (taller::has_control_chars).
  //   Devuelve el sub ("" si no hay) o nullopt si algo no encaja: nada de un tipo inesperado
  //   debe llegar a un get<> en el servidor.
  (void)claims;
  return std::nullopt;
  // FIN PASO 8
}

// Un resultado de error con su código.
jwt_result failure(std::string code) { return {std::nullopt, std::move(code)}; }

// Calcula PBKDF2-HMAC-SHA256; vacío si OpenSSL falla.
std::string pbkdf2_sha256(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[password_hash_bytes];
  const int ok =
      PKCS5_PBKDF2_HMAC(bytes_of(password), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(bytes_of(salt)),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out, out);
  return ok == 1 ? std::string(reinterpret_cast<const char*>(out), sizeof out) : std::string();
}

// Pide n bytes al generador criptográfico de OpenSSL.
std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("OpenSSL no pudo generar bytes aleatorios");
  return out;
}

// Parte "a$b$c$d" en sus cuatro campos; nullopt si no son exactamente cuatro.
[[maybe_unused]] std::optional<std::array<std::string_view, 4>> split_stored(std::string_view stored) {
  std::array<std::string_view, 4> fields;
  for (std::size_t i = 0; i + 1 < fields.size(); ++i) {
    const auto end = stored.find('$');
    if (end == std::string_view::npos) return std::nullopt;
    fields[i] = stored.substr(0, end);
    stored.remove_prefix(end + 1);
  }
  if (stored.find('$') != std::string_view::npos) return std::nullopt;
  fields[3] = stored;
  return fields;
}

// Lee un número de iteraciones en [1, max_password_iterations]; nullopt si no.
[[maybe_unused]] std::optional<int> parse_iterations(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < 1 || value > max_password_iterations) return std::nullopt;
  return value;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  // Cada 3 bytes (24 bits) son 4 caracteres de 6 bits; el último grupo
  // incompleto se rellena con bits a cero y no lleva '='.
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += base64url_alphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += base64url_alphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  // Un solo carácter de sobra (6 bits) no forma ningún byte.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = sextet(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  // RFC 4648 §3.5: los bits de relleno deben ser cero. Si no lo exigimos, dos
  // textos distintos darían los mismos bytes y una firma tendría varias formas.
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string jwt_sign(const json& claims, std::string_view secret) {
  const std::string signing_input = base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                                    base64url_encode(taller::to_text(claims));
  const std::string signature = hmac_sha256(secret, signing_input);
  if (signature.empty()) throw std::runtime_error("OpenSSL no pudo calcular HMAC-SHA256");
  return signing_input + "." + base64url_encode(signature);
}

jwt_result jwt_verify(std::string_view token, std::string_view secret, double now_epoch_seconds) {
  // TODO PASO 8 ▸ Verifica un token: algoritmo, firma y fechas
  //   Nunca lanza: da los claims y su sub en subject, o sin claims y con el código. En orden:
  //   tres partes y cabecera JSON en base64url ("malformed"); alg exactamente "HS256" ("bad_alg"),
  //   antes que nada porque la cabecera la escribe cualquiera; firma en base64url ("malformed") y
  //   HMAC igual en tiempo constante ("bad_signature"); tipos de los claims (checked_subject,
  //   "malformed"); exp > now ("expired", también sin exp) y nbf, si está, ≤ now ("not_yet_valid").
  (void)token; (void)secret; (void)now_epoch_seconds;
  return failure("not_implemented");
  // FIN PASO 8
}

std::string hash_password(std::string_view password, std::string_view salt, int iterations) {
  if (iterations < 1 || iterations > max_password_iterations)
    throw std::invalid_argument("hash_password: las iteraciones deben estar entre 1 y " +
                                std::to_string(max_password_iterations));
  const std::string hash = pbkdf2_sha256(password, salt, iterations);
  if (hash.empty()) throw std::runtime_error("OpenSSL no pudo calcular PBKDF2");
  return std::string(password_scheme) + "$" + std::to_string(iterations) + "$" +
         base64url_encode(salt) + "$" + base64url_encode(hash);
}

std::string make_password_hash(std::string_view password) {
  return hash_password(password, random_bytes(16));
}

bool verify_password(std::string_view password, std::string_view stored) {
  // TODO PASO 8 ▸ Comprueba una contraseña contra su hash guardado
  //   true solo si stored tiene la forma pbkdf2_sha256$iteraciones$sal$hash (iteraciones válidas
  //   para parse_iterations, sal y hash en base64url) y PBKDF2 de password con esa sal e
  //   iteraciones da el mismo hash, comparado en tiempo constante para no delatar cuántos bytes
  //   coinciden. Cualquier otra cosa, false y sin lanzar: stored viene de un fichero.
  (void)password; (void)stored;
  return false;
  // FIN PASO 8
}

std::string random_secret(std::size_t bytes) { return base64url_encode(random_bytes(bytes)); }

}  // namespace p03
