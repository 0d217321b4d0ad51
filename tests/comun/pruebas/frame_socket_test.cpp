// taller::frame_socket: los frames que se escriben sin pasar por Beast llegan
// enteros a un cliente Beast real y nunca se mezclan con lo que escribe Beast
// (un mensaje propio, un ping, el cierre). Servidor y cliente en loopback, en
// un io_context que la prueba atiende hasta que pasa lo esperado.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "taller/frame_socket.hpp"

namespace {

using namespace std::chrono_literals;
using result = taller::frame_socket::write_result;

// Un servidor websocket::stream<frame_socket> y un cliente Beast conectados.
class par {
 public:
  // small_buffers: búferes de 4 KB (recepción del cliente, envío del servidor):
  // lo grande no cabe y el servidor tiene que esperar a que el cliente lea.
  explicit par(bool small_buffers = false) {
    tcp::acceptor acceptor(ioc_, {net::ip::make_address("127.0.0.1"), 0});
    if (small_buffers) {
      client_.next_layer().open(tcp::v4());
      client_.next_layer().set_option(net::socket_base::receive_buffer_size(4096));
    }
    client_.next_layer().connect(acceptor.local_endpoint());
    server_.emplace(acceptor.accept());
    if (small_buffers)
      server_->next_layer().next_layer().set_option(net::socket_base::send_buffer_size(4096));
    bool accepted = false, handshaken = false;
    server_->async_accept([&](beast::error_code ec) { accepted = !ec; });
    client_.async_handshake("127.0.0.1", "/", [&](beast::error_code ec) { handshaken = !ec; });
    EXPECT_TRUE(run_until([&] { return accepted && handshaken; }))
        << "el handshake WebSocket entre el servidor y el cliente de prueba no terminó";
  }

  websocket::stream<taller::frame_socket>& server() { return *server_; }
  // Destruye el stream del servidor (lo que hace una sesión al morir).
  void destroy_server() { server_.reset(); }
  taller::frame_socket& socket() { return server_->next_layer(); }
  websocket::stream<tcp::socket>& client() { return client_; }

  bool run_until(const std::function<bool()>& done, std::chrono::seconds bound = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    ioc_.restart();
    while (!done() && std::chrono::steady_clock::now() < deadline) ioc_.run_one_for(100ms);
    return done();
  }

  // Lee mensajes del cliente hasta tener n; los pings que vea van a events como "ping".
  std::vector<std::string> read(std::size_t n, std::vector<std::string>* events = nullptr) {
    std::vector<std::string> got;
    std::optional<beast::error_code> failed;
    client_.control_callback([&](websocket::frame_type kind, beast::string_view) {
      if (events && kind == websocket::frame_type::ping) events->push_back("ping");
    });
    std::function<void()> next = [&] {
      client_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
        if (ec) return void(failed = ec);
        got.push_back(beast::buffers_to_string(buffer_.data()));
        if (events) events->push_back("mensaje");
        buffer_.consume(buffer_.size());
        if (got.size() < n) next();
      });
    };
    next();
    run_until([&] { return got.size() == n || failed; });
    EXPECT_FALSE(failed) << "el cliente falló al leer: " << failed->message();
    return got;
  }

 private:
  net::io_context ioc_;
  std::optional<websocket::stream<taller::frame_socket>> server_;
  websocket::stream<tcp::socket> client_{ioc_};
  beast::flat_buffer buffer_;
};

TEST(Robustez_FrameSocket, CabecerasDeLosTresTamanos) {
  EXPECT_EQ(taller::text_frame_header(0).size, 2u);
  EXPECT_EQ(taller::text_frame_header(125).bytes[1], 125);
  const taller::text_frame_header medio(126);
  EXPECT_EQ(medio.size, 4u);
  EXPECT_EQ(medio.bytes[1], 126);
  EXPECT_EQ(medio.bytes[3], 126);
  const taller::text_frame_header grande(65536);
  EXPECT_EQ(grande.size, 10u);
  EXPECT_EQ(grande.bytes[1], 127);
  EXPECT_EQ(grande.bytes[7], 1);  // 65536 = 0x00..010000
  EXPECT_EQ(grande.bytes[0], 0x81) << "FIN + texto";
}

TEST(Robustez_FrameSocket, UnClienteBeastLeeLosFramesDirectosDeCadaTamano) {
  par p;
  const std::vector<std::size_t> sizes{0, 1, 125, 126, 65535, 65536, 300000};
  std::vector<std::string> sent;
  for (std::size_t n : sizes) sent.push_back(std::string(n, static_cast<char>('a' + sent.size())));
  std::size_t i = 0;
  bool finished = true;
  // Uno tras otro: el siguiente cuando el anterior ha salido entero.
  std::function<void()> next = [&] {
    while (i < sent.size()) {
      const result r = p.socket().write_text(net::buffer(sent[i]));
      ASSERT_NE(r, result::closed);  // written o unfinished: con unfinished, finish_text
      ++i;
      if (r == result::unfinished) {
        finished = false;
        return p.socket().finish_text([&](beast::error_code ec, std::size_t) {
          ASSERT_FALSE(ec) << ec.message();
          finished = true;
          next();
        });
      }
    }
  };
  next();
  const auto got = p.read(sent.size());
  ASSERT_EQ(got.size(), sent.size());
  for (std::size_t k = 0; k < sent.size(); ++k)
    EXPECT_EQ(got[k], sent[k]) << "el mensaje de " << sizes[k] << " bytes llegó distinto";
  EXPECT_TRUE(finished);
}

// Un frame directo a medias (el cliente no lee) y Beast quiere enviar un ping:
// el ping espera a que el frame salga entero, y llega después.
TEST(Robustez_FrameSocket, UnPingDeBeastEsperaAlFrameDirectoAMedias) {
  par p(true);
  const std::string big(2'000'000, 'x');
  ASSERT_EQ(p.socket().write_text(net::buffer(big)), result::unfinished)
      << "2 MB no caben en búferes de 4 KB: el frame debía quedar a medias";
  bool frame_done = false, ping_done = false;
  p.socket().finish_text([&](beast::error_code ec, std::size_t n) {
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(n, big.size() + 10);
    frame_done = true;
  });
  p.server().async_ping({}, [&](beast::error_code ec) {
    EXPECT_FALSE(ec) << ec.message();
    ping_done = true;
  });
  std::vector<std::string> events;
  const auto got = p.read(1, &events);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], big);
  // El ping se lee con la lectura siguiente (Beast avisa de él por control_callback).
  std::string small = "después";
  ASSERT_TRUE(p.run_until([&] { return frame_done && ping_done; }));
  ASSERT_EQ(p.socket().write_text(net::buffer(small)), result::written)
      << "sin nada en curso, un frame pequeño debía salir entero ya";
  const auto after = p.read(1, &events);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0], small);
  EXPECT_EQ(events, (std::vector<std::string>{"mensaje", "ping", "mensaje"}))
      << "el ping debía llegar entre el frame grande y el siguiente, sin mezclarse";
}

// Beast escribe un mensaje grande (el cliente no lee) y llega un frame directo:
// espera a que Beast acabe y sale después, entero. fragments: Beast lo parte en
// frames de 4 KB (auto_fragment), y el directo no debe entrar entre dos.
void direct_waits_for_beast(bool fragments) {
  par p(true);
  const std::string big(2'000'000, 'b');
  bool beast_done = false, direct_done = false;
  p.server().text(true);
  p.server().auto_fragment(fragments);
  p.server().async_write(net::buffer(big), [&](beast::error_code ec, std::size_t) {
    EXPECT_FALSE(ec) << ec.message();
    beast_done = true;
  });
  const std::string small = "directo";
  ASSERT_EQ(p.socket().write_text(net::buffer(small)), result::unfinished)
      << "con Beast escribiendo, el frame directo debía esperar";
  p.socket().finish_text([&](beast::error_code ec, std::size_t) {
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(beast_done) << "el frame directo salió antes de que Beast acabara";
    direct_done = true;
  });
  const auto got = p.read(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], big);
  EXPECT_EQ(got[1], small);
  EXPECT_TRUE(p.run_until([&] { return beast_done && direct_done; }));
}

TEST(Robustez_FrameSocket, UnFrameDirectoEsperaALaEscrituraDeBeast) {
  direct_waits_for_beast(false);
}

TEST(Robustez_FrameSocket, UnFrameDirectoNoEntraEntreLosFragmentosDeBeast) {
  direct_waits_for_beast(true);
}

// Tras el frame de cierre de Beast no sale ningún frame directo.
TEST(Robustez_FrameSocket, TrasElCierreNoSaleNada) {
  par p;
  bool closed = false;
  p.server().async_close(websocket::close_code::normal, [&](beast::error_code) { closed = true; });
  EXPECT_EQ(p.socket().write_text(net::buffer(std::string("tarde"))), result::closed);
  beast::flat_buffer b;
  beast::error_code read_error;
  bool read_done = false;
  p.client().async_read(b, [&](beast::error_code ec, std::size_t) {
    read_error = ec;
    read_done = true;
  });
  ASSERT_TRUE(p.run_until([&] { return read_done && closed; }));
  EXPECT_EQ(read_error, websocket::error::closed)
      << "el cliente debía ver el cierre, sin ningún mensaje antes: " << read_error.message();
}

// Beast no alarga la vida de la sesión mientras escribe (su ping de keep-alive
// no guarda ningún manejador): el stream puede destruirse con una escritura de
// Beast a medias, y esa escritura termina después, con un error. Su final no
// debe tocar el frame_socket ya destruido (lo impide su testigo de vida).
// Alcance: esta prueba comprueba que termina y con error; que no toque lo
// destruido no lo ve ni ASan, porque el bloque de make_shared del stream sigue
// reservado mientras Beast guarda su weak_ptr (destruido, pero no liberado).
TEST(Robustez_FrameSocket, DestruirElStreamConBeastEscribiendoTerminaConError) {
  par p(true);
  const std::string big(2'000'000, 'd');
  p.server().text(true);
  p.server().auto_fragment(false);
  std::optional<beast::error_code> result_of_write;
  p.server().async_write(net::buffer(big), [&](beast::error_code ec, std::size_t) {
    result_of_write = ec;
  });
  p.destroy_server();
  ASSERT_TRUE(p.run_until([&] { return result_of_write.has_value(); }))
      << "la escritura de Beast debía terminar al destruirse el stream";
  EXPECT_TRUE(*result_of_write) << "debía terminar con un error, no con éxito";
}

// Una sesión que escribe un frame directo a medias y pide el cierre: el cierre
// de Beast espera al frame. Si el io_context se destruye así (un servidor que
// se para con un cliente que no lee), la sesión debe destruirse con él: lo que
// espera lo guarda la operación en curso, no frame_socket, y no queda ningún
// ciclo de shared_ptr (sesión → frame_socket → cierre que espera → sesión).
TEST(Robustez_FrameSocket, LoQueEsperaNoRetieneLaSesionAlDestruirElIoContext) {
  struct session {
    explicit session(tcp::socket s) : ws(std::move(s)) {}
    websocket::stream<taller::frame_socket> ws;
  };
  auto ioc = std::make_unique<net::io_context>();
  // El cliente y el aceptador, antes que el io_context: se destruyen antes que él.
  auto acceptor = std::make_unique<tcp::acceptor>(
      *ioc, tcp::endpoint{net::ip::make_address("127.0.0.1"), 0});
  auto owned_client = std::make_unique<websocket::stream<tcp::socket>>(*ioc);
  auto& client = *owned_client;
  client.next_layer().open(tcp::v4());
  client.next_layer().set_option(net::socket_base::receive_buffer_size(4096));
  client.next_layer().connect(acceptor->local_endpoint());
  auto s = std::make_shared<session>(acceptor->accept());
  s->ws.next_layer().next_layer().set_option(net::socket_base::send_buffer_size(4096));
  bool accepted = false, handshaken = false;
  s->ws.async_accept([&accepted, s](beast::error_code ec) { accepted = !ec; });
  client.async_handshake("127.0.0.1", "/", [&](beast::error_code ec) { handshaken = !ec; });
  while (!(accepted && handshaken) && ioc->run_one_for(10s) > 0) {
  }
  ASSERT_TRUE(accepted && handshaken) << "el handshake no terminó";

  const std::string big(2'000'000, 'x');
  ASSERT_EQ(s->ws.next_layer().write_text(net::buffer(big)), result::unfinished);
  s->ws.next_layer().finish_text([s](beast::error_code, std::size_t) {});
  s->ws.async_close(websocket::close_code::going_away, [s](beast::error_code) {});
  std::weak_ptr<session> watched = s;
  s.reset();
  ioc->poll();  // el cliente no lee: el frame sigue a medias y el cierre espera
  ASSERT_FALSE(watched.expired()) << "la sesión debía seguir viva mientras escribe";
  owned_client.reset();
  acceptor.reset();
  ioc.reset();
  EXPECT_TRUE(watched.expired())
      << "al destruir el io_context, la sesión debía destruirse con sus operaciones: algo la "
         "retiene en un ciclo de shared_ptr";
}

}  // namespace
