// El socket de un WebSocket que puede escribir frames ya construidos sin pasar
// por Beast (Apéndice de la Práctica 04: la difusión al suelo), sin que sus
// bytes se mezclen nunca con los que escribe Beast (handshake, pings, pongs,
// cierre). Para eso va debajo del websocket::stream, como su capa siguiente,
// y es dueño de todas las escrituras del socket:
//
//   - cada frame de Beast sale entero antes de que empiece un frame directo:
//     Beast escribe cada frame con un net::async_write, que Asio pide en trozos
//     de hasta 64 KB; frame_socket lee su cabecera y sabe cuántos bytes faltan;
//   - un frame directo (write_text) y una escritura de Beast nunca están en
//     curso a la vez: el que llega segundo espera al primero;
//   - un frame directo no entra entre dos fragmentos de un mensaje de Beast;
//   - tras el frame de cierre de Beast no sale ningún frame directo.
//
// Con write_text, un frame cuyo socket tiene sitio sale en una llamada al
// sistema, sin operación asíncrona ni manejador: es lo que lo acerca al suelo.
#pragma once
#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "taller/net.hpp"

namespace taller {

// La cabecera de un frame de texto del servidor (FIN, sin máscara) con
// payload_size bytes de carga (RFC 6455 §5.2): 2, 4 o 10 bytes.
struct text_frame_header {
  explicit text_frame_header(std::size_t payload_size);
  net::const_buffer buffer() const { return net::buffer(bytes.data(), size); }

  std::array<unsigned char, 10> bytes{};
  std::size_t size = 0;
};

// Lo que sale ya por un socket no bloqueante, sin esperar: los bytes escritos,
// o 0 si no hay sitio (would_block) o hay un error. Quien escribe termina lo
// que falte con async_write, que ante un error lo repite y lo notifica.
template <class ConstBufferSequence>
std::size_t write_now(tcp::socket& socket, const ConstBufferSequence& buffers) {
  beast::error_code ec;
  const std::size_t n = socket.write_some(buffers, ec);
  return ec ? 0 : n;
}

class frame_socket {
 public:
  using executor_type = tcp::socket::executor_type;
  using next_layer_type = tcp::socket;
  // Un frame directo: su cabecera (guardada aquí) y su carga.
  using frame_buffers = std::array<net::const_buffer, 2>;
  using write_handler = std::function<void(beast::error_code, std::size_t)>;
  enum class write_result {
    written,     // salió entero ya
    unfinished,  // falta (o espera a Beast): quien llama debe llamar a finish_text
    closed,      // Beast ya envió el cierre: no se escribió nada
  };

  explicit frame_socket(tcp::socket&& socket);
  // Las operaciones en curso apuntan a este objeto: ni se copia ni se mueve.
  frame_socket(const frame_socket&) = delete;
  frame_socket& operator=(const frame_socket&) = delete;

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  tcp::socket& next_layer() noexcept { return socket_; }
  const tcp::socket& next_layer() const noexcept { return socket_; }

  // Escribe un mensaje de texto en un frame, sin esperar: lo que quepa en el
  // socket. Si no sale entero (unfinished), quien llama debe llamar en seguida
  // a finish_text(done), que lo termina en segundo plano y llama a done(ec,
  // bytes); done debe mantener viva la sesión. text (compartido por una
  // difusión) lo guarda quien llama hasta entonces. Uno a la vez: el
  // siguiente, cuando este haya terminado. Si Beast ya envió el cierre, done
  // recibe net::error::shut_down.
  write_result write_text(net::const_buffer text);
  void finish_text(write_handler done);

  // Lo que usa websocket::stream.
  template <class MutableBufferSequence, class ReadHandler>
  void async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    socket_.async_read_some(buffers, std::forward<ReadHandler>(handler));
  }
  template <class ConstBufferSequence, class WriteHandler>
  void async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    std::array<unsigned char, 14> head{};  // la cabecera más larga (RFC 6455 §5.2)
    note_library_write(head, net::buffer_copy(net::buffer(head), buffers));
    if (!busy_) return start_library_write(buffers, std::forward<WriteHandler>(handler));
    // Hay un frame directo a medias: Beast espera (como mucho una escritura
    // suya: Beast no empieza otra hasta acabar la anterior). Lo guarda la
    // escritura en curso, que lo arranca al terminar.
    auto held = std::make_shared<std::decay_t<WriteHandler>>(std::forward<WriteHandler>(handler));
    auto waiting = in_flight_.lock();
    assert(waiting && !waiting->library);
    waiting->library = [this, buffers, held] { start_library_write(buffers, std::move(*held)); };
  }

 private:
  // Lo que espera a la escritura en curso. Lo guarda el manejador de esa
  // escritura, no frame_socket: si el io_context se destruye con ella
  // pendiente, se destruye con ella, y no queda ningún ciclo de shared_ptr
  // (sesión → frame_socket → lo que espera → sesión).
  struct waiters {
    std::function<void()> library;  // una escritura de Beast (espera a un frame directo)
    write_handler direct;           // el frame directo (espera a Beast); sus bytes, en frame_
  };

  // Escribe entero lo que Beast pide y, al terminar, deja pasar a quien
  // esperaba antes de avisar a Beast. Beast no alarga la vida de la sesión
  // (su ping de keep-alive no guarda ningún manejador): si frame_socket ya
  // no existe cuando termina, no se toca.
  template <class ConstBufferSequence, class WriteHandler>
  void start_library_write(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    net::async_write(
        socket_, buffers,
        [this, alive = std::weak_ptr<const bool>(alive_), waiting = begin_write(),
         h = std::forward<WriteHandler>(handler)](beast::error_code ec, std::size_t n) mutable {
          if (!alive.expired()) end_library_write(ec, n, waiting.get());
          std::move(h)(ec, n);
        });
  }
  std::shared_ptr<waiters> begin_write();
  void end_library_write(beast::error_code ec, std::size_t n, waiters* waiting);
  void note_library_write(const std::array<unsigned char, 14>& head, std::size_t size);
  bool direct_may_start() const { return !busy_ && !fragmented_ && library_left_ == 0; }
  void start_direct_write(write_handler done);
  void resume(waiters* waiting);

  tcp::socket socket_;
  std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);  // ver arriba
  text_frame_header header_{0};       // el frame directo en curso: su cabecera,
  frame_buffers frame_{};             // cabecera y texto,
  std::size_t written_ = 0;           // y lo que ya salió
  bool busy_ = false;                 // hay una escritura en curso (de Beast o directa)
  bool direct_used_ = false;          // ya se escribió algún frame directo
  bool fragmented_ = false;           // Beast va por la mitad de un mensaje en varios frames
  std::size_t library_left_ = 0;      // bytes del frame de Beast en curso aún sin escribir
  bool close_sent_ = false;           // Beast ya escribió el frame de cierre
  std::weak_ptr<waiters> in_flight_;  // lo que espera a la escritura en curso
  // El frame directo que espera a que Beast siga con su mensaje sin ninguna
  // escritura en curso que lo guarde (entre dos fragmentos, o tras una escritura
  // de Beast empezada antes del primer frame directo); casi nunca.
  write_handler carried_;
};

// Beast cierra la conexión TCP de su capa siguiente con estas (las busca por ADL).
void teardown(beast::role_type role, frame_socket& socket, beast::error_code& ec);
template <class TeardownHandler>
void async_teardown(beast::role_type role, frame_socket& socket, TeardownHandler&& handler) {
  websocket::async_teardown(role, socket.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace taller
