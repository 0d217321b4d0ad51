// El gestor de canales único: un canal tiene suscriptores WebSocket (el
// registro de la práctica 01) y flujos SSE (el de la práctica 02), y lo que se
// publica en él llega a los dos, con un frame por transporte construido una vez.
//
// También es el observador de las conexiones: indexa los WebSocket por
// usuario (para las notificaciones) y pasa cada aviso al monitor.
//
// Hilos: solo desde el hilo de red, como los dos registros que reúne.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "p01/channel_hub.hpp"
#include "p01/messages.hpp"
#include "p02/sse_hub.hpp"
#include "p03/connection_monitor.hpp"

namespace p03 {

class channel_manager : public taller::publisher,
                        public taller::connection_observer,
                        public taller::channel_broadcaster {
 public:
  channel_manager(p01::channel_hub& websockets, p02::sse_hub& streams,
                  std::shared_ptr<connection_monitor> monitor);

  // Publica en un canal: los WebSocket reciben {"type":type, …payload} y los
  // flujos SSE el evento "type" con payload. Devuelve a cuántos llegó.
  std::size_t publish(const std::string& channel, std::string_view type,
                      const nlohmann::json& payload) override;

  // Entrega a todas las conexiones de un usuario, WebSocket y SSE.
  std::size_t notify_user(const std::string& user_id, std::string_view type,
                          const nlohmann::json& payload) override;

  // taller::channel_broadcaster: la difusión de un cliente /ws en channel
  // llega a los WebSocket del canal tal cual y a sus flujos SSE como evento
  // broadcast. Devuelve a cuántos llegó.
  std::size_t broadcast_message(const std::string& channel,
                                const nlohmann::ordered_json& msg) override;

  // El frame WebSocket de un mensaje: {"type":type, …campos de payload, "timestamp"}.
  static std::string websocket_text(std::string_view type, const nlohmann::json& payload);

  // taller::connection_observer: indexa y pasa el aviso al monitor.
  std::uint64_t opened(const taller::connection_info& info, std::weak_ptr<taller::subscriber> sub,
                       std::shared_ptr<const taller::traffic> counted) override;
  void closed(std::uint64_t id) override;
  void error(std::string_view type) override { monitor_->error(type); }

 private:
  using id_map = taller::members;

  p01::channel_hub& websockets_;
  p02::sse_hub& streams_;
  std::shared_ptr<connection_monitor> monitor_;
  std::unordered_map<std::string, id_map> websocket_users_;  // usuario → sus WebSocket
  std::unordered_map<std::uint64_t, std::string> user_of_;   // id → usuario (para la baja)
};

}  // namespace p03
