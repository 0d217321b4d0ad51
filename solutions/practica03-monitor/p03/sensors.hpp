// Módulo de sensores del monitor, en memoria: sensores con sus rangos y sus
// últimas lecturas. Cada cambio produce eventos de entidad que el servidor
// publica por WebSocket; este módulo no hace E/S: cada operación devuelve el
// estado HTTP, el cuerpo JSON y la lista de eventos que hay que publicar.
//
// Canales: un cambio de sensor va a "sensors", una lectura a "readings" y una
// lectura fuera de rango también a "anomalies". Todo evento va además a
// "general".
//
// Errores: 404 {"error":"not_found","field":"id","message"} si el sensor de la
// URL no existe; 422 {"error":"invalid_field","field","message"} si el
// cuerpo no es válido (también si sensor_id de una lectura no existe: la URL
// /readings sí existe, lo que falla es un campo del cuerpo); 409
// {"error":"limit_reached","message"} si ya hay max_sensors sensores. Un error
// no cambia nada ni produce eventos. Un campo de otro tipo (número, lista,
// objeto, null, booleano donde va un texto…) es un 422 que lo nombra, nunca
// una excepción; los textos no admiten caracteres de control.
//
// Hilos: solo se usa desde el hilo de red del servidor (io thread); no hay
// mutex. El reloj se inyecta: las pruebas fijan la hora.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "p03/alerts.hpp"  // field_error

namespace p03 {

// Cuántos sensores caben como mucho: así la memoria no crece sin límite.
inline constexpr std::size_t max_sensors = 10000;
// Lecturas que se guardan de cada sensor; al llegar una más se olvida la más antigua.
inline constexpr std::size_t max_readings_per_sensor = 100;

struct sensor {
  std::int64_t id = 0;
  std::string name;                      // de 1 a 100 caracteres; sin él, el modelo
  std::string type;                      // "temperatura" | "humedad" | "mixto" (o "tipo")
  std::string model;                     // "modelo" de los prototipos, hasta 100 caracteres
  std::string location;                  // opcional, hasta 200 caracteres
  double temp_min = -10, temp_max = 50;  // rango normal de temperatura (°C), min < max
  double hum_min = 0, hum_max = 100;     // rango normal de humedad (%), min < max
  std::string created_at, updated_at;    // ISO 8601, los pone el servidor

  // {"id","name","type","location","temp_min","temp_max","hum_min","hum_max",
  //  "created_at","updated_at"} y, con los nombres de los prototipos, "tipo" (= type)
  //  y "modelo"
  nlohmann::json to_json() const;
};

struct reading {
  std::int64_t id = 0;
  std::int64_t sensor_id = 0;
  double temperatura = 0;
  double humedad = 0;
  std::string timestamp;  // ISO 8601; si no viene, la hora de llegada

  // {"id","sensor_id","temperatura","humedad","timestamp"}
  nlohmann::json to_json() const;
};

// Un mensaje para publicar en un canal.
struct outgoing_event {
  std::string channel;
  nlohmann::json message;
};

// Lo que responde cada operación: estado HTTP (200, 201, 204, 404, 409 o 422),
// cuerpo (null con 204) y los eventos que el servidor debe publicar, en orden.
struct sensor_result {
  int status = 200;
  nlohmann::json body;
  std::vector<outgoing_event> events;
};

// {"type":"system_event","level","message","data","timestamp"}: lo que el
// servidor publica en "general" al arrancar y al parar.
nlohmann::json make_system_event(std::string_view level, std::string_view message,
                                 const nlohmann::json& data, const std::string& timestamp);

// Los eventos de entidad tienen esta forma:
//   {"type":"entity_event","entity_type":"sensor"|"reading",
//    "event_type":"created"|"updated"|"deleted"|"anomaly_detected",
//    "entity_id":<id>,"data":<la entidad en JSON>,"timestamp":<ISO>,
//    "metadata":{"action":"create_sensor"|"update_sensor"|"delete_sensor"|
//                         "create_reading"|"detect_anomaly"}}
class sensor_store {
 public:
  // now_iso: devuelve la hora actual en ISO 8601 ("2025-07-20T10:30:00Z").
  explicit sensor_store(std::function<std::string()> now_iso);

  // POST /sensors {"name","type","location"?,"temp_min"?,"temp_max"?,"hum_min"?,
  // "hum_max"?}: 201 con el sensor; publica sensor/created. El cuerpo de los
  // prototipos, {"tipo","modelo"}, también vale: tipo es type y el nombre, el modelo.
  sensor_result create(const nlohmann::json& body);
  // GET /sensors: 200 con todos los sensores, por id.
  sensor_result list() const;
  // GET /sensors/{id}: 200 con el sensor o 404.
  sensor_result get(std::int64_t id) const;
  // PATCH /sensors/{id}: cambio parcial con las mismas reglas que create; 200
  // con el sensor cambiado, 404 o 422; publica sensor/updated.
  sensor_result update(std::int64_t id, const nlohmann::json& patch);
  // DELETE /sensors/{id}: 204 (borra también sus lecturas) o 404; publica
  // sensor/deleted con el sensor como estaba.
  sensor_result remove(std::int64_t id);

  // POST /readings {"sensor_id","temperatura","humedad","timestamp"?}: 201 con
  // la lectura; publica reading/created y, si se sale del rango del sensor,
  // reading/anomaly_detected con la lista "anomalies" en data.
  sensor_result add_reading(const nlohmann::json& body);
  // GET /sensors/{id}/readings: 200 con sus últimas lecturas (de la más antigua
  // a la más nueva) o 404.
  sensor_result readings(std::int64_t sensor_id) const;

 private:
  struct entry {
    sensor info;
    std::deque<reading> readings;  // como mucho max_readings_per_sensor
  };

  std::function<std::string()> now_iso_;
  std::map<std::int64_t, entry> sensors_;  // como mucho max_sensors
  std::int64_t last_sensor_id_ = 0;        // los ids no se reutilizan
  std::int64_t last_reading_id_ = 0;
};

}  // namespace p03
