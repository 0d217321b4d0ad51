// Robustez del servidor completo (el panel de la 04 con todo lo de 01–03):
// lo que un estudiante curioso puede escribir en la barra del navegador o con
// curl no tumba el servidor ni deja sin servicio a los demás. Cada caso vino
// de un fallo real (issue 9); solo contra la solución.
#include "p03/jwt.hpp"
#include "servidor_de_prueba.hpp"
#include "taller_test/raw_http.hpp"

namespace p04::testing {
namespace {

using taller::testing::body_of;
using taller::testing::raw_exchange;
using taller::testing::status_of;

constexpr const char* secret = "secreto-de-pruebas";

p03::server_options options(fake_env env = {}) {
  env["TALLER_JWT_SECRET"] = secret;
  p03::server_options o = test_options(std::move(env));
  o.config_path = std::string(TALLER_PRACTICE_DIR) + "/monitor.json";  // usuario profe/profe-demo
  return o;
}

std::string get(const std::string& target, const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
}

std::string post(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
         "application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// El servidor sigue vivo y atendiendo: /api/metrics responde 200.
void expect_alive(running_server& s, const std::string& after) {
  int status = 0;
  s.get_json("/api/metrics", &status);
  EXPECT_EQ(status, 200) << "tras " << after << " el servidor debe seguir atendiendo";
}

TEST(Robustez_Servidor, Utf8InvalidoEnLaUrlDa400) {
  running_server s(options());
  for (const char* target : {"/sse/events?channel=general&user_id=%FF",
                             "/sse/events?channel=general&user_id=%C3%28",
                             "/sse/notifications/%FF", "/ws?channel=general&user_id=%FF",
                             "/api/v1/ws/test-event?message=%FF", "/api/metrics/channel/%C3%28"}) {
    const std::string method = std::string(target).find("test-event") != std::string::npos ? "POST" : "GET";
    const std::string res = raw_exchange(s.port(), get(target, method));
    EXPECT_EQ(status_of(res), 400) << target << ":\n" << res;
    const json body = json::parse(body_of(res), nullptr, false);
    EXPECT_FALSE(body.value("field", "").empty()) << "el 400 nombra el campo: " << body.dump();
  }
  expect_alive(s, "UTF-8 inválido en la URL");
}

TEST(Robustez_Servidor, LoginConCamposQueNoSonTextoDa422) {
  running_server s(options());
  for (const char* body : {R"({"username":123,"password":"x"})", R"({"username":"profe","password":[]})",
                           R"({"username":"profe","password":null})", R"({"username":{},"password":"x"})",
                           R"({"password":"x"})"}) {
    int status = 0;
    const json res = s.send_json("POST", "/auth/login", body, &status);
    EXPECT_EQ(status, 422) << body << " → " << res.dump();
    EXPECT_FALSE(res.value("field", "").empty()) << res.dump();
  }
  expect_alive(s, "logins con tipos raros");
  int status = 0;
  s.send_json("POST", "/auth/login", R"({"username":"profe","password":"profe-demo"})", &status);
  EXPECT_EQ(status, 200) << "un login correcto sigue funcionando";
}

TEST(Robustez_Servidor, TokenBienFirmadoConSubRaroDa401) {
  running_server s(options());
  for (const json& sub : {json(123), json::object(), json::array(), json(nullptr), json("")}) {
    const std::string token = p03::jwt_sign({{"sub", sub}, {"exp", 9999999999.0}}, secret);
    ws_client c;
    EXPECT_FALSE(c.connect(s.port(), "/ws/secure?channel=general&token=" + token)) << sub.dump();
    EXPECT_EQ(c.handshake_status(), 401) << "sub=" << sub.dump() << " debe dar 401";
  }
  expect_alive(s, "tokens con sub raro");
}

TEST(Robustez_Servidor, JsonMuyAnidadoSeRechazaConMotivo) {
  running_server s(options());
  const std::string deep = std::string(32000, '[') + std::string(32000, ']');
  for (const char* target : {"/sse/broadcast/general", "/api/v1/sensors", "/auth/login",
                             "/sse/notify/ana", "/sse/task-update"}) {
    const std::string res = raw_exchange(s.port(), post(target, deep));
    EXPECT_EQ(status_of(res), 400) << target << ":\n" << res.substr(0, 400);
    const json body = json::parse(body_of(res), nullptr, false);
    EXPECT_EQ(body.value("error", ""), "invalid_json") << target << ": " << body.dump();
  }
  ws_client c = s.connect("/ws?channel=general");
  ASSERT_TRUE(c.read_until_type("connection")) << "falta la bienvenida";
  ASSERT_TRUE(c.send_text(deep));
  const auto err = c.read_until_type("error");
  ASSERT_TRUE(err) << "un mensaje WebSocket de 32 000 niveles debe dar un error";
  EXPECT_EQ(err->value("code", ""), "invalid_json") << err->dump();
  EXPECT_NE(err->value("message", "").find("64"), std::string::npos) << err->dump();
  ASSERT_TRUE(c.send_text(R"({"type":"ping"})"));
  EXPECT_TRUE(c.read_until_type("pong")) << "la conexión sigue abierta tras el error";
  expect_alive(s, "JSON muy anidado");
}

TEST(Robustez_Servidor, ActivityObedeceLosLimites) {
  running_server s(options({{"WEBSOCKET_MAX_CONNECTIONS", "3"}, {"TALLER_MAX_PER_ADDRESS", "2"}}));
  std::vector<std::unique_ptr<ws_client>> open;
  int accepted = 0, refused = 0;
  for (int i = 0; i < 10; ++i) {
    auto c = std::make_unique<ws_client>();
    if (c->connect(s.port(), "/ws/activity")) {
      ++accepted;
      open.push_back(std::move(c));
    } else {
      ++refused;
      EXPECT_EQ(c->handshake_status(), 429) << "más de 2 desde una dirección: 429";
    }
  }
  EXPECT_EQ(accepted, 2) << "/ws/activity cuenta para TALLER_MAX_PER_ADDRESS=2";
  EXPECT_EQ(refused, 8);
}

TEST(Robustez_Servidor, HeadEnLasRutasGet) {
  running_server s(options());
  for (const char* target : {"/", "/api/metrics", "/sse/stats", "/metrics", "/sse/events?channel=general"}) {
    const std::string res = raw_exchange(s.port(), get(target, "HEAD"));
    EXPECT_EQ(status_of(res), 200) << "HEAD " << target << ":\n" << res;
    EXPECT_EQ(body_of(res), "") << "HEAD " << target << " no lleva cuerpo";
  }
  const std::string res = raw_exchange(s.port(), get("/api/metrics", "DELETE"));
  EXPECT_EQ(status_of(res), 405) << res;
  EXPECT_NE(taller::testing::header_of(res, "Allow").find("GET"), std::string::npos) << res;
}

TEST(Robustez_Servidor, PeticionesMalFormadasDanUnaRespuesta) {
  running_server s(options());
  EXPECT_EQ(status_of(raw_exchange(s.port(), "ESTO NO ES HTTP\r\n\r\n")), 400);
  EXPECT_EQ(status_of(raw_exchange(s.port(), get("/api/metrics?x=" + std::string(9000, 'a')))), 414);
  EXPECT_EQ(status_of(raw_exchange(s.port(), "GET / HTTP/1.1\r\nX: " + std::string(20000, 'a') + "\r\n\r\n")), 431);
  expect_alive(s, "peticiones mal formadas");
}

}  // namespace
}  // namespace p04::testing
