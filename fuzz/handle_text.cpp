// fuzz_handle_text: p01::handle_text, lo que hace el servidor con cada mensaje
// de texto que llega por /ws. La entrada es el mensaje; quién lo envía cambia
// con el tamaño de la entrada (con y sin user_id, y uno con bytes que no son
// UTF-8, como los que deja pasar la URL con %FF).
//
// Propiedades: handle_text no lanza; responde al remitente o al canal, nunca a
// los dos ni a ninguno; lo que responde es un objeto JSON válido, en UTF-8,
// con "type" y "timestamp"; un error lleva su code en error_code.
#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "p01/messages.hpp"
#include "taller/input.hpp"

namespace {

using json = nlohmann::json;

// Comprueba un mensaje del servidor y devuelve su JSON.
json check_frame(const std::string& text) {
  fuzz::check(taller::is_valid_utf8(text), "la respuesta es UTF-8 (un frame de texto lo exige)");
  // Sin límite de anidamiento: un eco repite un data que ya pasó por parse_json.
  const json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
  fuzz::check(!frame.is_discarded(), "la respuesta es JSON válido");
  fuzz::check(frame.is_object(), "la respuesta es un objeto JSON");
  fuzz::check(frame.contains("type") && frame["type"].is_string(), "la respuesta lleva type");
  fuzz::check(frame.contains("timestamp") && frame["timestamp"].is_string(),
              "la respuesta lleva timestamp");
  return frame;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::array<p01::client_info, 3> senders{{
      {.channel = "general", .user_id = "", .connection_id = "c1"},
      {.channel = "sala-2", .user_id = "ana", .connection_id = "c2"},
      {.channel = "general", .user_id = "\xff\xfe%", .connection_id = "c3"},
  }};
  const p01::client_info& who = senders[size % senders.size()];
  const p01::reply r = p01::handle_text(fuzz::as_text(data, size), who);

  fuzz::check(r.to_sender.empty() != r.to_channel.is_null(),
              "cada mensaje tiene una respuesta: al remitente o al canal");
  if (!r.to_sender.empty()) {
    const json frame = check_frame(r.to_sender);
    const bool is_error = frame["type"] == "error";
    fuzz::check(is_error == !r.error_code.empty(), "un error (y solo un error) trae error_code");
    if (is_error)
      fuzz::check(frame.value("code", "") == r.error_code, "error_code es el code del frame");
  }
  if (!r.to_channel.is_null()) {
    // El texto que la sesión envía al canal: to_channel serializado una vez.
    const json frame = check_frame(taller::to_text(r.to_channel));
    fuzz::check(frame["type"] == "broadcast", "al canal solo va un broadcast");
    fuzz::check(frame.contains("from") && frame["from"].is_string(), "un broadcast lleva from");
  }
  return 0;
}
