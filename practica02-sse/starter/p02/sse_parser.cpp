// Analizador de text/event-stream. Sigue paso a paso WHATWG HTML §9.2.6
// «Interpreting an event stream» y su algoritmo «dispatch the event».
#include "p02/sse_parser.hpp"

#include <charconv>
#include <system_error>
#include <utility>

namespace p02 {

namespace {

// El BOM de UTF-8 (U+FEFF): WHATWG pide ignorar uno al principio del flujo.
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// El valor de "retry:" en milisegundos, si son solo dígitos ASCII y cabe en un
// long (std::from_chars sola aceptaría también un '-' delante).
[[maybe_unused]] std::optional<long> parse_retry(std::string_view value) {
  if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  long ms = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ms);
  if (error != std::errc{}) return std::nullopt;  // demasiado grande
  return ms;
}

}  // namespace

sse_parser::sse_parser(std::string last_event_id)
    : id_buffer_(last_event_id), last_event_id_(std::move(last_event_id)) {}

std::vector<sse_event> sse_parser::feed(std::string_view chunk) {
  std::vector<sse_event> events;
  if (started_) {
    split_lines(chunk, events);
    return events;
  }
  // Guarda el principio del flujo mientras pueda ser un BOM partido entre trozos.
  head_.append(chunk);
  if (head_.size() < utf8_bom.size() && utf8_bom.starts_with(head_)) return events;
  // Quita un BOM inicial (solo uno, solo al principio) y sigue con lo demás.
  started_ = true;
  const std::string head = std::exchange(head_, {});
  std::string_view rest = head;
  if (rest.starts_with(utf8_bom)) rest.remove_prefix(utf8_bom.size());
  split_lines(rest, events);
  return events;
}

void sse_parser::reset() {
  // Descarta lo pendiente: un evento sin su línea en blanco no se despacha.
  started_ = false;
  head_.clear();
  line_.clear();
  after_cr_ = false;
  dropping_line_ = false;
  dropping_event_ = false;
  data_.clear();
  type_.clear();
  // WHATWG asocia los búferes a cada flujo; como hacen los navegadores, el de id
  // del flujo nuevo empieza con el último id despachado (el que va en Last-Event-ID):
  // así un evento sin "id:" tras reconectar lo conserva en vez de borrarlo.
  id_buffer_ = last_event_id_;
}

void sse_parser::split_lines(std::string_view bytes, std::vector<sse_event>& events) {
  // TODO PASO 7 ▸ Parte el flujo en líneas
  //   Cada byte va a la línea en curso (append_to_line) salvo los fines de línea, que la
  //   cierran (end_line). Un fin de línea es CRLF, LF o CR, y un CRLF es UNO solo aunque el CR
  //   llegue al final de un trozo y el LF al principio del siguiente; si no, saldría una línea
  //   vacía de más que despacharía el evento antes de tiempo. Lo que cruza de un trozo a otro
  //   se guarda en after_cr_.
  (void)bytes;
  (void)events;
  // FIN PASO 7
}

void sse_parser::append_to_line(char c) {
  if (dropping_line_) return;
  line_ += c;
  // Una línea de más de max_line_bytes sin fin de línea: descarta su evento.
  if (line_.size() > max_line_bytes) {
    line_.clear();
    dropping_line_ = true;
    drop_event();
  }
}

void sse_parser::end_line(std::vector<sse_event>& events) {
  // Procesa la línea completa, salvo que fuera demasiado larga.
  if (!dropping_line_) process_line(line_, events);
  dropping_line_ = false;
  line_.clear();
}

void sse_parser::process_line(std::string_view line, std::vector<sse_event>& events) {
  // Ignora lo que queda de un evento descartado, hasta su línea en blanco.
  if (dropping_event_) {
    if (line.empty()) dropping_event_ = false;
    return;
  }
  // TODO PASO 7 ▸ Separa el campo y el valor
  //   Una línea vacía despacha el evento (dispatch). Si no, el campo es lo que va antes del
  //   PRIMER ':' y el valor lo de después sin UN espacio inicial ("data:x" y "data: x" dan
  //   "x", "data:  x" da " x"); sin ':', la línea entera es el campo y el valor "". Con el
  //   ':' al principio es un comentario (keep_comment, con ese valor); si no, process_field.
  //   Así lo fija WHATWG §9.2.6.
  (void)line;
  (void)events;
  // FIN PASO 7
  // Corta un evento cuyo data crece sin línea en blanco.
  if (data_.size() > max_data_bytes) drop_event();
}

void sse_parser::process_field(std::string_view field, std::string_view value) {
  // TODO PASO 7 ▸ Aplica cada campo
  //   event fija el tipo del evento en curso (type_); data añade el valor y un '\n' a data_
  //   (dispatch quita el último); id cambia id_buffer_ (vacío lo borra) salvo que el valor
  //   lleve un NUL, y entonces se ignora; retry fija retry_ms_ solo si son dígitos ASCII
  //   (parse_retry). Cualquier otro campo, también con otras mayúsculas ("DATA"), se ignora.
  (void)field;
  (void)value;
  // FIN PASO 7
}

void sse_parser::keep_comment(std::string_view text) {
  ++comments_;
  last_comment_ = std::string(text);
}

// «Dispatch the event» (WHATWG §9.2.6): el id se actualiza en cada línea en
// blanco, haya evento o no; sin data no hay evento; el tipo por omisión es
// "message". Los búferes de data y tipo se vacían; el de id no: el último id
// pasa a los eventos siguientes que no traigan "id:".
void sse_parser::dispatch(std::vector<sse_event>& events) {
  last_event_id_ = id_buffer_;
  if (!data_.empty()) {
    if (data_.back() == '\n') data_.pop_back();  // quita el '\n' final
    events.push_back({type_.empty() ? "message" : type_, std::move(data_), last_event_id_});
  }
  data_.clear();
  type_.clear();
}

void sse_parser::drop_event() {
  // Olvida el evento en curso (también su id) y cuenta el error.
  ++errors_;
  data_.clear();
  type_.clear();
  id_buffer_ = last_event_id_;
  dropping_event_ = true;
}

}  // namespace p02
