// Cliente SSE para las pruebas (cpp-httplib en un hilo propio). Lee el flujo
// con su propio analizador, independiente del que escribe el estudiante en la
// práctica 02, y toda espera tiene un plazo.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace taller::testing {

struct sse_message {
  std::string event = "message";
  std::string id;
  std::string data;
  bool comment = false;  // una línea ":" (heartbeat)
  // Llegó en la forma de los prototipos (sin nombre, data {"event","data"}):
  // event y data ya son los de dentro, como si hubiera llegado con nombre.
  bool enveloped = false;

  // data como JSON (null si no lo es).
  nlohmann::json json() const;
};

class sse_client {
 public:
  sse_client() = default;
  ~sse_client();
  sse_client(const sse_client&) = delete;
  sse_client& operator=(const sse_client&) = delete;

  // Abre GET path en 127.0.0.1:port. Vuelve cuando llegan las cabeceras de la
  // respuesta (true) o al vencer el plazo (false).
  bool open(unsigned short port, const std::string& path,
            std::map<std::string, std::string> headers = {},
            std::chrono::milliseconds timeout = std::chrono::seconds(3));
  int status() const;
  std::string header(const std::string& name) const;

  // Siguiente evento (no comentario) dentro del plazo.
  std::optional<sse_message> next(std::chrono::milliseconds timeout = std::chrono::seconds(3));
  // Siguiente evento de ese tipo, descartando los demás.
  std::optional<sse_message> next_of(const std::string& event,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(3));
  // Siguiente comentario.
  std::optional<sse_message> next_comment(std::chrono::milliseconds timeout);
  // Los primeros bytes del cuerpo tal como llegaron (para ver "retry:").
  std::string raw_start() const;
  // true si el servidor cerró el flujo.
  bool ended() const;
  void close();

 private:
  std::optional<sse_message> next_matching(bool comment, const std::string& event,
                                           std::chrono::milliseconds timeout);
  void on_bytes(const char* data, std::size_t size);

  struct shared;
  std::shared_ptr<shared> shared_;
  std::thread thread_;
};

}  // namespace taller::testing
