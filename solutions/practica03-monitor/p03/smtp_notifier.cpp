// El notificador de correo: un mensaje por aviso, enviado por SMTP con libcurl.
//
// La conversación SMTP (RFC 5321) la hace libcurl: EHLO, STARTTLS si se pide
// (RFC 3207: el canal se cifra y el certificado del servidor se verifica), AUTH
// (RFC 4954) con el usuario y la contraseña, el sobre (MAIL FROM y un RCPT TO
// por destinatario), DATA con el mensaje (libcurl duplica los puntos del
// §4.5.2 y pone la línea "." final) y QUIT. Aquí se escribe el mensaje y se
// traduce el resultado.
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "p03/notifier_helpers.hpp"
#include "p03/notifiers.hpp"

namespace p03 {

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

// Plazos, TLS, AUTH y el callback de progreso: lo que no depende del mensaje.
// Plazos: timeout para conectar (con el saludo, EHLO, STARTTLS y AUTH) y para
// cada respuesta (libcurl 7.88 la cuenta en segundos enteros: se redondea
// hacia arriba), y el envío entero como mucho 4 × timeout.
void set_connection_options(CURL* e, const smtp_options& options, bool starttls) {
  const long timeout_ms = static_cast<long>(std::max<std::int64_t>(options.timeout.count(), 1));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT, (timeout_ms + 999) / 1000);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 4 * timeout_ms);
  curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);  // QUIT al acabar: una conexión por aviso
  curl_easy_setopt(e, CURLOPT_USE_SSL, starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);  // la cadena, hasta una CA de confianza
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);  // y el nombre del servidor
  if (!options.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);  // sin esto no se llama al callback de progreso
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, stop_if_interrupted);
  if (!options.username.empty()) {
    curl_easy_setopt(e, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, options.password.c_str());
    curl_easy_setopt(e, CURLOPT_SASL_IR, 1L);  // AUTH PLAIN <credenciales> en una sola orden
  }
}

// Cómo acabó el envío (ya fuera del bucle): "" si el servidor aceptó el mensaje
// o el motivo del fallo. Saca e de multi.
std::string transfer_result(CURLM* multi, CURL* e, const std::string& where, const char* detail,
                            const smtp_options& options) {
  std::optional<CURLcode> code;  // el resultado, si el envío terminó
  int queued = 0;
  while (const CURLMsg* done = curl_multi_info_read(multi, &queued))
    if (done->msg == CURLMSG_DONE) code = done->data.result;
  curl_multi_remove_handle(multi, e);
  if (!code) return "SMTP: libcurl no terminó el envío a " + where;
  if (*code == CURLE_OK) return "";
  if (*code == CURLE_ABORTED_BY_CALLBACK) return "SMTP: cancelado al cerrar el servidor";
  return smtp_failure(*code, where, detail[0] != '\0' ? detail : curl_easy_strerror(*code),
                      options);
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
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // varios hilos: nada de señales
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(e, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(e, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(e, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(e, CURLOPT_READDATA, &pending);
  curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  set_connection_options(e, options_, starttls);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, &interrupted_);

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
  return transfer_result(multi.get(), e, where, detail, options_);
}

// La llama el destructor del hilo de trabajo, desde otro hilo: marca la parada
// y despierta el curl_multi_poll del envío en curso (si lo hay).
void smtp_notifier::interrupt() {
  interrupted_ = true;
  std::lock_guard lock(transfer_mutex_);
  if (transfer_ != nullptr) curl_multi_wakeup(transfer_);
}

}  // namespace p03
