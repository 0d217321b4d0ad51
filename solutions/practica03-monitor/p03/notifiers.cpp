#include "p03/notifiers.hpp"

#include <curl/curl.h>
#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

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

// Lanza std::invalid_argument si ca_file no está vacío y no se puede leer: el
// error sale al arrancar, no en el primer aviso.
void check_ca_file(const std::string& who, const std::string& ca_file) {
  if (!ca_file.empty() && !std::ifstream(ca_file))
    throw std::invalid_argument(who + ": no se puede leer ca_file '" + ca_file + "'");
}

// Un cliente HTTP o HTTPS con el mismo plazo para conectar, leer y escribir.
// Con https verifica siempre el certificado del servidor: que lo firme una CA
// de confianza (las de ca_file o, sin él, las del sistema) y que sea para host.
std::unique_ptr<httplib::Client> make_client(bool https, const std::string& host, int port,
                                             const std::string& ca_file,
                                             std::chrono::milliseconds timeout) {
  // Un IPv6 literal va entre corchetes en scheme://host:puerto (y sin ellos al
  // compararlo con el certificado).
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  const std::string bare = bracketed ? host.substr(1, host.size() - 2) : host;
  const std::string authority = bare.find(':') != std::string::npos ? "[" + bare + "]" : bare;
  auto client = std::make_unique<httplib::Client>((https ? "https://" : "http://") + authority +
                                                  ":" + std::to_string(port));
  client->set_connection_timeout(timeout);
  client->set_read_timeout(timeout);
  client->set_write_timeout(timeout);
  if (https) {
    client->enable_server_certificate_verification(true);
    if (!ca_file.empty()) client->set_ca_cert_path(ca_file);
    // El nombre lo comprueba también OpenSSL al verificar la cadena: la
    // comprobación propia de cpp-httplib 0.11 con una IP en la URL no es fiable.
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(client->ssl_context());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, bare.c_str()) != 1)  // no es una IP: un nombre
      X509_VERIFY_PARAM_set1_host(param, bare.c_str(), bare.size());
  }
  return client;
}

}  // namespace

std::string slack_text(const alert_record& record) {
  // PASO 5 ▸ Escribe el aviso en una línea para Slack
  //   Devuelve una sola línea "[NIVEL] regla estado: mensaje": NIVEL es CRÍTICA si level es
  //   critical y AVISO si no; estado es "resuelta" si state es resolved y "disparada" si no.
  //   Por ejemplo "[CRÍTICA] cpu disparada: CPU al 96.0 % (umbral crítico 95)". Es el "text" del
  //   webhook y el principio del correo, y las pruebas lo comparan letra a letra.
  const std::string level = record.level == "critical" ? "CRÍTICA" : "AVISO";
  const std::string state = record.state == "resolved" ? "resuelta" : "disparada";
  return "[" + level + "] " + record.rule + " " + state + ": " + record.message;
  //▸ starter
  //| (void)record;
  //| return "";
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
      client_((check_ca_file("webhook", options_.ca_file),
               make_client(target_.https, target_.host, target_.port, options_.ca_file,
                           options_.timeout))),
      worker_(
          "notificador webhook", options_.max_pending,
          [this](const alert_record& r) { return deliver(r); },
          // Client::stop() se puede llamar desde otro hilo: corta la petición en curso.
          [this] { client_->stop(); }, std::move(post_back), std::move(on_result)) {}

webhook_notifier::~webhook_notifier() = default;

void webhook_notifier::notify(const alert_record& record) { worker_.push(record); }

// http:// o https://. Una URL mal escrita se rechaza al arrancar, con un
// mensaje claro, en vez de fallar en cada aviso.
webhook_notifier::http_target webhook_notifier::parse_url(const std::string& url) {
  http_target out;
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    out.https = true;
    out.port = 443;
    rest.remove_prefix(std::string_view("https://").size());
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(std::string_view("http://").size());
  } else {
    throw std::invalid_argument("webhook: la URL debe empezar por http:// o https://, llegó '" +
                                url + "'");
  }
  rest = rest.substr(0, rest.find('#'));  // el fragmento nunca se envía
  // Separa la autoridad (host:puerto) de la ruta y la consulta.
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
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
  // cpp-httplib 0.11 (el de Debian), al comparar una IPv6 literal con las IP del
  // certificado, lee 16 bytes de cada una aunque sea una IPv4 de 4: una lectura
  // fuera de límites que encontró ASan. Con https, un nombre o una IPv4.
  if (out.https && out.host.find(':') != std::string::npos)
    throw std::invalid_argument("webhook: con https, el host de '" + url +
                                "' debe ser un nombre o una IPv4, no una IPv6 literal");
  return out;
}

delivery_result webhook_notifier::deliver(const alert_record& record) {
  const std::string body = to_text({{"text", slack_text(record)}, {"alert", record.to_json()}});
  delivery_result result{.ok = false, .attempts = 0, .error = {}, .rule = record.rule};
  // PASO 5 ▸ Reintenta el POST con espera exponencial
  //   result acaba con lo que dieron hasta 1 + options_.retries intentos de post_once(body) (""
  //   si fue bien, el motivo si no): attempts los hechos, ok si el último fue bien y error el suyo.
  //   Para en el primer éxito. Entre intentos espera backoff, 2×backoff, 4×backoff… con
  //   worker_.wait_for, nunca con sleep: si devuelve false el notificador se destruye y hay que
  //   salir ya, para que apagar el servidor no espere a que acabe la pausa.
  auto delay = options_.backoff;
  while (true) {
    ++result.attempts;
    result.error = post_once(body);
    result.ok = result.error.empty();
    if (result.ok || result.attempts >= 1 + options_.retries) return result;
    // Espera en la variable de condición del hilo: el destructor la corta.
    if (!worker_.wait_for(delay)) return result;
    delay *= 2;
  }
  //▸ starter
  //| (void)body;
  //| result.error = "sin implementar";
  //| return result;
  // FIN PASO 5
}

// Un POST con el aviso; "" si el webhook respondió 2xx o el motivo del fallo.
// El mensaje nombra solo host:puerto: la ruta de un webhook de Slack es secreta.
std::string webhook_notifier::post_once(const std::string& body) {
  const std::string where = target_.host + ":" + std::to_string(target_.port);
  const auto response = client_->Post(target_.path, body, "application/json");
  if (!response) {
    const long verify = target_.https ? client_->get_openssl_verify_result() : X509_V_OK;
    const bool unverified =
        response.error() == httplib::Error::SSLServerVerification ||
        (response.error() == httplib::Error::SSLConnection && verify != X509_V_OK);
    if (unverified) {
      // Con X509_V_OK y la verificación fallida, la cadena vale pero el
      // certificado es para otro nombre (lo vio cpp-httplib y no OpenSSL).
      const bool other_name = verify == X509_V_OK || verify == X509_V_ERR_HOSTNAME_MISMATCH ||
                              verify == X509_V_ERR_IP_ADDRESS_MISMATCH;
      const std::string why = other_name ? "el certificado no es para " + target_.host
                                         : X509_verify_cert_error_string(verify);
      return "el certificado TLS del webhook en " + where + " no es de confianza (" + why + ")" +
             (options_.ca_file.empty() ? "; si lo firma una CA propia, indícala en ca_file"
                                       : "; ca_file: " + options_.ca_file);
    }
    switch (response.error()) {
      case httplib::Error::SSLLoadingCerts:
        return "no se pudieron cargar las CA de " +
               (options_.ca_file.empty() ? std::string("el sistema") : options_.ca_file) +
               " para el webhook en " + where;
      case httplib::Error::SSLConnection:
        return "falló la negociación TLS con el webhook en " + where;
      default:
        return "el webhook en " + where + " no respondió (" + httplib::to_string(response.error()) +
               ")";
    }
  }
  if (response->status < 200 || response->status > 299)
    return "el webhook en " + where + " respondió " + std::to_string(response->status);
  return "";
}

// ---------------------------------------------------------------- Correo (SMTP)
//
// La conversación SMTP (RFC 5321) la hace libcurl: EHLO, STARTTLS si se pide
// (RFC 3207: el canal se cifra y el certificado del servidor se verifica), AUTH
// (RFC 4954) con el usuario y la contraseña, el sobre (MAIL FROM y un RCPT TO
// por destinatario), DATA con el mensaje (libcurl duplica los puntos del
// §4.5.2 y pone la línea "." final) y QUIT. Aquí se escribe el mensaje y se
// traduce el resultado.

namespace {

// Quita CR y LF: un valor no puede colar otra cabecera u otra orden SMTP.
std::string single_line(std::string_view value) {
  std::string out(value);
  std::erase_if(out, [](char c) { return c == '\r' || c == '\n'; });
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

// Cada línea acaba en CRLF (RFC 5321 §2.3.8: nada de LF sueltos). libcurl
// duplica después el punto de las líneas que empiezan por '.' y añade la ".".
std::string crlf_lines(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    out.append(line).append("\r\n");
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return out;
}

// libcurl pide el mensaje a trozos (CURLOPT_READFUNCTION): lo que queda por enviar.
std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* pending) {
  auto& rest = *static_cast<std::string_view*>(pending);
  const std::size_t n = std::min(size * count, rest.size());
  std::memcpy(buffer, rest.data(), n);
  rest.remove_prefix(n);
  return n;
}

// El callback de progreso de libcurl (CURLOPT_XFERINFOFUNCTION): libcurl lo
// llama en cada vuelta del envío, también mientras espera una respuesta, y
// distinto de 0 lo corta con CURLE_ABORTED_BY_CALLBACK.
int stop_if_interrupted(void* interrupted, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(interrupted)->load() ? 1 : 0;
}

// curl_global_init no se puede llamar a la vez desde dos hilos: una vez, antes
// del primer envío (la inicialización de un static local es segura entre hilos).
void init_curl_once() {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK)
    throw std::runtime_error(std::string("SMTP: no se pudo iniciar libcurl: ") +
                             curl_easy_strerror(init));
}

// Qué pasó, en español, para el panel; detail es lo que dice libcurl (a veces
// con la respuesta del servidor: "RCPT failed: 550").
std::string smtp_failure(CURLcode code, const std::string& where, const std::string& detail,
                         const smtp_options& options) {
  std::string what;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      what = "no se encuentra el servidor";
      break;
    case CURLE_COULDNT_CONNECT:
      what = "no se pudo conectar";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      what = "plazo de " + std::to_string(options.timeout.count()) + " ms agotado";
      break;
    case CURLE_LOGIN_DENIED:
      what = "el servidor rechazó el usuario '" + options.username + "' o su contraseña (AUTH)";
      break;
    case CURLE_USE_SSL_FAILED:
      what = "el servidor no ofrece STARTTLS y starttls está activado: no se envía en claro";
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      what =
          "el certificado TLS del servidor no es de confianza" +
          std::string(options.ca_file.empty() ? " (si lo firma una CA propia, indícala en ca_file)"
                                              : " con ca_file " + options.ca_file);
      break;
    case CURLE_SSL_CONNECT_ERROR:
      what = "falló la negociación TLS (STARTTLS)";
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      what = "el servidor cortó la conversación o rechazó una orden";
      break;
    default:
      what = "falló el envío";
  }
  return "SMTP: " + what + " en " + where + " (" + detail + ")";
}

}  // namespace

smtp_notifier::smtp_notifier(smtp_options options, post_function post_back,
                             result_function on_result)
    : options_((check_ca_file("SMTP", options.ca_file), init_curl_once(), std::move(options))),
      worker_(
          "notificador SMTP", options_.max_pending,
          [this](const alert_record& r) { return deliver(r); }, [this] { interrupt(); },
          std::move(post_back), std::move(on_result)) {}

void smtp_notifier::notify(const alert_record& record) { worker_.push(record); }

// Un solo intento: el servidor de correo ya reintenta por su cuenta.
delivery_result smtp_notifier::deliver(const alert_record& record) {
  delivery_result result{.ok = false, .attempts = 1, .error = {}, .rule = record.rule};
  result.error = send_mail(crlf_lines(mail_text(record, options_)));
  result.ok = result.error.empty();
  return result;
}

// Envía el mensaje con libcurl; "" si el servidor lo aceptó o el motivo del fallo.
//
// Con la interfaz multi en vez de curl_easy_perform: el bucle espera en
// curl_multi_poll, que interrupt() despierta desde otro hilo con
// curl_multi_wakeup; en la vuelta siguiente el callback de progreso ve
// interrupted_ y libcurl corta el envío (y cierra la conexión sin QUIT). Así
// el destructor no espera a los plazos de un servidor colgado.
std::string smtp_notifier::send_mail(const std::string& message) {
  const std::string host = options_.host.find(':') != std::string::npos
                               ? "[" + options_.host + "]"  // IPv6 literal
                               : options_.host;
  const std::string where = host + ":" + std::to_string(options_.port);
  const bool starttls = options_.starttls.value_or(!options_.username.empty());

  const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(),
                                                                 curl_easy_cleanup);
  const std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(),
                                                                    curl_multi_cleanup);
  curl_slist* rcpt = nullptr;
  for (const auto& to : options_.to)
    rcpt = curl_slist_append(rcpt, ("<" + single_line(to) + ">").c_str());
  const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(rcpt,
                                                                               curl_slist_free_all);
  if (!easy || !multi || !recipients) return "SMTP: libcurl no pudo preparar el envío";

  CURL* e = easy.get();
  std::string_view pending = message;
  char detail[CURL_ERROR_SIZE] = "";
  const std::string url = "smtp://" + where;
  const std::string from = "<" + single_line(options_.from) + ">";
  // Plazos: timeout para conectar (con el saludo, EHLO, STARTTLS y AUTH) y para
  // cada respuesta (libcurl 7.88 la cuenta en segundos enteros: se redondea
  // hacia arriba), y el envío entero como mucho 4 × timeout.
  const long timeout_ms = static_cast<long>(std::max<std::int64_t>(options_.timeout.count(), 1));
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // varios hilos: nada de señales
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(e, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(e, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(e, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(e, CURLOPT_READDATA, &pending);
  curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT, (timeout_ms + 999) / 1000);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 4 * timeout_ms);
  curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);  // QUIT al acabar: una conexión por aviso
  curl_easy_setopt(e, CURLOPT_USE_SSL, starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);  // la cadena, hasta una CA de confianza
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);  // y el nombre del servidor
  if (!options_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);  // sin esto no se llama al callback de progreso
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, stop_if_interrupted);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, &interrupted_);
  if (!options_.username.empty()) {
    curl_easy_setopt(e, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, options_.password.c_str());
    curl_easy_setopt(e, CURLOPT_SASL_IR, 1L);  // AUTH PLAIN <credenciales> en una sola orden
  }

  {
    std::lock_guard lock(transfer_mutex_);
    if (interrupted_) return "SMTP: cancelado al cerrar el servidor";
    curl_multi_add_handle(multi.get(), e);
    transfer_ = multi.get();
  }
  int running = 1;
  while (curl_multi_perform(multi.get(), &running) == CURLM_OK && running != 0)
    curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr);  // hasta que haya algo (o wakeup)
  {
    std::lock_guard lock(transfer_mutex_);
    transfer_ = nullptr;
  }
  std::optional<CURLcode> code;  // el resultado, si el envío terminó
  int queued = 0;
  while (const CURLMsg* done = curl_multi_info_read(multi.get(), &queued))
    if (done->msg == CURLMSG_DONE) code = done->data.result;
  curl_multi_remove_handle(multi.get(), e);
  if (!code) return "SMTP: libcurl no terminó el envío a " + where;
  if (*code == CURLE_OK) return "";
  if (*code == CURLE_ABORTED_BY_CALLBACK) return "SMTP: cancelado al cerrar el servidor";
  return smtp_failure(*code, where, detail[0] != '\0' ? detail : curl_easy_strerror(*code),
                      options_);
}

// La llama el destructor del hilo de trabajo, desde otro hilo: marca la parada
// y despierta el curl_multi_poll del envío en curso (si lo hay).
void smtp_notifier::interrupt() {
  interrupted_ = true;
  std::lock_guard lock(transfer_mutex_);
  if (transfer_ != nullptr) curl_multi_wakeup(transfer_);
}

}  // namespace p03
