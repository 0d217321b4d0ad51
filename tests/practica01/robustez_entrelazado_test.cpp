// Robustez de la práctica 01: lo que escribe la sesión (una escritura en curso
// y la cola acotada) nunca se mezcla con las tramas de control que Beast
// escribe por su cuenta: los pings de keep-alive, los pongs a los pings del
// cliente y la respuesta a un cierre. Ocho clientes Beast reales en un canal:
// dos emisores difunden sin parar, el servidor envía pings (ping_timeout
// corto), dos clientes envían sus propios pings y dos cierran a mitad de la
// difusión. Unos bytes mezclados el cliente los vería como un error de
// protocolo (trama mal formada, opcode desconocido, UTF-8 inválido) o como una
// difusión rota o fuera de orden. Solo contra la solución.
//
// Se ejecuta con los dos caminos de escritura: async_write (el de la Práctica
// 01) y el directo de taller::frame_socket (direct_writes, el que activa la
// Práctica 04), que escribe los frames de datos sin pasar por Beast. En el
// directo es frame_socket quien ordena sus frames con los de control de Beast:
// aquí, los frames directos esperan a menudo a un pong o a un ping de Beast.
//
// Alcance: en loopback el servidor casi nunca tiene que dejar un frame a medias
// (los búferes del núcleo lo absorben todo), así que esta prueba no ejercita un
// frame directo partido con Beast esperando detrás: eso lo comprueban, con
// búferes de 4 KB, las pruebas comun.Robustez_FrameSocket.*.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "servidor_de_prueba.hpp"
#include "taller/net.hpp"

namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

const std::string channel = "entrelazado";
// Con ping_timeout de 2 s, Beast envía un ping a la conexión que lleva 1 s sin
// que llegue un mensaje suyo (los oyentes, los pingers: los emisores, no).
constexpr std::chrono::seconds ping_timeout{2};
// Difusiones de cada emisor que pueden no haber llegado aún a algún cliente:
// con dos emisores, ninguna cola del servidor pasa de 2 × 16 = 32 mensajes.
constexpr std::uint64_t window = 16;
constexpr std::size_t max_queue = 64;
constexpr std::uint64_t ping_every = 25;     // un pinger envía un ping cada 25 difusiones
constexpr std::uint64_t close_after = 200;   // cierra-1 cierra tras 200 difusiones
constexpr std::uint64_t after_closes = 300;  // difusiones de cada emisor tras el último cierre

// Qué hace cada cliente del canal.
enum class role {
  sender,              // difunde {seq, texto} sin parar (y recibe como los demás)
  listener,            // solo lee: el servidor le envía pings de keep-alive
  pinger,              // lee y envía sus propios pings; el servidor contesta con pongs
  closer_after_count,  // cierra con 1000 tras close_after difusiones
  closer_after_ping,   // cierra con 1000 con la primera difusión tras un ping del servidor
};

// El texto de la difusión número seq: corto casi siempre y, una de cada 50,
// de ~5 KB (más que un fragmento de Beast, que puede meter un ping entre dos),
// con UTF-8 de dos y tres bytes: unos bytes ajenos en medio se notan como
// UTF-8 inválido o como un texto distinto.
std::string filler(std::uint64_t seq) {
  const std::uint64_t repeats = seq % 50 == 0 ? 400 : seq % 40;
  std::string out;
  for (std::uint64_t i = 0; i < repeats; ++i) out += "ñandú€·";
  return out;
}

// Campo de texto de un objeto JSON, o "" si falta o no es texto.
std::string text_field(const json& obj, const char* name) {
  if (!obj.is_object() || !obj.contains(name) || !obj[name].is_string()) return {};
  return obj[name].get<std::string>();
}

struct client {
  client(net::io_context& ioc, std::string n, role r) : name(std::move(n)), kind(r), ws(ioc) {}

  std::string name;  // también su user_id: el "from" de lo que difunde
  role kind;
  websocket::stream<tcp::socket> ws;
  beast::flat_buffer buffer;
  bool welcomed = false;
  std::map<std::string, std::uint64_t> next_seq;  // por emisor, la siguiente esperada
  std::uint64_t broadcasts = 0;                   // difusiones recibidas
  int server_pings = 0;                           // pings de keep-alive del servidor
  std::uint64_t pings_sent = 0, pongs = 0;        // los pings propios y sus pongs
  bool ping_in_flight = false;                    // un ping propio espera su pong
  bool close_on_next = false;                     // closer_after_ping: ya llegó el ping
  bool close_requested = false;
  std::optional<beast::error_code> close_result;  // cómo terminó su cierre
  std::uint64_t sent = 0;                         // emisor: difusiones enviadas
  bool writing = false;                           // emisor: una escritura en curso
  std::string outgoing;                           // emisor: lo que se está escribiendo
  std::vector<std::string> problems;              // lo que llegó mal, para el fallo

  bool in_flow() const { return welcomed && !close_requested && problems.empty(); }
  int close_code() const { return ws.reason().code; }
};

// Los clientes en un io_context que atiende el hilo de la prueba: todo su
// estado se toca desde un solo hilo y la prueba espera a que se cumpla una
// condición, con un plazo que solo cuenta si algo falla.
class scenario {
 public:
  explicit scenario(unsigned short port) : port_(port) {}

  // Cierra los sockets que queden y deja terminar sus manejadores.
  ~scenario() {
    for (auto& c : clients_) {
      beast::error_code ignored;
      c->ws.next_layer().close(ignored);
    }
    ioc_.restart();
    ioc_.run_for(2s);
  }

  client& add(const std::string& name, role kind, int receive_buffer = 0) {
    auto& c = *clients_.emplace_back(std::make_unique<client>(ioc_, name, kind));
    if (receive_buffer > 0) {
      c.ws.next_layer().open(tcp::v4());
      c.ws.next_layer().set_option(net::socket_base::receive_buffer_size(receive_buffer));
    }
    do_connect(c);
    return c;
  }

  // Atiende los clientes hasta que done() se cumpla, algo falle o venza el plazo.
  bool run_until(const std::function<bool()>& done, std::chrono::seconds bound) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    ioc_.restart();
    while (!done() && !failed()) {
      if (ioc_.run_one_until(deadline) == 0 && (ioc_.stopped() || past(deadline))) break;
    }
    return done() && !failed();
  }

  void start_sending() {
    sending_ = true;
    pump();
  }
  void stop_sending() { sending_ = false; }
  // Cierra con 1000 todos los que siguen abiertos.
  void close_all() {
    for (auto& c : clients_)
      if (!c->close_requested) do_close(*c);
  }

  bool failed() const {
    for (const auto& c : clients_)
      if (!c->problems.empty()) return true;
    return false;
  }
  bool all_welcomed() const {
    return all([](const client& c) { return c.welcomed; });
  }
  bool all_closed() const {
    return all([](const client& c) { return c.close_result.has_value(); });
  }
  // Cada cliente que sigue abierto tiene todo lo enviado y cada pong que esperaba.
  bool drained() const {
    return all([this](const client& c) {
      if (!c.in_flow()) return true;
      if (c.ping_in_flight) return false;
      for (const auto& s : clients_)
        if (s->kind == role::sender && (s->writing || c.next_seq.at(s->name) != s->sent))
          return false;
      return true;
    });
  }

  const std::vector<std::unique_ptr<client>>& clients() const { return clients_; }
  std::uint64_t sent_at_last_close() const { return sent_at_last_close_; }

 private:
  template <class Pred>
  bool all(Pred pred) const {
    for (const auto& c : clients_)
      if (!pred(*c)) return false;
    return true;
  }
  static bool past(std::chrono::steady_clock::time_point t) {
    return std::chrono::steady_clock::now() >= t;
  }

  void do_connect(client& c) {
    c.ws.next_layer().async_connect({net::ip::make_address("127.0.0.1"), port_},
                                    [this, &c](beast::error_code ec) { on_connect(c, ec); });
  }

  void on_connect(client& c, beast::error_code ec) {
    if (ec) return c.problems.push_back("no se pudo conectar: " + ec.message());
    c.ws.next_layer().set_option(tcp::no_delay(true));
    c.ws.control_callback([this, &c](websocket::frame_type kind, beast::string_view payload) {
      on_control(c, kind, std::string(payload));
    });
    c.ws.async_handshake("127.0.0.1:" + std::to_string(port_),
                         "/ws?channel=" + channel + "&user_id=" + c.name,
                         [this, &c](beast::error_code e) { on_handshake(c, e); });
  }

  void on_handshake(client& c, beast::error_code ec) {
    if (ec) return c.problems.push_back("el handshake falló: " + ec.message());
    do_read(c);
  }

  void do_read(client& c) {
    c.ws.async_read(c.buffer, [this, &c](beast::error_code ec, std::size_t) { on_read(c, ec); });
  }

  void on_read(client& c, beast::error_code ec) {
    // Tras pedir el cierre, la lectura pendiente termina con error: es lo esperado.
    if (ec && c.close_requested) return;
    if (ec == websocket::error::closed)
      return c.problems.push_back("el servidor cerró la conexión con " +
                                  std::to_string(c.close_code()) + " «" +
                                  std::string(c.ws.reason().reason.c_str()) + "»");
    if (ec) return c.problems.push_back("error de protocolo al leer: " + ec.message());
    if (!c.ws.got_text()) return c.problems.push_back("llegó un mensaje binario");
    const std::string text = beast::buffers_to_string(c.buffer.data());
    c.buffer.consume(c.buffer.size());
    on_message(c, text);
    if (!c.problems.empty()) return;
    if (c.kind == role::closer_after_count && c.broadcasts == close_after) return do_close(c);
    if (c.close_on_next) return do_close(c);
    if (c.kind == role::pinger && c.broadcasts % ping_every == 0 && !c.ping_in_flight && sending_)
      do_ping(c);
    do_read(c);
  }

  // Comprueba un mensaje: la bienvenida primero y después cada difusión
  // completa, en orden y sin huecos para cada emisor.
  void on_message(client& c, const std::string& text) {
    const json msg = json::parse(text, nullptr, false);
    if (msg.is_discarded() || !msg.is_object())
      return c.problems.push_back("llegó un mensaje que no es un objeto JSON: " +
                                  text.substr(0, 200));
    const std::string type = text_field(msg, "type");
    if (!c.welcomed) {
      c.welcomed = type == "connection";
      if (!c.welcomed) c.problems.push_back("lo primero no fue la bienvenida: " + text);
      return;
    }
    if (type != "broadcast" || text_field(msg, "channel") != channel || !msg.contains("data"))
      return c.problems.push_back("se esperaba una difusión del canal y llegó: " +
                                  text.substr(0, 200));
    check_sequence(c, text_field(msg, "from"), msg["data"]);
    ++c.broadcasts;
    pump();
  }

  void check_sequence(client& c, const std::string& from, const json& data) {
    auto it = c.next_seq.find(from);
    if (it == c.next_seq.end())
      return c.problems.push_back("difusión de un remitente desconocido: \"" + from + "\"");
    const std::uint64_t expected = it->second;
    const bool in_order = data.is_object() && data.contains("seq") &&
                          data["seq"].is_number_unsigned() &&
                          data["seq"].get<std::uint64_t>() == expected;
    if (!in_order)
      return c.problems.push_back("de " + from + " se esperaba seq " + std::to_string(expected) +
                                  " y llegó " + data.dump().substr(0, 80));
    if (text_field(data, "texto") != filler(expected))
      return c.problems.push_back("el texto de la difusión " + std::to_string(expected) + " de " +
                                  from + " llegó alterado");
    ++it->second;
  }

  void on_control(client& c, websocket::frame_type kind, const std::string& payload) {
    if (kind == websocket::frame_type::ping) {
      ++c.server_pings;
      if (c.kind == role::closer_after_ping) c.close_on_next = true;
    } else if (kind == websocket::frame_type::pong) {
      const std::string expected = "ping-" + std::to_string(c.pings_sent);
      if (!c.ping_in_flight || payload != expected)
        return c.problems.push_back("se esperaba el pong \"" + expected + "\" y llegó \"" +
                                    payload + "\"");
      ++c.pongs;
      c.ping_in_flight = false;
    }
  }

  // Cada emisor escribe mientras ninguna difusión suya lleve más de window
  // sin llegar a algún cliente abierto: así ninguna cola del servidor se llena.
  void pump() {
    for (auto& s : clients_)
      if (s->kind == role::sender && sending_ && !s->writing && s->in_flow() &&
          s->sent < slowest(s->name) + window)
        do_send(*s);
  }

  std::uint64_t slowest(const std::string& sender) const {
    std::uint64_t least = UINT64_MAX;
    for (const auto& c : clients_)
      if (c->in_flow()) least = std::min(least, c->next_seq.at(sender));
    return least;
  }

  void do_send(client& s) {
    s.writing = true;
    s.outgoing =
        json{{"type", "broadcast"}, {"data", {{"seq", s.sent}, {"texto", filler(s.sent)}}}}.dump();
    s.ws.text(true);
    s.ws.async_write(net::buffer(s.outgoing),
                     [this, &s](beast::error_code ec, std::size_t) { on_send(s, ec); });
  }

  void on_send(client& s, beast::error_code ec) {
    s.writing = false;
    if (ec) return s.problems.push_back("no se pudo enviar: " + ec.message());
    ++s.sent;
    pump();
  }

  void do_ping(client& c) {
    c.ping_in_flight = true;
    ++c.pings_sent;
    const std::string payload = "ping-" + std::to_string(c.pings_sent);
    c.ws.async_ping(websocket::ping_data(payload.c_str()), [&c](beast::error_code ec) {
      if (ec) c.problems.push_back("no se pudo enviar un ping: " + ec.message());
    });
  }

  void do_close(client& c) {
    c.close_requested = true;
    c.ws.async_close(websocket::close_code::normal,
                     [this, &c](beast::error_code ec) { on_close(c, ec); });
  }

  void on_close(client& c, beast::error_code ec) {
    c.close_result = ec;
    if (c.kind == role::closer_after_count || c.kind == role::closer_after_ping)
      sent_at_last_close_ = std::max(sent_at_last_close_, sent_so_far());
  }

  std::uint64_t sent_so_far() const {
    std::uint64_t most = 0;
    for (const auto& s : clients_)
      if (s->kind == role::sender) most = std::max(most, s->sent);
    return most;
  }

  net::io_context ioc_;
  unsigned short port_;
  std::vector<std::unique_ptr<client>> clients_;
  bool sending_ = false;
  std::uint64_t sent_at_last_close_ = 0;
};

// Lo que llegó mal a cada cliente, para el mensaje de fallo.
std::string problems_of(const scenario& sc) {
  std::string out;
  for (const auto& c : sc.clients())
    for (const auto& p : c->problems) out += "\n  " + c->name + ": " + p;
  return out.empty() ? " (ningún error en los clientes)" : out;
}

std::string counts_of(const scenario& sc) {
  std::string out;
  for (const auto& c : sc.clients())
    out += "\n  " + c->name + ": " + std::to_string(c->broadcasts) + " difusiones, " +
           std::to_string(c->server_pings) + " pings del servidor, " + std::to_string(c->pongs) +
           "/" + std::to_string(c->pings_sent) + " pongs, enviadas " + std::to_string(c->sent) +
           (c->close_result ? ", cerrado" : "");
  return out;
}

p01::server_options options(bool direct_writes) {
  auto o = p01::testing::test_options();
  o.ping_timeout = ping_timeout;
  o.max_queue = max_queue;
  o.direct_writes = direct_writes;
  return o;
}

// El parámetro: direct_writes.
class Robustez_Entrelazado : public ::testing::TestWithParam<bool> {};

TEST_P(Robustez_Entrelazado, PingsPongsYCierresNoSeMezclanConLaDifusion) {
  p01::testing::running_server srv(options(GetParam()));
  scenario sc(srv.port());
  const std::vector<std::string> senders{"emisor-a", "emisor-b"};
  for (const auto& name : senders) sc.add(name, role::sender);
  sc.add("oyente-1", role::listener);
  sc.add("oyente-lento", role::listener, 8 * 1024);  // búfer pequeño: el servidor espera
  sc.add("pinger-1", role::pinger);
  sc.add("pinger-2", role::pinger);
  sc.add("cierra-1", role::closer_after_count);
  sc.add("cierra-2", role::closer_after_ping);
  for (const auto& c : sc.clients())
    for (const auto& s : senders) c->next_seq[s] = 0;

  ASSERT_TRUE(sc.run_until([&] { return sc.all_welcomed(); }, 10s))
      << "los ocho clientes debían conectarse a /ws?channel=" << channel
      << " y recibir su bienvenida;" << problems_of(sc);

  // Difunde hasta que los oyentes hayan visto dos pings del servidor y los
  // pingers uno y cinco pongs, los dos cierres hayan terminado y cada emisor
  // haya difundido after_closes más desde el último.
  const auto in_middle = [&] {
    for (const auto& c : sc.clients()) {
      if (c->kind == role::listener && c->server_pings < 2) return false;
      if (c->kind == role::pinger && (c->server_pings < 1 || c->pongs < 5)) return false;
      if ((c->kind == role::closer_after_count || c->kind == role::closer_after_ping) &&
          !c->close_result)
        return false;
      if (c->kind == role::sender && c->sent < sc.sent_at_last_close() + after_closes) return false;
    }
    return true;
  };
  sc.start_sending();
  const bool reached = sc.run_until(in_middle, 30s);
  sc.stop_sending();
  ASSERT_TRUE(reached)
      << "durante la difusión, cada oyente debía recibir 2 pings del servidor (ping_timeout = "
      << ping_timeout.count() << " s), cada pinger 1 ping del servidor y 5 pongs, y los dos"
      << " cierres debían terminar;"
      << " se llegó a:" << counts_of(sc) << "\nerrores:" << problems_of(sc);

  ASSERT_TRUE(sc.run_until([&] { return sc.drained(); }, 10s))
      << "cada cliente abierto debía recibir todas las difusiones enviadas y cada pong;"
      << " se llegó a:" << counts_of(sc) << "\nerrores:" << problems_of(sc);

  sc.close_all();
  ASSERT_TRUE(sc.run_until([&] { return sc.all_closed(); }, 10s))
      << "cada cliente debía completar su cierre con 1000;" << counts_of(sc)
      << "\nerrores:" << problems_of(sc);

  std::uint64_t frames = 0, server_pings = 0, pongs = 0, closes = 0;
  for (const auto& c : sc.clients()) {
    EXPECT_FALSE(*c->close_result)
        << c->name << ": el cierre debía completarse sin error y terminó con "
        << c->close_result->message();
    EXPECT_EQ(c->close_code(), 1000)
        << c->name << ": el servidor debía responder al cierre con 1000 y respondió con "
        << c->close_code();
    closes += !*c->close_result && c->close_code() == 1000;
    frames += c->broadcasts;
    server_pings += c->server_pings;
    pongs += c->pongs;
  }
  ::testing::Test::RecordProperty("difusiones_enviadas",
                                  std::to_string(sc.clients()[0]->sent + sc.clients()[1]->sent));
  ::testing::Test::RecordProperty("difusiones_recibidas", std::to_string(frames));
  ::testing::Test::RecordProperty("pings_del_servidor", std::to_string(server_pings));
  ::testing::Test::RecordProperty("pongs", std::to_string(pongs));
  ::testing::Test::RecordProperty("cierres_1000", std::to_string(closes));
}

INSTANTIATE_TEST_SUITE_P(Escritura, Robustez_Entrelazado, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return std::string(info.param ? "Directa" : "AsyncWrite");
                         });

}  // namespace
