#include "p03/notifiers.hpp"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

#include "p03/jwt.hpp"
#include "taller/barrier.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// Cada cuánto repite el destructor la orden de cortar la entrega en curso.
constexpr auto interrupt_period = 50ms;

// Un JSON como texto; los bytes que no son UTF-8 se sustituyen en vez de lanzar
// una excepción en el hilo de trabajo.
std::string to_text(const json& value, int indent = -1) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

// Un cliente HTTP con el mismo plazo para conectar, leer y escribir.
std::unique_ptr<httplib::Client> make_client(const std::string& host, int port,
                                             std::chrono::milliseconds timeout) {
  auto client = std::make_unique<httplib::Client>(host, port);
  client->set_connection_timeout(timeout);
  client->set_read_timeout(timeout);
  client->set_write_timeout(timeout);
  return client;
}

}  // namespace

std::string slack_text(const alert_record& record) {
  // TODO PASO 5 ▸ Escribe el aviso en una línea para Slack
  //   Devuelve una sola línea "[NIVEL] regla estado: mensaje": NIVEL es CRÍTICA si level es
  //   critical y AVISO si no; estado es "resuelta" si state es resolved y "disparada" si no.
  //   Por ejemplo "[CRÍTICA] cpu disparada: CPU al 96.0 % (umbral crítico 95)". Es el "text" del
  //   webhook y el principio del correo, y las pruebas lo comparan letra a letra.
  (void)record;
  return "";
  // FIN PASO 5
}

// ---------------------------------------------------------------- Hilo de trabajo

delivery_worker::delivery_worker(std::string name, std::size_t max_pending,
                                 deliver_function deliver, std::function<void()> interrupt,
                                 post_function post_back, result_function on_result)
    : name_(std::move(name)),
      max_pending_(max_pending),
      deliver_(std::move(deliver)),
      interrupt_(std::move(interrupt)),
      post_back_(std::move(post_back)),
      on_result_(std::move(on_result)),
      thread_([this] { run(); }) {}

delivery_worker::~delivery_worker() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  pending_.clear();  // el servidor ya guardó estos avisos: solo se dejan de enviar
  wake_.notify_all();
  // interrupt puede llegar antes de que la entrega en curso abra su conexión (y
  // entonces no corta nada): se repite cada poco hasta que el hilo termina.
  while (!finished_) {
    lock.unlock();
    interrupt_();
    lock.lock();
    wake_.wait_for(lock, interrupt_period, [this] { return finished_; });
  }
  lock.unlock();
  thread_.join();
}

void delivery_worker::push(const alert_record& record) {
  {
    std::lock_guard lock(mutex_);
    // La cola está acotada: si el destino no responde, los avisos no se
    // acumulan sin fin y notify() sigue sin bloquear.
    if (pending_.size() < max_pending_) {
      pending_.push_back(record);
      wake_.notify_all();
      return;
    }
  }
  report({.ok = false, .attempts = 0, .error = "queue_full", .rule = record.rule});
}

bool delivery_worker::wait_for(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

// Entrega los avisos de uno en uno hasta que el destructor pide parar. Lo que
// lancen deliver, post_back u on_result se queda en la barrera: un aviso que
// falla así no impide entregar el siguiente.
void delivery_worker::run() {
  while (auto record = next()) report(deliver_safely(*record));
  std::lock_guard lock(mutex_);
  finished_ = true;
  wake_.notify_all();
}

// El siguiente aviso de la cola (espera a que haya uno); nullopt si hay que parar.
std::optional<alert_record> delivery_worker::next() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
  if (stopping_) return std::nullopt;
  alert_record record = std::move(pending_.front());
  pending_.pop_front();
  return record;
}

// Una excepción que se escapa de un hilo termina el programa: la barrera la
// informa (con su texto) y el aviso cuenta como un envío fallido.
delivery_result delivery_worker::deliver_safely(const alert_record& record) {
  delivery_result result{.ok = false, .attempts = 1, .error = {}, .rule = record.rule};
  if (!taller::shielded(name_, [&] { result = deliver_(record); }))
    result = {.ok = false,
              .attempts = 1,
              .error = name_ + ": excepción no controlada (ver el registro)",
              .rule = record.rule};
  return result;
}

// Lleva el resultado a on_result en el hilo de red (con post_back). Los dos
// pasan por la barrera: post_back corre en el hilo que informa (el de trabajo,
// o el de red si la cola estaba llena) y on_result en el de red.
void delivery_worker::report(const delivery_result& result) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // al apagar ya no se informa: nadie atendería el resultado
  }
  if (!on_result_ || !post_back_) return;
  taller::shielded(name_, [&] {
    post_back_([name = name_, on_result = on_result_, result] {
      taller::shielded(name, [&] { on_result(result); });
    });
  });
}

// ---------------------------------------------------------------- Webhook

webhook_notifier::webhook_notifier(webhook_options options, post_function post_back,
                                   result_function on_result)
    : options_(std::move(options)),
      target_(parse_url(options_.url)),
      client_(make_client(target_.host, target_.port, options_.timeout)),
      worker_(
          "notificador webhook", options_.max_pending,
          [this](const alert_record& r) { return deliver(r); },
          // Client::stop() se puede llamar desde otro hilo: corta la petición en curso.
          [this] { client_->stop(); }, std::move(post_back), std::move(on_result)) {}

webhook_notifier::~webhook_notifier() = default;

void webhook_notifier::notify(const alert_record& record) { worker_.push(record); }

// Solo http://: https necesitaría configurar TLS (certificados de las CA,
// verificación del nombre), que queda fuera de este taller. Se rechaza al
// arrancar, con un mensaje claro, en vez de fallar en cada aviso.
webhook_notifier::http_target webhook_notifier::parse_url(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  std::string_view rest = url;
  if (rest.starts_with("https://"))
    throw std::invalid_argument(
        "webhook: las URL https:// no están soportadas (el taller no configura TLS); usa http://");
  if (!rest.starts_with(scheme))
    throw std::invalid_argument("webhook: la URL debe empezar por http://, llegó '" + url + "'");
  rest.remove_prefix(scheme.size());
  rest = rest.substr(0, rest.find('#'));  // el fragmento nunca se envía
  // Separa la autoridad (host:puerto) de la ruta y la consulta.
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  http_target out;
  if (slash != std::string_view::npos)
    out.path = (rest[slash] == '?' ? "/" : "") + std::string(rest.substr(slash));
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (error != std::errc{} || end != port.data() + port.size() || out.port < 1 ||
        out.port > 65535)
      throw std::invalid_argument("webhook: el puerto de '" + url + "' no es válido");
    authority = authority.substr(0, colon);
  }
  out.host = authority;
  if (out.host.empty()) throw std::invalid_argument("webhook: falta el host en '" + url + "'");
  return out;
}

delivery_result webhook_notifier::deliver(const alert_record& record) {
  const std::string body = to_text({{"text", slack_text(record)}, {"alert", record.to_json()}});
  delivery_result result{.ok = false, .attempts = 0, .error = {}, .rule = record.rule};
  // TODO PASO 5 ▸ Reintenta el POST con espera exponencial
  //   result acaba con lo que dieron hasta 1 + options_.retries intentos de post_once(body) (""
  //   si fue bien, el motivo si no): attempts los hechos, ok si el último fue bien y error el suyo.
  //   Para en el primer éxito. Entre intentos espera backoff, 2×backoff, 4×backoff… con
  //   worker_.wait_for, nunca con sleep: si devuelve false el notificador se destruye y hay que
  //   salir ya, para que apagar el servidor no espere a que acabe la pausa.
  (void)body;
  result.error = "sin implementar";
  return result;
  // FIN PASO 5
}

// Un POST con el aviso; "" si el webhook respondió 2xx o el motivo del fallo.
// El mensaje nombra solo host:puerto: la ruta de un webhook de Slack es secreta.
std::string webhook_notifier::post_once(const std::string& body) {
  const std::string where = target_.host + ":" + std::to_string(target_.port);
  const auto response = client_->Post(target_.path, body, "application/json");
  if (!response)
    return "el webhook en " + where + " no respondió (" + httplib::to_string(response.error()) +
           ")";
  if (response->status < 200 || response->status > 299)
    return "el webhook en " + where + " respondió " + std::to_string(response->status);
  return "";
}

// ---------------------------------------------------------------- Correo (SMTP)
//
// SMTP mínimo (RFC 5321) sobre un socket TCP bloqueante del hilo de trabajo,
// con plazos en cada operación. Sin TLS ni STARTTLS: está pensado para un relé
// local (Postfix en la misma máquina, Mailpit en un contenedor...) que ya se
// encarga de cifrar, autenticarse fuera y reintentar.

namespace {

// Una respuesta del servidor: el código y el texto de todas sus líneas.
struct smtp_reply {
  int code = 0;
  std::string text;
};

// Quita CR y LF: un valor no puede colar otra cabecera u otra orden SMTP.
std::string single_line(std::string_view value) {
  std::string out(value);
  std::erase_if(out, [](char c) { return c == '\r' || c == '\n'; });
  return out;
}

// Base64 estándar (RFC 4648 §4) a partir del base64url de jwt.hpp: otros dos
// caracteres del alfabeto y relleno con '=' hasta un múltiplo de 4.
std::string base64(std::string_view bytes) {
  std::string out = base64url_encode(bytes);
  std::replace(out.begin(), out.end(), '-', '+');
  std::replace(out.begin(), out.end(), '_', '/');
  out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

// La fecha de RFC 5322 §3.3 en UTC y sin depender del locale:
// "Sun, 22 Nov 2026 08:23:39 +0000".
std::string rfc5322_date(std::chrono::system_clock::time_point when) {
  static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[128];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[utc.tm_wday],
                utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

// El mensaje (RFC 5322): cabeceras, línea en blanco y cuerpo. El cuerpo lleva
// slack_text y el aviso en JSON, lo mismo que el webhook.
std::string mail_text(const alert_record& record, const smtp_options& options) {
  std::string to;
  for (const auto& address : options.to) to += (to.empty() ? "" : ", ") + address;
  std::string text;
  text += "From: " + single_line(options.from) + "\n";
  text += "To: " + single_line(to) + "\n";
  text += "Subject: " + single_line("[taller] alerta " + record.rule + " " + record.state) + "\n";
  text += "Date: " + rfc5322_date(std::chrono::system_clock::now()) + "\n";
  text += "MIME-Version: 1.0\n";
  text += "Content-Type: text/plain; charset=utf-8\n";
  text += "Content-Transfer-Encoding: 8bit\n";
  text += "\n";  // fin de las cabeceras
  text += slack_text(record) + "\n\n" + to_text(record.to_json(), 2) + "\n";
  return text;
}

// Lo que se envía tras DATA: cada línea acaba en CRLF (RFC 5321 §2.3.8: nada de
// LF sueltos), la que empieza por '.' lleva otro delante (§4.5.2: si no, una
// línea "." cortaría el mensaje) y al final va la línea ".".
std::string dot_stuffed(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with('.')) out += '.';
    out.append(line).append("\r\n");
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return out + ".\r\n";
}

// El nombre de esta máquina para EHLO (RFC 5321 §4.1.1.1).
std::string ehlo_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// Órdenes y respuestas sobre un socket ya conectado. Cada error lanza
// std::runtime_error con un mensaje para el panel; deliver lo recoge.
class smtp_dialogue {
 public:
  smtp_dialogue(int fd, std::chrono::milliseconds timeout) : fd_(fd), timeout_(timeout) {}

  // Lee una respuesta y comprueba su código; what dice a qué responde.
  smtp_reply expect(std::initializer_list<int> codes, std::string_view what) {
    smtp_reply reply = read_reply();
    if (std::find(codes.begin(), codes.end(), reply.code) == codes.end())
      throw std::runtime_error("SMTP: " + std::string(what) + " → " + std::to_string(reply.code) +
                               " " + reply.text + " (se esperaba " +
                               std::to_string(*codes.begin()) + ")");
    return reply;
  }

  // Envía una orden (sin CRLF) y comprueba la respuesta.
  smtp_reply command(const std::string& line, std::string_view what,
                     std::initializer_list<int> codes) {
    send(line + "\r\n");
    return expect(codes, what);
  }

  void send(std::string_view data) {
    while (!data.empty()) {
      // MSG_NOSIGNAL: si el servidor ya cerró, send falla con EPIPE en vez de
      // matar todo el proceso con SIGPIPE.
      const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent < 0 && errno == EINTR) continue;
      if (sent <= 0) fail("enviar");
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
  }

 private:
  // Una respuesta de varias líneas (§4.2.1): "250-..." sigue, "250 ..." es la última.
  smtp_reply read_reply() {
    smtp_reply reply;
    while (true) {
      const std::string line = read_line();
      const char* end = line.data() + std::min<std::size_t>(3, line.size());
      const auto [last, error] = std::from_chars(line.data(), end, reply.code);
      if (line.size() < 3 || error != std::errc{} || last != end)
        throw std::runtime_error("SMTP: respuesta mal formada: " + line);
      reply.text +=
          (reply.text.empty() ? "" : " ") + line.substr(std::min<std::size_t>(4, line.size()));
      if (line.size() == 3 || line[3] != '-') return reply;
    }
  }

  // Una línea terminada en CRLF, sin el CRLF.
  std::string read_line() {
    while (true) {
      if (const auto end = buffer_.find("\r\n"); end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return line;
      }
      // Una respuesta cabe en 512 octetos (§4.5.3.1.5): más es un servidor roto.
      if (buffer_.size() > 4096)
        throw std::runtime_error("SMTP: línea de respuesta demasiado larga");
      char chunk[1024];
      const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
      if (got < 0 && errno == EINTR) continue;
      if (got == 0) throw std::runtime_error("SMTP: el servidor cerró la conexión");
      if (got < 0) fail("leer");
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

  [[noreturn]] void fail(const std::string& action) const {
    const int error = errno;
    if (error == EAGAIN || error == EWOULDBLOCK)
      throw std::runtime_error("SMTP: plazo de " + std::to_string(timeout_.count()) +
                               " ms agotado al " + action);
    throw std::runtime_error("SMTP: error al " + action + ": " +
                             std::generic_category().message(error));
  }

  int fd_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;  // lo recibido que aún no forma una línea completa
};

}  // namespace

smtp_notifier::smtp_notifier(smtp_options options, post_function post_back,
                             result_function on_result)
    : options_(std::move(options)),
      worker_(
          "notificador SMTP", options_.max_pending,
          [this](const alert_record& r) { return deliver(r); }, [this] { interrupt(); },
          std::move(post_back), std::move(on_result)) {}

void smtp_notifier::notify(const alert_record& record) { worker_.push(record); }

// Un solo intento: el relé local ya reintenta por su cuenta.
delivery_result smtp_notifier::deliver(const alert_record& record) {
  delivery_result result{.ok = false, .attempts = 1, .error = {}, .rule = record.rule};
  try {
    converse(connect(), record);
    result.ok = true;
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  close_socket();
  return result;
}

// La conversación de RFC 5321 §3.3: saludo, EHLO, AUTH (si hay usuario), el
// sobre (MAIL FROM y un RCPT TO por destinatario), DATA con el mensaje y QUIT.
// Cada respuesta se comprueba; un código inesperado lanza con la orden y la respuesta.
void smtp_notifier::converse(int fd, const alert_record& record) {
  smtp_dialogue smtp(fd, options_.timeout);
  smtp.expect({220}, "saludo");
  const smtp_reply hello = smtp.command("EHLO " + ehlo_name(), "EHLO", {250});
  if (!options_.username.empty()) {
    // AUTH PLAIN (RFC 4616): "\0usuario\0contraseña" en base64. Sin TLS viaja
    // en claro: solo tiene sentido con el relé en la misma máquina.
    const std::string credentials = '\0' + options_.username + '\0' + options_.password;
    smtp.command("AUTH PLAIN " + base64(credentials), "AUTH PLAIN", {235});
  }
  // BODY=8BITMIME (RFC 6152) si el servidor lo anuncia: el cuerpo va en UTF-8 sin codificar.
  const bool eight_bit = hello.text.find("8BITMIME") != std::string::npos;
  smtp.command(
      "MAIL FROM:<" + single_line(options_.from) + ">" + (eight_bit ? " BODY=8BITMIME" : ""),
      "MAIL FROM", {250});
  for (const auto& to : options_.to)
    smtp.command("RCPT TO:<" + single_line(to) + ">", "RCPT TO", {250, 251});
  smtp.command("DATA", "DATA", {354});
  smtp.send(dot_stuffed(mail_text(record, options_)));
  smtp.expect({250}, "fin del mensaje");
  try {
    smtp.command("QUIT", "QUIT", {221});
  } catch (const std::runtime_error&) {
    // El mensaje ya está aceptado: un fallo al despedirse no lo cambia.
  }
}

// Abre la conexión TCP con el relé; lanza si no hay manera.
int smtp_notifier::connect() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  if (const int e = ::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); e != 0)
    throw std::runtime_error("SMTP: no se encuentra " + options_.host + ": " + ::gai_strerror(e));
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  int error = 0;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = open_socket(a->ai_family);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) return fd;
    error = errno;
    close_socket();
  }
  const std::string why = error == EINPROGRESS ? "plazo agotado"  // SO_SNDTIMEO venció
                                               : std::generic_category().message(error);
  throw std::runtime_error("SMTP: no se pudo conectar con " + options_.host + ":" + port + " (" +
                           why + ")");
}

// Crea un socket con sus plazos y lo anota para que interrupt() pueda cortarlo.
int smtp_notifier::open_socket(int family) {
  std::lock_guard lock(socket_mutex_);
  if (interrupted_) throw std::runtime_error("SMTP: cancelado al cerrar el servidor");
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error("SMTP: no se pudo crear el socket: " +
                             std::generic_category().message(errno));
  // Plazo para cada recv y send; en Linux SO_SNDTIMEO limita también connect().
  // Un plazo 0 sería "sin plazo": como mínimo, 1 ms.
  const auto us = std::chrono::microseconds(std::max(options_.timeout, 1ms)).count();
  const timeval limit{.tv_sec = static_cast<time_t>(us / 1'000'000),
                      .tv_usec = static_cast<suseconds_t>(us % 1'000'000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  socket_ = fd;
  return fd;
}

void smtp_notifier::close_socket() {
  std::lock_guard lock(socket_mutex_);
  if (socket_ < 0) return;
  ::close(socket_);
  socket_ = -1;
}

// La llama el destructor del hilo de trabajo, desde otro hilo. shutdown (y no
// close) despierta al connect o recv bloqueado sin liberar el número del
// socket, que sigue siendo del hilo de trabajo hasta close_socket().
void smtp_notifier::interrupt() {
  std::lock_guard lock(socket_mutex_);
  interrupted_ = true;
  if (socket_ >= 0) ::shutdown(socket_, SHUT_RDWR);
}

}  // namespace p03
