#include "taller/frame_socket.hpp"

#include <cassert>
#include <utility>

namespace taller {

text_frame_header::text_frame_header(std::size_t payload_size) {
  bytes[0] = 0x81;  // FIN + opcode 1 (texto)
  if (payload_size < 126) {
    bytes[1] = static_cast<unsigned char>(payload_size);
    size = 2;
  } else if (payload_size <= 0xFFFF) {
    bytes[1] = 126;
    bytes[2] = static_cast<unsigned char>(payload_size >> 8);
    bytes[3] = static_cast<unsigned char>(payload_size);
    size = 4;
  } else {
    bytes[1] = 127;
    for (int i = 0; i < 8; ++i)
      bytes[2 + i] =
          static_cast<unsigned char>(static_cast<std::uint64_t>(payload_size) >> (8 * (7 - i)));
    size = 10;
  }
}

frame_socket::frame_socket(tcp::socket&& socket) : socket_(std::move(socket)) {
  // write_some no debe bloquear nunca el hilo de red: sin sitio, would_block.
  beast::error_code ignored;
  socket_.non_blocking(true, ignored);
}

frame_socket::write_result frame_socket::write_text(net::const_buffer text) {
  if (close_sent_) return write_result::closed;
  direct_used_ = true;
  header_ = text_frame_header(text.size());
  frame_ = {header_.buffer(), text};
  written_ = 0;
  // Beast escribe (un pong, un ping) o va por la mitad de un mensaje: espera.
  if (!direct_may_start()) return write_result::unfinished;
  // Casi siempre el socket tiene sitio y sale entero con una llamada al sistema.
  written_ = write_now(socket_, frame_);
  return written_ == net::buffer_size(frame_) ? write_result::written : write_result::unfinished;
}

void frame_socket::finish_text(write_handler done) {
  if (direct_may_start()) return start_direct_write(std::move(done));
  // Espera: la guarda la escritura de Beast en curso o, si no la hay, esto.
  auto waiting = busy_ ? in_flight_.lock() : nullptr;
  assert(!carried_ && (!waiting || !waiting->direct));
  (waiting ? waiting->direct : carried_) = std::move(done);
}

// Una escritura empieza. Las de Beast solo necesitan dónde guardar lo que
// espera si la sesión escribe frames directos (si no, nunca espera nada).
std::shared_ptr<frame_socket::waiters> frame_socket::begin_write() {
  busy_ = true;
  auto waiting = direct_used_ ? std::make_shared<waiters>() : nullptr;
  in_flight_ = waiting;
  return waiting;
}

void frame_socket::start_direct_write(write_handler done) {
  beast::buffers_suffix<frame_buffers> rest(frame_);
  rest.consume(written_);
  // done debería mantener viva la sesión, y con ella esto; si no, no se toca.
  net::async_write(
      socket_, rest,
      [this, alive = std::weak_ptr<const bool>(alive_), already = written_, waiting = begin_write(),
       done = std::move(done)](beast::error_code ec, std::size_t n) {
        if (alive.expired()) return done(ec, already + n);
        busy_ = false;
        written_ = already + n;
        resume(waiting.get());
        done(ec, already + n);
      });
}

void frame_socket::end_library_write(beast::error_code ec, std::size_t n, waiters* waiting) {
  busy_ = false;
  library_left_ = ec ? 0 : library_left_ - std::min(n, library_left_);
  if (ec) fragmented_ = false;  // Beast abandona el mensaje: no seguirá
  resume(waiting);
}

namespace {

// Los bytes del frame entero que empieza por head (RFC 6455 §5.2), o 0 si head
// no es el comienzo de un frame: la respuesta HTTP del handshake, texto ASCII,
// tiene siempre alguno de los bits RSV (0x70) a 1, y un frame nuestro nunca
// (el taller no negocia compresión).
std::size_t frame_size(const std::array<unsigned char, 14>& head, std::size_t got) {
  if (got < 2 || (head[0] & 0x70) != 0) return 0;
  const unsigned opcode = head[0] & 0x0F;
  const bool fin = (head[0] & 0x80) != 0;
  if (!(opcode <= 2 || (opcode >= 8 && opcode <= 10 && fin))) return 0;
  std::uint64_t length = head[1] & 0x7F;
  std::size_t header = 2;
  if (length >= 126) {
    header = length == 126 ? 4 : 10;
    if (got < header) return 0;
    length = 0;
    for (std::size_t i = 2; i < header; ++i) length = (length << 8) | head[i];
  }
  if (head[1] & 0x80) header += 4;  // la máscara de un cliente
  return header + static_cast<std::size_t>(length);
}

}  // namespace

// Lo que Beast escribe. Si empieza un frame, su cabecera dice cuántos bytes
// tiene (los frames directos esperan a que salgan todos), si es el cierre
// (después no sale ninguno) y si es un fragmento de un mensaje que sigue
// (esperan hasta el último).
void frame_socket::note_library_write(const std::array<unsigned char, 14>& head, std::size_t size) {
  if (library_left_ > 0) return;  // la continuación de un frame ya empezado
  library_left_ = frame_size(head, size);
  if (library_left_ == 0) return;
  const unsigned opcode = head[0] & 0x0F;
  if (opcode <= 2) fragmented_ = (head[0] & 0x80) == 0;  // texto, binario o continuación
  if (opcode == 8) close_sent_ = true, fragmented_ = false;
}

// Termina una escritura: si esperaba Beast (tras un frame directo), sigue él;
// si esperaba un frame directo, sale, salvo que Beast vaya por la mitad de un
// mensaje (sigue esperando) o ya haya cerrado (shut_down).
void frame_socket::resume(waiters* waiting) {
  if (waiting && waiting->library) return std::exchange(waiting->library, nullptr)();
  write_handler done = waiting && waiting->direct ? std::exchange(waiting->direct, nullptr)
                                                  : std::exchange(carried_, nullptr);
  if (!done) return;
  if (close_sent_) return done(net::error::shut_down, 0);
  if (direct_may_start()) return start_direct_write(std::move(done));
  carried_ = std::move(done);
}

void teardown(beast::role_type role, frame_socket& socket, beast::error_code& ec) {
  websocket::teardown(role, socket.next_layer(), ec);
}

}  // namespace taller
