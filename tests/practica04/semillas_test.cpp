// Los clientes de los prototipos de partida (../shared/seeds) funcionan tal
// cual contra el servidor final: cada prueba usa la URL, los campos y la forma
// de los mensajes de un ejemplo de un documento semilla, y lo nombra. Solo
// contra la solución (el starter no tiene aún las rutas de las prácticas).
#include <thread>

#include "servidor_de_prueba.hpp"
#include "taller/clock.hpp"

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
  EXPECT_TRUE((*welcome)["message"].is_string())
      << "el cliente escribe data.message de la bienvenida; llegó " << *welcome;
  auto sample = ws.read_until_type("metrics", 3s);
  ASSERT_TRUE(sample) << "websocket-system-metrics.md: después llega una muestra por intervalo "
                         "(la misma que /metrics/stream); "
                      << ws.error();
  const json cpu = (*sample)["cpu"];
  EXPECT_TRUE(cpu.is_object() && cpu["percent_total"].is_number())
      << "el cliente lee metrics.cpu.percent_total; llegó " << *sample;
}

// Un evento de un flujo de los prototipos: sin nombre (lo recibe onmessage), con
// {"event": nombre, "data": …} en data. sse_client lo desenvuelve y lo marca.
void expect_enveloped(const std::optional<taller::testing::sse_message>& m, const char* seed) {
  ASSERT_TRUE(m) << seed << ": no llegó el evento";
  EXPECT_TRUE(m->enveloped) << seed << ": el evento debe llegar sin nombre (onmessage) con "
                                       "{\"event\",\"data\"} en data; llegó «event: "
                            << m->event << "» con " << m->data;
}

// practica37-sse-streaming.md, página de ejemplo:
//   new EventSource('/sse/metrics'); onmessage → if (data.event === 'system_metrics')
//   updateSystemMetrics(data.data) → metrics.cpu_percent, memory_percent, disk_percent.
TEST(Semillas_Prototipos, Practica37MetricasSinNombreEnSseMetrics) {
  running_server s(test_options());
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/sse/metrics")) << "practica37: GET /sse/metrics no respondió";
  EXPECT_EQ(c.status(), 200) << "practica37: /sse/metrics es un flujo; llegó " << c.status();
  auto m = c.next_of("system_metrics", 3s);
  ASSERT_NO_FATAL_FAILURE(expect_enveloped(m, "practica37 /sse/metrics"));
  const json d = m->json();
  for (const char* key : {"cpu_percent", "memory_percent", "memory_used_gb", "memory_total_gb",
                          "disk_percent", "disk_free_gb"})
    EXPECT_TRUE(d[key].is_number()) << "practica37: system_metrics lleva " << key << "; llegó "
                                    << d;
  EXPECT_TRUE(d["timestamp"].is_string()) << "timestamp en ISO; llegó " << d;
}

// practica37-sse-streaming.md: new EventSource('/sse/trading'); onmessage →
// data.event === 'price_update' → item.symbol, item.price.toFixed(2), item.change,
// item.change_percent.
TEST(Semillas_Prototipos, Practica37CotizacionesSinNombreEnSseTrading) {
  running_server s(test_options());
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/sse/trading")) << "practica37: GET /sse/trading no respondió";
  auto m = c.next_of("price_update", 3s);
  ASSERT_NO_FATAL_FAILURE(expect_enveloped(m, "practica37 /sse/trading"));
  const json d = m->json();
  EXPECT_TRUE(d["symbol"].is_string() && d["price"].is_number() && d["change"].is_number() &&
              d["change_percent"].is_number())
      << "practica37: price_update lleva symbol, price, change y change_percent; llegó " << d;
}

// practica37-sse-streaming.md: new EventSource('/sse/logs'); data.event === 'log_entry' →
// log.level.toLowerCase(), log.timestamp, log.service, log.message, log.request_id.
TEST(Semillas_Prototipos, Practica37RegistrosSinNombreEnSseLogs) {
  running_server s(test_options());
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/sse/logs")) << "practica37: GET /sse/logs no respondió";
  ASSERT_TRUE(c.next_of("connected", 3s)) << "practica37: /sse/logs saluda primero";
  int status = 0;
  s.send_json("POST", "/sse/broadcast/general", R"({"message":"hola"})", &status);
  auto m = c.next_of("log_entry", 3s);
  ASSERT_NO_FATAL_FAILURE(expect_enveloped(m, "practica37 /sse/logs"));
  const json d = m->json();
  EXPECT_TRUE(d["level"].is_string() && d["timestamp"].is_string() && d["service"].is_string() &&
              d["message"].is_string() && d.contains("request_id"))
      << "practica37: log_entry lleva level, timestamp, service, message y request_id; llegó "
      << d;
}

// practica37-sse-streaming.md: new EventSource('/sse/notifications/1') y
// fetch('/sse/notify/1', {method:'POST', body: JSON.stringify({title, message,
// level:'info'})}); onmessage → data.event === 'notification' → notification.type
// (su clase CSS), .title, .message, .timestamp.
TEST(Semillas_Prototipos, Practica37NotificacionSinNombreConType) {
  running_server s(test_options());
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/sse/notifications/1"))
      << "practica37: GET /sse/notifications/1 no respondió";
  ASSERT_TRUE(c.next_of("connected", 3s)) << "practica37: el flujo saluda primero";
  int status = 0;
  const json answer = s.send_json(
      "POST", "/sse/notify/1", R"({"title":"Hola","message":"Prueba","level":"info"})", &status);
  EXPECT_EQ(status, 200) << "llegó " << answer;
  auto m = c.next_of("notification", 3s);
  ASSERT_NO_FATAL_FAILURE(expect_enveloped(m, "practica37 /sse/notifications/1"));
  const json d = m->json();
  EXPECT_EQ(d.value("type", ""), "info") << "practica37: notification.type es el nivel; llegó "
                                         << d;
  EXPECT_EQ(d.value("title", ""), "Hola") << "llegó " << d;
  EXPECT_EQ(d.value("message", ""), "Prueba") << "llegó " << d;
  EXPECT_TRUE(d["timestamp"].is_string()) << "llegó " << d;
  EXPECT_TRUE(d["id"].is_string()) << "practica37: la notificación lleva su id; llegó " << d;
}

// practica37-sse-streaming.md, pruebas: client.post("/sse/notify/123", json={...}) →
// 200, data["status"] == "sent", data["user_id"] == 123; client.post("/sse/broadcast/test",
// json={"message": "Test message", "type": "info"}) → status "sent", channel "test";
// client.get("/sse/stats") → total_connections, channels, users_connected.
TEST(Semillas_Prototipos, Practica37PruebasDeLaApi) {
  running_server s(test_options());
  int status = 0;
  const json notified = s.send_json(
      "POST", "/sse/notify/123",
      R"({"title":"Test Notification","message":"This is a test","level":"info"})", &status);
  EXPECT_EQ(status, 200) << "llegó " << notified;
  EXPECT_EQ(notified.value("status", ""), "sent") << "llegó " << notified;
  EXPECT_EQ(notified["user_id"], json(123))
      << "practica37: assert data[\"user_id\"] == 123 (un número); llegó " << notified;
  const json sent = s.send_json("POST", "/sse/broadcast/test",
                                R"({"message":"Test message","type":"info"})", &status);
  EXPECT_EQ(status, 200) << "llegó " << sent;
  EXPECT_EQ(sent.value("status", ""), "sent") << "llegó " << sent;
  EXPECT_EQ(sent.value("channel", ""), "test") << "llegó " << sent;
  const json stats = s.get_json("/sse/stats", &status);
  EXPECT_TRUE(stats["total_connections"].is_number_integer() && stats["channels"].is_object() &&
              stats.contains("users_connected"))
      << "practica37: /sse/stats lleva total_connections, channels y users_connected; llegó "
      << stats;
}

// websocket-realtime-reports.md: curl -X POST "http://localhost:8000/api/v1/sensors" -d
// '{"tipo": "temperatura", "modelo": "DHT22"}' genera un entity_event cuyo data lleva id,
// tipo, modelo y created_at; después curl -X POST ".../api/v1/readings" -d '{"sensor_id": 1,
// "temperatura": 23.5, "humedad": 65.2, "timestamp": "2025-07-20T10:30:00Z"}'.
TEST(Semillas_Prototipos, RealtimeReportsSensorConTipoYModelo) {
  running_server s(test_options());
  ws_client ws = s.connect("/api/v1/ws?channel=sensors");
  ASSERT_TRUE(ws.read_until_type("connection")) << ws.error();
  int status = 0;
  const json created = s.send_json("POST", "/api/v1/sensors",
                                   R"({"tipo": "temperatura", "modelo": "DHT22"})", &status);
  EXPECT_EQ(status, 201) << "websocket-realtime-reports.md: el sensor del ejemplo se crea; llegó "
                         << status << " " << created;
  auto event = ws.read_until_type("entity_event");
  ASSERT_TRUE(event) << "llega el entity_event del sensor; " << ws.error();
  const json data = (*event)["data"];
  EXPECT_EQ(data.value("tipo", ""), "temperatura") << "el evento lleva tipo; llegó " << *event;
  EXPECT_EQ(data.value("modelo", ""), "DHT22") << "el evento lleva modelo; llegó " << *event;
  EXPECT_EQ(data["id"], json(1)) << "llegó " << *event;
  EXPECT_TRUE(data["created_at"].is_string()) << "llegó " << *event;
  const json reading = s.send_json(
      "POST", "/api/v1/readings",
      R"({"sensor_id": 1, "temperatura": 23.5, "humedad": 65.2, "timestamp": "2025-07-20T10:30:00Z"})",
      &status);
  EXPECT_EQ(status, 201) << "websocket-realtime-reports.md: la lectura del sensor 1; llegó "
                         << status << " " << reading;
}

// websocket-monitoring-system.md, panel React:
//   fetch('/api/metrics/history?metric_type=connections&limit=100') → setHistory(data) →
//   <LineChart data={history}> con dataKey="timestamp" y "current";
//   fetch('/api/alerts?limit=10') → new Date(alert.timestamp), JSON.stringify(alert.details).
TEST(Semillas_Prototipos, MonitoringSystemHistorialComoListaYAvisosConFecha) {
  running_server s(test_options());  // historial cada 100 ms
  int status = 0;
  json history;
  for (int i = 0; i < 50; ++i) {  // sondeo de la API con plazo total de 5 s
    history = s.get_json("/api/metrics/history?metric_type=connections&limit=100", &status);
    if (history.is_array() && !history.empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(history.is_array() && !history.empty())
      << "websocket-monitoring-system.md: el historial es la lista que recibe la gráfica; llegó "
      << status << " " << history;
  EXPECT_TRUE(history[0]["timestamp"].is_string() && history[0]["current"].is_number())
      << "cada punto lleva timestamp (ISO) y current; llegó " << history[0];
  ws_client alerts = s.connect("/ws?channel=alerts");
  ASSERT_TRUE(alerts.read_until_type("connection")) << alerts.error();
  s.send_json("PUT", "/api/alerts/rules/connections",
              R"({"warning":0,"critical":1000,"clear":0,"for_s":0})", &status);
  ASSERT_TRUE(alerts.read_until_type("alert", 5s)) << "se dispara la alerta; " << alerts.error();
  const json list = s.get_json("/api/alerts?limit=10", &status);
  ASSERT_TRUE(list.is_array() && !list.empty()) << "llegó " << list;
  const json& a = list.back();
  EXPECT_TRUE(a["timestamp"].is_string() &&
              a["timestamp"].get<std::string>().starts_with(taller::iso_now().substr(0, 4)))
      << "new Date(alert.timestamp) debe dar la fecha de hoy: timestamp en ISO; llegó " << a;
  EXPECT_TRUE(a["details"].is_object()) << "alert.details es un objeto; llegó " << a;
  EXPECT_TRUE(a["level"].is_string() && a["message"].is_string()) << "llegó " << a;
}

}  // namespace
}  // namespace p04::testing
