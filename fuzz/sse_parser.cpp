// fuzz_sse_parser: el analizador incremental de text/event-stream
// (p02/sse_parser.hpp). Los cuatro primeros bytes de la entrada son los
// tamaños de los trozos (se usan en ciclo) y el resto es el flujo, que se
// entrega partido por esos sitios, como llega de un socket.
//
// Propiedades: el resultado no depende de por dónde se parta el flujo (se
// compara con entregarlo de una vez); los eventos cumplen WHATWG HTML §9.2.6
// (tipo sin CR/LF, data sin CR, id sin NUL); reset() conserva el último id.
#include <array>
#include <string>
#include <vector>

#include "check.hpp"
#include "p02/sse_parser.hpp"

namespace {

struct outcome {
  std::vector<p02::sse_event> events;
  std::string last_event_id;
  std::optional<long> retry_ms;
  std::size_t comments = 0;
  std::size_t errors = 0;
};

outcome summary(const p02::sse_parser& p, std::vector<p02::sse_event> events) {
  return {std::move(events), p.last_event_id(), p.retry_ms(), p.comments(), p.errors()};
}

void append(std::vector<p02::sse_event>& to, std::vector<p02::sse_event> more) {
  for (auto& e : more) to.push_back(std::move(e));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::array<std::size_t, 4> sizes{data[0], data[1], data[2], data[3]};
  const std::string_view stream = fuzz::as_text(data + 4, size - 4);

  // De una vez.
  p02::sse_parser whole("inicio");
  const outcome expected = summary(whole, whole.feed(stream));

  // En trozos (un tamaño 0 entrega un trozo vacío, que también debe valer).
  p02::sse_parser pieces("inicio");
  std::vector<p02::sse_event> events;
  std::size_t pos = 0, turn = 0, empty_in_a_row = 0;
  while (pos < stream.size()) {
    std::size_t n = sizes[turn++ % sizes.size()];
    if (n == 0 && ++empty_in_a_row > sizes.size()) n = stream.size();  // todos 0: el resto
    if (n != 0) empty_in_a_row = 0;
    n = std::min(n, stream.size() - pos);
    append(events, pieces.feed(stream.substr(pos, n)));
    pos += n;
  }
  const outcome chunked = summary(pieces, std::move(events));

  fuzz::check(chunked.events == expected.events, "los eventos no dependen de los trozos");
  fuzz::check(chunked.last_event_id == expected.last_event_id,
              "last_event_id no depende de los trozos");
  fuzz::check(chunked.retry_ms == expected.retry_ms, "retry no depende de los trozos");
  fuzz::check(chunked.comments == expected.comments, "los comentarios no dependen de los trozos");
  fuzz::check(chunked.errors == expected.errors, "los errores no dependen de los trozos");

  for (const auto& e : expected.events) {
    fuzz::check(!e.type.empty(), "un evento tiene tipo (message por omisión)");
    fuzz::check(e.type.find_first_of("\r\n") == std::string::npos, "el tipo no tiene CR ni LF");
    fuzz::check(e.data.find('\r') == std::string::npos, "data no tiene CR");
    fuzz::check(e.id.find('\0') == std::string::npos, "el id no tiene NUL");
  }
  if (expected.retry_ms) fuzz::check(*expected.retry_ms >= 0, "retry no es negativo");

  // Una reconexión: se olvida lo pendiente, pero no el último id ni retry.
  const std::string id = pieces.last_event_id();
  const auto retry = pieces.retry_ms();
  pieces.reset();
  fuzz::check(pieces.last_event_id() == id && pieces.retry_ms() == retry,
              "reset conserva last_event_id y retry");
  const auto after = pieces.feed("data: x\n\n");
  fuzz::check(after.size() == 1 && after[0].data == "x" && after[0].id == id,
              "tras reset, un evento nuevo se despacha con el último id");
  return 0;
}
