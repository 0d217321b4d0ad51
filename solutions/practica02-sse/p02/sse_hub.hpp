// Registro de flujos SSE: por canal y por usuario, con un búfer de repetición
// acotado por canal para Last-Event-ID.
//
// Hilos: como en la práctica 01, solo se usa desde el hilo de red. Los ids de
// evento son globales y crecientes: "los eventos del canal posteriores a N"
// tiene sentido aunque los ids de un canal no sean consecutivos.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "p01/channel_hub.hpp"

namespace p02 {

using p01::frame;
using p01::subscriber;

// Un evento ya con formato SSE y su id, tal como se guarda para repetirlo.
struct stored_event {
  std::uint64_t id;
  frame text;
};

// Lo que hay que enviar a un flujo que vuelve con Last-Event-ID.
struct replay_result {
  bool reset = false;  // no se puede repetir exactamente lo perdido: recarga el estado
  std::vector<stored_event> events;  // los del canal posteriores a ese id, en orden
};

// El primer id de una ejecución a partir de la hora (segundos desde 1970): los
// milisegundos × 1000. Así los ids crecen también entre reinicios mientras no
// salgan más de mil eventos por milisegundo de media, y caben por debajo de 2^53
// (un Number de JavaScript los representa exactos) hasta el año 2255.
std::uint64_t first_id_from_clock(double epoch_seconds);

// Es un taller::publisher: en la 02, lo que se publica va solo a los flujos SSE.
class sse_hub : public taller::publisher {
 public:
  // replay_capacity: eventos guardados por canal. first_id: el primer id de
  // esta ejecución (el servidor lo saca del reloj con first_id_from_clock, para
  // que los ids sigan creciendo tras reiniciarse). max_idle_channels: canales
  // sin flujos cuyo búfer se conserva (el resto se olvida: memoria acotada).
  explicit sse_hub(std::size_t replay_capacity, std::uint64_t first_id = 1,
                   std::size_t max_idle_channels = 1024);

  // Siguiente id de evento (global, creciente).
  std::uint64_t next_id() { return ++last_id_; }

  // Da de alta un flujo. channel vacío = ningún canal (solo notificaciones);
  // user_id vacío = anónimo. Devuelve el id de la suscripción.
  std::uint64_t subscribe(const std::string& channel, const std::string& user_id,
                          std::weak_ptr<subscriber> sub);
  void unsubscribe(std::uint64_t subscription);

  // Publica en un canal: le da id, lo guarda para repetirlo y lo entrega a
  // cada flujo del canal con el mismo frame. Devuelve a cuántos llegó.
  std::size_t publish(const std::string& channel, std::string_view event,
                      const nlohmann::json& data) override;
  // Entrega a todos los flujos de ese usuario, en cualquier canal.
  std::size_t notify_user(const std::string& user_id, std::string_view event,
                          const nlohmann::json& data) override;
  // Un comentario (heartbeat) a todos los flujos.
  void broadcast_comment(const frame& comment);

  // Los eventos del canal con id > last_id.
  replay_result replay(const std::string& channel, std::uint64_t last_id) const;
  // El último evento guardado del canal (nullptr si no hay ninguno).
  const stored_event* latest(const std::string& channel) const;

  // Flujos distintos: uno con varios canales tiene una suscripción por canal.
  std::size_t total_connections() const;
  std::size_t users_connected() const { return users_.size(); }
  // {canal: flujos} de los canales con algún flujo.
  nlohmann::json channels_json() const;

  void shutdown_all();

 private:
  struct stream {
    std::string channel, user_id;
    std::weak_ptr<subscriber> sub;
  };
  struct channel_buffer {
    std::deque<stored_event> events;
    std::uint64_t evicted_upto = 0;  // id más alto que ya salió del búfer
  };
  using id_set = taller::members;

  std::vector<std::shared_ptr<subscriber>> alive_streams() const;
  void remember(const std::string& channel, std::uint64_t id, const frame& f);
  void forget_idle_buffers();

  std::size_t replay_capacity_;
  std::size_t max_idle_channels_;
  std::uint64_t last_id_ = 0;
  std::uint64_t first_id_;
  std::uint64_t last_subscription_ = 0;
  std::unordered_map<std::uint64_t, stream> streams_;
  std::unordered_map<std::string, id_set> channels_;  // canal → flujos
  std::unordered_map<std::string, id_set> users_;     // usuario → flujos
  std::unordered_map<std::string, channel_buffer> buffers_;
};

}  // namespace p02
