// Analizador incremental de un flujo text/event-stream (Server-Sent Events),
// según WHATWG HTML §9.2 «Server-sent events», apartado «Interpreting an event
// stream». Función pura (sin red): recibe bytes tal como llegan del socket,
// partidos por cualquier sitio, y devuelve los eventos completos.
//
// Los bytes de los valores pasan tal cual: el parser no valida el UTF-8 (solo
// corta por CR, LF y ':', que nunca aparecen dentro de una secuencia UTF-8),
// así que un carácter partido entre dos trozos llega entero al evento.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace p02 {

// Un evento despachado.
struct sse_event {
  std::string type;  // campo "event:"; "message" si no vino
  std::string data;  // las líneas "data:" unidas con '\n'
  std::string id;    // el último id del flujo al despacharlo (puede venir de un evento anterior)

  bool operator==(const sse_event&) const = default;
};

class sse_parser {
 public:
  // Límites contra un servidor que no termina nunca una línea o un evento: si
  // una línea pasa de max_line_bytes sin fin de línea, o el data acumulado de
  // un evento pasa de max_data_bytes, el evento entero se descarta (también las
  // líneas que le queden hasta la línea en blanco) y se suma uno a errors().
  // Así la memoria del parser nunca pasa de unos pocos MiB.
  static constexpr std::size_t max_line_bytes = 1 << 20;  // 1 MiB
  static constexpr std::size_t max_data_bytes = 4 << 20;  // 4 MiB

  // last_event_id: el id desde el que se retoma (el de --last-event-id), o "".
  explicit sse_parser(std::string last_event_id = {});

  // Procesa un trozo del flujo y devuelve los eventos que ha completado.
  std::vector<sse_event> feed(std::string_view chunk);

  // Empieza un flujo nuevo (una reconexión): descarta la línea y el evento a
  // medias, pero conserva last_event_id() y retry_ms(), como hace EventSource.
  void reset();

  // El id del último evento despachado (se envía en Last-Event-ID al reconectar).
  const std::string& last_event_id() const { return last_event_id_; }
  // Milisegundos de espera antes de reconectar, si el servidor envió "retry:".
  std::optional<long> retry_ms() const { return retry_ms_; }
  // Comentarios vistos (líneas que empiezan por ':', p. ej. los heartbeat) y
  // el texto del último, sin el ':' ni un espacio inicial.
  std::size_t comments() const { return comments_; }
  const std::optional<std::string>& last_comment() const { return last_comment_; }
  // Eventos descartados por pasar de max_line_bytes o max_data_bytes.
  std::size_t errors() const { return errors_; }

 private:
  void split_lines(std::string_view bytes, std::vector<sse_event>& events);
  void append_to_line(char c);
  void end_line(std::vector<sse_event>& events);
  void process_line(std::string_view line, std::vector<sse_event>& events);
  void process_field(std::string_view field, std::string_view value);
  void keep_comment(std::string_view text);
  void dispatch(std::vector<sse_event>& events);
  void drop_event();

  // Principio del flujo: bytes guardados hasta saber si hay BOM.
  bool started_ = false;
  std::string head_;
  // Línea en curso.
  std::string line_;
  bool after_cr_ = false;        // el último byte fue un CR: un LF justo detrás no abre línea
  bool dropping_line_ = false;   // línea demasiado larga: se ignora hasta su fin de línea
  bool dropping_event_ = false;  // evento descartado: se ignora hasta la línea en blanco
  // Los tres búferes del algoritmo de WHATWG.
  std::string data_;
  std::string type_;
  std::string id_buffer_;
  // Lo que sobrevive a cada evento y a reset().
  std::string last_event_id_;
  std::optional<long> retry_ms_;
  std::size_t comments_ = 0;
  std::optional<std::string> last_comment_;
  std::size_t errors_ = 0;
};

}  // namespace p02
