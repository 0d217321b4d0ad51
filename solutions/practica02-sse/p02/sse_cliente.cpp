// p02-sse-cliente: cliente de Server-Sent Events de línea de órdenes (cpp-httplib).
// Imprime cada evento que llega y, si el flujo se corta, reconecta como hace
// EventSource en el navegador: espera retry ms y vuelve a pedir el flujo con la
// cabecera Last-Event-ID, para que el servidor le repita lo que se perdió.
//   p02-sse-cliente http://localhost:8000/sse/events?channel=general
//   p02-sse-cliente http://localhost:8000/sse/events --last-event-id 42 --comentarios
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "p02/sse_parser.hpp"
#include "taller/args.hpp"
#include "taller/url.hpp"

namespace {

// Espera antes de reconectar si el servidor no envió "retry:". WHATWG deja el
// valor inicial a cada navegador; unos pocos segundos es lo habitual.
constexpr long default_retry_ms = 3000;

// Ctrl+C (SIGINT) o SIGTERM. cpp-httplib repite las lecturas que interrumpe una
// señal (EINTR), así que un manejador de señales no cortaría una espera: las
// señales se bloquean en todos los hilos y un hilo aparte las recoge con
// sigtimedwait y llama a on_stop (Client::stop(), que se puede llamar desde
// otro hilo). La repite cada 200 ms hasta el final, por si la señal llegó
// mientras se abría la conexión y stop() aún no tenía un socket que cerrar.
class stop_signal {
 public:
  // Créalo antes que cualquier otro hilo: los hilos heredan la máscara de señales.
  explicit stop_signal(std::function<void()> on_stop) : on_stop_(std::move(on_stop)) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    watcher_ = std::thread([this] { watch(); });
  }

  ~stop_signal() {
    finished_ = true;
    watcher_.join();
  }

  bool requested() const { return requested_; }

  // Espera 'delay' o hasta la señal; true si llegó la señal.
  bool wait_for(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return woken_.wait_for(lock, delay, [this] { return requested_.load(); });
  }

 private:
  void watch() {
    const timespec tick{0, 200'000'000};
    while (!finished_) {
      if (sigtimedwait(&signals_, nullptr, &tick) > 0) {
        std::lock_guard lock(mutex_);
        requested_ = true;
        woken_.notify_all();
      }
      if (requested_) on_stop_();
    }
  }

  std::function<void()> on_stop_;
  sigset_t signals_;
  std::atomic<bool> requested_ = false;
  std::atomic<bool> finished_ = false;
  std::mutex mutex_;
  std::condition_variable woken_;
  std::thread watcher_;
};

// "text/event-stream", con o sin parámetros ("; charset=utf-8") y sin mirar mayúsculas.
bool is_event_stream(std::string_view content_type) {
  std::string media(content_type.substr(0, content_type.find(';')));
  const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  media.erase(std::remove_if(media.begin(), media.end(), is_space), media.end());
  std::transform(media.begin(), media.end(), media.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return media == "text/event-stream";
}

// Por qué no sirve una respuesta, o "" si es un flujo SSE. WHATWG §9.2.3: con un
// estado distinto de 200 o un Content-Type que no es text/event-stream,
// EventSource «falla la conexión» y no vuelve a intentarlo.
std::string rejection_reason(const httplib::Response& res) {
  if (res.status == 204) return "el servidor respondió HTTP 204: pide que no reconectemos";
  if (res.status != 200)
    return "el servidor respondió HTTP " + std::to_string(res.status) + " (se esperaba 200)";
  const std::string type = res.get_header_value("Content-Type");
  if (!is_event_stream(type))
    return "el Content-Type es \"" + type + "\" y no text/event-stream: no es un flujo SSE";
  return {};
}

// [id 42] evento broadcast: {...}; las demás líneas de data, sangradas.
void print_event(const p02::sse_event& event) {
  if (!event.id.empty()) std::cout << "[id " << event.id << "] ";
  std::cout << "evento " << event.type << ": ";
  for (const char c : event.data) {
    std::cout << c;
    if (c == '\n') std::cout << "    ";
  }
  std::cout << std::endl;
}

// Por qué terminó un flujo que sí se abrió (o no llegó a abrirse).
std::string end_reason(httplib::Error error, const taller::http_url& url, long long idle_seconds) {
  switch (error) {
    case httplib::Error::Success:
      return "el servidor cerró el flujo";
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
      return "no se pudo conectar con " + url.host + ':' + std::to_string(url.port);
    case httplib::Error::Read:
      return "se cortó la conexión (o pasaron " + std::to_string(idle_seconds) +
             " s sin recibir nada, ni un heartbeat)";
    default:
      return "error de cpp-httplib: " + httplib::to_string(error);
  }
}

// Lo que necesita cada conexión.
struct stream_context {
  httplib::Client& http;
  const taller::http_url& url;
  p02::sse_parser& parser;
  const stop_signal& stop;
  bool show_comments;
  long long idle_seconds;
};

// Abre el flujo y lo lee hasta que se corte. false si el servidor lo rechazó:
// entonces no se reintenta.
bool read_stream(const stream_context& ctx) {
  // Empieza un flujo nuevo con el último id despachado.
  ctx.parser.reset();
  httplib::Headers headers{{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
  const std::string last_id = ctx.parser.last_event_id();
  if (!last_id.empty()) headers.emplace("Last-Event-ID", last_id);

  // Comprueba la respuesta en cuanto llegan las cabeceras, antes del cuerpo.
  std::string rejected;
  const auto on_response = [&](const httplib::Response& res) {
    rejected = rejection_reason(res);
    if (rejected.empty())
      std::cout << "✓ conectado a " << ctx.url.text()
                << (last_id.empty() ? "" : " con Last-Event-ID: " + last_id) << std::endl;
    return rejected.empty() && !ctx.stop.requested();
  };
  // Pasa cada trozo recibido al parser e imprime lo que complete.
  std::size_t comments_seen = ctx.parser.comments(), errors_seen = ctx.parser.errors();
  const auto on_bytes = [&](const char* data, std::size_t size) {
    for (const auto& event : ctx.parser.feed({data, size})) print_event(event);
    // Si un trozo trae varios comentarios, se muestra el último (basta para ver los heartbeat).
    if (ctx.show_comments && ctx.parser.comments() != comments_seen)
      std::cout << "(comentario: " << ctx.parser.last_comment().value_or("") << ")" << std::endl;
    if (ctx.parser.errors() != errors_seen)
      std::cerr << "✗ se descartó un evento: una línea pasaba de 1 MiB o su data de 4 MiB"
                << std::endl;
    comments_seen = ctx.parser.comments();
    errors_seen = ctx.parser.errors();
    return !ctx.stop.requested();
  };

  const httplib::Result result = ctx.http.Get(ctx.url.target, headers, on_response, on_bytes);
  if (!rejected.empty()) {
    std::cerr << "✗ " << rejected << std::endl;
    return false;
  }
  if (!ctx.stop.requested())
    std::cout << "✗ " << end_reason(result.error(), ctx.url, ctx.idle_seconds) << std::endl;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  taller::cli_args args(
      "p02-sse-cliente",
      "Cliente SSE: imprime los eventos de un flujo text/event-stream y, si se corta,\n"
      "reconecta enviando Last-Event-ID. Con --comentarios muestra también los\n"
      "comentarios del flujo (los heartbeat). Solo URLs http://.",
      {{"last-event-id", "", "id desde el que retomar el flujo (cabecera Last-Event-ID)"},
       {"inactividad", "60", "segundos sin recibir nada (ni un heartbeat) antes de reconectar"},
       {"comentarios", "", "muestra también los comentarios del flujo (los heartbeat)", true}},
      {"URL"});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();
  long long idle_seconds = 0;
  try {
    idle_seconds = args.integer("inactividad", 1, 3600);
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n\n" << args.usage();
    return 2;
  }
  const bool show_comments = args.flag("comentarios");
  const auto url = taller::parse_http_url(args.positional()[0]);
  if (!url || url->https) {
    std::cerr << "error: la URL debe ser http://host[:puerto]/ruta, "
                 "p. ej. http://localhost:8000/sse/events\n";
    return 2;
  }

  // Prepara el cliente HTTP: una conexión nueva por flujo (sin keep-alive).
  httplib::Client http(url->host, url->port);
  http.set_connection_timeout(std::chrono::seconds(5));
  http.set_read_timeout(std::chrono::seconds(idle_seconds));
  // Corta la conexión en curso con Ctrl+C (después de http: se destruye antes).
  stop_signal stop([&http] { http.stop(); });
  p02::sse_parser parser(args.str("last-event-id"));
  const stream_context ctx{http, *url, parser, stop, show_comments, idle_seconds};

  // Lee el flujo y reconecta tras retry ms hasta Ctrl+C o un rechazo del servidor.
  while (!stop.requested()) {
    if (!read_stream(ctx)) return 1;
    if (stop.requested()) break;
    const long delay = parser.retry_ms().value_or(default_retry_ms);
    const std::string& id = parser.last_event_id();
    std::cout << "↻ reconecto en " << delay << " ms "
              << (id.empty() ? "(sin Last-Event-ID)" : "con Last-Event-ID: " + id) << std::endl;
    if (stop.wait_for(std::chrono::milliseconds(delay))) break;
  }
  std::cout << "✓ detenido" << std::endl;
  return 0;
}
