// Paso 8 — autenticación y límites, de extremo a extremo.
#include "p03/jwt.hpp"
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

server_options auth_options(fake_env env = {}) {
  env["TALLER_JWT_SECRET"] = "secreto-de-pruebas";
  server_options o = test_options(env);
  o.config_path = std::string(TALLER_PRACTICE_DIR) + "/monitor.json";  // usuario profe/profe-demo
  return o;
}

std::string login(running_server& s, const std::string& user, const std::string& password,
                  int* status) {
  json body = s.send_json("POST", "/auth/login",
                                json{{"username", user}, {"password", password}}.dump(), status);
  return body.value("access_token", "");
}

TEST(Paso8_Autenticacion, LoginDevuelveUnTokenYRechazaContrasenasMalas) {
  running_server s(auth_options());
  int status = 0;
  const std::string token = login(s, "profe", "profe-demo", &status);
  EXPECT_EQ(status, 200)
      << "Paso 8: profe/profe-demo (monitor.json) debe poder entrar con 200; llegó " << status;
  const auto claims = jwt_verify(token, "secreto-de-pruebas", 0);
  EXPECT_TRUE(claims.claims) << "Paso 8: el token es un JWT HS256 firmado con TALLER_JWT_SECRET; "
                             << claims.error;
  login(s, "profe", "otra", &status);
  EXPECT_EQ(status, 401) << "Paso 8: una contraseña mala da 401; llegó " << status;
}

TEST(Paso8_Autenticacion, WsSecureSoloConTokenValido) {
  running_server s(auth_options());
  int status = 0;
  const std::string token = login(s, "profe", "profe-demo", &status);
  ASSERT_FALSE(token.empty())
      << "Paso 8: el login de profe/profe-demo debe dar un access_token; respondió " << status;
  ws_client ok;
  EXPECT_TRUE(ok.connect(s.port(), "/ws/secure?channel=general&token=" + token))
      << "Paso 8: con un token válido /ws/secure acepta; " << ok.error();
  ws_client none;
  EXPECT_FALSE(none.connect(s.port(), "/ws/secure?channel=general"))
      << "Paso 8: /ws/secure sin token debe rechazar el handshake; se aceptó";
  EXPECT_EQ(none.handshake_status(), 401)
      << "Paso 8: sin token, 401 antes del upgrade; llegó " << none.handshake_status() << " "
      << none.handshake_body();
  const std::string alg_none = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                               base64url_encode(R"({"sub":"profe","exp":9999999999})") + ".";
  ws_client forged;
  EXPECT_FALSE(forged.connect(s.port(), "/ws/secure?channel=general&token=" + alg_none))
      << "Paso 8: /ws/secure debe rechazar un token con alg none; se aceptó";
  EXPECT_EQ(forged.handshake_status(), 401)
      << "Paso 8: un token con alg none se rechaza con 401; llegó " << forged.handshake_status()
      << " " << forged.handshake_body();
  const std::string other = jwt_sign({{"sub", "x"}, {"exp", 9999999999.0}}, "otro-secreto");
  ws_client wrong;
  EXPECT_FALSE(wrong.connect(s.port(), "/ws/secure?channel=general&token=" + other))
      << "Paso 8: /ws/secure debe rechazar un token firmado con otro secreto; se aceptó";
  EXPECT_EQ(wrong.handshake_status(), 401)
      << "Paso 8: una firma con otro secreto se rechaza con 401; llegó "
      << wrong.handshake_status() << " " << wrong.handshake_body();
}

TEST(Paso8_Autenticacion, CanalPrivadoPideTokenEnWsYSse) {
  running_server s(auth_options());  // monitor.json: "admin" es privado
  ws_client anon;
  EXPECT_FALSE(anon.connect(s.port(), "/ws?channel=admin"))
      << "Paso 8: /ws en el canal privado admin sin token debe rechazar el handshake; se aceptó";
  EXPECT_EQ(anon.handshake_status(), 401)
      << "Paso 8: /ws en un canal privado sin token da 401; llegó " << anon.handshake_status()
      << " " << anon.handshake_body();
  auto res = s.http().Get("/sse/events?channel=admin");
  ASSERT_TRUE(res) << "Paso 8: GET /sse/events?channel=admin debe responder; falló la petición: "
                   << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 401) << "Paso 8: /sse/events en un canal privado sin token da 401; llegó "
                              << res->status;
  int status = 0;
  const std::string token = login(s, "profe", "profe-demo", &status);
  ws_client with_token;
  EXPECT_TRUE(with_token.connect(s.port(), "/ws?channel=admin&token=" + token))
      << "Paso 8: con un token válido /ws?channel=admin sí entra; " << with_token.error();
}

TEST(Paso8_Autenticacion, LimiteDeConexionesDa503) {
  running_server s(auth_options({{"WEBSOCKET_MAX_CONNECTIONS", "2"}}));
  ws_client a = s.connect("/ws?channel=general"), b = s.connect("/ws?channel=general");
  ASSERT_TRUE(a.read_until_type("connection") && b.read_until_type("connection"))
      << "Paso 8: con WEBSOCKET_MAX_CONNECTIONS=2, las dos primeras conexiones entran; "
      << "a: " << a.error() << "; b: " << b.error();
  ws_client c;
  EXPECT_FALSE(c.connect(s.port(), "/ws?channel=general"))
      << "Paso 8: con 2 conexiones abiertas y WEBSOCKET_MAX_CONNECTIONS=2, la tercera debe "
         "rechazarse; se aceptó";
  EXPECT_EQ(c.handshake_status(), 503)
      << "Paso 8: por encima de WEBSOCKET_MAX_CONNECTIONS, 503; llegó " << c.handshake_status()
      << " " << c.handshake_body();
  const auto body = nlohmann::json::parse(c.handshake_body(), nullptr, false);
  EXPECT_EQ(body.is_object() ? body.value("error", "") : "", "server_full")
      << "Paso 8: el 503 lleva \"error\":\"server_full\" (docs/errores.md); llegó "
      << c.handshake_body();
}

}  // namespace
}  // namespace p03::testing
