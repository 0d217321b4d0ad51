#include "p01/messages.hpp"

#include <algorithm>
#include <array>
#include <optional>

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
json user_or_null(const std::string& user_id) {
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
using taller::to_text;

// El campo "data" del mensaje (null si no vino).
json data_of(const json& msg) {
  if (!msg.is_object()) return nullptr;
  auto it = msg.find("data");
  return it == msg.end() ? json(nullptr) : *it;
}

}  // namespace

std::string make_welcome(const client_info& who) {
  // PASO 1 ▸ Construye el mensaje de bienvenida
  //   Devuelve el texto JSON {"type":"connection","status":"connected","message","channel",
  //   "user_id","connection_id","timestamp"} con los datos de who; message es "conectado al
  //   canal <canal>". Sin user_id en la URL, "user_id" es null y no "" (el ayudante
  //   user_or_null): anónimo no es un nombre vacío. frame_of() ya pone type y timestamp;
  //   serializa con to_text(), que no lanza con UTF-8 roto.
  json msg = frame_of("connection");
  msg["status"] = "connected";
  msg["message"] = "conectado al canal " + who.channel;
  msg["channel"] = who.channel;
  msg["user_id"] = user_or_null(who.user_id);
  msg["connection_id"] = who.connection_id;
  return to_text(msg);
  //▸ starter
  //| (void)who;
  //| return to_text(frame_of("connection"));
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
  // PASO 5 ▸ Construye el aviso de actividad (join/leave)
  //   Devuelve {"type":"activity","event","channel","user_id","online","timestamp"}:
  //   event es el que llega ("join" o "leave"), user_id es null si está vacío (como en la
  //   bienvenida) y online, las conexiones /ws abiertas en todos los canales, tal como te lo
  //   pasan: quien llama ya lo ha actualizado.
  json msg = frame_of("activity");
  msg["event"] = event;
  msg["channel"] = who.channel;
  msg["user_id"] = user_or_null(who.user_id);
  msg["online"] = online;
  return to_text(msg);
  //▸ starter
  //| (void)event; (void)who; (void)online;
  //| return to_text(frame_of("activity"));
  // FIN PASO 5
}

std::string make_activity_snapshot(std::size_t online) {
  json msg = frame_of("activity");
  msg["event"] = "snapshot";
  msg["online"] = online;
  return to_text(msg);
}

namespace {

// Los tipos de mensaje que atiende /ws.
constexpr std::array<std::string_view, 3> known_types{"echo", "ping", "broadcast"};

// ¿Se puede atender el mensaje? Si no, el error para el remitente.
std::optional<reply> rejection(const taller::parsed_json<json>& parsed) {
  // PASO 3 ▸ Rechaza el mensaje que no se puede atender, con su error
  //   parsed viene de taller::parse_json<json> (taller/input.hpp), que no lanza: una excepción
  //   aquí tumbaría el servidor. Si el texto no es JSON o anida más de 64 niveles, el error
  //   (error_reply) es code "invalid_json" con message "el mensaje " seguido de parsed.error.
  //   Un JSON que no es un objeto con "type" de texto no vacío (42, [], {"data":1},
  //   {"type":5}) es code "invalid_message". Un type que no está en known_types es code
  //   "unknown_type" con un message que lo nombra: «tipo desconocido: "bailar"». Solo el
  //   remitente recibe el error y la conexión sigue: el fallo es de este mensaje.
  if (!parsed) return error_reply("invalid_json", "el mensaje " + parsed.error);
  const std::string type = string_field(parsed.value, "type");
  if (!parsed.value.is_object() || type.empty())
    return error_reply("invalid_message", "se esperaba un objeto JSON con el campo \"type\"");
  if (std::find(known_types.begin(), known_types.end(), type) == known_types.end())
    return error_reply("unknown_type", "tipo desconocido: \"" + type + "\"");
  //▸ starter
  //| (void)parsed;
  // FIN PASO 3
  return std::nullopt;
}

}  // namespace

reply handle_text(std::string_view text, const client_info& who) {
  const auto parsed = taller::parse_json<json>(text);
  if (auto refused = rejection(parsed)) return std::move(*refused);
  const json& msg = parsed.value;
  const std::string type = string_field(msg, "type");

  // PASO 2 ▸ Atiende "echo" y "ping"
  //   "echo" contesta solo al remitente {"type":"echo","data","timestamp"} con el mismo data
  //   que llegó, o null si no vino: léelo con el ayudante data_of(), porque msg es const y
  //   pedirle con [] un campo que falta rompe una aserción de nlohmann::json. "ping" contesta
  //   {"type":"pong","timestamp"}. Ninguno de los dos se difunde al canal.
  if (type == "echo") {
    json out = frame_of("echo");
    out["data"] = data_of(msg);
    return {.to_sender = to_text(out)};
  }
  if (type == "ping") return {.to_sender = to_text(frame_of("pong"))};
  // FIN PASO 2

  // PASO 4 ▸ Difunde "broadcast" a todo el canal
  //   "broadcast" no contesta al remitente: devuelve en to_channel, para todo el canal (él
  //   incluido), el objeto {"type":"broadcast","channel","from","data","timestamp"} (sin
  //   serializar: quien lo difunde lo hace una vez por transporte) con el canal
  //   de quien envía y su data (null si no vino). "from" es su user_id o, si no dio ninguno, su
  //   connection_id: una difusión anónima también tiene que decir de qué conexión viene.
  if (type == "broadcast") {
    json out = frame_of("broadcast");
    out["channel"] = who.channel;
    out["from"] = who.user_id.empty() ? who.connection_id : who.user_id;
    out["data"] = data_of(msg);
    return {.to_channel = std::move(out)};
  }
  //▸ starter
  //| (void)who;  // lo usarás en este paso
  // FIN PASO 4
  return {};  // un tipo que no se atiende (con el Paso 3 hecho, nunca llega aquí)
}

}  // namespace p01
