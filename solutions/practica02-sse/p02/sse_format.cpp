#include "p02/sse_format.hpp"

namespace p02 {

namespace {

// Un nombre de evento o un comentario no pueden llevar saltos de línea: los
// cambiamos por espacios para que nadie pueda inyectar campos en el flujo.
std::string single_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

std::string format_event(std::uint64_t id, std::string_view event, std::string_view data) {
  // PASO 3 ▸ Da formato a un evento SSE
  //   Devuelve "id: <id>\n", "event: <nombre>\n", una línea "data: <trozo>\n" por cada línea
  //   de data (corta en \n, \r\n —un solo salto— y \r; un data vacío o un salto final dan
  //   "data: \n") y una línea vacía final, sin la cual el cliente no entrega el evento. El
  //   nombre pasa por single_line: un salto de línea en él colaría campos en el flujo de otros.
  std::string out = "id: " + std::to_string(id) + "\nevent: " + single_line(event) + "\n";
  std::size_t start = 0;
  while (true) {
    const std::size_t end = data.find_first_of("\r\n", start);
    out += "data: ";
    out += data.substr(start, end == std::string_view::npos ? end : end - start);
    out += '\n';
    if (end == std::string_view::npos) break;
    // \r\n es un solo salto de línea.
    start = end + ((data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? 2 : 1);
  }
  out += '\n';
  return out;
  //▸ starter
  //| (void)id; (void)event;
  //| return "data: " + std::string(data) + "\n";
  // FIN PASO 3
}

std::string format_comment(std::string_view text) {
  // PASO 3 ▸ Da formato a un comentario
  //   Una línea que empieza por ':' seguida de una línea vacía.
  return ": " + single_line(text) + "\n\n";
  //▸ starter
  //| (void)text;
  //| return "";
  // FIN PASO 3
}

std::string format_retry(std::chrono::milliseconds delay) {
  return "retry: " + std::to_string(delay.count()) + "\n\n";
}

}  // namespace p02
