#include "taller_test/ws_client.hpp"

#include "taller/net.hpp"

namespace taller::testing {

namespace {

// Ejecuta una operación asíncrona ya iniciada hasta que termine o venza el
// plazo; si vence, cancela el socket y espera a que el manejador termine.
bool run_with_timeout(net::io_context& ioc, tcp::socket& socket, const bool& done,
                      std::chrono::milliseconds timeout) {
  ioc.restart();
  ioc.run_for(timeout);
  if (done) return true;
  beast::error_code ignored;
  socket.cancel(ignored);
  socket.close(ignored);
  ioc.restart();
  ioc.run();
  return false;
}

}  // namespace

struct ws_client::impl {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
  websocket::response_type handshake_response;
  std::optional<close_info> closed;
  std::string error;
  std::size_t messages = 0;
  bool broken = false;  // tras un plazo vencido el flujo ya no sirve
  int receive_buffer = 0;  // SO_RCVBUF pedido (0 = el del sistema)

  bool send_frame(const std::string& data, bool text, std::chrono::milliseconds timeout) {
    auto& s = *this;
    if (s.broken) return s.fail("la conexión ya no está disponible: " + s.error);
    beast::error_code ec;
    bool done = false;
    s.ws.text(text);
    s.ws.async_write(net::buffer(data), [&](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    if (!run_with_timeout(s.ioc, s.ws.next_layer(), done, timeout)) {
      s.broken = true;
      return s.fail("no se pudo enviar a tiempo");
    }
    if (ec) return s.fail("error al enviar: " + ec.message());
    return true;
  }

  bool fail(std::string what) {
    error = std::move(what);
    return false;
  }
};

ws_client::ws_client() : impl_(std::make_unique<impl>()) {}
ws_client::~ws_client() = default;
ws_client::ws_client(ws_client&&) noexcept = default;
ws_client& ws_client::operator=(ws_client&&) noexcept = default;

bool ws_client::connect(unsigned short port, const std::string& target,
                        std::chrono::milliseconds timeout) {
  auto& s = *impl_;
  beast::error_code ec;
  bool done = false;
  if (s.receive_buffer > 0) {
    s.ws.next_layer().open(tcp::v4());
    s.ws.next_layer().set_option(net::socket_base::receive_buffer_size(s.receive_buffer));
  }
  s.ws.next_layer().async_connect(
      tcp::endpoint{net::ip::make_address("127.0.0.1"), port}, [&](beast::error_code e) {
        ec = e;
        done = true;
      });
  if (!run_with_timeout(s.ioc, s.ws.next_layer(), done, timeout))
    return s.fail("no se pudo conectar al puerto " + std::to_string(port) + " a tiempo");
  if (ec) return s.fail("no se pudo conectar: " + ec.message());
  s.ws.next_layer().set_option(tcp::no_delay(true), ec);
  done = false;
  s.ws.async_handshake(s.handshake_response, "127.0.0.1:" + std::to_string(port), target,
                       [&](beast::error_code e) {
                         ec = e;
                         done = true;
                       });
  if (!run_with_timeout(s.ioc, s.ws.next_layer(), done, timeout)) {
    s.broken = true;
    return s.fail("el servidor no completó el handshake de " + target + " en " +
                  std::to_string(timeout.count()) + " ms");
  }
  if (ec == http::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::connection_reset) {
    s.broken = true;
    return s.fail("el servidor cerró la conexión sin responder al handshake de " + target);
  }
  if (ec) {
    s.broken = true;
    return s.fail("handshake rechazado (HTTP " +
                  std::to_string(s.handshake_response.result_int()) + "): " + ec.message());
  }
  return true;
}

void ws_client::set_receive_buffer(int bytes) { impl_->receive_buffer = bytes; }

int ws_client::handshake_status() const { return impl_->handshake_response.result_int(); }
const std::string& ws_client::handshake_body() const { return impl_->handshake_response.body(); }

bool ws_client::send_text(const std::string& text, std::chrono::milliseconds timeout) {
  return impl_->send_frame(text, true, timeout);
}

bool ws_client::send_binary(const std::string& data, std::chrono::milliseconds timeout) {
  return impl_->send_frame(data, false, timeout);
}

std::optional<std::string> ws_client::read_text(std::chrono::milliseconds timeout) {
  auto& s = *impl_;
  if (s.broken || s.closed) {
    s.error = s.closed ? "la conexión ya estaba cerrada" : s.error;
    return std::nullopt;
  }
  beast::error_code ec;
  bool done = false;
  s.buffer.clear();
  s.ws.async_read(s.buffer, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!run_with_timeout(s.ioc, s.ws.next_layer(), done, timeout)) {
    s.broken = true;
    s.error = "no llegó ningún mensaje en " + std::to_string(timeout.count()) + " ms";
    return std::nullopt;
  }
  // Un cierre del servidor: llegó su trama de cierre (aunque luego falle la
  // respuesta porque el servidor ya cortó el TCP, como tras un 1009).
  if (ec == websocket::error::closed || s.ws.reason().code != websocket::close_code::none) {
    s.closed = close_info{s.ws.reason().code, std::string(s.ws.reason().reason.c_str())};
    s.error = "el servidor cerró la conexión con el código " + std::to_string(s.closed->code);
    return std::nullopt;
  }
  if (ec) {
    s.broken = true;
    s.error = "error al leer: " + ec.message();
    return std::nullopt;
  }
  ++s.messages;
  return beast::buffers_to_string(s.buffer.data());
}

std::optional<nlohmann::json> ws_client::read_json(std::chrono::milliseconds timeout) {
  auto text = read_text(timeout);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    impl_->error = "llegó un mensaje que no es JSON: " + *text;
    return std::nullopt;
  }
  return j;
}

std::optional<nlohmann::json> ws_client::read_until_type(std::string_view type,
                                                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds::zero()) {
      impl_->error = "no llegó ningún mensaje de tipo \"" + std::string(type) + "\" a tiempo";
      return std::nullopt;
    }
    auto msg = read_json(left);
    if (!msg) return std::nullopt;
    if (msg->is_object() && msg->value("type", "") == type) return msg;
  }
}

std::optional<close_info> ws_client::wait_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!impl_->closed) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds::zero() || impl_->broken) break;
    if (!read_text(left) && !impl_->closed) break;
  }
  if (!impl_->closed && impl_->error.empty()) impl_->error = "el servidor no cerró a tiempo";
  return impl_->closed;
}

void ws_client::close() {
  auto& s = *impl_;
  if (s.broken || s.closed) return;
  bool done = false;
  s.ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
  run_with_timeout(s.ioc, s.ws.next_layer(), done, default_timeout);
  s.broken = true;
}

const std::optional<close_info>& ws_client::closed() const { return impl_->closed; }
const std::string& ws_client::error() const { return impl_->error; }
std::size_t ws_client::messages_read() const { return impl_->messages; }

bool mute_client_gets_disconnected(unsigned short port, const std::string& target,
                                   std::chrono::milliseconds timeout) {
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::error_code ec;
  socket.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return false;
  // Handshake de RFC 6455 §4.1 escrito a mano; la clave es la del ejemplo del RFC.
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                              "Sec-WebSocket-Version: 13\r\n\r\n";
  net::write(socket, net::buffer(request), ec);
  if (ec) return false;
  // Lee (sin responder nunca a nada) hasta fin de flujo o hasta el plazo.
  std::array<char, 4096> chunk;
  std::string received;
  bool disconnected = false;
  std::function<void()> read_more = [&] {
    socket.async_read_some(net::buffer(chunk), [&](beast::error_code e, std::size_t n) {
      if (e) {
        disconnected = true;
        return;
      }
      if (received.size() < 64) received.append(chunk.data(), n);
      read_more();
    });
  };
  read_more();
  const bool closed_in_time = run_with_timeout(ioc, socket, disconnected, timeout);
  // Solo cuenta si antes hubo handshake: un servidor que no acepta también "desconecta".
  return closed_in_time && received.rfind("HTTP/1.1 101", 0) == 0;
}

std::string describe(const std::optional<nlohmann::json>& msg) {
  return msg ? msg->dump() : std::string("(nada)");
}

}  // namespace taller::testing
