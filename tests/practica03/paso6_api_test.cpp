// Paso 6 — la API REST y /metrics, y las alertas a través de ella.
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

TEST(Paso6_ApiYMetrics, MetricasConLasConexionesVivas) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=sala&user_id=ana");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 6: el WebSocket de la prueba debe recibir su mensaje connection; " << ws.error();
  int status = 0;
  json m = s.get_json("/api/metrics", &status);
  ASSERT_EQ(status, 200) << "Paso 6: GET /api/metrics debe responder 200; llegó " << status
                         << " " << m;
  for (const char* key :
       {"current_connections", "connections_per_channel", "messages_sent", "messages_received",
        "avg_connection_duration", "errors", "uptime", "cpu_usage", "memory_usage", "timestamp"})
    EXPECT_TRUE(m.contains(key)) << "Paso 6: /api/metrics lleva \"" << key << "\"; llegó " << m;
  EXPECT_EQ(m.value("current_connections", -1), 1) << "Paso 6: hay un WebSocket abierto; " << m;
  EXPECT_EQ(m["connections_per_channel"].value("sala", -1), 1)
      << "Paso 6: connections_per_channel cuenta 1 conexión en sala; llegó " << m;
}

TEST(Paso6_ApiYMetrics, ConexionesYCanal) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=sala&user_id=ana");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 6: el WebSocket de la prueba debe recibir su mensaje connection; " << ws.error();
  int status = 0;
  json list = s.get_json("/api/connections?limit=10", &status);
  ASSERT_EQ(status, 200) << "Paso 6: GET /api/connections debe responder 200; llegó " << status
                         << " " << list;
  ASSERT_TRUE(list.is_array() && list.size() == 1) << "Paso 6: una conexión viva; " << list;
  EXPECT_EQ(list[0].value("transport", ""), "websocket")
      << "Paso 6: la conexión viva es un WebSocket (transport=websocket); llegó " << list;
  EXPECT_EQ(list[0].value("user_id", ""), "ana")
      << "Paso 6: la conexión viva es de user_id=ana; llegó " << list;
  json channel = s.get_json("/api/metrics/channel/sala", &status);
  EXPECT_EQ(status, 200) << "Paso 6: GET /api/metrics/channel/sala debe responder 200; llegó "
                         << status << " " << channel;
  EXPECT_EQ(channel.value("current_connections", -1), 1)
      << "Paso 6: el canal sala tiene current_connections=1; llegó " << channel;
  s.get_json("/api/metrics/channel/nadie", &status);
  EXPECT_EQ(status, 404) << "Paso 6: un canal sin conexiones da 404; llegó " << status;
}

TEST(Paso6_ApiYMetrics, HistorialYTipoDesconocido) {
  running_server s;  // history_interval = 100 ms
  int status = 0;
  json h;
  for (int i = 0; i < 50; ++i) {  // espera (con plazo) a que haya dos muestras
    h = s.get_json("/api/metrics/history?metric_type=connections&limit=5", &status);
    if (h.is_array() && h.size() >= 2) break;
    std::this_thread::sleep_for(100ms);  // sondeo de la API, con plazo total de 5 s
  }
  ASSERT_EQ(status, 200) << "Paso 6: GET /api/metrics/history debe responder 200; llegó "
                         << status << " " << h;
  ASSERT_TRUE(h.is_array() && h.size() >= 2)
      << "Paso 6: el historial es un array con una muestra por intervalo; llegó " << h;
  EXPECT_TRUE(h[0].contains("current") && h[0].contains("total") && h[0]["timestamp"].is_string())
      << "Paso 6: cada muestra de connections lleva current, total y timestamp ISO; llegó " << h;
  json bad = s.get_json("/api/metrics/history?metric_type=temperatura", &status);
  EXPECT_EQ(status, 400) << "Paso 6: un metric_type desconocido da 400; llegó " << bad;
  EXPECT_EQ(bad.value("field", ""), "metric_type")
      << "Paso 6: el error 400 nombra el campo metric_type; llegó " << bad;
}

TEST(Paso6_ApiYMetrics, ReglasDeAlertaSeCambianEnVivo) {
  running_server s;
  int status = 0;
  json rules = s.get_json("/api/alerts/rules", &status);
  ASSERT_EQ(status, 200) << "Paso 6: GET /api/alerts/rules debe responder 200; llegó " << status
                         << " " << rules;
  ASSERT_TRUE(rules.is_array() && rules.size() == 5) << "Paso 6: cinco reglas; " << rules;
  json changed =
      s.send_json("PUT", "/api/alerts/rules/cpu", R"({"warning":60,"clear":50})", &status);
  EXPECT_EQ(status, 200) << "Paso 6: PUT /api/alerts/rules/cpu válido debe responder 200; llegó "
                         << status << " " << changed;
  EXPECT_EQ(changed.value("warning", -1.0), 60.0)
      << "Paso 6: la respuesta es la regla ya cambiada, con warning 60; llegó " << changed;
  json invalid =
      s.send_json("PUT", "/api/alerts/rules/cpu", R"({"warning":"mucho"})", &status);
  EXPECT_EQ(status, 422) << "Paso 6: un valor inválido da 422; llegó " << invalid;
  EXPECT_EQ(invalid.value("field", ""), "warning")
      << "Paso 6: el error 422 nombra el campo warning; llegó " << invalid;
  s.send_json("PUT", "/api/alerts/rules/nada", R"({"warning":1})", &status);
  EXPECT_EQ(status, 404) << "Paso 6: una regla desconocida da 404; llegó " << status;
}

TEST(Paso6_ApiYMetrics, UnaAlertaSeDisparaYSeResuelveCambiandoUmbrales) {
  running_server s;  // alert_interval = 100 ms
  ws_client alerts = s.connect("/ws?channel=alerts");
  ASSERT_TRUE(alerts.read_until_type("connection"))
      << "Paso 6: el WebSocket del canal alerts debe recibir su mensaje connection; "
      << alerts.error();
  int status = 0;
  // Con un umbral de 0 conexiones y sin espera, la regla se dispara enseguida.
  s.send_json("PUT", "/api/alerts/rules/connections",
              R"({"warning":0,"critical":1000,"clear":0,"for_s":0})", &status);
  ASSERT_EQ(status, 200)
      << "Paso 6: PUT /api/alerts/rules/connections con umbral 0 debe responder 200; llegó "
      << status;
  auto fired = alerts.read_until_type("alert", 5s);
  ASSERT_TRUE(fired) << "Paso 6: al bajar el umbral debe llegar una alerta al canal alerts; "
                     << alerts.error();
  EXPECT_EQ(fired->value("rule", ""), "connections")
      << "Paso 6: la alerta es de la regla connections; llegó " << *fired;
  EXPECT_EQ(fired->value("state", ""), "firing")
      << "Paso 6: la primera alerta llega con state=firing; llegó " << *fired;
  // Al restaurarlo, el valor queda por debajo de clear y se resuelve.
  s.send_json("PUT", "/api/alerts/rules/connections",
              R"({"warning":500,"critical":900,"clear":400})", &status);
  ASSERT_EQ(status, 200)
      << "Paso 6: PUT /api/alerts/rules/connections que restaura los umbrales debe responder "
         "200; llegó "
      << status;
  auto resolved = alerts.read_until_type("alert", 5s);
  ASSERT_TRUE(resolved) << "Paso 6: al restaurar el umbral debe llegar la resolución; "
                        << alerts.error();
  EXPECT_EQ(resolved->value("state", ""), "resolved")
      << "Paso 6: tras restaurar el umbral llega state=resolved; llegó " << *resolved;
  json history = s.get_json("/api/alerts?limit=10", &status);
  ASSERT_TRUE(history.is_array() && history.size() >= 2)
      << "Paso 6: GET /api/alerts debe dar una lista con al menos los dos avisos (firing y "
         "resolved); llegó "
      << history;
  EXPECT_EQ(history.back().value("state", ""), "resolved")
      << "Paso 6: la más nueva, la última; " << history;
}

TEST(Paso6_ApiYMetrics, EstadisticasWsYEventoDePrueba) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=sala&user_id=ana");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 6: el WebSocket de la prueba debe recibir su mensaje connection; " << ws.error();
  int status = 0;
  json stats = s.get_json("/api/v1/ws/stats", &status);
  ASSERT_EQ(status, 200) << "Paso 6: GET /api/v1/ws/stats; llegó " << stats;
  EXPECT_EQ(stats["channels"]["sala"].value("connections", -1), 1)
      << "Paso 6: channels.sala.connections debe ser 1; llegó " << stats;
  json one = s.get_json("/api/v1/ws/stats/sala", &status);
  EXPECT_EQ(status, 200) << "Paso 6: GET /api/v1/ws/stats/sala debe responder 200; llegó "
                         << status << " " << one;
  ASSERT_TRUE(one.contains("users") && one["users"].size() == 1)
      << "Paso 6: /api/v1/ws/stats/sala lista un usuario en users; llegó " << one;
  EXPECT_TRUE(one["users"][0].contains("connected_at"))
      << "Paso 6: cada usuario de users lleva connected_at; llegó " << one;
  s.send_json("POST", "/api/v1/ws/test-event?channel=sala&message=hola", "", &status);
  EXPECT_EQ(status, 200) << "Paso 6: POST /api/v1/ws/test-event debe responder 200; llegó "
                         << status;
  auto ev = ws.read_until_type("system_event");
  ASSERT_TRUE(ev) << "Paso 6: test-event envía un system_event al canal; " << ws.error();
  EXPECT_EQ(ev->value("message", ""), "hola")
      << "Paso 6: el system_event lleva message=hola; llegó " << *ev;
}

TEST(Paso6_ApiYMetrics, PrometheusPuedeLeerMetrics) {
  running_server s;
  auto res = s.http().Get("/metrics");
  ASSERT_TRUE(res) << "Paso 6: GET /metrics debe responder; falló la petición: "
                   << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << "Paso 6: GET /metrics debe responder 200; llegó " << res->status
                              << " " << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u)
      << "Paso 6: Content-Type del formato de Prometheus; llegó "
      << res->get_header_value("Content-Type");
  EXPECT_NE(res->body.find("# TYPE taller_connections_total counter"), std::string::npos)
      << "Paso 6: /metrics declara \"# TYPE taller_connections_total counter\"; llegó\n"
      << res->body;
  EXPECT_NE(res->body.find("# HELP taller_connections_current"), std::string::npos)
      << "Paso 6: /metrics lleva la ayuda \"# HELP taller_connections_current\"; llegó\n"
      << res->body;
}

}  // namespace
}  // namespace p03::testing

namespace p03::testing {
namespace {

TEST(Paso2_DashboardEnVivo, WsDashboardEmpujaLasMetricas) {
  running_server s;  // dashboard_interval = 200 ms
  ws_client dashboard = s.connect("/ws/dashboard");
  auto update = dashboard.read_until_type("metrics_update", 3s);
  ASSERT_TRUE(update) << "Paso 2: /ws/dashboard recibe metrics_update cada intervalo; "
                      << dashboard.error();
  ASSERT_TRUE(update->contains("data") && (*update)["data"].is_object())
      << "Paso 2: metrics_update lleva las métricas en data, un objeto; llegó " << *update;
  // El propio panel es una conexión viva: los contadores del monitor la ven.
  EXPECT_GE((*update)["data"].value("current_connections", 0), 1)
      << "Paso 2: data es lo mismo que GET /api/metrics, con las conexiones contadas; llegó "
      << *update;
}

}  // namespace
}  // namespace p03::testing
