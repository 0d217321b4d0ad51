#include "p03/channel_manager.hpp"

#include <vector>

#include "taller/clock.hpp"

namespace p03 {

using json = nlohmann::json;

channel_manager::channel_manager(p01::channel_hub& websockets, p02::sse_hub& streams,
                                 std::shared_ptr<connection_monitor> monitor)
    : websockets_(websockets), streams_(streams), monitor_(std::move(monitor)) {}

std::uint64_t channel_manager::opened(const taller::connection_info& info,
                                      std::weak_ptr<taller::subscriber> sub) {
  const std::uint64_t id = monitor_->opened(info, sub);
  // TODO PASO 1 ▸ Indexa los WebSocket por usuario
  //   Si es un WebSocket con user_id, guárdalo en websocket_users_[usuario][id]
  //   y apunta user_of_[id] para poder darlo de baja en O(1).
  (void)sub;
  // FIN PASO 1
  return id;
}

void channel_manager::closed(std::uint64_t id) {
  // TODO PASO 1 ▸ Da de baja el WebSocket del índice de usuarios
  //   Bórralo de websocket_users_ (y borra el usuario si queda vacío) y de user_of_.
  // FIN PASO 1
  monitor_->closed(id);
}

std::string channel_manager::websocket_text(std::string_view type, const json& payload) {
  // TODO PASO 1 ▸ Construye el mensaje WebSocket de una publicación
  //   Un objeto con "type" primero, después los campos de payload (si es un
  //   objeto; si no, en "data") y "timestamp" si payload no lo trae.
  (void)type; (void)payload;
  return "{}";
  // FIN PASO 1
}

std::size_t channel_manager::publish(const std::string& channel, std::string_view type,
                                     const json& payload) {
  // TODO PASO 1 ▸ Publica en los dos transportes
  //   Un frame WebSocket (websocket_text, una vez) para websockets_.broadcast
  //   y el evento SSE para streams_.publish. Suma a cuántos llegó cada uno.
  return streams_.publish(channel, type, payload);
  // FIN PASO 1
}

std::size_t channel_manager::notify_user(const std::string& user_id, std::string_view type,
                                         const json& payload) {
  // TODO PASO 1 ▸ Notifica a un usuario por los dos transportes
  //   Los flujos SSE con streams_.notify_user; a los WebSocket de ese usuario
  //   (websocket_users_) les entregas un frame construido una vez.
  return streams_.notify_user(user_id, type, payload);
  // FIN PASO 1
}

std::size_t channel_manager::relay_from_websocket(const p01::client_info& from,
                                                  const taller::frame& msg) {
  // TODO PASO 1 ▸ Lleva la difusión de un WebSocket a los flujos SSE del canal
  //   msg es el JSON {"type":"broadcast",…}: quítale "type" y publícalo con
  //   streams_.publish(canal, "broadcast", …).
  (void)from; (void)msg;
  return 0;
  // FIN PASO 1
}

}  // namespace p03
