// fuzz_jwt: los JWT HS256 y las contraseñas de p03/jwt.hpp. El primer byte
// elige el modo y el resto es su entrada:
//   0  un token cualquiera para jwt_verify (lo que llega en ?token= o Bearer);
//   1  un texto de claims: si es JSON, se firma con jwt_sign y se verifica,
//      así llegan a jwt_verify tokens bien firmados con claims raros (sub
//      numérico, exp de texto, números enormes…);
//   2  base64url_decode y base64url_encode;
//   3  verify_password con "contraseña\nhash guardado" y hash_password.
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "p03/jwt.hpp"
#include "taller/input.hpp"

namespace {

using json = nlohmann::json;

constexpr std::string_view secret = "secreto-de-pruebas";
constexpr double now = 1'700'000'000;  // 14 de noviembre de 2023

// Lo que jwt.hpp promete de un resultado, sea cual sea el token.
void check_result(const p03::jwt_result& r) {
  if (!r.claims) {
    fuzz::check(r.error == "malformed" || r.error == "bad_alg" || r.error == "bad_signature" ||
                    r.error == "expired" || r.error == "not_yet_valid",
                "jwt_verify falla con uno de sus códigos");
    return;
  }
  fuzz::check(r.error.empty(), "un token válido no trae error");
  const json& c = *r.claims;
  fuzz::check(c.is_object(), "los claims son un objeto");
  fuzz::check(c.contains("exp") && c["exp"].is_number() && c["exp"].get<double>() > now,
              "un token válido tiene exp numérico posterior a now");
  for (const char* date : {"exp", "nbf", "iat"})
    if (c.contains(date))
      fuzz::check(c[date].is_number() && c[date].get<double>() >= 0 &&
                      c[date].get<double>() <= p03::max_numeric_date,
                  "exp, nbf e iat son fechas entre 0 y max_numeric_date");
  if (c.contains("nbf")) fuzz::check(c["nbf"].get<double>() <= now, "nbf ya ha llegado");
  if (c.contains("sub")) {
    fuzz::check(c["sub"].is_string() && c["sub"] == r.subject, "subject es el sub de los claims");
    fuzz::check(!r.subject.empty() && r.subject.size() <= p03::max_subject_bytes &&
                    !taller::has_control_chars(r.subject),
                "el sub tiene de 1 a max_subject_bytes bytes sin caracteres de control");
  } else {
    fuzz::check(r.subject.empty(), "sin sub, subject vacío");
  }
}

// El código que jwt.hpp promete para unos claims bien firmados ("" = válido).
std::string expected_error(const json& claims) {
  if (!claims.is_object()) return "malformed";
  auto date_ok = [&](const char* name) {
    if (!claims.contains(name)) return true;
    const json& v = claims[name];
    return v.is_number() && v.get<double>() >= 0 && v.get<double>() <= p03::max_numeric_date;
  };
  if (!date_ok("exp") || !date_ok("nbf") || !date_ok("iat")) return "malformed";
  if (claims.contains("sub")) {
    const json& sub = claims["sub"];
    if (!sub.is_string()) return "malformed";
    const auto& text = sub.get_ref<const std::string&>();
    if (text.empty() || text.size() > p03::max_subject_bytes || taller::has_control_chars(text))
      return "malformed";
  }
  if (!claims.contains("exp") || !(claims["exp"].get<double>() > now)) return "expired";
  if (claims.contains("nbf") && !(claims["nbf"].get<double>() <= now)) return "not_yet_valid";
  return "";
}

void verify_any_token(std::string_view token) {
  check_result(p03::jwt_verify(token, secret, now));
  // Con un now NaN no se acepta nada.
  fuzz::check(!p03::jwt_verify(token, secret, std::nan("")).claims, "con now NaN nada vale");
}

void sign_and_verify(std::string_view text) {
  const auto parsed = taller::parse_json(text);
  if (!parsed) return;
  const std::string token = p03::jwt_sign(parsed.value, secret);
  const p03::jwt_result r = p03::jwt_verify(token, secret, now);
  check_result(r);
  fuzz::check(r.error == expected_error(parsed.value),
              "jwt_verify da el código que promete jwt.hpp para estos claims");
  if (r.claims) fuzz::check(*r.claims == parsed.value, "los claims vuelven tal como se firmaron");
  // Otro secreto, o un byte cambiado en la firma, no pasan nunca.
  fuzz::check(p03::jwt_verify(token, "otro-secreto", now).error == "bad_signature",
              "con otro secreto la firma no vale");
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  fuzz::check(!p03::jwt_verify(tampered, secret, now).claims, "una firma cambiada no vale");
}

void base64url_round_trip(std::string_view text) {
  if (const auto bytes = p03::base64url_decode(text))
    fuzz::check(p03::base64url_encode(*bytes) == text,
                "base64url_decode solo acepta la forma canónica");
  const std::string encoded = p03::base64url_encode(text);
  const auto back = p03::base64url_decode(encoded);
  fuzz::check(back && *back == text, "decode(encode(x)) == x");
}

// Las iteraciones del hash guardado, si se leen; el fuzzer no espera a PBKDF2
// con millones de iteraciones (jwt.cpp acepta hasta 10 000 000).
bool cheap_enough(std::string_view stored) {
  const auto first = stored.find('$');
  if (first == std::string_view::npos) return true;
  const auto second = stored.find('$', first + 1);
  const std::string_view digits = stored.substr(first + 1, second - first - 1);
  return digits.size() < 4 || (digits.size() == 4 && digits <= "2000");
}

void passwords(std::string_view text) {
  const auto nl = text.find('\n');
  const std::string_view password = text.substr(0, nl);
  const std::string_view stored = nl == std::string_view::npos ? "" : text.substr(nl + 1);
  if (cheap_enough(stored)) (void)p03::verify_password(password, stored);
  // Una contraseña con su propio hash vale; con otra contraseña, no.
  const std::string hash =
      p03::hash_password(password, stored, 1 + static_cast<int>(text.size() % 3));
  fuzz::check(p03::verify_password(password, hash), "una contraseña vale con su hash");
  fuzz::check(!p03::verify_password(std::string(password) + "x", hash),
              "otra contraseña no vale con ese hash");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      verify_any_token(rest);
      break;
    case 1:
      sign_and_verify(rest);
      break;
    case 2:
      base64url_round_trip(rest);
      break;
    case 3:
      passwords(rest);
      break;
  }
  return 0;
}
