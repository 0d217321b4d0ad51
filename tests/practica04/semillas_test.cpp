// Los clientes de los prototipos de partida (../shared/seeds) funcionan tal
// cual contra el servidor final: cada prueba usa la URL, los campos y la forma
// de los mensajes de un ejemplo de un documento semilla, y lo nombra. Solo
// contra la solución (el starter no tiene aún las rutas de las prácticas).
#include "servidor_de_prueba.hpp"

namespace p04::testing {
namespace {

p03::server_options with_auth() {
  fake_env env;
  env["TALLER_JWT_SECRET"] = "secreto-de-pruebas";
  p03::server_options o = test_options(std::move(env));
  o.config_path = std::string(TALLER_PRACTICE_DIR) + "/monitor.json";  // profe/profe-demo
  return o;
}

// websocket-realtime-reports.md, cliente JavaScript y Python:
//   new WebSocket('ws://localhost:8000/api/v1/ws?channel=sensors'), lee type,
//   level y message de los system_event; curl -X POST
//   "http://localhost:8000/api/v1/ws/test-event?channel=general&message=Prueba".
TEST(Semillas_Prototipos, RealtimeReportsWebSocketEnApiV1Ws) {
  running_server s(test_options());
  ws_client ws = s.connect("/api/v1/ws?channel=sensors");
  auto welcome = ws.read_until_type("connection");
  ASSERT_TRUE(welcome) << "websocket-realtime-reports.md: /api/v1/ws?channel=sensors debe "
                          "saludar como /ws; "
                       << ws.error();
  EXPECT_EQ(welcome->value("channel", ""), "sensors")
      << "la bienvenida dice el canal pedido; llegó " << *welcome;
  int status = 0;
  s.send_json("POST", "/api/v1/ws/test-event?channel=sensors&message=Prueba", "", &status);
  EXPECT_EQ(status, 200) << "websocket-realtime-reports.md: POST /api/v1/ws/test-event; llegó "
                         << status;
  auto event = ws.read_until_type("system_event");
  ASSERT_TRUE(event) << "el cliente de /api/v1/ws recibe el system_event; " << ws.error();
  EXPECT_EQ(event->value("message", ""), "Prueba") << "llegó " << *event;
  EXPECT_EQ(event->value("level", ""), "info") << "llegó " << *event;
}

// websocket-realtime-reports.md: "ws://localhost:8000/api/v1/ws/secure?channel=general&token=…".
TEST(Semillas_Prototipos, RealtimeReportsWebSocketSeguroEnApiV1WsSecure) {
  running_server s(with_auth());
  int status = 0;
  const json login = s.send_json("POST", "/auth/login",
                                 R"({"username":"profe","password":"profe-demo"})", &status);
  ASSERT_EQ(status, 200) << "POST /auth/login con profe/profe-demo; llegó " << login;
  const std::string token = login.value("access_token", "");
  ws_client ok = s.connect("/api/v1/ws/secure?channel=general&token=" + token);
  auto welcome = ok.read_until_type("connection");
  ASSERT_TRUE(welcome) << "websocket-realtime-reports.md: /api/v1/ws/secure con un token válido "
                          "entra como /ws/secure; "
                       << ok.error();
  EXPECT_EQ(welcome->value("user_id", ""), "profe") << "llegó " << *welcome;
  ws_client refused;
  EXPECT_FALSE(refused.connect(s.port(), "/api/v1/ws/secure?channel=general&token=malo"))
      << "sin un token válido no entra";
  EXPECT_EQ(refused.handshake_status(), 401)
      << "un token malo da 401 antes del upgrade, como /ws/secure; llegó "
      << refused.handshake_status() << " " << refused.handshake_body();
}

// websocket-realtime-reports.md: curl "http://localhost:8000/api/v1/ws/stats" →
//   {"total_channels":…,"channels":{"general":{"connections":…,"users":[…]}}}.
TEST(Semillas_Prototipos, RealtimeReportsEstadisticasConTotalChannels) {
  running_server s(test_options());
  ws_client a = s.connect("/api/v1/ws?channel=general&user_id=user1");
  ws_client b = s.connect("/api/v1/ws?channel=sensors");
  ASSERT_TRUE(a.read_until_type("connection") && b.read_until_type("connection"))
      << a.error() << " " << b.error();
  int status = 0;
  const json stats = s.get_json("/api/v1/ws/stats", &status);
  ASSERT_EQ(status, 200) << "GET /api/v1/ws/stats; llegó " << stats;
  EXPECT_EQ(stats.value("total_channels", -1), 2)
      << "websocket-realtime-reports.md: total_channels cuenta los canales con conexiones; "
         "llegó "
      << stats;
  EXPECT_EQ(stats["channels"]["general"]["users"][0].value("user_id", ""), "user1")
      << "llegó " << stats;
}

// websocket-monitoring-system.md, cliente JavaScript:
//   new WebSocket('ws://localhost:8000/ws/canal_ventas/usuario_123').
TEST(Semillas_Prototipos, MonitoringSystemCanalYUsuarioEnLaRuta) {
  running_server s(test_options());
  ws_client ws = s.connect("/ws/canal_ventas/usuario_123");
  auto welcome = ws.read_until_type("connection");
  ASSERT_TRUE(welcome) << "websocket-monitoring-system.md: /ws/{canal}/{usuario} entra como "
                          "/ws?channel=…&user_id=…; "
                       << ws.error();
  EXPECT_EQ(welcome->value("channel", ""), "canal_ventas") << "llegó " << *welcome;
  EXPECT_EQ(welcome->value("user_id", ""), "usuario_123") << "llegó " << *welcome;
  ws_client bad;
  EXPECT_FALSE(bad.connect(s.port(), "/ws/no%20vale/ana"))
      << "un canal no válido en la ruta se rechaza como en ?channel=";
  EXPECT_EQ(bad.handshake_status(), 400) << "llegó " << bad.handshake_status() << " "
                                         << bad.handshake_body();
}

// websocket-system-metrics.md, clientes JavaScript, React y Vue:
//   new WebSocket('ws://localhost:4000/api/ws/metrics'); el primer mensaje es
//   {"type":"connection","status":"connected",…}; después, cada muestra, y el
//   cliente lee metrics.cpu.percent_total.
TEST(Semillas_Prototipos, SystemMetricsWebSocketEnApiWsMetrics) {
  running_server s(test_options());
  ws_client ws = s.connect("/api/ws/metrics");
  auto welcome = ws.read_until_type("connection");
  ASSERT_TRUE(welcome) << "websocket-system-metrics.md: /api/ws/metrics saluda primero; "
                       << ws.error();
  EXPECT_EQ(welcome->value("status", ""), "connected") << "llegó " << *welcome;
  auto sample = ws.read_until_type("metrics", 3s);
  ASSERT_TRUE(sample) << "websocket-system-metrics.md: después llega una muestra por intervalo "
                         "(la misma que /metrics/stream); "
                      << ws.error();
  const json cpu = (*sample)["cpu"];
  EXPECT_TRUE(cpu.is_object() && cpu["percent_total"].is_number())
      << "el cliente lee metrics.cpu.percent_total; llegó " << *sample;
}

}  // namespace
}  // namespace p04::testing
