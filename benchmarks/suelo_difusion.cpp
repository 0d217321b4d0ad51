// suelo_difusion: el suelo de la difusión. Es el programa más pequeño que
// atiende las mismas URL que el servidor de referencia para una difusión
// (GET /ws?channel=…, GET /sse/events?channel=… y POST /sse/broadcast/{canal})
// y hace solo lo imprescindible: construye el frame una vez y lo escribe con
// send() en cada socket. Lo que cueste aquí cada mensaje es sobre todo el coste
// del núcleo (TCP en loopback); lo que un servidor gaste por encima es suyo.
//
// Un hilo, epoll y sockets no bloqueantes: sin Asio, sin Beast, sin JSON. No es
// un servidor de verdad (no valida casi nada): solo sirve para medir.
//
//   suelo_difusion --port 9000
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "taller/args.hpp"

namespace {

enum class kind { http, websocket, sse };

// Una conexión: lo que llega sin formar todavía una petición y lo que send()
// no pudo escribir aún. Una conexión WebSocket o SSE en reposo no guarda nada más.
struct connection {
  int fd = -1;
  kind role = kind::http;
  std::string channel, in, out;
};

struct server {
  int epoll_fd = -1;
  std::unordered_map<int, std::unique_ptr<connection>> connections;
  std::unordered_map<std::string, std::vector<int>> websockets, streams;
  unsigned long long last_event_id = 0;
};

// El valor de ?channel= de la ruta (sin decodificar: el banco usa nombres simples).
std::string channel_of(const std::string& target) {
  const auto pos = target.find("channel=");
  if (pos == std::string::npos) return "general";
  return target.substr(pos + 8, target.find('&', pos) - (pos + 8));
}

// El valor de una cabecera (nombre en minúsculas), o "" si no viene.
std::string header(const std::string& head, const std::string& name) {
  std::string lower(head);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto pos = lower.find("\r\n" + name + ":");
  if (pos == std::string::npos) return "";
  auto start = pos + 3 + name.size();
  while (start < head.size() && head[start] == ' ') ++start;
  return head.substr(start, head.find("\r\n", start) - start);
}

// Sec-WebSocket-Accept = base64(SHA-1(clave + GUID)) (RFC 6455 §4.2.2).
std::string websocket_accept(const std::string& key) {
  const std::string text = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<char*>(encoded), static_cast<std::size_t>(n));
}

// La hora UTC en ISO 8601 con milisegundos, como taller::iso_now().
std::string iso_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = ms.count() / 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return text;
}

// Un frame de texto WebSocket sin máscara (RFC 6455 §5.2): cabecera y datos.
std::string websocket_frame(const std::string& text) {
  std::string frame(1, '\x81');
  const std::size_t n = text.size();
  if (n < 126) {
    frame += static_cast<char>(n);
  } else if (n < 65536) {
    frame += '\x7e';
    frame += static_cast<char>(n >> 8);
    frame += static_cast<char>(n & 0xff);
  } else {
    frame += '\x7f';
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((n >> shift) & 0xff);
  }
  return frame + text;
}

void watch(server& srv, int fd, bool writable) {
  epoll_event ev{};
  ev.events = EPOLLIN | (writable ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  epoll_ctl(srv.epoll_fd, EPOLL_CTL_MOD, fd, &ev);
}

void close_connection(server& srv, connection& c) {
  auto& registry = c.role == kind::websocket ? srv.websockets : srv.streams;
  if (c.role != kind::http) {
    auto& fds = registry[c.channel];
    for (auto& fd : fds)
      if (fd == c.fd) {
        fd = fds.back();
        fds.pop_back();
        break;
      }
  }
  close(c.fd);
  srv.connections.erase(c.fd);
}

// Escribe data en la conexión: lo que no cabe ahora espera en out a EPOLLOUT.
// Devuelve false si la conexión se ha cerrado.
bool send_bytes(server& srv, connection& c, const char* data, std::size_t size) {
  if (!c.out.empty()) {
    c.out.append(data, size);
    return true;
  }
  const ssize_t n = send(c.fd, data, size, MSG_NOSIGNAL);
  if (n < 0 && errno != EAGAIN) {
    close_connection(srv, c);
    return false;
  }
  const std::size_t sent = n < 0 ? 0 : static_cast<std::size_t>(n);
  if (sent < size) {
    c.out.assign(data + sent, size - sent);
    watch(srv, c.fd, true);
  }
  return true;
}

// POST /sse/broadcast/{canal}: construye un frame por transporte y lo escribe en cada socket.
std::size_t broadcast(server& srv, const std::string& channel, const std::string& body) {
  // El evento es el cuerpo más channel, sender y timestamp, como en la referencia.
  std::string inner = body.size() >= 2 ? body.substr(1, body.rfind('}') - 1) : "";
  if (!inner.empty()) inner += ',';
  inner +=
      "\"channel\":\"" + channel + "\",\"sender\":\"api\",\"timestamp\":\"" + iso_now() + "\"}";
  const std::string ws = websocket_frame("{\"type\":\"broadcast\"," + inner);
  const std::string sse =
      "id: " + std::to_string(++srv.last_event_id) + "\nevent: broadcast\ndata: {" + inner + "\n\n";
  std::size_t delivered = 0;
  // Se copian los descriptores: send_bytes puede cerrar una conexión y tocar la lista.
  for (auto [registry, frame] : {std::pair{&srv.websockets, &ws}, std::pair{&srv.streams, &sse}}) {
    const std::vector<int> fds = (*registry)[channel];
    for (int fd : fds)
      if (auto it = srv.connections.find(fd); it != srv.connections.end())
        delivered += send_bytes(srv, *it->second, frame->data(), frame->size());
  }
  return delivered;
}

bool respond(server& srv, connection& c, const std::string& status, const std::string& body) {
  const std::string res =
      "HTTP/1.1 " + status +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  return send_bytes(srv, c, res.data(), res.size());
}

// GET /ws o /sse/events: la conexión pasa a ser del canal y recibe el 101 o el 200.
bool upgrade(server& srv, connection& c, kind role, const std::string& target,
             const std::string& head) {
  c.role = role;
  c.channel = channel_of(target);
  (role == kind::websocket ? srv.websockets : srv.streams)[c.channel].push_back(c.fd);
  const std::string res =
      role == kind::sse
          ? "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
          : "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: " +
                websocket_accept(header(head, "sec-websocket-key")) + "\r\n\r\n";
  c.in.clear();
  c.in.shrink_to_fit();
  return send_bytes(srv, c, res.data(), res.size());
}

// Atiende las peticiones completas que haya en c.in. false si la conexión se cerró.
bool handle_requests(server& srv, connection& c) {
  static const std::string broadcast_prefix = "/sse/broadcast/";
  for (;;) {
    const auto end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) return true;
    const std::string head = c.in.substr(0, end);
    const std::size_t length = std::strtoul(header(head, "content-length").c_str(), nullptr, 10);
    if (c.in.size() < end + 4 + length) return true;
    const std::string body = c.in.substr(end + 4, length);
    c.in.erase(0, end + 4 + length);
    const auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
    const std::string method = head.substr(0, sp1), target = head.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string path = target.substr(0, target.find('?'));
    if (method == "GET" && path == "/ws") return upgrade(srv, c, kind::websocket, target, head);
    if (method == "GET" && path == "/sse/events") return upgrade(srv, c, kind::sse, target, head);
    const bool open =
        method == "POST" && path.rfind(broadcast_prefix, 0) == 0
            ? respond(
                  srv, c, "200 OK",
                  "{\"status\":\"sent\",\"delivered\":" +
                      std::to_string(broadcast(srv, path.substr(broadcast_prefix.size()), body)) +
                      "}")
            : respond(srv, c, "404 Not Found", "{\"error\":\"not_found\"}");
    if (!open) return false;
  }
}

// El socket fd tiene algo que leer: una petición (HTTP) o, en un WebSocket o
// flujo SSE, bytes que se descartan (el banco no manda nada) o el cierre.
void on_readable(server& srv, connection& c) {
  char chunk[4096];
  for (;;) {
    const ssize_t n = recv(c.fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EAGAIN) break;
    if (n <= 0) return close_connection(srv, c);
    if (c.role == kind::http) c.in.append(chunk, static_cast<std::size_t>(n));
  }
  if (c.role == kind::http) handle_requests(srv, c);
}

void on_writable(server& srv, connection& c) {
  const ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
  if (n < 0 && errno == EAGAIN) return;
  if (n < 0) return close_connection(srv, c);
  c.out.erase(0, static_cast<std::size_t>(n));
  if (c.out.empty()) {
    c.out.shrink_to_fit();
    watch(srv, c.fd, false);
  }
}

int listen_on(unsigned short port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 4096) != 0) {
    std::perror("suelo_difusion: no puedo escuchar");
    std::exit(1);
  }
  return fd;
}

void accept_all(server& srv, int listener) {
  for (;;) {
    const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
    if (fd < 0) return;
    auto c = std::make_unique<connection>();
    c->fd = fd;
    srv.connections[fd] = std::move(c);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(srv.epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }
}

}  // namespace

int main(int argc, char** argv) {
  taller::cli_args args("suelo_difusion",
                        "El suelo de la difusión: WebSocket y SSE con epoll, el frame se "
                        "construye una vez y se escribe en cada socket.",
                        {{"port", "9000", "puerto TCP en 127.0.0.1"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();
  server srv;
  srv.epoll_fd = epoll_create1(0);
  const int listener = listen_on(static_cast<unsigned short>(args.integer("port", 1, 65535)));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listener;
  epoll_ctl(srv.epoll_fd, EPOLL_CTL_ADD, listener, &ev);
  std::vector<epoll_event> events(1024);
  for (;;) {
    const int n = epoll_wait(srv.epoll_fd, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listener) {
        accept_all(srv, listener);
        continue;
      }
      auto it = srv.connections.find(fd);
      if (it == srv.connections.end()) continue;
      connection& c = *it->second;
      if (events[i].events & (EPOLLOUT)) on_writable(srv, c);
      if (srv.connections.count(fd) && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        on_readable(srv, c);
    }
  }
}
