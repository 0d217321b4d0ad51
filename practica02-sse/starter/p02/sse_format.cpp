#include "p02/sse_format.hpp"

namespace p02 {

namespace {

// Un nombre de evento o un comentario no pueden llevar saltos de línea: los
// cambiamos por espacios para que nadie pueda inyectar campos en el flujo.
[[maybe_unused]] std::string single_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

std::string format_event(std::uint64_t id, std::string_view event, std::string_view data) {
  // TODO PASO 3 ▸ Da formato a un evento SSE
  //   Devuelve "id: <id>\n", "event: <nombre>\n", una línea "data: <trozo>\n" por cada línea
  //   de data (corta en \n, \r\n —un solo salto— y \r; un data vacío o un salto final dan
  //   "data: \n") y una línea vacía final, sin la cual el cliente no entrega el evento. El
  //   nombre pasa por single_line: un salto de línea en él colaría campos en el flujo de otros.
  (void)id; (void)event;
  return "data: " + std::string(data) + "\n";
  // FIN PASO 3
}

std::string format_comment(std::string_view text) {
  // TODO PASO 3 ▸ Da formato a un comentario
  //   Una línea que empieza por ':' seguida de una línea vacía.
  (void)text;
  return "";
  // FIN PASO 3
}

std::string format_retry(std::chrono::milliseconds delay) {
  return "retry: " + std::to_string(delay.count()) + "\n\n";
}

}  // namespace p02
