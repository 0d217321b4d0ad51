// Paso 5 — notificadores: el texto para Slack, el webhook con reintentos y
// espera exponencial, la cola acotada, un apagado que no espera a los plazos y
// un correo por SMTP. Los servidores de prueba (un httplib::Server y un SMTP
// falso) escuchan en 127.0.0.1 en un puerto libre, y toda espera tiene un plazo.
// HTTPS y STARTTLS, con certificados de verdad: notificadores_tls_test.cpp.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "notificadores_de_prueba.hpp"
#include "p03/notifiers.hpp"

namespace p03::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

// Un POST que llegó al receptor.
struct received_post {
  std::string path;
  std::string content_type;
  std::string body;
};

// Un receptor de webhooks: httplib::Server en 127.0.0.1, en un puerto libre y
// en su propio hilo. Responde a cada POST con el siguiente código de statuses
// (el último se repite). Con hold, retiene cada petición hasta que se destruye
// (o 5 s): así el notificador queda ocupado en mitad de un POST.
class webhook_receiver {
 public:
  explicit webhook_receiver(std::vector<int> statuses = {200}, bool hold = false)
      : statuses_(std::move(statuses)), hold_(hold) {
    server_.Post(".*",
                 [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() solo surte efecto con el servidor en marcha: espera a que lo esté.
    const auto deadline = steady::now() + 5s;
    while (!server_.is_running() && steady::now() < deadline) std::this_thread::yield();
  }

  ~webhook_receiver() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
      arrived_.notify_all();
    }
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks/alertas"; }

  // Espera a que hayan llegado n POST (como mucho within) y devuelve los que haya.
  std::vector<received_post> wait_for_posts(std::size_t n, std::chrono::milliseconds within = 5s) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, within, [&] { return posts_.size() >= n; });
    return posts_;
  }

 private:
  void answer(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock lock(mutex_);
    posts_.push_back({req.path, req.get_header_value("Content-Type"), req.body});
    res.status = statuses_[std::min(posts_.size(), statuses_.size()) - 1];
    res.set_content(R"({"ok":true})", "application/json");
    arrived_.notify_all();
    if (hold_) arrived_.wait_for(lock, 5s, [this] { return released_; });
  }

  std::vector<int> statuses_;
  bool hold_;
  httplib::Server server_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<received_post> posts_;
  bool released_ = false;
  std::thread thread_;
};

// Opciones de webhook para las pruebas: esperas cortas.
webhook_options test_webhook(const std::string& url) {
  return {.url = url, .timeout = 2s, .retries = 3, .backoff = 50ms, .max_pending = 100};
}

// Un socket TCP de 127.0.0.1 ligado a un puerto libre; port recibe el número.
int bound_socket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  port = ntohs(address.sin_port);
  return fd;
}

// Un puerto de 127.0.0.1 en el que no escucha nadie: se toma uno libre y se cierra.
int closed_port() {
  int port = 0;
  ::close(bound_socket(port));
  return port;
}

// Lo que vio el servidor SMTP falso.
struct smtp_transcript {
  std::vector<std::string> commands;  // cada línea recibida fuera de DATA, sin CRLF
  std::string data;                   // lo recibido tras DATA, sin la línea final "."
};

// Un servidor SMTP de juguete: atiende una conexión, contesta como un relé
// local complaciente (sin TLS; anuncia 8BITMIME y AUTH PLAIN) y guarda lo que
// recibe. Cada espera tiene un plazo de 5 s, así que nunca cuelga la prueba.
// (STARTTLS y AUTH contra un servidor de verdad: notificadores_tls_test.cpp.)
class fake_smtp_server {
 public:
  fake_smtp_server() {
    listener_ = bound_socket(port_);
    ::listen(listener_, 1);
    thread_ = std::thread([this] { serve(); });
  }

  ~fake_smtp_server() {
    thread_.join();
    ::close(listener_);
  }

  int port() const { return port_; }

  // La conversación cuando termina; nullopt si no termina en within.
  std::optional<smtp_transcript> transcript(std::chrono::milliseconds within = 5s) {
    if (done_.wait_for(within) != std::future_status::ready) return std::nullopt;
    return done_.get();
  }

 private:
  void serve() {
    smtp_transcript seen;
    pollfd waiting{.fd = listener_, .events = POLLIN, .revents = 0};
    if (::poll(&waiting, 1, 5000) == 1) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      const timeval limit{.tv_sec = 5, .tv_usec = 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
      converse(fd, seen);
      ::close(fd);
    }
    finished_.set_value(std::move(seen));
  }

  void converse(int fd, smtp_transcript& seen) {
    send(fd, "220 falso.test ESMTP listo\r\n");
    while (auto line = read_until(fd, "\r\n")) {
      seen.commands.push_back(*line);
      if (line->starts_with("EHLO")) {
        send(fd, "250-falso.test\r\n250-8BITMIME\r\n250 AUTH PLAIN\r\n");
      } else if (line->starts_with("AUTH")) {
        send(fd, "235 2.7.0 autenticado\r\n");
      } else if (line->starts_with("MAIL") || line->starts_with("RCPT")) {
        send(fd, "250 2.1.0 vale\r\n");
      } else if (*line == "DATA") {
        send(fd, "354 adelante\r\n");
        // El mensaje acaba en la línea "." (CRLF . CRLF); se guarda con su último CRLF.
        const auto data = read_until(fd, "\r\n.\r\n");
        if (!data) return;
        seen.data = *data + "\r\n";
        send(fd, "250 2.0.0 en cola\r\n");
      } else if (*line == "QUIT") {
        send(fd, "221 2.0.0 adiós\r\n");
        return;
      } else {
        send(fd, "500 5.5.2 no entiendo\r\n");
      }
    }
  }

  // Lo que llega hasta end (sin end); nullopt si se cierra o vence el plazo.
  std::optional<std::string> read_until(int fd, const std::string& end) {
    while (true) {
      if (const auto at = buffer_.find(end); at != std::string::npos) {
        std::string text = buffer_.substr(0, at);
        buffer_.erase(0, at + end.size());
        return text;
      }
      char chunk[1024];
      const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
      if (got <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

  static void send(int fd, const std::string& text) {
    ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
  }

  int listener_ = -1;
  int port_ = 0;
  std::string buffer_;
  std::promise<smtp_transcript> finished_;
  std::future<smtp_transcript> done_ = finished_.get_future();
  std::thread thread_;
};

// Hace visibles CR y LF en los mensajes de fallo.
std::string visible(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '\r' ? "\\r" : c == '\n' ? "\\n\n" : std::string(1, c);
  return out;
}

TEST(Paso5_Notificadores, TextoDeSlackEnUnaLinea) {
  EXPECT_EQ(slack_text(cpu_critical()), cpu_line)
      << "Paso 5: un aviso crítico que se dispara; llegó \"" << slack_text(cpu_critical()) << "\"";
  const alert_record resolved{.rule = "memory",
                              .level = "warning",
                              .state = "resolved",
                              .value = 70,
                              .threshold = 75,
                              .message = "Memoria al 70.0 % (resuelta: por debajo de 75)",
                              .timestamp = 1700000300};
  EXPECT_EQ(slack_text(resolved),
            "[AVISO] memory resuelta: Memoria al 70.0 % (resuelta: por debajo de 75)")
      << "Paso 5: un aviso (warning) que se resuelve; llegó \"" << slack_text(resolved) << "\"";
}

TEST(Paso5_Notificadores, ElWebhookRecibeElAvisoEnJson) {
  webhook_receiver receiver;
  result_inbox inbox;
  webhook_notifier notifier(test_webhook(receiver.url()), run_inline(), inbox.on_result());
  notifier.notify(cpu_critical());

  const auto results = inbox.wait_for(1);
  ASSERT_EQ(results.size(), 1u) << "Paso 5: on_result debe llegar una vez; llegó " << show(results);
  EXPECT_TRUE(results[0].ok && results[0].attempts == 1 && results[0].error.empty())
      << "Paso 5: con un 200 al primer intento, ok=true, attempts=1 y sin error; llegó "
      << show(results[0]);
  const auto posts = receiver.wait_for_posts(1);
  ASSERT_EQ(posts.size(), 1u) << "Paso 5: el webhook debe recibir un POST; llegaron "
                              << posts.size();
  EXPECT_EQ(posts[0].path, "/hooks/alertas")
      << "Paso 5: el POST va a la ruta de la URL; llegó " << posts[0].path;
  EXPECT_EQ(posts[0].content_type, "application/json")
      << "Paso 5: Content-Type application/json; llegó " << posts[0].content_type;
  json body = json::parse(posts[0].body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << "Paso 5: el cuerpo debe ser un objeto JSON; llegó "
                                << posts[0].body;
  EXPECT_EQ(body.value("text", ""), cpu_line)
      << "Paso 5: \"text\" es la línea de slack_text; llegó " << body.dump();
  EXPECT_EQ(body.value("alert", json()), cpu_critical().to_json())
      << "Paso 5: \"alert\" es el aviso entero (to_json); llegó " << body.dump();
}

TEST(Paso5_Notificadores, ReintentaTrasDosErroresHastaUn200) {
  webhook_receiver receiver({500, 500, 200});
  result_inbox inbox;
  webhook_notifier notifier(test_webhook(receiver.url()), run_inline(), inbox.on_result());
  notifier.notify(cpu_critical());

  const auto results = inbox.wait_for(1);
  ASSERT_EQ(results.size(), 1u) << "Paso 5: on_result debe llegar una vez; llegó " << show(results);
  EXPECT_TRUE(results[0].ok && results[0].attempts == 3)
      << "Paso 5: 500, 500 y 200 dan ok=true con attempts=3; llegó " << show(results[0]);
  EXPECT_EQ(receiver.wait_for_posts(3, 0ms).size(), 3u)
      << "Paso 5: el webhook debe recibir 3 POST; llegaron "
      << receiver.wait_for_posts(3, 0ms).size();
}

TEST(Paso5_Notificadores, SinServidorFallaTrasTodosLosReintentos) {
  result_inbox inbox;
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/hooks";
  webhook_notifier notifier(test_webhook(url), run_inline(), inbox.on_result());
  const auto start = steady::now();
  notifier.notify(cpu_critical());

  const auto results = inbox.wait_for(1);
  const auto elapsed = ms_since(start);
  ASSERT_EQ(results.size(), 1u) << "Paso 5: sin servidor también llega on_result (una vez); llegó "
                                << show(results);
  const delivery_result& r = results[0];
  EXPECT_TRUE(!r.ok && r.attempts == 4 && !r.error.empty() && r.rule == "cpu")
      << "Paso 5: ok=false, attempts=1+retries=4, un error y rule=cpu; llegó " << show(r);
  EXPECT_GE(elapsed, 340) << "Paso 5: entre los 4 intentos espera 50 + 100 + 200 ms; llegó a los "
                          << elapsed << " ms";
  EXPECT_LT(elapsed, 3000) << "Paso 5: con backoff de 50 ms el fallo llega enseguida; llegó a los "
                           << elapsed << " ms";
}

TEST(Paso5_Notificadores, ConLaColaLlenaAvisaSinBloquear) {
  webhook_receiver receiver({200}, /*hold=*/true);
  result_inbox inbox;
  webhook_options options = test_webhook(receiver.url());
  options.max_pending = 2;
  options.timeout = 5s;
  webhook_notifier notifier(options, run_inline(), inbox.on_result());
  notifier.notify(alert_for("cpu"));
  ASSERT_EQ(receiver.wait_for_posts(1).size(), 1u)
      << "Paso 5: el primer aviso debe llegar al webhook (y dejar ocupado al hilo); llegaron "
      << receiver.wait_for_posts(1, 0ms).size() << " POST";

  notifier.notify(alert_for("memory"));  // la cola: 1 de 2
  notifier.notify(alert_for("disk"));    // la cola: 2 de 2
  const auto start = steady::now();
  notifier.notify(alert_for("errors"));  // no cabe
  const auto elapsed = ms_since(start);
  EXPECT_LT(elapsed, 100) << "Paso 5: notify() nunca bloquea; tardó " << elapsed << " ms";
  const auto full = inbox.wait_for(1);
  ASSERT_EQ(full.size(), 1u) << "Paso 5: el aviso que no cabe se informa enseguida; llegó "
                             << show(full);
  EXPECT_TRUE(!full[0].ok && full[0].error == "queue_full" && full[0].attempts == 0 &&
              full[0].rule == "errors")
      << "Paso 5: ok=false, error=queue_full, attempts=0 y rule=errors; llegó " << show(full[0]);
}

TEST(Paso5_Notificadores, DestruirloCortaLaEsperaEntreReintentos) {
  webhook_receiver receiver({500});
  result_inbox inbox;
  webhook_options options = test_webhook(receiver.url());
  options.backoff = 10s;
  auto notifier = std::make_unique<webhook_notifier>(options, run_inline(), inbox.on_result());
  for (const auto* rule : {"cpu", "memory", "disk", "connections", "errors"})
    notifier->notify(alert_for(rule));
  ASSERT_EQ(receiver.wait_for_posts(1).size(), 1u)
      << "Paso 5: el primer aviso debe llegar al webhook; llegaron "
      << receiver.wait_for_posts(1, 0ms).size() << " POST";

  const auto start = steady::now();
  notifier.reset();
  const auto elapsed = ms_since(start);
  EXPECT_LT(elapsed, 2000) << "Paso 5: destruirlo corta la espera de 10 s (wait_for, no sleep) y "
                              "descarta los pendientes; tardó "
                           << elapsed << " ms";
  EXPECT_EQ(receiver.wait_for_posts(2, 0ms).size(), 1u)
      << "Paso 5: tras destruirlo no se envía nada más; llegaron "
      << receiver.wait_for_posts(2, 0ms).size() << " POST";
}

TEST(Paso5_Notificadores, DestruirloCortaUnaPeticionColgada) {
  webhook_receiver receiver({200}, /*hold=*/true);
  result_inbox inbox;
  webhook_options options = test_webhook(receiver.url());
  options.timeout = 5s;
  auto notifier = std::make_unique<webhook_notifier>(options, run_inline(), inbox.on_result());
  for (const auto* rule : {"cpu", "memory", "disk"}) notifier->notify(alert_for(rule));
  ASSERT_EQ(receiver.wait_for_posts(1).size(), 1u)
      << "Paso 5: el primer aviso debe llegar al webhook; llegaron "
      << receiver.wait_for_posts(1, 0ms).size() << " POST";

  const auto start = steady::now();
  notifier.reset();
  const auto elapsed = ms_since(start);
  EXPECT_LT(elapsed, 2000)
      << "Paso 5: destruirlo no espera al plazo de 5 s de la petición en curso; tardó " << elapsed
      << " ms";
}

TEST(Paso5_Notificadores, CorreoConAsuntoYPuntosDuplicados) {
  fake_smtp_server smtp;
  result_inbox inbox;
  smtp_options options{.host = "127.0.0.1",
                       .port = smtp.port(),
                       .from = "monitor@taller.test",
                       .to = {"ana@taller.test", "ops@taller.test"},
                       .username = "ana",
                       .password = "secreto",
                       .starttls = false,  // un relé local sin TLS
                       .ca_file = {},
                       .timeout = 2s,
                       .max_pending = 10};
  smtp_notifier notifier(options, run_inline(), inbox.on_result());
  alert_record record = cpu_critical();
  record.message += "\n.\n.oculto";  // dos líneas que empiezan por '.'
  notifier.notify(record);

  const auto results = inbox.wait_for(1);
  ASSERT_EQ(results.size(), 1u) << "Paso 5: on_result debe llegar una vez; llegó " << show(results);
  EXPECT_TRUE(results[0].ok && results[0].attempts == 1)
      << "Paso 5: el relé aceptó el correo: ok=true, attempts=1; llegó " << show(results[0]);
  const auto seen = smtp.transcript();
  ASSERT_TRUE(seen) << "Paso 5: la conversación SMTP debe terminar con QUIT";
  const std::vector<std::string> expected = {
      "AUTH PLAIN AGFuYQBzZWNyZXRv",  // "\0ana\0secreto" en base64 (RFC 4616)
      "MAIL FROM:<monitor@taller.test>",
      "RCPT TO:<ana@taller.test>",
      "RCPT TO:<ops@taller.test>",
      "DATA",
      "QUIT"};
  const auto& commands = seen->commands;
  EXPECT_TRUE(!commands.empty() && commands[0].starts_with("EHLO ") &&
              std::vector(commands.begin() + 1, commands.end()) == expected)
      << "Paso 5: EHLO, AUTH PLAIN, MAIL FROM, un RCPT TO por destinatario, DATA y QUIT; llegó "
      << json(commands).dump();
  const std::string& data = seen->data;
  EXPECT_NE(data.find("\r\nSubject: [taller] alerta cpu firing\r\n"), std::string::npos)
      << "Paso 5: cabecera Subject: [taller] alerta cpu firing; llegó\n"
      << visible(data);
  EXPECT_NE(data.find("\r\nContent-Type: text/plain; charset=utf-8\r\n"), std::string::npos)
      << "Paso 5: cabecera Content-Type en UTF-8; llegó\n"
      << visible(data);
  EXPECT_NE(data.find("\r\n\r\n" + cpu_line + "\r\n..\r\n..oculto\r\n"), std::string::npos)
      << "Paso 5: el cuerpo empieza por slack_text y cada línea que empieza por '.' lleva otro "
         "delante; llegó\n"
      << visible(data);
}

}  // namespace
}  // namespace p03::testing
