// Paso 6 — lo que la tabla del README promete de las consultas: /api/alerts da
// los avisos más nuevos y test-event tiene sus valores por omisión y su 400.
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

// Cambia los umbrales de la regla connections y espera el aviso que provoca.
std::optional<json> alert_after(running_server& s, ws_client& alerts, const std::string& rule) {
  int status = 0;
  s.send_json("PUT", "/api/alerts/rules/connections", rule, &status);
  EXPECT_EQ(status, 200) << "Paso 6: PUT /api/alerts/rules/connections " << rule
                         << " debe responder 200; llegó " << status;
  return alerts.read_until_type("alert", 5s);
}

TEST(Paso6_ApiYMetrics, AlertsConLimitDaLosMasNuevos) {
  running_server s;  // alert_interval = 100 ms
  ws_client alerts = s.connect("/ws?channel=alerts");
  ASSERT_TRUE(alerts.read_until_type("connection"))
      << "Paso 6: el WebSocket del canal alerts debe recibir su mensaje connection; "
      << alerts.error();
  const std::string fire = R"({"warning":0,"critical":1000,"clear":0,"for_s":0})";
  const std::string calm = R"({"warning":500,"critical":900,"clear":400})";
  // Tres avisos: se dispara, se resuelve y se vuelve a disparar.
  for (const auto& [rule, state] : {std::pair{fire, "firing"}, {calm, "resolved"}, {fire, "firing"}}) {
    auto a = alert_after(s, alerts, rule);
    ASSERT_TRUE(a) << "Paso 6: al cambiar los umbrales debe llegar un aviso " << state
                   << " al canal alerts; " << alerts.error();
  }
  int status = 0;
  const json all = s.get_json("/api/alerts?limit=10", &status);
  ASSERT_TRUE(all.is_array() && all.size() >= 3)
      << "Paso 6: GET /api/alerts?limit=10 debe dar los tres avisos; llegó " << all;
  const json two = s.get_json("/api/alerts?limit=2", &status);
  const json newest = json::array({all[all.size() - 2], all[all.size() - 1]});
  EXPECT_EQ(two, newest) << "Paso 6: GET /api/alerts?limit=2 da los 2 avisos más nuevos (el más "
                            "nuevo, el último), no los 2 más antiguos; se esperaba "
                         << newest << " y llegó " << two;
}

TEST(Paso6_ApiYMetrics, EventoDePruebaPorOmisionYCanalInvalido) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=general");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 6: el WebSocket de la prueba debe recibir su mensaje connection; " << ws.error();
  int status = 0;
  json answer = s.send_json("POST", "/api/v1/ws/test-event", "", &status);
  EXPECT_EQ(status, 200) << "Paso 6: POST /api/v1/ws/test-event sin parámetros responde 200; "
                            "llegó "
                         << status << " " << answer;
  EXPECT_EQ(answer.value("channel", ""), "general")
      << "Paso 6: sin ?channel=, test-event va al canal general; llegó " << answer;
  auto ev = ws.read_until_type("system_event");
  ASSERT_TRUE(ev) << "Paso 6: test-event sin ?channel= envía un system_event a general; "
                  << ws.error();
  EXPECT_EQ(ev->value("message", ""), "evento de prueba")
      << "Paso 6: sin ?message=, el texto es \"evento de prueba\"; llegó " << *ev;
  EXPECT_EQ(ev->value("level", ""), "info")
      << "Paso 6: el system_event de prueba es de nivel info; llegó " << *ev;
  EXPECT_EQ((*ev)["data"], json({{"test", true}}))
      << "Paso 6: el system_event de prueba lleva \"data\":{\"test\":true}; llegó " << *ev;

  answer = s.send_json("POST", "/api/v1/ws/test-event?channel=no%20vale", "", &status);
  EXPECT_EQ(status, 400) << "Paso 6: test-event con un canal no válido (\"no vale\") responde "
                            "400; llegó "
                         << status << " " << answer;
  EXPECT_EQ(answer.value("error", ""), "invalid_parameter")
      << "Paso 6: el 400 de test-event lleva \"error\":\"invalid_parameter\"; llegó " << answer;
  EXPECT_EQ(answer.value("field", ""), "channel")
      << "Paso 6: el 400 de test-event nombra el campo (\"field\":\"channel\"); llegó " << answer;
}

}  // namespace
}  // namespace p03::testing

namespace p03::testing {
namespace {

TEST(Paso6_ApiYMetrics, UnFlujoConVariosCanalesSaleEnCadaCanal) {
  running_server s;
  sse_client panel;
  ASSERT_TRUE(panel.open(s.port(), "/sse/events?channel=metrics,alerts,logs"))
      << "Paso 6: GET /sse/events?channel=metrics,alerts,logs debe abrir un flujo; no respondió";
  ASSERT_TRUE(panel.next_of("connected"))
      << "Paso 6: el flujo debe empezar con un evento connected; no llegó";
  int status = 0;
  const json stats = s.get_json("/api/v1/ws/stats", &status);
  ASSERT_EQ(status, 200) << "Paso 6: GET /api/v1/ws/stats debe responder 200; llegó " << status;
  for (const char* channel : {"metrics", "alerts", "logs"})
    EXPECT_EQ(stats["channels"][channel].value("connections", -1), 1)
        << "Paso 6: un flujo de metrics,alerts,logs cuenta en el canal " << channel
        << "; llegó " << stats;
  EXPECT_FALSE(stats["channels"].contains("alerts,logs,metrics"))
      << "Paso 6: \"alerts,logs,metrics\" no es un canal; llegó " << stats;
  const json one = s.get_json("/api/v1/ws/stats/metrics", &status);
  EXPECT_EQ(status, 200) << "Paso 6: GET /api/v1/ws/stats/metrics con el panel abierto responde "
                            "200; llegó "
                         << status << " " << one;
  auto res = s.http().Get("/metrics");
  ASSERT_TRUE(res) << "Paso 6: GET /metrics debe responder";
  EXPECT_NE(res->body.find("taller_channel_connections{channel=\"alerts\"} 1"), std::string::npos)
      << "Paso 6: /metrics cuenta el flujo en la etiqueta channel=\"alerts\"; llegó\n"
      << res->body;
}

}  // namespace
}  // namespace p03::testing
