// Paso 7 — eventos de entidad de extremo a extremo: la API de sensores publica
// en los canales y llegan por WebSocket.
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

TEST(Paso7_SensoresDeExtremoAExtremo, CrearSensorYLecturaAnomalaLleganPorWebSocket) {
  running_server s;
  ws_client sensors = s.connect("/ws?channel=sensors");
  ws_client anomalies = s.connect("/ws?channel=anomalies");
  ASSERT_TRUE(sensors.read_until_type("connection") && anomalies.read_until_type("connection"))
      << "Paso 7: los WebSocket de sensors y anomalies deben recibir su mensaje connection; "
      << "sensors: " << sensors.error() << "; anomalies: " << anomalies.error();
  int status = 0;
  json created =
      s.send_json("POST", "/api/v1/sensors",
                  R"({"name":"aula 3","type":"temperatura","temp_min":15,"temp_max":28})", &status);
  ASSERT_EQ(status, 201) << "Paso 7: POST /api/v1/sensors válido debe responder 201; llegó "
                         << status << " " << created;
  auto ev = sensors.read_until_type("entity_event");
  ASSERT_TRUE(ev) << "Paso 7: crear un sensor emite un entity_event en sensors; "
                  << sensors.error();
  EXPECT_EQ(ev->value("event_type", ""), "created")
      << "Paso 7: crear un sensor da event_type=created; llegó " << *ev;
  EXPECT_EQ(ev->value("entity_type", ""), "sensor")
      << "Paso 7: el evento de un sensor lleva entity_type=sensor; llegó " << *ev;
  json reading = json{{"sensor_id", created["id"]}, {"temperatura", 41.5}, {"humedad", 30}};
  s.send_json("POST", "/api/v1/readings", reading.dump(), &status);
  EXPECT_EQ(status, 201) << "Paso 7: POST /api/v1/readings válido debe responder 201; llegó "
                         << status;
  auto anomaly = anomalies.read_until_type("entity_event");
  ASSERT_TRUE(anomaly) << "Paso 7: una lectura fuera de rango emite anomaly_detected en anomalies; "
                       << anomalies.error();
  EXPECT_EQ(anomaly->value("event_type", ""), "anomaly_detected")
      << "Paso 7: 41.5 °C (rango 15..28) da event_type=anomaly_detected; llegó " << *anomaly;
  s.send_json("DELETE", "/api/v1/sensors/" + std::to_string(created.value("id", 0)), "", &status);
  EXPECT_EQ(status, 204) << "Paso 7: DELETE /api/v1/sensors/{id} debe responder 204; llegó "
                         << status;
  auto deleted = sensors.read_until_type("entity_event");
  ASSERT_TRUE(deleted) << "Paso 7: borrar un sensor emite un entity_event en sensors; "
                       << sensors.error();
  EXPECT_EQ(deleted->value("event_type", ""), "deleted")
      << "Paso 7: borrar un sensor da event_type=deleted; llegó " << *deleted;
}

}  // namespace
}  // namespace p03::testing
