// Mensajes JSON del protocolo de la práctica 01: construirlos y atender los
// que llegan. Funciones puras (sin red): se prueban sin sockets.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace p01 {

// Quién envía: lo que el servidor sabe de una conexión /ws.
struct client_info {
  std::string channel = "general";
  std::string user_id;        // "" si el cliente no lo dio
  std::string connection_id;  // asignado por el servidor: "c1", "c2", …
};

// Qué hacer con un mensaje recibido. Una cadena vacía (o null) significa "nada".
struct reply {
  std::string to_sender;  // texto para la misma conexión
  // Para todo el canal (el remitente incluido). Va como objeto JSON, no como
  // texto: quien lo difunde lo serializa una vez por transporte.
  nlohmann::ordered_json to_channel;
  std::string error_code;  // si to_sender es un error, su code (para contar errores)
};

// {"type":"connection","status":"connected","channel","user_id","connection_id","timestamp"}
std::string make_welcome(const client_info& who);
// {"type":"error","code","message","timestamp"}
std::string make_error(std::string_view code, std::string_view message);
// Un reply de error para el remitente: make_error y su code en error_code.
reply error_reply(std::string_view code, std::string_view message);
// {"type":"activity","event":"join"|"leave","channel","user_id","online","timestamp"}
std::string make_activity(std::string_view event, const client_info& who, std::size_t online);
// {"type":"activity","event":"snapshot","online","timestamp"}
std::string make_activity_snapshot(std::size_t online);

// Atiende un mensaje de texto de un cliente /ws: echo, ping, broadcast o error.
reply handle_text(std::string_view text, const client_info& who);

}  // namespace p01
