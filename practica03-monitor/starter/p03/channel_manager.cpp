#include "p03/channel_manager.hpp"

#include "taller/clock.hpp"
#include "taller/input.hpp"

namespace p03 {

using json = nlohmann::json;

channel_manager::channel_manager(p01::channel_hub& websockets, p02::sse_hub& streams,
                                 std::shared_ptr<connection_monitor> monitor)
    : websockets_(websockets), streams_(streams), monitor_(std::move(monitor)) {}

std::uint64_t channel_manager::opened(const taller::connection_info& info,
                                      std::weak_ptr<taller::subscriber> sub,
                                      std::shared_ptr<const taller::traffic> counted) {
  const std::uint64_t id = monitor_->opened(info, sub, std::move(counted));
  // TODO PASO 1 ▸ Indexa los WebSocket por usuario
  //   Al volver, un WebSocket con user_id se puede encontrar por su usuario en websocket_users_
  //   (como weak_ptr: el índice no alarga la vida de la sesión) y user_of_ dice de quién es su id.
  //   Los flujos SSE y las conexiones anónimas no se indexan: el sse_hub ya lleva los suyos.
  //   Así notify_user encuentra los WebSocket de un usuario sin recorrer todas las conexiones.
  (void)sub;
  // FIN PASO 1
  return id;
}

void channel_manager::closed(std::uint64_t id) {
  // TODO PASO 1 ▸ Da de baja el WebSocket del índice de usuarios
  //   Al volver, el id ya no está ni en user_of_ ni en websocket_users_, y un usuario que se queda
  //   sin WebSocket desaparece del mapa; un id que nunca se indexó no cambia nada. Así el índice
  //   solo guarda conexiones vivas y no crece con la historia del servidor. La llamada a
  //   monitor_->closed que viene después se queda como está.
  // FIN PASO 1
  monitor_->closed(id);
}

std::string channel_manager::websocket_text(std::string_view type, const json& payload) {
  // TODO PASO 1 ▸ Construye el mensaje WebSocket de una publicación
  //   Devuelve el texto JSON de un objeto con "type" primero (el tipo publicado, aunque payload
  //   traiga el suyo), después los campos de payload y "timestamp" (ISO-8601, taller::iso_now)
  //   solo si payload no lo trae. Un payload que no es objeto va entero en "data": ("x", 5) da
  //   {"type":"x","data":5,"timestamp":"…"}. No lanza con UTF-8 inválido (se sustituye):
  //   corre en el hilo de red, y una excepción ahí dejaría sin servicio a todos.
  (void)type; (void)payload;
  return "{}";
  // FIN PASO 1
}

std::size_t channel_manager::publish(const std::string& channel, std::string_view type,
                                     const json& payload) {
  // TODO PASO 1 ▸ Publica en los dos transportes
  //   Una publicación llega a los WebSocket del canal (websockets_.broadcast) y a sus flujos SSE
  //   (streams_.publish), y devuelve a cuántos llegó sumando los dos: es el "delivered" de
  //   POST /sse/broadcast. El texto WebSocket sale de websocket_text una sola vez y todas las
  //   colas comparten el mismo taller::frame, porque N clientes no deben costar N copias.
  return streams_.publish(channel, type, payload);
  // FIN PASO 1
}

std::size_t channel_manager::notify_user(const std::string& user_id, std::string_view type,
                                         const json& payload) {
  // TODO PASO 1 ▸ Notifica a un usuario por los dos transportes
  //   La notificación llega a todas las conexiones del usuario: sus flujos SSE
  //   (streams_.notify_user) y sus WebSocket de websocket_users_, con un frame construido una vez.
  //   Devuelve la suma de entregas; un WebSocket ya destruido ni recibe ni cuenta. Entregar puede
  //   cerrar una sesión, y su cierre borra de websocket_users_: por eso se entrega con
  //   taller::deliver_to, que recorre una copia de las vivas.
  return streams_.notify_user(user_id, type, payload);
  // FIN PASO 1
}

std::size_t channel_manager::broadcast_message(const std::string& channel,
                                               const nlohmann::ordered_json& msg) {
  // TODO PASO 1 ▸ Difunde por los dos transportes lo que envía un cliente /ws
  //   msg es el objeto JSON de la difusión de la 01 ({"type":"broadcast","channel","from",…}),
  //   sin serializar. Llega tal cual a los WebSocket de channel (websockets_.broadcast_message,
  //   que lo serializa una vez) y a sus flujos SSE como evento "broadcast" con ese objeto sin su
  //   "type" (sse_hub::publish lo serializa una vez); devuelve la suma. msg es del llamador:
  //   quita "type" de una copia. Así la difusión baja una sola vez, por aquí, a los dos registros.
  return websockets_.broadcast_message(channel, msg);
  // FIN PASO 1
}

}  // namespace p03
