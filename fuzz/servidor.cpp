// fuzz_servidor: el servidor entero de la práctica 04 (el monitor de la 03 con
// el panel delante), con todas sus rutas, dentro del proceso. Arranca una vez
// en 127.0.0.1, en un puerto libre y en su propio hilo; cada entrada es lo que
// escribe un cliente por una conexión TCP nueva.
//
// El primer byte de la entrada elige cómo se escribe:
//   - uno de los modelos de `templates` (una ruta con su método y cabeceras):
//     el resto, hasta el primer '\n', se añade a la URL; lo que sigue es el
//     cuerpo (con su Content-Length ya calculado), el Last-Event-ID de un flujo
//     SSE o, en un WebSocket, los mensajes separados por NUL, que se envían
//     como frames de texto enmascarados cuando llega el 101;
//   - cualquier otro valor: el resto son los bytes tal cual (una o varias
//     peticiones HTTP seguidas, bien o mal formadas).
// Después se cierra la escritura (shutdown SHUT_WR), se lee hasta EOF con un
// plazo de 2 s y se cierra con SO_LINGER 0 (un RST: sin TIME_WAIT).
//
// Propiedades: ninguna respuesta es un 500 (la barrera lo da cuando un
// manejador lanza: es un fallo), ninguna excepción llega a la barrera
// (abort_on_exception) y, cada 1000 entradas, GET /api/metrics sigue dando 200:
// el servidor sigue atendiendo.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "p03/jwt.hpp"
#include "p04/dashboard.hpp"

namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

constexpr std::string_view secret = "secreto-de-pruebas";
constexpr auto read_deadline = 2s;
constexpr unsigned health_every = 1000;  // entradas entre dos comprobaciones de /api/metrics

unsigned short port = 0;
std::string token;  // un JWT válido de "profe" (para /ws/secure y el canal privado admin)

// Cómo se escribe una petición de un modelo.
enum class kind { plain, body, sse, websocket };

struct request_template {
  const char* method;
  const char* target;  // el resto de la entrada (hasta '\n') va detrás
  kind what;
};

// Las rutas del servidor (p03/server.cpp, p02/server.cpp, p01/server.cpp,
// p04/dashboard.cpp). "@T" se cambia por un token válido.
constexpr std::array<request_template, 38> templates{{
    {"GET", "/api/metrics", kind::plain},
    {"GET", "/api/metrics/history?metric_type=", kind::plain},
    {"GET", "/api/metrics/channel/", kind::plain},
    {"GET", "/api/connections?limit=", kind::plain},
    {"GET", "/api/alerts?limit=", kind::plain},
    {"GET", "/api/alerts/rules", kind::plain},
    {"PUT", "/api/alerts/rules/", kind::body},
    {"GET", "/api/v1/ws/stats", kind::plain},
    {"GET", "/api/v1/ws/stats/", kind::plain},
    {"POST", "/api/v1/ws/test-event?channel=", kind::plain},
    {"GET", "/metrics", kind::plain},
    {"POST", "/api/v1/sensors", kind::body},
    {"GET", "/api/v1/sensors/", kind::plain},
    {"PUT", "/api/v1/sensors/", kind::body},
    {"DELETE", "/api/v1/sensors/", kind::plain},
    {"POST", "/api/v1/readings", kind::body},
    {"POST", "/auth/login", kind::body},
    {"GET", "/ws/secure?token=@T&channel=", kind::websocket},
    {"GET", "/ws/secure?channel=", kind::websocket},
    {"GET", "/ws?channel=", kind::websocket},
    {"GET", "/ws?channel=admin&token=@T&user_id=", kind::websocket},
    {"GET", "/ws/dashboard", kind::websocket},
    {"GET", "/ws/activity", kind::websocket},
    {"GET", "/sse/events?channel=", kind::sse},
    {"GET", "/sse/events?channel=admin&token=@T&channels=", kind::sse},
    {"GET", "/sse/notifications/", kind::sse},
    {"GET", "/metrics/stream", kind::sse},
    {"GET", "/sse/stats", kind::plain},
    {"GET", "/api/system-stats", kind::plain},
    {"POST", "/sse/broadcast/", kind::body},
    {"POST", "/sse/notify/", kind::body},
    {"POST", "/sse/task-update", kind::body},
    {"GET", "/", kind::plain},
    {"HEAD", "/static/", kind::plain},
    {"GET", "/cliente", kind::plain},
    {"OPTIONS", "/", kind::plain},
    {"GET", "/sse/logs?sender=", kind::sse},
    {"GET", "/sse/trading?last_event_id=", kind::sse},
}};

// ── Sockets ────────────────────────────────────────────────────────────────

int connect_to_server() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  fuzz::check(fd >= 0, "se puede crear un socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    // La alarma de libFuzzer (-timeout) interrumpe llamadas: connect sigue en
    // marcha y se espera a que acabe.
    int error = errno;
    if (error == EINTR) {
      pollfd p{fd, POLLOUT, 0};
      while (::poll(&p, 1, 2000) < 0 && errno == EINTR) {
      }
      socklen_t len = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    }
    if (error != 0 && error != EINTR) {
      std::fprintf(stderr, "[fuzz] connect: %s\n", std::strerror(error));
      fuzz::check(false, "el servidor acepta conexiones");
    }
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Cierra con RST (SO_LINGER 0): ni TIME_WAIT ni esperas.
void close_hard(int fd) {
  const linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}

// Escribe todo; false si el servidor ya cerró (EPIPE, ECONNRESET).
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Lee hasta EOF (o hasta until, si no está vacío) o hasta el plazo.
std::string read_until(int fd, clock_type::time_point deadline, std::string_view until = {}) {
  std::string out;
  char buf[16384];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (left <= 0ms) break;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF o RST
    out.append(buf, static_cast<std::size_t>(n));
    if (!until.empty() && out.find(until) != std::string::npos) break;
  }
  return out;
}

// Un frame de texto de cliente (RFC 6455 §5.2: los del cliente van enmascarados).
std::string text_frame(std::string_view payload) {
  static constexpr std::array<unsigned char, 4> mask{0x37, 0xfa, 0x21, 0x3d};
  std::string f;
  f += static_cast<char>(0x81);  // FIN + texto
  const std::size_t n = payload.size();
  if (n < 126) {
    f += static_cast<char>(0x80 | n);
  } else if (n < 65536) {
    f += static_cast<char>(0x80 | 126);
    f += static_cast<char>(n >> 8);
    f += static_cast<char>(n & 0xff);
  } else {
    f += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i) f += static_cast<char>((n >> (8 * i)) & 0xff);
  }
  for (unsigned char m : mask) f += static_cast<char>(m);
  for (std::size_t i = 0; i < n; ++i) f += static_cast<char>(payload[i] ^ mask[i % 4]);
  return f;
}

// ── Peticiones ─────────────────────────────────────────────────────────────

std::string with_token(std::string target) {
  if (const auto at = target.find("@T"); at != std::string::npos) target.replace(at, 2, token);
  return target;
}

// La petición de un modelo; en un WebSocket, frames recibe los mensajes.
std::string build(const request_template& t, std::string_view rest,
                  std::vector<std::string>& frames) {
  const auto nl = rest.find('\n');
  const std::string_view suffix = rest.substr(0, nl);
  const std::string_view tail = nl == std::string_view::npos ? "" : rest.substr(nl + 1);
  std::string req = std::string(t.method) + " " + with_token(t.target) + std::string(suffix) +
                    " HTTP/1.1\r\nHost: fuzz\r\n";
  switch (t.what) {
    case kind::plain:
      // Lo que sigue son más bytes tal cual: otra petición en la misma conexión.
      return req + "\r\n" + std::string(tail);
    case kind::body:
      return req +
             "Content-Type: application/json\r\nContent-Length: " + std::to_string(tail.size()) +
             "\r\n\r\n" + std::string(tail);
    case kind::sse:
      req += "Accept: text/event-stream\r\n";
      if (!tail.empty()) req += "Last-Event-ID: " + std::string(tail) + "\r\n";
      return req + "\r\n";
    case kind::websocket:
      for (std::string_view msgs = tail; !msgs.empty();) {
        const auto end = msgs.find('\0');
        frames.push_back(text_frame(msgs.substr(0, end)));
        if (end == std::string_view::npos) break;
        msgs.remove_prefix(end + 1);
      }
      return req +
             "Upgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }
  return req;
}

// Una conversación: escribe, cierra la escritura y devuelve lo que llegó.
std::string talk(std::string_view request, const std::vector<std::string>& frames) {
  const int fd = connect_to_server();
  const auto deadline = clock_type::now() + read_deadline;
  std::string got;
  if (write_all(fd, request) && !frames.empty()) {
    // Los frames van cuando el servidor ha aceptado el upgrade.
    got = read_until(fd, deadline, "\r\n\r\n");
    if (got.starts_with("HTTP/1.1 101 "))
      for (const auto& f : frames)
        if (!write_all(fd, f)) break;
  }
  ::shutdown(fd, SHUT_WR);
  got += read_until(fd, deadline);
  close_hard(fd);
  return got;
}

// ¿Alguna respuesta es un 500? (Solo una línea de estado acaba en CRLF así:
// en un cuerpo JSON el CR y el LF van escapados.)
bool has_500(std::string_view got) {
  for (const char* line :
       {"HTTP/1.1 500 Internal Server Error\r\n", "HTTP/1.0 500 Internal Server Error\r\n"})
    if (got.find(line) != std::string_view::npos) return true;
  return false;
}

void check_still_serving() {
  const std::string got =
      talk("GET /api/metrics HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n", {});
  if (!got.starts_with("HTTP/1.1 200 ")) {
    std::fprintf(stderr, "[fuzz] GET /api/metrics respondió: %.200s\n", got.c_str());
    fuzz::check(false, "el servidor sigue atendiendo (GET /api/metrics da 200)");
  }
}

// ── Arranque ───────────────────────────────────────────────────────────────

// monitor.json del fuzzer: el usuario profe (contraseña profe-demo, con pocas
// iteraciones para no frenar al fuzzer), el canal privado admin y límites altos:
// el fuzzer abre miles de conexiones desde 127.0.0.1.
std::string write_config() {
  char dir[] = "/tmp/fuzz_servidor_XXXXXX";
  fuzz::check(::mkdtemp(dir) != nullptr, "se puede crear la carpeta temporal");
  const json config = {
      {"users",
       {{{"username", "profe"},
         {"password_hash", p03::hash_password("profe-demo", "sal-del-fuzzer", 1000)}}}},
      {"private_channels", {"admin"}},
      {"limits", {{"max_connections", 100000}, {"max_per_address", 100000}}}};
  const std::string path = std::string(dir) + "/monitor.json";
  std::ofstream(path) << config.dump(2);
  return path;
}

p03::server_options fuzz_options() {
  p03::server_options o;
  o.base.address = "127.0.0.1";
  o.base.port = 0;
  o.base.websocket.address = "127.0.0.1";
  o.base.interval = 200ms;
  o.base.heartbeat = 1s;
  o.base.shutdown_grace = 200ms;
  o.history_interval = 100ms;
  o.alert_interval = 100ms;
  o.dashboard_interval = 200ms;
  o.config_path = write_config();
  o.env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TALLER_JWT_SECRET") return std::string(secret);
    return std::nullopt;
  };
  return p04::with_dashboard(std::move(o), p04::load_dashboard_files());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  p03::server_options options = fuzz_options();
  const std::filesystem::path config = options.config_path;
  // Vive hasta que el proceso termina: libFuzzer sale con exit() sin avisar.
  static auto* server = new p03::server(std::move(options));
  std::filesystem::remove_all(config.parent_path());  // ya leída: la carpeta temporal sobra
  port = server->start();
  std::thread([] { server->run(); }).detach();
  const double now = static_cast<double>(std::time(nullptr));
  token = p03::jwt_sign({{"sub", "profe"}, {"iat", now}, {"exp", now + 365 * 86400.0}}, secret);
  check_still_serving();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static unsigned runs = 0;
  if (size == 0) return 0;
  const std::string_view rest = fuzz::as_text(data + 1, size - 1);
  std::vector<std::string> frames;
  const std::string request =
      data[0] < templates.size() ? build(templates[data[0]], rest, frames) : std::string(rest);
  const std::string got = talk(request, frames);
  if (has_500(got)) {
    std::fprintf(stderr, "[fuzz] respuesta 500:\n%.2000s\n", got.c_str());
    fuzz::check(false, "ninguna respuesta es un 500");
  }
  if (++runs % health_every == 0) check_still_serving();
  return 0;
}
