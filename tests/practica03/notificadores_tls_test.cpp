// Robustez de los notificadores con TLS (solo contra la solución: es código que
// se entrega hecho, no un paso del estudiante). Contra servidores locales que
// arrancan las propias pruebas, con la CA de pruebas de fixtures/tls:
//   - el webhook por HTTPS: un httplib::SSLServer en 127.0.0.1 (puerto libre);
//   - el correo con STARTTLS y AUTH: aiosmtpd (fixtures/smtp_tls.py) en un
//     proceso aparte, que dice su puerto y cada correo recibido por su salida.
// Demuestran que la verificación del certificado está siempre activa: sin
// ca_file (el almacén del sistema no conoce la CA de pruebas) no se entrega nada.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "p03/config.hpp"
#include "notificadores_de_prueba.hpp"
#include "p03/notifiers.hpp"

extern char** environ;

namespace p03::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

const std::string fixtures = TALLER_FIXTURES_DIR;
const std::string test_ca = fixtures + "/tls/ca.crt";
const std::string server_cert = fixtures + "/tls/servidor.crt";
const std::string server_key = fixtures + "/tls/servidor.key";

// ---------------------------------------------------------------- Webhook HTTPS

// Un receptor de webhooks HTTPS con el certificado de fixtures/tls (para
// localhost, 127.0.0.1 y ::1, firmado por la CA de pruebas), en address y un
// puerto libre, en su propio hilo. Responde 200 a cada POST y lo guarda.
class https_receiver {
 public:
  explicit https_receiver(const std::string& address = "127.0.0.1")
      : server_(server_cert.c_str(), server_key.c_str()) {
    if (!server_.is_valid())
      throw std::runtime_error("no se pudo cargar " + server_cert + " / " + server_key);
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      bodies_.push_back(req.body);
      res.set_content(R"({"ok":true})", "application/json");
      arrived_.notify_all();
    });
    port_ = server_.bind_to_any_port(address);
    if (port_ < 0) return;  // la dirección no existe en esta máquina: bound() lo dice
    address_ = address;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = steady::now() + 5s;
    while (!server_.is_running() && steady::now() < deadline) std::this_thread::yield();
  }

  ~https_receiver() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  bool bound() const { return port_ > 0; }
  int port() const { return port_; }
  std::string url() const {
    const bool ipv6 = address_.find(':') != std::string::npos;
    return "https://" + (ipv6 ? "[" + address_ + "]" : address_) + ":" + std::to_string(port_) +
           "/hooks/alertas";
  }

  std::vector<std::string> wait_for_posts(std::size_t n, std::chrono::milliseconds within) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, within, [&] { return bodies_.size() >= n; });
    return bodies_;
  }

 private:
  httplib::SSLServer server_;
  int port_ = -1;
  std::string address_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

webhook_options https_webhook(const std::string& url, const std::string& ca_file) {
  return {.url = url,
          .ca_file = ca_file,
          .timeout = 3s,
          .retries = 0,  // un fallo de verificación no se arregla reintentando
          .backoff = 10ms,
          .max_pending = 10};
}

TEST(Robustez_WebhookHttps, ConLaCaDePruebasEntregaElAviso) {
  https_receiver receiver;
  ASSERT_TRUE(receiver.bound()) << "el receptor HTTPS de prueba no pudo escuchar en 127.0.0.1";
  result_inbox inbox;
  webhook_notifier notifier(https_webhook(receiver.url(), test_ca), run_inline(),
                            inbox.on_result());
  notifier.notify(cpu_critical());

  const auto result = inbox.wait();
  ASSERT_TRUE(result) << "on_result debe llegar en 10 s; no llegó nada";
  EXPECT_TRUE(result->ok && result->attempts == 1 && result->error.empty())
      << "con ca_file = la CA de pruebas, el certificado del receptor se verifica y el POST "
         "llega: se esperaba ok=true, attempts=1; llegó "
      << show(*result);
  const auto posts = receiver.wait_for_posts(1, 5s);
  ASSERT_EQ(posts.size(), 1u) << "el receptor HTTPS debe recibir un POST; recibió " << posts.size();
  const json body = json::parse(posts[0], nullptr, false);
  EXPECT_EQ(body.is_object() ? body.value("text", "") : "", cpu_line)
      << "el cuerpo es el JSON del aviso con \"text\" = slack_text; llegó " << posts[0];
}

TEST(Robustez_WebhookHttps, SinCaFileLaVerificacionFallaYNoSeEnviaNada) {
  https_receiver receiver;
  ASSERT_TRUE(receiver.bound()) << "el receptor HTTPS de prueba no pudo escuchar en 127.0.0.1";
  result_inbox inbox;
  webhook_notifier notifier(https_webhook(receiver.url(), ""), run_inline(), inbox.on_result());
  notifier.notify(cpu_critical());

  const auto result = inbox.wait();
  ASSERT_TRUE(result) << "on_result debe llegar en 10 s; no llegó nada";
  EXPECT_FALSE(result->ok)
      << "sin ca_file se usan las CA del sistema, que no conocen la CA de pruebas: el envío "
         "debe fallar (la verificación del certificado está siempre activa); llegó "
      << show(*result);
  EXPECT_NE(result->error.find("no es de confianza"), std::string::npos)
      << "el error debe decir que el certificado no es de confianza; llegó \"" << result->error
      << "\"";
  EXPECT_NE(result->error.find("ca_file"), std::string::npos)
      << "el error debe sugerir ca_file; llegó \"" << result->error << "\"";
  EXPECT_EQ(receiver.wait_for_posts(1, 0ms).size(), 0u)
      << "con el certificado sin verificar no debe salir ningún POST";
}

TEST(Robustez_WebhookHttps, UnCertificadoParaOtroNombreFalla) {
  // 127.0.0.2 también es esta máquina (en Linux, todo 127/8 es loopback), pero
  // el certificado es solo para localhost, 127.0.0.1 y ::1.
  https_receiver receiver("127.0.0.2");
  if (!receiver.bound()) GTEST_SKIP() << "no se puede escuchar en 127.0.0.2 en esta máquina";
  result_inbox inbox;
  webhook_notifier notifier(https_webhook(receiver.url(), test_ca), run_inline(),
                            inbox.on_result());
  notifier.notify(cpu_critical());

  const auto result = inbox.wait();
  ASSERT_TRUE(result) << "on_result debe llegar en 10 s; no llegó nada";
  EXPECT_FALSE(result->ok)
      << "un certificado de una CA de confianza pero para otro nombre no vale (se verifica "
         "también el nombre); llegó "
      << show(*result);
  EXPECT_NE(result->error.find("no es para 127.0.0.2"), std::string::npos)
      << "el error debe decir que el certificado no es para 127.0.0.2; llegó \"" << result->error
      << "\"";
  EXPECT_EQ(receiver.wait_for_posts(1, 0ms).size(), 0u)
      << "con el nombre sin verificar no debe salir ningún POST";
}

// cpp-httplib 0.11 lee fuera de límites al comparar una IPv6 literal con un
// certificado que también lleva una IPv4 (lo encontró ASan con esta prueba,
// que antes esperaba el POST): con https, una IPv6 literal se rechaza al arrancar.
TEST(Robustez_WebhookHttps, UnaIpv6LiteralConHttpsSeRechazaAlArrancar) {
  try {
    webhook_notifier notifier(https_webhook("https://[::1]:8443/hook", test_ca), run_inline(),
                              nullptr);
    ADD_FAILURE() << "se esperaba std::invalid_argument por https a una IPv6 literal; no lanzó";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("IPv6"), std::string::npos)
        << "el mensaje debe decir que con https no vale una IPv6 literal; llegó «" << e.what()
        << "»";
  }
}

TEST(Robustez_WebhookHttps, UnCaFileQueNoSePuedeLeerSeRechazaAlArrancar) {
  const std::string missing = fixtures + "/tls/no-existe.crt";
  try {
    webhook_notifier notifier(https_webhook("https://127.0.0.1:1/x", missing), run_inline(),
                              nullptr);
    ADD_FAILURE() << "se esperaba std::invalid_argument por un ca_file que no existe; no lanzó";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos)
        << "el mensaje debe nombrar el fichero; llegó \"" << e.what() << "\"";
  }
}

TEST(Robustez_WebhookHttps, SoloSeAdmitenUrlHttpYHttps) {
  for (const std::string url : {"ftp://127.0.0.1/x", "127.0.0.1:8080/x", "HTTPS//x"}) {
    EXPECT_THROW(webhook_notifier(https_webhook(url, ""), run_inline(), nullptr),
                 std::invalid_argument)
        << "la URL '" << url << "' no es http(s)://: debe rechazarse al arrancar";
  }
  EXPECT_NO_THROW(webhook_notifier(https_webhook("https://hooks.slack.com/services/T/B/X", ""),
                                   run_inline(), nullptr))
      << "una URL https:// de Slack debe aceptarse";
}

// ---------------------------------------------------------------- Correo: STARTTLS y AUTH

// El servidor SMTP de fixtures/smtp_tls.py (aiosmtpd) en otro proceso, con
// STARTTLS obligatorio y AUTH solo dentro de TLS. Su salida estándar llega por
// una tubería: "PUERTO n" cuando escucha y "MENSAJE {json}" por cada correo.
// El destructor cierra su entrada (el script acaba al verla cerrada), le manda
// SIGTERM por si acaso y lo espera.
class smtp_tls_server {
 public:
  smtp_tls_server(const std::string& user, const std::string& password) {
    int out[2];
    int in[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(in, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe2 falló");
    // El python3 de Debian, que es el que tiene python3-aiosmtpd (un python3
    // de pyenv o de un venv en el PATH no lo tendría).
    const std::string python =
        ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    const std::string script = fixtures + "/smtp_tls.py";
    std::vector<std::string> args = {python, script, user, password};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const int spawned =
        ::posix_spawnp(&pid_, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    stdout_ = out[0];
    if (spawned != 0) {
      pid_ = -1;
      return;
    }
    // Espera (por eventos, con plazo) la línea del puerto.
    if (const auto line = next_line(15s); line && line->starts_with("PUERTO "))
      port_ = std::stoi(line->substr(7));
  }

  ~smtp_tls_server() {
    ::close(stdin_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    ::close(stdout_);
  }

  // 0 si no arrancó (sin python3-aiosmtpd, por ejemplo: lo dice su stderr).
  int port() const { return port_; }

  // El siguiente correo recibido (el JSON de la línea MENSAJE); nullopt si no
  // llega ninguno en within.
  std::optional<json> next_message(std::chrono::milliseconds within) {
    const auto deadline = steady::now() + within;
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
      const auto line = next_line(std::max(left, 0ms));
      if (!line) return std::nullopt;
      if (line->starts_with("MENSAJE ")) return json::parse(line->substr(8), nullptr, false);
    }
  }

 private:
  // Una línea de su salida (sin el salto); nullopt si no llega en within o se cerró.
  std::optional<std::string> next_line(std::chrono::milliseconds within) {
    const auto deadline = steady::now() + within;
    while (true) {
      if (const auto end = buffer_.find('\n'); end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return line;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now()).count();
      pollfd readable{.fd = stdout_, .events = POLLIN, .revents = 0};
      if (::poll(&readable, 1, static_cast<int>(std::max<long long>(left, 0))) != 1)
        return std::nullopt;
      char chunk[4096];
      const ssize_t got = ::read(stdout_, chunk, sizeof chunk);
      if (got <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  int port_ = 0;
  std::string buffer_;
};

const char* const no_server =
    "el servidor SMTP de pruebas (fixtures/smtp_tls.py) no dijo su puerto en 15 s: ¿falta "
    "python3-aiosmtpd? (./taller instalar). Su error, si lo hubo, está arriba";

smtp_options smtp_tls_options(int port, const std::string& password, const std::string& ca_file) {
  return {.host = "127.0.0.1",
          .port = port,
          .from = "monitor@taller.test",
          .to = {"ana@taller.test", "ops@taller.test"},
          .username = "ana",
          .password = password,
          .starttls = std::nullopt,  // con usuario: STARTTLS obligatorio
          .ca_file = ca_file,
          .timeout = 5s,
          .max_pending = 10};
}

TEST(Robustez_CorreoSmtp, ConStarttlsYAuthElCorreoLlega) {
  smtp_tls_server server("ana", "secreto");
  ASSERT_NE(server.port(), 0) << no_server;
  result_inbox inbox;
  smtp_notifier notifier(smtp_tls_options(server.port(), "secreto", test_ca), run_inline(),
                         inbox.on_result());
  notifier.notify(cpu_critical());

  const auto result = inbox.wait();
  ASSERT_TRUE(result) << "on_result debe llegar en 10 s; no llegó nada";
  EXPECT_TRUE(result->ok && result->attempts == 1)
      << "STARTTLS (verificado con la CA de pruebas), AUTH y envío: se esperaba ok=true, "
         "attempts=1; llegó "
      << show(*result);
  const auto message = server.next_message(5s);
  ASSERT_TRUE(message && message->is_object())
      << "el servidor SMTP de pruebas debe recibir el correo; no llegó ninguno";
  EXPECT_EQ(message->value("tls", false), true)
      << "el correo debe viajar dentro de TLS (tras STARTTLS); llegó " << message->dump();
  EXPECT_EQ(message->value("usuario", json()), "ana")
      << "el correo debe llegar autenticado como ana (AUTH); llegó " << message->dump();
  EXPECT_EQ(message->value("from", json()), "monitor@taller.test")
      << "MAIL FROM es from; llegó " << message->dump();
  EXPECT_EQ(message->value("to", json()), json({"ana@taller.test", "ops@taller.test"}))
      << "un RCPT TO por destinatario; llegó " << message->dump();
  const std::string data = message->value("data", "");
  EXPECT_NE(data.find("Subject: [taller] alerta cpu firing\r\n"), std::string::npos)
      << "cabecera Subject: [taller] alerta cpu firing; llegó\n"
      << data;
  EXPECT_NE(data.find("\r\n\r\n" + cpu_line + "\r\n"), std::string::npos)
      << "el cuerpo empieza por slack_text, con líneas acabadas en CRLF; llegó\n"
      << data;
  EXPECT_NE(data.find("\"rule\": \"cpu\""), std::string::npos)
      << "el cuerpo lleva el aviso en JSON; llegó\n"
      << data;
}

TEST(Robustez_CorreoSmtp, ConLaContrasenaEquivocadaFallaYNoSeEnvia) {
  smtp_tls_server server("ana", "secreto");
  ASSERT_NE(server.port(), 0) << no_server;
  result_inbox inbox;
  smtp_notifier notifier(smtp_tls_options(server.port(), "otra", test_ca), run_inline(),
                         inbox.on_result());
  notifier.notify(cpu_critical());

  const auto result = inbox.wait();
  ASSERT_TRUE(result) << "on_result debe llegar en 10 s; no llegó nada";
  EXPECT_FALSE(result->ok) << "el servidor rechaza la contraseña: se esperaba ok=false; llegó "
                           << show(*result);
  EXPECT_NE(result->error.find("rechazó el usuario 'ana' o su contraseña"), std::string::npos)
      << "el error debe decir en español que se rechazó el usuario o la contraseña; llegó \""
      << result->error << "\"";
  EXPECT_EQ(result->error.find("otra"), std::string::npos)
      << "el error nunca debe llevar la contraseña; llegó \"" << result->error << "\"";
  EXPECT_FALSE(server.next_message(0ms)) << "con AUTH rechazado no debe llegar ningún correo";
}

TEST(Robustez_CorreoSmtp, SinCaFileElCertificadoNoSeAceptaYNoSeEnvia) {
  smtp_tls_server server("ana", "secreto");
  ASSERT_NE(server.port(), 0) << no_server;
  result_inbox inbox;
  smtp_notifier notifier(smtp_tls_options(server.port(), "secreto", ""), run_inline(),
                         inbox.on_result());
  notifier.notify(cpu_critical());

  const auto result = inbox.wait();
  ASSERT_TRUE(result) << "on_result debe llegar en 10 s; no llegó nada";
  EXPECT_FALSE(result->ok)
      << "sin ca_file, las CA del sistema no conocen la CA de pruebas: STARTTLS debe fallar "
         "antes de AUTH; llegó "
      << show(*result);
  EXPECT_NE(result->error.find("no es de confianza"), std::string::npos)
      << "el error debe decir que el certificado no es de confianza; llegó \"" << result->error
      << "\"";
  EXPECT_FALSE(server.next_message(0ms))
      << "sin verificar el certificado no debe salir ningún correo";
}

TEST(Robustez_CorreoSmtp, DestruirloCortaUnEnvioColgado) {
  // Un servidor que acepta la conexión (el núcleo completa el saludo TCP) pero
  // nunca dice nada: el envío queda esperando el 220 con un plazo de 10 s.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), size), 0)
      << "no se pudo ligar un socket de prueba a 127.0.0.1";
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  ::listen(listener, 4);
  smtp_options options = smtp_tls_options(ntohs(address.sin_port), "secreto", test_ca);
  options.timeout = 10s;
  auto notifier = std::make_unique<smtp_notifier>(options, run_inline(), nullptr);
  notifier->notify(cpu_critical());
  pollfd connecting{.fd = listener, .events = POLLIN, .revents = 0};
  ASSERT_EQ(::poll(&connecting, 1, 5000), 1)
      << "el notificador debe conectar con el servidor mudo en 5 s";

  const auto start = steady::now();
  notifier.reset();
  const auto elapsed = ms_since(start);
  ::close(listener);
  EXPECT_LT(elapsed, 2000) << "destruirlo corta el envío en curso (curl_multi_wakeup) sin "
                              "esperar al plazo de 10 s; tardó "
                           << elapsed << " ms";
}

// ---------------------------------------------------------------- Configuración

std::optional<std::string> no_env(const std::string&) { return std::nullopt; }

json email_with(json extra) {
  json email = {{"smtp_server", "smtp.taller.test"},
                {"smtp_port", 587},
                {"from_email", "monitor@taller.test"},
                {"recipients", {"ops@taller.test"}}};
  email.update(extra);
  return {{"channels", {{"email", email}}}};
}

TEST(Robustez_ConfiguracionTls, CaFileYUseTlsLlegan) {
  const auto loaded = parse_config(
      {{"channels",
        {{"slack", {{"webhook_url", "https://hooks.taller.test/x"}, {"ca_file", test_ca}}},
         {"email",
          {{"smtp_server", "smtp.taller.test"},
           {"smtp_port", 587},
           {"from_email", "monitor@taller.test"},
           {"recipients", {"ops@taller.test"}},
           {"use_tls", true},
           {"ca_file", test_ca}}}}}},
      no_env);
  ASSERT_TRUE(std::holds_alternative<monitor_config>(loaded))
      << "una configuración válida con ca_file y use_tls true; llegó el error "
      << std::get<std::string>(loaded);
  const auto& config = std::get<monitor_config>(loaded);
  EXPECT_EQ(config.webhook_ca_file, test_ca) << "channels.slack.ca_file llega a webhook_ca_file";
  ASSERT_TRUE(config.smtp) << "hay servidor SMTP: config.smtp debe existir";
  EXPECT_EQ(config.smtp->ca_file, test_ca) << "channels.email.ca_file llega a smtp->ca_file";
  EXPECT_EQ(config.smtp->starttls, std::optional<bool>(true))
      << "use_tls true es STARTTLS obligatorio";

  const auto plain = parse_config(email_with({{"use_tls", false}}), no_env);
  ASSERT_TRUE(std::holds_alternative<monitor_config>(plain))
      << "use_tls false (un relé local) es válido; llegó el error " << std::get<std::string>(plain);
  EXPECT_EQ(std::get<monitor_config>(plain).smtp->starttls, std::optional<bool>(false))
      << "use_tls false es sin TLS";
  const auto unset = parse_config(email_with(json::object()), no_env);
  ASSERT_TRUE(std::holds_alternative<monitor_config>(unset))
      << "sin use_tls también es válido; llegó el error " << std::get<std::string>(unset);
  EXPECT_EQ(std::get<monitor_config>(unset).smtp->starttls, std::nullopt)
      << "sin use_tls lo decide el notificador (STARTTLS si hay usuario)";
}

TEST(Robustez_ConfiguracionTls, UnCaFileMaloNombraElCampo) {
  const std::string missing = fixtures + "/tls/no-existe.crt";
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"channels", {{"slack", {{"ca_file", missing}}}}}}, "channels.slack.ca_file"},
      {{{"channels", {{"slack", {{"ca_file", ""}}}}}}, "channels.slack.ca_file"},
      {{{"channels", {{"slack", {{"ca_file", 5}}}}}}, "channels.slack.ca_file"},
      {email_with({{"ca_file", missing}}), "channels.email.ca_file"},
      {email_with({{"ca_file", "a\nb"}}), "channels.email.ca_file"},
  };
  for (const auto& [file, field] : cases) {
    const auto loaded = parse_config(file, no_env);
    ASSERT_TRUE(std::holds_alternative<std::string>(loaded))
        << "se esperaba un error que nombrara " << field << " para " << file.dump()
        << "; la configuración se aceptó";
    EXPECT_NE(std::get<std::string>(loaded).find(field), std::string::npos)
        << "el error debe nombrar " << field << "; llegó \"" << std::get<std::string>(loaded)
        << "\"";
  }
}

}  // namespace
}  // namespace p03::testing
