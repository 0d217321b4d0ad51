// p01-cliente: cliente WebSocket de línea de órdenes (Beast).
// Imprime cada mensaje que llega y envía cada línea escrita en la entrada.
//   p01-cliente ws://localhost:8000/ws?channel=general&user_id=ana
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "taller/args.hpp"
#include "taller/fail.hpp"
#include "taller/net.hpp"

namespace {

// Partes de una URL ws://host:puerto/ruta.
struct ws_url {
  std::string host, port, target;
};

bool parse_url(const std::string& url, ws_url& out) {
  const std::string scheme = "ws://";
  if (url.rfind(scheme, 0) != 0) return false;
  const std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  out.host = authority.substr(0, colon);
  out.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  return !out.host.empty();
}

class client : public std::enable_shared_from_this<client> {
 public:
  // done se llama una vez cuando la conexión termina (o no llega a abrirse).
  client(net::io_context& ioc, ws_url url, std::function<void()> done)
      : resolver_(ioc), ws_(ioc), quiet_(ioc), url_(std::move(url)), done_(std::move(done)) {}

  void run() {
    resolver_.async_resolve(url_.host, url_.port,
                            beast::bind_front_handler(&client::on_resolve, shared_from_this()));
  }

  // Llamado desde el hilo de red (la entrada lo publica con net::post). Las
  // líneas escritas antes de terminar el handshake esperan en la cola.
  void send(std::string line) {
    queue_.push_back(std::move(line));
    if (!open_ || queue_.size() > 1) return;  // sin abrir o con escritura en curso
    do_write();
  }

  // Fin de la entrada: cuando se haya enviado todo lo pendiente, espera a que
  // pase un segundo sin mensajes (las respuestas) y cierra. Así funciona también
  // con la entrada redirigida: printf '{"type":"ping"}\n' | p01-cliente URL
  void close_when_sent() {
    closing_ = true;
    if (open_ && queue_.empty()) close_when_quiet();
  }

 private:
  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return report(ec, "no se pudo resolver " + url_.host);
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws_).async_connect(
        results, beast::bind_front_handler(&client::on_connect, shared_from_this()));
  }

  void on_connect(beast::error_code ec, tcp::endpoint) {
    if (ec) return report(ec, "no se pudo conectar");
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.async_handshake(res_, url_.host + ":" + url_.port, url_.target,
                        beast::bind_front_handler(&client::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      std::cerr << "✗ handshake rechazado (HTTP " << res_.result_int() << ") " << res_.body()
                << '\n';
      return finish();
    }
    open_ = true;
    std::cout << "✓ conectado a ws://" << url_.host << ':' << url_.port << url_.target
              << "\n  escribe JSON y pulsa Intro, p. ej. {\"type\":\"echo\",\"data\":\"hola\"}"
              << std::endl;
    do_read();
    if (!queue_.empty())
      do_write();
    else if (closing_)
      close_when_quiet();
  }

  void do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&client::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == websocket::error::closed) {
      const auto& reason = ws_.reason();
      std::cout << "✗ el servidor cerró la conexión: código " << reason.code << ' '
                << reason.reason.c_str() << std::endl;
      open_ = false;
      return finish();
    }
    if (ec) return report(ec, "error al leer");
    std::cout << "← " << beast::buffers_to_string(buffer_.data()) << std::endl;
    buffer_.consume(buffer_.size());
    if (closing_ && queue_.empty()) close_when_quiet();  // reinicia la espera
    do_read();
  }

  void do_write() {
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    beast::bind_front_handler(&client::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return report(ec, "error al enviar");
    queue_.pop_front();
    if (!queue_.empty())
      do_write();
    else if (closing_)
      close_when_quiet();
  }

  void close_when_quiet() {
    quiet_.expires_after(std::chrono::seconds(1));
    quiet_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->do_close();
    });
  }

  void do_close() {
    if (!open_) return;
    open_ = false;
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  void report(beast::error_code ec, const std::string& what) {
    open_ = false;
    if (!taller::is_shutdown_error(ec)) std::cerr << "✗ " << what << ": " << ec.message() << '\n';
    finish();
  }

  void finish() {
    if (done_) std::exchange(done_, nullptr)();
  }

  tcp::resolver resolver_;
  websocket::stream<beast::tcp_stream> ws_;
  net::steady_timer quiet_;  // espera final sin mensajes antes de cerrar
  ws_url url_;
  beast::flat_buffer buffer_;
  http::response<http::string_body> res_;
  std::deque<std::string> queue_;  // líneas esperando su turno de escritura
  std::function<void()> done_;
  bool open_ = false;
  bool closing_ = false;  // la entrada terminó
};

}  // namespace

int main(int argc, char** argv) {
  taller::cli_args args("p01-cliente",
                        "Cliente WebSocket: imprime lo que llega y envía cada línea.", {}, {"URL"});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();
  ws_url url;
  if (!parse_url(args.positional()[0], url)) {
    std::cerr << "error: la URL debe empezar por ws://, p. ej. ws://localhost:8000/ws\n";
    return 2;
  }

  net::io_context ioc;
  // El guardia mantiene run() vivo mientras la conexión esté abierta.
  auto guard = net::make_work_guard(ioc);
  auto c = std::make_shared<client>(ioc, url, [&guard] { guard.reset(); });
  c->run();
  // La entrada estándar se lee en un hilo aparte (leer bloquea) y cada línea
  // se publica al hilo de red, el único que toca el WebSocket.
  std::thread input([&ioc, c] {
    for (std::string line; std::getline(std::cin, line);)
      if (!line.empty()) net::post(ioc, [c, line] { c->send(line); });
    net::post(ioc, [c] { c->close_when_sent(); });
  });
  input.detach();
  ioc.run();
  return 0;
}
