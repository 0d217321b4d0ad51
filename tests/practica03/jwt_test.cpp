// Paso 8 — autenticación: tokens JWT HS256 (RFC 7519) y contraseñas con PBKDF2.
// Los valores esperados se calcularon aparte, con la biblioteca estándar de
// Python (hmac, hashlib, base64 y json.dumps con sort_keys), para comprobar la
// firma byte a byte y no solo que firmar y verificar estén de acuerdo.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <string_view>

#include "p03/jwt.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;

constexpr std::string_view secreto = "secreto-del-taller";
constexpr double ahora = 1'700'000'000;  // 14 de noviembre de 2023

// Claims de un token que caduca dentro de una hora.
json claims_validos() { return {{"sub", "ana"}, {"rol", "alumno"}, {"exp", ahora + 3600}}; }

// Las tres partes de un token "a.b.c" (vacías si no hay dos puntos).
struct partes {
  std::string cabecera, claims, firma;
};

partes partir(const std::string& token) {
  const auto a = token.find('.');
  const auto b = token.find('.', a + 1);
  if (a == std::string::npos || b == std::string::npos) return {};
  return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

// Describe un resultado para los mensajes: el error o los claims.
std::string describe(const jwt_result& r) {
  return r.claims ? "claims " + r.claims->dump() : "error \"" + r.error + "\"";
}

TEST(Paso8_Autenticacion, UnTokenValidoDevuelveSusClaims) {
  const std::string clave = random_secret();
  EXPECT_EQ(clave.size(), 43u) << "Paso 8: 32 bytes aleatorios son 43 caracteres base64url; llegó "
                               << clave;
  EXPECT_NE(clave, random_secret()) << "Paso 8: cada secreto aleatorio es distinto";
  const std::string token = jwt_sign(claims_validos(), clave);
  const jwt_result r = jwt_verify(token, clave, ahora);
  ASSERT_TRUE(r.claims) << "Paso 8: un token recién firmado debe verificarse; llegó "
                        << describe(r);
  EXPECT_EQ(*r.claims, claims_validos()) << "Paso 8: jwt_verify devuelve los claims firmados";
  EXPECT_EQ(r.error, "") << "Paso 8: sin error si el token es válido; llegó " << r.error;
}

TEST(Paso8_Autenticacion, FirmaConocidaByteAByte) {
  // RFC 4648 §10, sin el relleno '=' (§5): base64url de "", "f", "fo"…
  const std::pair<const char*, const char*> vectores[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff\xbf", "-_-_"}};
  for (const auto& [bytes, texto] : vectores) {
    EXPECT_EQ(base64url_encode(bytes), texto)
        << "Paso 8: base64url sin relleno de \"" << bytes << "\"";
    EXPECT_EQ(base64url_decode(texto).value_or("<nullopt>"), bytes)
        << "Paso 8: decodificar " << texto;
  }
  json claims = {{"sub", "ana"},
                       {"rol", "admin"},
                       {"nombre", "Añez"},
                       {"exp", 2'000'000'000},
                       {"iat", 1'700'000'000}};
  const std::string esperado =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      "eyJleHAiOjIwMDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMCwibm9tYnJlIjoiQcOxZXoiLCJyb2wiOiJhZG1pbiIsIn"
      "N1YiI6ImFuYSJ9.GPOEzKa4WVlmxhR8Cdgrjw7V-f35LfKbGR7TdrdTkKU";
  EXPECT_EQ(jwt_sign(claims, secreto), esperado)
      << "Paso 8: la cabecera es {\"alg\":\"HS256\",\"typ\":\"JWT\"}, los claims van en JSON "
         "compacto y la firma es HMAC-SHA256 de \"cabecera.claims\"";
  const jwt_result r = jwt_verify(esperado, secreto, ahora);
  ASSERT_TRUE(r.claims) << "Paso 8: el token calculado con Python debe verificarse; llegó "
                        << describe(r);
  EXPECT_EQ(*r.claims, claims) << "Paso 8: los claims del token conocido";
}

TEST(Paso8_Autenticacion, TokenCaducadoEsExpired) {
  json claims = claims_validos();
  claims["exp"] = ahora - 1;
  jwt_result r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora);
  EXPECT_EQ(r.error, "expired") << "Paso 8: exp en el pasado; llegó " << describe(r);
  claims["exp"] = ahora;
  r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora);
  EXPECT_EQ(r.error, "expired") << "Paso 8: exp debe ser posterior a ahora (exp == ahora ya "
                                   "caducó); llegó "
                                << describe(r);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r = jwt_verify(jwt_sign(claims_validos(), secreto), secreto, nan);
  EXPECT_EQ(r.error, "expired") << "Paso 8: con una hora NaN no vale ningún token; llegó "
                                << describe(r);
  claims.erase("exp");
  r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora);
  EXPECT_EQ(r.error, "expired") << "Paso 8: un token sin exp no vale nunca; llegó " << describe(r);
  claims["exp"] = "mañana";
  r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora);
  EXPECT_EQ(r.error, "malformed")
      << "Paso 8: un exp que no es un número es un claim mal formado (checked_subject); llegó "
      << describe(r);
  EXPECT_FALSE(r.claims) << "Paso 8: un token rechazado no devuelve claims";
}

TEST(Paso8_Autenticacion, NbfEnElFuturoEsNotYetValid) {
  json claims = claims_validos();
  claims["nbf"] = ahora + 60;
  jwt_result r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora);
  EXPECT_EQ(r.error, "not_yet_valid") << "Paso 8: nbf dentro de un minuto; llegó " << describe(r);
  EXPECT_FALSE(r.claims) << "Paso 8: un token rechazado no devuelve claims";
  claims["nbf"] = ahora;
  r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora);
  EXPECT_TRUE(r.claims) << "Paso 8: con nbf == ahora el token ya vale; llegó " << describe(r);
}

TEST(Paso8_Autenticacion, OtroSecretoEsBadSignature) {
  const std::string token = jwt_sign(claims_validos(), "otro-secreto");
  const jwt_result r = jwt_verify(token, secreto, ahora);
  EXPECT_EQ(r.error, "bad_signature")
      << "Paso 8: un token firmado con otro secreto; llegó " << describe(r);
  EXPECT_FALSE(r.claims) << "Paso 8: un token rechazado no devuelve claims";
}

TEST(Paso8_Autenticacion, ClaimsManipuladosSonBadSignature) {
  const partes p = partir(jwt_sign(claims_validos(), secreto));
  json claims = claims_validos();
  claims["rol"] = "admin";
  const std::string token = p.cabecera + "." + base64url_encode(claims.dump()) + "." + p.firma;
  const jwt_result r = jwt_verify(token, secreto, ahora);
  EXPECT_EQ(r.error, "bad_signature")
      << "Paso 8: cambiar los claims sin volver a firmar; llegó " << describe(r);
  const std::string sin_firma = p.cabecera + "." + p.claims + ".";
  EXPECT_EQ(jwt_verify(sin_firma, secreto, ahora).error, "bad_signature")
      << "Paso 8: un token HS256 con la firma vacía; llegó "
      << describe(jwt_verify(sin_firma, secreto, ahora));
}

TEST(Paso8_Autenticacion, AlgNoneEsBadAlg) {
  const partes p = partir(jwt_sign(claims_validos(), secreto));
  const std::string token = base64url_encode(R"({"alg":"none"})") + "." + p.claims + ".";
  const jwt_result r = jwt_verify(token, secreto, ahora);
  EXPECT_EQ(r.error, "bad_alg") << "Paso 8: {\"alg\":\"none\"} sin firma debe rechazarse; llegó "
                                << describe(r);
  EXPECT_FALSE(r.claims) << "Paso 8: un token con alg none no devuelve claims";
}

TEST(Paso8_Autenticacion, OtrosAlgoritmosSonBadAlg) {
  // Firmado con HS512 y el mismo secreto (calculado con Python): la firma es
  // correcta para HS512, pero solo aceptamos HS256.
  const std::string hs512 =
      "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9."
      "eyJleHAiOjIwMDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMCwibm9tYnJlIjoiQcOxZXoiLCJyb2wiOiJhZG1pbiIsIn"
      "N1YiI6ImFuYSJ9.1Qp52nvTicvEVTQ17nzD5U4Fh491LXCjy6Om0vUswkRnZiwAA05Sd6o2M2fM1svqtIs6rukxVZ0C"
      "RFFgRQK9-w";
  EXPECT_EQ(jwt_verify(hs512, secreto, ahora).error, "bad_alg")
      << "Paso 8: un token HS512; llegó " << describe(jwt_verify(hs512, secreto, ahora));
  const partes p = partir(jwt_sign(claims_validos(), secreto));
  for (const char* cabecera :
       {R"({"typ":"JWT"})", R"({"alg":"hs256"})", R"({"alg":["HS256"]})", R"({"alg":"RS256"})"}) {
    const std::string token = base64url_encode(cabecera) + "." + p.claims + "." + p.firma;
    const jwt_result r = jwt_verify(token, secreto, ahora);
    EXPECT_EQ(r.error, "bad_alg") << "Paso 8: cabecera " << cabecera << "; llegó " << describe(r);
  }
}

TEST(Paso8_Autenticacion, ElAlgoritmoSeCompruebaAntesQueLoDemas) {
  // Firma vacía y claims caducados: aun así el error es el del algoritmo.
  const std::string token =
      base64url_encode(R"({"alg":"none"})") + "." + base64url_encode(R"({"exp":1})") + ".";
  const jwt_result r = jwt_verify(token, secreto, ahora);
  EXPECT_EQ(r.error, "bad_alg") << "Paso 8: rechaza el alg antes de mirar firma y fechas; llegó "
                                << describe(r);
}

TEST(Paso8_Autenticacion, TokensMalFormadosSonMalformed) {
  const std::string valido = jwt_sign(claims_validos(), secreto);
  const partes p = partir(valido);
  const std::string casos[] = {
      "",
      "basura",
      p.cabecera + "." + p.claims,         // dos partes
      valido + ".extra",                   // cuatro partes
      "ey*J." + p.claims + "." + p.firma,  // cabecera con un carácter inválido
      base64url_encode("hola") + "." + p.claims + "." + p.firma,  // cabecera que no es JSON
      base64url_encode("[1]") + "." + p.claims + "." + p.firma,   // cabecera que no es objeto
      valido + "=",                                               // base64 con relleno
      p.cabecera + "." + p.claims + "." + p.firma + "+",          // '+' no es base64url
      // Bien firmados (con Python), pero los claims no son base64url, ni JSON, ni un objeto:
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.x*y.4X_qL2TbUO31kSGC2fdvEZL-AbypFKJrqzz6MRBNksI",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bm8gZXMganNvbg."
      "MVxCGv1A4yt8yfqsNwojZp69nhqNIghEiaCrt5umAZ4",
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.WzEsMl0.CeSOa_u99w_p3YumKSM9AXe0EUU-HVlnnIxr_H_GLas",
  };
  for (const std::string& token : casos) {
    jwt_result r;
    EXPECT_NO_THROW(r = jwt_verify(token, secreto, ahora))
        << "Paso 8: jwt_verify no lanza excepciones; token " << token;
    EXPECT_EQ(r.error, "malformed") << "Paso 8: token \"" << token << "\"; llegó " << describe(r);
  }
  for (const char* texto : {"ab=c", "a+bc", "a/bc", "abcde", "Zh", "a b"})
    EXPECT_FALSE(base64url_decode(texto))
        << "Paso 8: \"" << texto << "\" no es base64url válido (RFC 4648 §5, sin relleno)";
}

TEST(Paso8_Autenticacion, LaContrasenaCorrectaVerifica) {
  const std::string guardado = make_password_hash("contraseña");
  EXPECT_EQ(guardado.rfind("pbkdf2_sha256$100000$", 0), 0u)
      << "Paso 8: formato pbkdf2_sha256$<iteraciones>$<sal>$<hash>; llegó " << guardado;
  EXPECT_TRUE(verify_password("contraseña", guardado))
      << "Paso 8: la contraseña correcta debe verificar contra " << guardado;
  EXPECT_NE(make_password_hash("contraseña"), guardado)
      << "Paso 8: cada hash lleva su propia sal aleatoria";
}

TEST(Paso8_Autenticacion, LaContrasenaIncorrectaNoVerifica) {
  const std::string guardado = hash_password("contraseña", "sal-de-prueba-16", 1000);
  ASSERT_TRUE(verify_password("contraseña", guardado))
      << "Paso 8: la contraseña correcta debe verificar contra " << guardado;
  for (const char* intento : {"Contraseña", "contraseña ", "", "contrasena"})
    EXPECT_FALSE(verify_password(intento, guardado))
        << "Paso 8: \"" << intento << "\" no es la contraseña; verify_password debe dar false";
}

TEST(Paso8_Autenticacion, UnHashMalFormadoNoVerifica) {
  const std::string bueno =
      "pbkdf2_sha256$1000$c2FsLWRlLXBydWViYS0xNg$"
      "Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo";
  ASSERT_TRUE(verify_password("contraseña", bueno))
      << "Paso 8: la contraseña correcta debe verificar contra " << bueno;
  const std::string casos[] = {
      "",
      "pbkdf2_sha256",
      "pbkdf2_sha256$1000$c2FsLWRlLXBydWViYS0xNg",
      "pbkdf2_sha512$1000$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo",
      "pbkdf2_sha256$0$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo",
      "pbkdf2_sha256$-5$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo",
      "pbkdf2_sha256$mil$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo",
      "pbkdf2_sha256$1000x$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo",
      "pbkdf2_sha256$99999999999$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-"
      "V9KEo",
      "pbkdf2_sha256$1000$c2FsLWRlLXBydWViYS0xNg==$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo",
      "pbkdf2_sha256$1000$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws",
      "pbkdf2_sha256$1000$c2FsLWRlLXBydWViYS0xNg$Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo$x",
  };
  for (const std::string& guardado : casos) {
    bool ok = true;
    EXPECT_NO_THROW(ok = verify_password("contraseña", guardado))
        << "Paso 8: verify_password no lanza excepciones; guardado " << guardado;
    EXPECT_FALSE(ok) << "Paso 8: \"" << guardado << "\" está mal formado; debe dar false";
  }
}

TEST(Paso8_Autenticacion, VectorConocidoDePbkdf2) {
  // hashlib.pbkdf2_hmac("sha256", "contraseña".encode(), b"sal-de-prueba-16", 1000)
  const std::string esperado =
      "pbkdf2_sha256$1000$c2FsLWRlLXBydWViYS0xNg$"
      "Qryq3e0R36o7fhLYe1arueSBJ702j4XsEOIws-V9KEo";
  EXPECT_EQ(hash_password("contraseña", "sal-de-prueba-16", 1000), esperado)
      << "Paso 8: PBKDF2-HMAC-SHA256 de 32 bytes, sal y hash en base64url";
  EXPECT_TRUE(verify_password("contraseña", esperado))
      << "Paso 8: un hash calculado con Python debe verificar; guardado " << esperado;
}

}  // namespace
}  // namespace p03::testing
