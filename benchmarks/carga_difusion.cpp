// carga_difusion: el generador de carga del banco de difusión (tools/rendimiento.py).
// Abre N clientes WebSocket o SSE contra un servidor de 127.0.0.1, repartidos
// entre las direcciones de origen 127.0.0.1 … 127.0.0.K, y publica R difusiones
// con POST /sse/broadcast/{canal}. Cada difusión lleva "seq":r en su cuerpo; cada
// cliente apunta cuándo le llega la suya. Un solo hilo con Asio, como el servidor.
//
// Habla con el orquestador por la entrada y la salida estándar:
//   «conectados OK FALLIDOS SEGUNDOS» cuando todos han conectado (o fallado);
//   espera una línea en la entrada y difunde;
//   «resultado {json}» al terminar; espera el fin de la entrada y sale.
//
//   carga_difusion --port 9000 --transport ws --clients 1000 --rounds 10
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "taller/args.hpp"
#include "taller/net.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using ms = std::chrono::duration<double, std::milli>;

struct settings {
  unsigned short port = 0;
  bool websocket = true;
  std::size_t clients = 0, rounds = 0, addresses = 0, window = 0, body_bytes = 0;
  std::string channel;
  std::chrono::milliseconds interval{}, timeout{};
};

class load;

// Un cliente: conecta desde su dirección, hace el handshake y busca "seq":r en
// lo que le llega (los frames del servidor no llevan máscara, así que el texto
// JSON se ve tal cual en WebSocket y en SSE).
class client : public std::enable_shared_from_this<client> {
 public:
  client(net::io_context& ioc, load& owner, std::size_t index)
      : socket_(ioc), owner_(owner), index_(index) {}
  void start();

 private:
  void on_connect(beast::error_code ec);
  void on_handshake(beast::error_code ec, std::size_t n);
  void do_read();
  void on_read(beast::error_code ec, std::size_t n);
  void scan();

  tcp::socket socket_;
  load& owner_;
  std::size_t index_;
  std::string request_, pending_;
  std::array<char, 2048> chunk_{};
  clock_type::time_point started_;
};

// El conjunto: abre los clientes con una ventana de conexiones en curso, lanza
// las rondas una a una (la siguiente empieza cuando la anterior ha llegado a
// todos o ha vencido su plazo) y guarda el instante de cada llegada.
class load {
 public:
  load(net::io_context& ioc, settings s)
      : ioc_(ioc),
        s_(std::move(s)),
        arrival_ms_(s_.clients * s_.rounds, -1.0),
        received_(s_.rounds, 0),
        sent_at_(s_.rounds),
        post_(ioc),
        timer_(ioc),
        input_(ioc, 0) {}

  void connect_all() {
    started_ = clock_type::now();
    for (std::size_t i = 0; i < std::min(s_.window, s_.clients); ++i) open_next();
  }
  const settings& config() const { return s_; }

  // Un cliente ha terminado su handshake (o ha fallado): abre el siguiente.
  void connected(bool ok, double handshake_ms) {
    (ok ? ok_ : failed_)++;
    if (ok) handshake_ms_.push_back(handshake_ms);
    if (next_ < s_.clients) open_next();
    if (ok_ + failed_ == s_.clients) on_all_connected();
  }

  // Bytes leídos por un cliente: con las entregas dan el tamaño medio de un mensaje.
  void count_bytes(std::size_t n) { bytes_ += n; }

  // Al cliente index le ha llegado la difusión seq.
  void arrived(std::size_t index, std::size_t seq) {
    if (seq >= s_.rounds || arrival_ms_[seq * s_.clients + index] >= 0) return;
    arrival_ms_[seq * s_.clients + index] = ms(clock_type::now() - sent_at_[seq]).count();
    if (++received_[seq] == ok_ && seq == round_) maybe_done();
  }

 private:
  void open_next() { std::make_shared<client>(ioc_, *this, next_++)->start(); }

  void on_all_connected() {
    const double seconds = std::chrono::duration<double>(clock_type::now() - started_).count();
    std::cout << "conectados " << ok_ << ' ' << failed_ << ' ' << seconds << std::endl;
    // Espera la orden del orquestador (ha leído la memoria y la CPU del servidor).
    net::async_read_until(input_, input_buffer_, '\n', [this](beast::error_code ec, std::size_t) {
      if (!ec) open_post();
    });
  }

  void open_post() {
    post_.async_connect({net::ip::make_address("127.0.0.1"), s_.port},
                        [this](beast::error_code ec) {
                          if (ec) return fail("no se pudo abrir la conexión del POST", ec);
                          bytes_ = 0;
                          start_round();
                        });
  }

  // Publica la difusión round_: el cuerpo lleva "seq" y relleno hasta body_bytes.
  void start_round() {
    std::string body = "{\"seq\":" + std::to_string(round_) + ",\"text\":\"";
    body.append(s_.body_bytes > body.size() + 2 ? s_.body_bytes - body.size() - 2 : 0, 'x');
    body += "\"}";
    post_request_ = "POST /sse/broadcast/" + s_.channel +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body;
    done_ = answered_ = false;
    sent_at_[round_] = clock_type::now();
    timer_.expires_after(s_.timeout);
    timer_.async_wait([this, r = round_](beast::error_code ec) {
      if (ec || r != round_) return;
      if (!answered_) fail("el servidor no respondió al POST a tiempo", {});
      round_done();
    });
    net::async_write(post_, net::buffer(post_request_), [this](beast::error_code ec, std::size_t) {
      if (ec) return fail("el POST de difusión falló", ec);
      read_response();
    });
  }

  // Lee la respuesta al POST (cabeceras y Content-Length bytes) para dejar
  // la conexión lista para la siguiente ronda.
  void read_response() {
    net::async_read_until(
        post_, net::dynamic_buffer(response_), "\r\n\r\n",
        [this](beast::error_code ec, std::size_t head) {
          if (ec) return fail("no llegó la respuesta al POST", ec);
          if (response_.rfind("HTTP/1.1 200", 0) != 0)
            return fail("el POST no devolvió 200: " + response_.substr(0, response_.find('\r')),
                        {});
          std::string lower = response_.substr(0, head);
          std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
          std::size_t length = 0;
          if (auto p = lower.find("content-length:"); p != std::string::npos)
            length = std::stoul(lower.substr(p + 15));
          const std::size_t missing =
              head + length > response_.size() ? head + length - response_.size() : 0;
          net::async_read(post_, net::dynamic_buffer(response_), net::transfer_exactly(missing),
                          [this, head, length](beast::error_code ec2, std::size_t) {
                            if (ec2) return fail("la respuesta al POST llegó incompleta", ec2);
                            response_.erase(0, head + length);
                            answered_ = true;
                            maybe_done();
                          });
        });
  }

  // La ronda termina cuando ha llegado a todos y el POST tiene su respuesta.
  void maybe_done() {
    if (answered_ && received_[round_] == ok_) round_done();
  }

  // La ronda ha terminado o ha vencido su plazo: la siguiente, no antes de interval.
  void round_done() {
    if (done_) return;
    done_ = true;
    timer_.cancel();
    if (++round_ == s_.rounds) return finish();
    timer_.expires_at(std::max(clock_type::now(), sent_at_[round_ - 1] + s_.interval));
    timer_.async_wait([this](beast::error_code ec) {
      if (!ec) start_round();
    });
  }

  void finish() {
    std::vector<double> all, last;
    for (std::size_t r = 0; r < s_.rounds; ++r) {
      double worst = -1;
      for (std::size_t i = 0; i < s_.clients; ++i)
        if (const double t = arrival_ms_[r * s_.clients + i]; t >= 0) {
          all.push_back(t);
          worst = std::max(worst, t);
        }
      if (worst >= 0) last.push_back(worst);
    }
    const std::size_t expected = s_.clients * s_.rounds;
    std::cout << "resultado {\"esperados\":" << expected << ",\"entregados\":" << all.size()
              << ",\"perdidos\":" << expected - all.size() << ",\"p50_ms\":" << quantile(all, 0.5)
              << ",\"p99_ms\":" << quantile(all, 0.99) << ",\"max_ms\":" << quantile(all, 1.0)
              << ",\"ultimo_p50_ms\":" << quantile(last, 0.5)
              << ",\"conexion_p50_ms\":" << quantile(handshake_ms_, 0.5)
              << ",\"conexion_p99_ms\":" << quantile(handshake_ms_, 0.99)
              << ",\"bytes_por_mensaje\":"
              << (all.empty() ? 0.0 : static_cast<double>(bytes_) / static_cast<double>(all.size()))
              << "}" << std::endl;
    // Los clientes siguen abiertos hasta que el orquestador cierre la entrada.
    net::async_read(input_, input_buffer_, [this](beast::error_code, std::size_t) { ioc_.stop(); });
  }

  static double quantile(std::vector<double> v, double q) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  }

  void fail(const std::string& what, beast::error_code ec) {
    std::cerr << "carga_difusion: " << what << (ec ? ": " + ec.message() : "") << std::endl;
    std::exit(1);
  }

  net::io_context& ioc_;
  settings s_;
  std::vector<double> arrival_ms_;  // [ronda × clientes]: ms desde el POST, -1 si no llegó
  std::vector<std::size_t> received_;
  std::vector<clock_type::time_point> sent_at_;
  std::vector<double> handshake_ms_;
  std::size_t next_ = 0, ok_ = 0, failed_ = 0, round_ = 0, bytes_ = 0;
  bool done_ = false, answered_ = false;
  clock_type::time_point started_;
  tcp::socket post_;
  std::string post_request_, response_;
  net::steady_timer timer_;
  net::posix::stream_descriptor input_;
  net::streambuf input_buffer_;
};

void client::start() {
  const settings& s = owner_.config();
  started_ = clock_type::now();
  socket_.open(tcp::v4());
  // La dirección de origen 127.0.0.(1 + i % K); el puerto se elige al conectar
  // (IP_BIND_ADDRESS_NO_PORT), así cada dirección tiene sus ~28 000 puertos por destino.
  const int one = 1;
  setsockopt(socket_.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  const auto source =
      net::ip::address_v4(0x7f000001u + static_cast<unsigned>(index_ % s.addresses));
  beast::error_code ec;
  socket_.bind({source, 0}, ec);
  if (ec) return owner_.connected(false, 0);
  request_ = s.websocket
                 ? "GET /ws?channel=" + s.channel +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n"
                 : "GET /sse/events?channel=" + s.channel +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
  socket_.async_connect({net::ip::make_address("127.0.0.1"), s.port},
                        beast::bind_front_handler(&client::on_connect, shared_from_this()));
}

void client::on_connect(beast::error_code ec) {
  if (ec) return owner_.connected(false, 0);
  net::async_write(socket_, net::buffer(request_),
                   [self = shared_from_this()](beast::error_code ec2, std::size_t) {
                     if (ec2) return self->owner_.connected(false, 0);
                     net::async_read_until(self->socket_, net::dynamic_buffer(self->pending_),
                                           "\r\n\r\n",
                                           beast::bind_front_handler(&client::on_handshake, self));
                   });
}

// Cabeceras de la respuesta: 101 (WebSocket) o 200 (SSE); lo que venga detrás ya es flujo.
void client::on_handshake(beast::error_code ec, std::size_t n) {
  const char* status = owner_.config().websocket ? "HTTP/1.1 101" : "HTTP/1.1 200";
  if (ec || pending_.rfind(status, 0) != 0) {
    if (!ec)
      std::cerr << "respuesta inesperada: " << pending_.substr(0, pending_.find('\r')) << '\n';
    return owner_.connected(false, 0);
  }
  pending_.erase(0, n);
  request_.clear();
  request_.shrink_to_fit();
  owner_.connected(true, ms(clock_type::now() - started_).count());
  scan();
  do_read();
}

void client::do_read() {
  socket_.async_read_some(net::buffer(chunk_),
                          beast::bind_front_handler(&client::on_read, shared_from_this()));
}

void client::on_read(beast::error_code ec, std::size_t n) {
  if (ec) return;  // el servidor cerró: lo que no llegó cuenta como perdido
  pending_.append(chunk_.data(), n);
  owner_.count_bytes(n);
  scan();
  do_read();
}

// Busca cada "seq":r completo en pending_ y se queda con lo que quede a medias.
void client::scan() {
  static constexpr std::string_view marker = "\"seq\":";
  std::size_t pos;
  while ((pos = pending_.find(marker)) != std::string::npos) {
    std::size_t end = pos + marker.size(), seq = 0;
    while (end < pending_.size() && std::isdigit(static_cast<unsigned char>(pending_[end])))
      seq = seq * 10 + static_cast<std::size_t>(pending_[end++] - '0');
    if (end == pending_.size()) break;  // el número puede seguir en la próxima lectura
    owner_.arrived(index_, seq);
    pending_.erase(0, end);
  }
  if (pos == std::string::npos && pending_.size() > marker.size())
    pending_.erase(0, pending_.size() - marker.size());
}

}  // namespace

int main(int argc, char** argv) {
  taller::cli_args args(
      "carga_difusion",
      "Difusión a N clientes WebSocket o SSE en loopback (para tools/rendimiento.py).",
      {{"port", "9000", "puerto del servidor en 127.0.0.1"},
       {"transport", "ws", "ws o sse"},
       {"clients", "1000", "clientes simultáneos"},
       {"rounds", "10", "difusiones (una ronda cada una)"},
       {"interval-ms", "1000", "ms mínimos entre el comienzo de dos rondas"},
       {"timeout-ms", "10000", "plazo de una ronda en ms: lo que no llega antes se pierde"},
       {"addresses", "50", "direcciones de origen 127.0.0.1 … 127.0.0.K"},
       {"window", "200", "conexiones abriéndose a la vez"},
       {"body-bytes", "500", "bytes del cuerpo JSON del POST"},
       {"channel", "carga", "canal de la difusión"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();
  settings s;
  try {
    s.port = static_cast<unsigned short>(args.integer("port", 1, 65535));
    s.websocket = args.str("transport") == "ws";
    if (!s.websocket && args.str("transport") != "sse")
      throw std::invalid_argument("--transport es ws o sse");
    s.clients = static_cast<std::size_t>(args.integer("clients", 1, 19000));
    s.rounds = static_cast<std::size_t>(args.integer("rounds", 1, 100000));
    s.interval = std::chrono::milliseconds(args.integer("interval-ms", 0, 60000));
    s.timeout = std::chrono::milliseconds(args.integer("timeout-ms", 1, 600000));
    s.addresses = static_cast<std::size_t>(args.integer("addresses", 1, 254));
    s.window = static_cast<std::size_t>(args.integer("window", 1, 10000));
    s.body_bytes = static_cast<std::size_t>(args.integer("body-bytes", 20, 60000));
    s.channel = args.str("channel");
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << '\n' << args.usage();
    return 2;
  }
  net::io_context ioc(1);
  load run(ioc, s);
  run.connect_all();
  ioc.run();
}
