// Avisos hacia fuera del servidor: un webhook HTTP o HTTPS (Slack o compatible)
// y un correo por SMTP (con STARTTLS y AUTH, a través de libcurl). El servidor guarda cada aviso antes de llamar a notify(): un
// envío que falla no pierde ni cambia el aviso, solo se cuenta en on_result.
//
// Hilos: el servidor corre en un solo hilo de red (io thread) y ahí nada puede
// bloquear. notify() solo encola; cada notificador tiene un hilo de trabajo que
// hace la red bloqueante (siempre con plazos) y devuelve cada resultado al hilo
// de red con post_back. on_result se ejecuta, por tanto, en el hilo de red.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "p03/alerts.hpp"
#include "taller/url.hpp"

namespace httplib {
class Client;
}
typedef void CURLM;  // como en <curl/multi.h>: el envío SMTP en curso

namespace p03 {

// Ejecuta una función en el hilo de red. El servidor pasa
// [&ioc](std::function<void()> f) { net::post(ioc, std::move(f)); }.
using post_function = std::function<void(std::function<void()>)>;

// Cómo acabó el envío de un aviso.
struct delivery_result {
  bool ok = false;
  int attempts = 0;   // intentos hechos (0 si ni siquiera entró en la cola)
  std::string error;  // vacío si ok; "queue_full" si la cola estaba llena
  std::string rule;   // la regla del aviso
};

using result_function = std::function<void(const delivery_result&)>;

// El aviso en una línea, sin emojis: "[CRÍTICA] cpu disparada: CPU al 96.0 % (umbral crítico 95)".
std::string slack_text(const alert_record& record);

// Un hilo de trabajo con una cola acotada de avisos; lo usan los dos
// notificadores. push() nunca bloquea. El destructor descarta lo pendiente,
// corta la entrega en curso con interrupt y une el hilo: tarda poco, no lo que
// sumarían los plazos y esperas de los avisos que quedaban.
//
// Una excepción que se escapa de un std::thread llama a std::terminate y acaba
// con todo el servidor. Por eso cada entrega pasa por taller::shielded(name, …):
// si deliver lanza (lo que sea), se informa en stderr con name, on_result
// recibe un fallo y el hilo sigue con el siguiente aviso.
class delivery_worker {
 public:
  // Envía un aviso; se llama en el hilo de trabajo y puede bloquear (con plazos).
  using deliver_function = std::function<delivery_result(const alert_record&)>;

  // name: quién es en los avisos del registro ("notificador webhook").
  delivery_worker(std::string name, std::size_t max_pending, deliver_function deliver,
                  std::function<void()> interrupt, post_function post_back,
                  result_function on_result);
  ~delivery_worker();
  delivery_worker(const delivery_worker&) = delete;
  delivery_worker& operator=(const delivery_worker&) = delete;

  // Encola el aviso; si la cola está llena, informa de "queue_full" y vuelve.
  void push(const alert_record& record);
  // Espera delay en el hilo de trabajo; vuelve antes (con false) si el
  // destructor pide parar.
  bool wait_for(std::chrono::milliseconds delay);

 private:
  void run();
  std::optional<alert_record> next();
  delivery_result deliver_safely(const alert_record& record);
  void report(const delivery_result& result);

  std::string name_;
  std::size_t max_pending_;
  deliver_function deliver_;
  std::function<void()> interrupt_;
  post_function post_back_;
  result_function on_result_;

  std::mutex mutex_;              // protege pending_, stopping_ y finished_
  std::condition_variable wake_;  // hay avisos en la cola, hay que parar o el hilo terminó
  std::deque<alert_record> pending_;
  bool stopping_ = false;
  bool finished_ = false;
  std::thread thread_;  // el último: arranca con todo lo anterior ya construido
};

struct webhook_options {
  std::string url;  // http:// o https://host[:puerto][/ruta]
  // Solo con https: un fichero PEM con las CA en las que confiar (la de una red
  // interna, la de las pruebas). Vacío: el almacén de CA del sistema. El
  // certificado del servidor se verifica siempre (la cadena y el nombre).
  std::string ca_file;
  std::chrono::milliseconds timeout{3000};  // de conexión, lectura y escritura de cada intento
  int retries = 3;                          // reintentos tras el primer intento
  std::chrono::milliseconds backoff{500};   // espera antes del 1.er reintento; se dobla en cada uno
  std::size_t max_pending = 100;            // avisos que caben en la cola
};

// POST {"text": slack_text(aviso), "alert": aviso.to_json()} a un webhook
// entrante de Slack (o de cualquier servicio que acepte ese JSON).
class webhook_notifier {
 public:
  // Lanza std::invalid_argument si la URL no es http(s)://host[:puerto][/ruta]
  // o si ca_file no se puede leer.
  webhook_notifier(webhook_options options, post_function post_back, result_function on_result);
  ~webhook_notifier();

  // Encola el aviso sin bloquear; el resultado llega a on_result.
  void notify(const alert_record& record);

 private:
  // http:// o https://; una URL mal escrita se rechaza al arrancar, con un
  // mensaje claro, en vez de fallar en cada aviso.
  static taller::http_url parse_url(const std::string& url);

  delivery_result deliver(const alert_record& record);
  std::string post_once(const std::string& body);

  webhook_options options_;
  taller::http_url target_;
  std::unique_ptr<httplib::Client> client_;  // del hilo de trabajo (y stop() desde el destructor)
  delivery_worker worker_;  // el último: se destruye (y une su hilo) antes que client_
};

struct smtp_options {
  std::string host;  // el servidor de envío: smtp.ejemplo.org, o un relé local
  int port = 25;     // 587 para el envío con STARTTLS y AUTH; 25 para un relé local
  std::string from;
  std::vector<std::string> to;
  std::string username;  // si no está vacío, AUTH (el mecanismo lo elige libcurl: PLAIN, LOGIN…)
  std::string password;  // solo de una variable de entorno, nunca del fichero de configuración
  // STARTTLS obligatorio: sin él (o si el certificado no se verifica) no se
  // envía nada. Sin valor: sí si hay username, para no mandar la contraseña en
  // claro; no si no lo hay (un relé local sin TLS).
  std::optional<bool> starttls;
  std::string ca_file;  // PEM con las CA en las que confiar; vacío: las del sistema
  // De conexión y de cada respuesta (ver smtp_notifier.cpp).
  std::chrono::milliseconds timeout{5000};
  std::size_t max_pending = 100;  // avisos que caben en la cola
};

// Un correo por aviso, con "Subject: [taller] alerta <regla> <estado>". Un solo
// intento: el servidor de correo ya reintenta por su cuenta. La conversación
// SMTP (EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, QUIT) la hace libcurl
// en el hilo de trabajo.
class smtp_notifier {
 public:
  smtp_notifier(smtp_options options, post_function post_back, result_function on_result);

  // Encola el aviso sin bloquear; el resultado llega a on_result.
  void notify(const alert_record& record);

 private:
  delivery_result deliver(const alert_record& record);
  std::string send_mail(const std::string& message);
  void interrupt();

  smtp_options options_;
  // El destructor ya pidió parar: el envío en curso se corta (lo mira el
  // callback de progreso de libcurl) y no se empiezan más.
  std::atomic<bool> interrupted_{false};
  std::mutex transfer_mutex_;  // protege transfer_
  CURLM* transfer_ = nullptr;  // el envío en curso, para despertarlo; nullptr si no hay
  delivery_worker worker_;     // el último: se destruye (y une su hilo) antes que lo demás
};

}  // namespace p03
