// Paso 7 — eventos de entidad de extremo a extremo: la API de sensores publica
// en los canales y llegan por WebSocket.
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

TEST(Paso7_SensoresDeExtremoAExtremo, CrearSensorYLecturaAnomalaLleganPorWebSocket) {
  running_server s;
  ws_client sensors = s.connect("/ws?channel=sensors");
  ws_client anomalies = s.connect("/ws?channel=anomalies");
  ASSERT_TRUE(sensors.read_until_type("connection") && anomalies.read_until_type("connection"));
  int status = 0;
  json created =
      s.send_json("POST", "/api/v1/sensors",
                  R"({"name":"aula 3","type":"temperatura","temp_min":15,"temp_max":28})", &status);
  ASSERT_EQ(status, 201) << created;
  auto ev = sensors.read_until_type("entity_event");
  ASSERT_TRUE(ev) << "Paso 7: crear un sensor emite un entity_event en sensors; "
                  << sensors.error();
  EXPECT_EQ(ev->value("event_type", ""), "created") << *ev;
  EXPECT_EQ(ev->value("entity_type", ""), "sensor") << *ev;
  json reading = json{{"sensor_id", created["id"]}, {"temperatura", 41.5}, {"humedad", 30}};
  s.send_json("POST", "/api/v1/readings", reading.dump(), &status);
  EXPECT_EQ(status, 201);
  auto anomaly = anomalies.read_until_type("entity_event");
  ASSERT_TRUE(anomaly) << "Paso 7: una lectura fuera de rango emite anomaly_detected en anomalies; "
                       << anomalies.error();
  EXPECT_EQ(anomaly->value("event_type", ""), "anomaly_detected") << *anomaly;
  s.send_json("DELETE", "/api/v1/sensors/" + std::to_string(created.value("id", 0)), "", &status);
  EXPECT_EQ(status, 204);
  auto deleted = sensors.read_until_type("entity_event");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->value("event_type", ""), "deleted") << *deleted;
}

}  // namespace
}  // namespace p03::testing
