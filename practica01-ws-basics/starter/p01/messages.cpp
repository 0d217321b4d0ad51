#include "p01/messages.hpp"

#include <nlohmann/json.hpp>

#include "taller/clock.hpp"
#include "taller/input.hpp"

namespace p01 {

using json = nlohmann::ordered_json;  // conserva el orden: "type" primero

namespace {

// Todo mensaje del servidor lleva "type" y "timestamp" (ISO-8601 UTC).
json frame_of(std::string_view type) {
  return json{{"type", type}, {"timestamp", taller::iso_now()}};
}

// user_id vacío se envía como null: el cliente no se identificó.
// ([[maybe_unused]]: en el starter solo la usan los pasos que aún no están hechos.)
[[maybe_unused]] json user_or_null(const std::string& user_id) {
  return user_id.empty() ? json(nullptr) : json(user_id);
}

// Campo de texto de un objeto JSON, o "" si falta o no es texto.
std::string string_field(const json& msg, const char* name) {
  if (!msg.is_object()) return {};
  auto it = msg.find(name);
  return it != msg.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// Serializa sin lanzar: un texto con UTF-8 inválido (p. ej. un user_id de la
// URL con %FF) se sustituye por U+FFFD en vez de tumbar el servidor.
std::string to_text(const json& msg) {
  return msg.dump(-1, ' ', false, json::error_handler_t::replace);
}

// El campo "data" del mensaje (null si no vino).
[[maybe_unused]] json data_of(const json& msg) {
  if (!msg.is_object()) return nullptr;
  auto it = msg.find("data");
  return it == msg.end() ? json(nullptr) : *it;
}

}  // namespace

std::string make_welcome(const client_info& who) {
  // TODO PASO 1 ▸ Construye el mensaje de bienvenida
  //   Un objeto con type "connection", status "connected", channel, user_id
  //   (null si está vacío: usa user_or_null), connection_id y timestamp.
  //   frame_of("connection") ya pone type y timestamp.
  (void)who;
  return to_text(frame_of("connection"));
  // FIN PASO 1
}

std::string make_error(std::string_view code, std::string_view message) {
  json msg = frame_of("error");
  msg["code"] = code;
  msg["message"] = message;
  return to_text(msg);
}

reply error_reply(std::string_view code, std::string_view message) {
  return {.to_sender = make_error(code, message), .error_code = std::string(code)};
}

std::string make_activity(std::string_view event, const client_info& who, std::size_t online) {
  // TODO PASO 5 ▸ Construye el aviso de actividad (join/leave)
  //   type "activity", event ("join" o "leave"), channel, user_id (null si
  //   está vacío), online (conexiones /ws abiertas) y timestamp.
  (void)event; (void)who; (void)online;
  return to_text(frame_of("activity"));
  // FIN PASO 5
}

std::string make_activity_snapshot(std::size_t online) {
  json msg = frame_of("activity");
  msg["event"] = "snapshot";
  msg["online"] = online;
  return to_text(msg);
}

reply handle_text(std::string_view text, const client_info& who) {
  // TODO PASO 3 ▸ Responde al JSON inválido con un error "invalid_json"
  //   taller::parse_json<json>(text) (taller/input.hpp) no lanza excepciones
  //   y rechaza también un JSON que anida más de 64 niveles; si falla, su
  //   .error dice por qué. Responde solo al remitente con
  //   error_reply("invalid_json", "el mensaje " + error); la conexión sigue
  //   abierta. Un JSON que no es un objeto con "type" de texto (42, [],
  //   {"data":1}) es "invalid_message".
  const auto parsed = taller::parse_json<json>(text);
  const json& msg = parsed.value;
  // FIN PASO 3
  const std::string type = string_field(msg, "type");

  // TODO PASO 2 ▸ Atiende "echo" y "ping"
  //   echo: devuelve al remitente {"type":"echo","data":<el mismo data>, timestamp}.
  //   ping: devuelve {"type":"pong", timestamp}.
  // FIN PASO 2

  // TODO PASO 4 ▸ Difunde "broadcast" a todo el canal
  //   {"type":"broadcast","channel","from","data","timestamp"} en to_channel;
  //   "from" es el user_id o, si está vacío, el connection_id.
  (void)who;  // lo usarás en este paso
  // FIN PASO 4

  // TODO PASO 3 ▸ Responde a un tipo desconocido con un error "unknown_type"
  //   El mensaje de error dice qué tipo llegó, p. ej. «tipo desconocido: "hola"».
  return {};
  // FIN PASO 3
}

}  // namespace p01
