// Paso 7 — eventos de entidad: cada cambio en el módulo de sensores devuelve
// los eventos que el servidor debe publicar (en su canal y en general), una
// lectura fuera de rango produce además una anomalía y un error no produce
// ninguno. El reloj es falso: now_ es la hora que devuelve now_iso.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "p03/sensors.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;

const std::string t0 = "2025-07-20T10:30:00Z";
const std::string t1 = "2025-07-20T10:31:00Z";

// Los eventos en JSON, para los mensajes de error.
std::string show(const std::vector<outgoing_event>& events) {
  json out = json::array();
  for (const auto& e : events) out.push_back({{"channel", e.channel}, {"message", e.message}});
  return out.dump();
}

// Los canales de los eventos, en orden.
std::vector<std::string> channels(const std::vector<outgoing_event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.channel);
  return out;
}

// Un resultado entero (estado, cuerpo y eventos), para los mensajes de error.
std::string show(const sensor_result& r) {
  return "estado " + std::to_string(r.status) + ", cuerpo " + r.body.dump() + ", eventos " +
         show(r.events);
}

// El evento de entidad que se espera, con todos sus campos.
json entity_event(const std::string& entity_type, const std::string& event_type, std::int64_t id,
                  const json& data, const std::string& timestamp, const std::string& action) {
  return {{"type", "entity_event"},
          {"entity_type", entity_type},
          {"event_type", event_type},
          {"entity_id", id},
          {"data", data},
          {"timestamp", timestamp},
          {"metadata", {{"action", action}}}};
}

// Comprueba que events son exactamente message en channel y en general.
void expect_published(const std::vector<outgoing_event>& events, const std::string& channel,
                      const json& message) {
  ASSERT_EQ(channels(events), (std::vector<std::string>{channel, "general"}))
      << "Paso 7: el evento va a " << channel << " y a general, en ese orden; llegó "
      << show(events);
  EXPECT_EQ(events[0].message, message) << "Paso 7: en " << channel << " se esperaba "
                                        << message.dump() << "; llegó " << events[0].message.dump();
  EXPECT_EQ(events[1].message, message) << "Paso 7: en general va el mismo mensaje que en "
                                        << channel << "; llegó " << events[1].message.dump();
}

// {"name":"Invernadero","type":"mixto","location":"Nave 2"} con los rangos por omisión.
json invernadero() { return {{"name", "Invernadero"}, {"type", "mixto"}, {"location", "Nave 2"}}; }

// El sensor 1 recién creado con invernadero() en t0.
json invernadero_creado() {
  return {{"id", 1},          {"name", "Invernadero"}, {"type", "mixto"}, {"tipo", "mixto"},
          {"modelo", ""},     {"location", "Nave 2"},  {"temp_min", -10}, {"temp_max", 50},
          {"hum_min", 0},     {"hum_max", 100},        {"created_at", t0}, {"updated_at", t0}};
}

class Paso7_EventosDeEntidad : public ::testing::Test {
 protected:
  // Crea un sensor que debe ser válido y devuelve su JSON.
  json create_ok(const json& body) {
    auto r = store_.create(body);
    EXPECT_EQ(r.status, 201) << "Paso 7: crear " << body.dump() << " debe dar 201; llegó "
                             << show(r);
    return r.body;
  }

  std::string now_ = t0;
  sensor_store store_{[this] { return now_; }};
};

TEST_F(Paso7_EventosDeEntidad, CrearEmiteCreatedEnSensorsYGeneral) {
  auto r = store_.create(invernadero());
  ASSERT_EQ(r.status, 201) << "Paso 7: crear un sensor válido da 201; llegó " << show(r);
  EXPECT_EQ(r.body, invernadero_creado())
      << "Paso 7: el cuerpo es el sensor con id 1 y los rangos por omisión; llegó "
      << r.body.dump();
  expect_published(r.events, "sensors",
                   entity_event("sensor", "created", 1, invernadero_creado(), t0, "create_sensor"));
}

TEST_F(Paso7_EventosDeEntidad, ActualizarEmiteUpdatedConElSensorCambiado) {
  create_ok(invernadero());
  now_ = t1;
  auto r = store_.update(1, {{"temp_max", 40}, {"location", "Nave 3"}});
  ASSERT_EQ(r.status, 200) << "Paso 7: un cambio válido da 200; llegó " << show(r);
  json expected = invernadero_creado();
  expected["temp_max"] = 40;
  expected["location"] = "Nave 3";
  expected["updated_at"] = t1;
  EXPECT_EQ(r.body, expected)
      << "Paso 7: el cuerpo es el sensor cambiado (created_at no cambia); llegó " << r.body.dump();
  expect_published(r.events, "sensors",
                   entity_event("sensor", "updated", 1, expected, t1, "update_sensor"));
}

TEST_F(Paso7_EventosDeEntidad, BorrarEmiteDeletedYDespuesNoExiste) {
  create_ok(invernadero());
  now_ = t1;
  auto r = store_.remove(1);
  ASSERT_EQ(r.status, 204) << "Paso 7: borrar un sensor que existe da 204; llegó " << show(r);
  expect_published(r.events, "sensors",
                   entity_event("sensor", "deleted", 1, invernadero_creado(), t1, "delete_sensor"));

  auto got = store_.get(1);
  EXPECT_EQ(got.status, 404) << "Paso 7: tras borrarlo, GET del sensor da 404; llegó " << show(got);
  EXPECT_EQ(got.body.value("error", ""), "not_found")
      << "Paso 7: el 404 dice error=not_found; llegó " << got.body.dump();
  EXPECT_EQ(got.body.value("field", ""), "id")
      << "Paso 7: el 404 nombra el campo id; llegó " << got.body.dump();
  auto again = store_.remove(1);
  EXPECT_EQ(again.status, 404) << "Paso 7: borrarlo otra vez da 404; llegó " << show(again);
  EXPECT_TRUE(again.events.empty())
      << "Paso 7: un 404 no publica nada; llegó " << show(again.events);
}

TEST_F(Paso7_EventosDeEntidad, LecturaEnRangoEmiteSoloCreated) {
  create_ok(invernadero());
  auto r = store_.add_reading({{"sensor_id", 1},
                               {"temperatura", 23.5},
                               {"humedad", 65.2},
                               {"timestamp", "2025-07-20T10:29:58Z"}});
  ASSERT_EQ(r.status, 201) << "Paso 7: una lectura válida da 201; llegó " << show(r);
  json reading = {{"id", 1},
                        {"sensor_id", 1},
                        {"temperatura", 23.5},
                        {"humedad", 65.2},
                        {"timestamp", "2025-07-20T10:29:58Z"}};
  EXPECT_EQ(r.body, reading) << "Paso 7: el cuerpo es la lectura; llegó " << r.body.dump();
  expect_published(r.events, "readings",
                   entity_event("reading", "created", 1, reading, t0, "create_reading"));

  // En los extremos del rango (50 °C, 0 %) sigue dentro: no hay anomalía.
  auto edge = store_.add_reading({{"sensor_id", 1}, {"temperatura", 50}, {"humedad", 0}});
  ASSERT_EQ(edge.status, 201) << "Paso 7: una lectura sin timestamp da 201; llegó " << show(edge);
  EXPECT_EQ(edge.body.value("timestamp", ""), t0)
      << "Paso 7: sin timestamp, la lectura lleva la hora de now_iso; llegó " << edge.body.dump();
  EXPECT_EQ(channels(edge.events), (std::vector<std::string>{"readings", "general"}))
      << "Paso 7: 50 °C y 0 % están dentro de -10..50 y 0..100, sin anomalía; llegó "
      << show(edge.events);
}

TEST_F(Paso7_EventosDeEntidad, LecturaFueraDeRangoEmiteAnomalia) {
  create_ok({{"name", "Cámara fría"},
             {"type", "mixto"},
             {"temp_min", -5},
             {"temp_max", 30},
             {"hum_min", 20},
             {"hum_max", 80}});
  auto r = store_.add_reading({{"sensor_id", 1},
                               {"temperatura", 35.5},
                               {"humedad", 90},
                               {"timestamp", "2025-07-20T10:29:58Z"}});
  ASSERT_EQ(r.status, 201) << "Paso 7: una lectura fuera de rango también se guarda (201); llegó "
                           << show(r);
  json reading = {{"id", 1},
                        {"sensor_id", 1},
                        {"temperatura", 35.5},
                        {"humedad", 90},
                        {"timestamp", "2025-07-20T10:29:58Z"}};
  json anomaly = reading;
  anomaly["anomalies"] = {
      {{"field", "temperatura"}, {"value", 35.5}, {"min", -5}, {"max", 30}},
      {{"field", "humedad"}, {"value", 90}, {"min", 20}, {"max", 80}},
  };
  const std::vector<std::string> expected_channels{"readings", "general", "anomalies", "general"};
  ASSERT_EQ(channels(r.events), expected_channels)
      << "Paso 7: primero la lectura (readings, general) y después la anomalía (anomalies, "
         "general); llegó "
      << show(r.events);
  EXPECT_EQ(r.events[0].message,
            entity_event("reading", "created", 1, reading, t0, "create_reading"))
      << "Paso 7: en readings va reading/created; llegó " << r.events[0].message.dump();
  json expected =
      entity_event("reading", "anomaly_detected", 1, anomaly, t0, "detect_anomaly");
  EXPECT_EQ(r.events[2].message, expected)
      << "Paso 7: en anomalies va reading/anomaly_detected con la lista anomalies en data; se "
         "esperaba "
      << expected.dump() << "; llegó " << r.events[2].message.dump();
  EXPECT_EQ(r.events[3].message, expected)
      << "Paso 7: la anomalía también va a general; llegó " << r.events[3].message.dump();

  // Solo la humedad fuera: la lista tiene un elemento.
  auto wet = store_.add_reading({{"sensor_id", 1}, {"temperatura", 20}, {"humedad", 10}});
  ASSERT_EQ(wet.events.size(), 4u)
      << "Paso 7: humedad 10 < hum_min 20 es una anomalía; llegó " << show(wet.events);
  json only_humidity = {{{"field", "humedad"}, {"value", 10}, {"min", 20}, {"max", 80}}};
  EXPECT_EQ(wet.events[2].message["data"]["anomalies"], only_humidity)
      << "Paso 7: solo la humedad está fuera de rango; llegó "
      << wet.events[2].message["data"]["anomalies"].dump();
}

TEST_F(Paso7_EventosDeEntidad, LosErroresNombranElCampoYNoEmiten) {
  const std::vector<std::pair<json, std::string>> bad_sensors = {
      {{{"type", "mixto"}}, "name"},
      {{{"name", ""}, {"type", "mixto"}}, "name"},
      {{{"name", std::string(101, 'x')}, {"type", "mixto"}}, "name"},
      {{{"name", "A"}}, "type"},
      {{{"name", "A"}, {"type", "presion"}}, "type"},
      {{{"name", "A"}, {"type", "mixto"}, {"location", std::string(201, 'x')}}, "location"},
      {{{"name", "A"}, {"type", "mixto"}, {"temp_min", "frío"}}, "temp_min"},
      {{{"name", "A"}, {"type", "mixto"}, {"temp_min", 60}}, "temp_min"},
      {{{"name", "A"}, {"type", "mixto"}, {"hum_max", 0}}, "hum_max"},
      {{{"name", "A"}, {"type", "mixto"}, {"color", "rojo"}}, "color"},
      {json::array(), "body"},
  };
  for (const auto& [body, field] : bad_sensors) {
    auto r = store_.create(body);
    EXPECT_EQ(r.status, 422) << "Paso 7: crear " << body.dump() << " da 422; llegó " << show(r);
    EXPECT_EQ(r.body.value("field", ""), field)
        << "Paso 7: el error de " << body.dump() << " nombra el campo " << field << "; llegó "
        << r.body.dump();
    EXPECT_TRUE(r.events.empty()) << "Paso 7: un 422 no publica nada; llegó " << show(r.events);
  }

  // La petición corregida sí se guarda y se publica.
  auto ok = store_.create({{"name", "A"}, {"type", "mixto"}, {"temp_min", 20}});
  ASSERT_EQ(ok.status, 201) << "Paso 7: con todos los campos bien da 201; llegó " << show(ok);
  EXPECT_EQ(ok.events.size(), 2u) << "Paso 7: un sensor creado se publica en sensors y general; "
                                     "llegó "
                                  << show(ok.events);

  auto patch = store_.update(1, {{"temp_max", 10}});
  EXPECT_EQ(patch.body.value("field", ""), "temp_max")
      << "Paso 7: temp_max 10 < temp_min 20 es un error en temp_max; llegó " << show(patch);
  EXPECT_TRUE(patch.events.empty())
      << "Paso 7: un cambio inválido no publica nada; llegó " << show(patch.events);
  EXPECT_EQ(store_.get(1).body.value("temp_max", 0.0), 50.0)
      << "Paso 7: un cambio inválido no toca el sensor; llegó " << store_.get(1).body.dump();

  const std::vector<std::pair<json, std::string>> bad_readings = {
      {{{"temperatura", 20}, {"humedad", 50}}, "sensor_id"},
      {{{"sensor_id", 99}, {"temperatura", 20}, {"humedad", 50}}, "sensor_id"},
      {{{"sensor_id", "1"}, {"temperatura", 20}, {"humedad", 50}}, "sensor_id"},
      {{{"sensor_id", 1}, {"temperatura", "x"}, {"humedad", 50}}, "temperatura"},
      {{{"sensor_id", 1}, {"temperatura", 20}}, "humedad"},
      {{{"sensor_id", 1}, {"temperatura", 20}, {"humedad", 50}, {"timestamp", "ayer"}},
       "timestamp"},
  };
  for (const auto& [body, field] : bad_readings) {
    auto r = store_.add_reading(body);
    EXPECT_EQ(r.status, 422) << "Paso 7: la lectura " << body.dump() << " da 422; llegó "
                             << show(r);
    EXPECT_EQ(r.body.value("field", ""), field)
        << "Paso 7: el error de " << body.dump() << " nombra el campo " << field << "; llegó "
        << r.body.dump();
    EXPECT_TRUE(r.events.empty()) << "Paso 7: un 422 no publica nada; llegó " << show(r.events);
  }
}

TEST_F(Paso7_EventosDeEntidad, NoGuardaMasDeDiezMilSensores) {
  for (std::size_t i = 0; i < max_sensors; ++i) {
    auto r = store_.create({{"name", "S" + std::to_string(i)}, {"type", "temperatura"}});
    ASSERT_EQ(r.status, 201) << "Paso 7: el sensor " << i + 1 << " de " << max_sensors
                             << " cabe; llegó " << show(r);
  }
  auto full = store_.create({{"name", "Uno más"}, {"type", "temperatura"}});
  EXPECT_EQ(full.status, 409) << "Paso 7: con " << max_sensors << " sensores, crear otro da 409; "
                              << "llegó " << show(full);
  EXPECT_EQ(full.body.value("error", ""), "limit_reached")
      << "Paso 7: el 409 dice error=limit_reached; llegó " << full.body.dump();
  EXPECT_TRUE(full.events.empty())
      << "Paso 7: un sensor rechazado no se publica; llegó " << show(full.events);
  EXPECT_EQ(store_.list().body.size(), max_sensors)
      << "Paso 7: la lista sigue con " << max_sensors << " sensores; tiene "
      << store_.list().body.size();

  auto removed = store_.remove(5);
  EXPECT_EQ(channels(removed.events), (std::vector<std::string>{"sensors", "general"}))
      << "Paso 7: borrar el sensor 5 se publica; llegó " << show(removed.events);
  auto again = store_.create({{"name", "Uno más"}, {"type", "temperatura"}});
  ASSERT_EQ(again.status, 201) << "Paso 7: tras borrar uno, vuelve a caber; llegó " << show(again);
  ASSERT_EQ(again.events.size(), 2u)
      << "Paso 7: el sensor nuevo se publica; llegó " << show(again.events);
  EXPECT_EQ(again.events[0].message.value("entity_id", 0), 10001)
      << "Paso 7: los ids no se reutilizan: el nuevo es el 10001; llegó "
      << again.events[0].message.dump();
}

TEST_F(Paso7_EventosDeEntidad, GuardaSoloLasCienUltimasLecturasDeCadaSensor) {
  create_ok(invernadero());
  create_ok({{"name", "Otro"}, {"type", "humedad"}});
  sensor_result last;
  for (int i = 1; i <= 150; ++i)
    last = store_.add_reading({{"sensor_id", 1}, {"temperatura", 20}, {"humedad", 50}});
  store_.add_reading({{"sensor_id", 2}, {"temperatura", 20}, {"humedad", 50}});
  ASSERT_EQ(last.events.size(), 2u) << "Paso 7: cada lectura se publica en readings y general; "
                                       "llegó "
                                    << show(last.events);
  EXPECT_EQ(last.events[0].message.value("entity_id", 0), 150)
      << "Paso 7: la lectura 150 se publica con entity_id 150; llegó "
      << last.events[0].message.dump();

  json kept = store_.readings(1).body;
  ASSERT_EQ(kept.size(), max_readings_per_sensor)
      << "Paso 7: del sensor 1 quedan las " << max_readings_per_sensor << " últimas; hay "
      << kept.size();
  EXPECT_EQ(kept.front().value("id", 0), 51)
      << "Paso 7: la más antigua que queda es la 51; es " << kept.front().dump();
  EXPECT_EQ(kept.back().value("id", 0), 150)
      << "Paso 7: la más nueva es la 150; es " << kept.back().dump();
  EXPECT_EQ(store_.readings(2).body.size(), 1u)
      << "Paso 7: el límite es por sensor: el sensor 2 conserva su lectura; tiene "
      << store_.readings(2).body.dump();

  store_.remove(1);
  EXPECT_EQ(store_.readings(1).status, 404)
      << "Paso 7: al borrar el sensor se borran sus lecturas (404); llegó "
      << show(store_.readings(1));
}


}  // namespace
}  // namespace p03::testing
