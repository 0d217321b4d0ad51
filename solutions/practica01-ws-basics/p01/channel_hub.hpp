// Registro de conexiones por canal y de observadores de actividad.
//
// Hilos: el servidor de la práctica 01 corre en un solo hilo (un io_context),
// así que el registro se usa sin candados. Guarda weak_ptr: no mantiene viva
// ninguna sesión; cada sesión se da de baja en su destructor.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "p01/messages.hpp"
#include "p01/send_queue.hpp"
#include "taller/subscriber.hpp"

namespace p01 {

// Lo que el registro necesita de una conexión: entregarle un mensaje y
// cerrarla cuando el servidor se apaga. Está en comun/taller/subscriber.hpp
// porque también lo usan los flujos SSE de las prácticas siguientes.
using subscriber = taller::subscriber;
// Un texto envuelto en un frame, para entregarlo (comun/taller/subscriber.hpp).
using taller::make_frame;

// Es un taller::channel_broadcaster: si una sesión /ws no recibió otro (en
// esta práctica, nunca), lo que su cliente difunde lo reparte el registro a los
// WebSocket de su canal. La práctica 03 da a las sesiones su gestor de canales.
class channel_hub : public taller::channel_broadcaster {
 public:
  // Da de alta una conexión /ws en su canal y avisa a los observadores.
  void join(const client_info& who, std::uint64_t id, std::weak_ptr<subscriber> sub);
  // Da de baja la conexión y avisa a los observadores.
  void leave(const client_info& who, std::uint64_t id);
  // Entrega el mismo mensaje a cada conexión del canal. Devuelve a cuántas.
  std::size_t broadcast(const std::string& channel, const frame& msg);
  // La difusión de un cliente: msg serializado una vez y entregado con broadcast.
  std::size_t broadcast_message(const std::string& channel,
                                const nlohmann::ordered_json& msg) override;

  // Da de alta un observador de /ws/activity y le envía la foto inicial.
  void watch(std::uint64_t id, std::weak_ptr<subscriber> sub);
  void unwatch(std::uint64_t id);

  // Conexiones /ws abiertas (en todos los canales).
  std::size_t online() const { return online_; }
  std::size_t channel_size(const std::string& channel) const;
  std::size_t channel_count() const { return channels_.size(); }
  // Conexiones y observadores registrados.
  std::size_t size() const { return online_ + watchers_.size(); }

  // Cierra con 1001 todas las conexiones y observadores (apagado).
  void shutdown_all();

 private:
  using members = taller::members;
  void notify_watchers(const frame& msg);

  std::unordered_map<std::string, members> channels_;
  members watchers_;
  std::size_t online_ = 0;
};

}  // namespace p01
