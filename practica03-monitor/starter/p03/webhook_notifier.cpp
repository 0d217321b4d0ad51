// El notificador webhook: un POST con el aviso a un webhook HTTP o HTTPS
// (Slack o compatible), con reintentos y espera exponencial.
#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <charconv>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "p03/notifier_helpers.hpp"
#include "p03/notifiers.hpp"

namespace p03 {

namespace {

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
taller::http_url webhook_notifier::parse_url(const std::string& url) {
  std::string why;
  auto out = taller::parse_http_url(url, &why);
  if (!out) throw std::invalid_argument("webhook: " + why + "; llegó '" + url + "'");
  // cpp-httplib 0.11 (el de Debian), al comparar una IPv6 literal con las IP del
  // certificado, lee 16 bytes de cada una aunque sea una IPv4 de 4: una lectura
  // fuera de límites que encontró ASan. Con https, un nombre o una IPv4.
  if (out->https && out->host.find(':') != std::string::npos)
    throw std::invalid_argument("webhook: con https, el host de '" + url +
                                "' debe ser un nombre o una IPv4, no una IPv6 literal");
  return *out;
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
  const auto response = client_->Post(target_.target, body, "application/json");
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

}  // namespace p03
