// Lo que un registro de canales necesita de una conexión, sea un WebSocket o
// un flujo SSE, y lo que un monitor quiere saber de cada conexión.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "taller/clock.hpp"

namespace taller {

// Un mensaje ya serializado. Una difusión construye uno y lo comparten todas
// las colas: nadie lo copia ni lo modifica.
using frame = std::shared_ptr<const std::string>;

// El frame de un texto: se construye una vez por difusión y por transporte.
inline frame make_frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

// Una conexión que recibe mensajes de un registro (WebSocket o SSE).
class subscriber {
 public:
  virtual ~subscriber() = default;
  // Encola el mensaje para enviarlo (no bloquea).
  virtual void deliver(frame msg) = 0;
  // Cierra la conexión porque el servidor se apaga (1001 en WebSocket).
  virtual void shutdown() = 0;
};

// Un índice de conexiones (de un canal, de un usuario…) por su id. Guarda
// weak_ptr: un registro no alarga la vida de ninguna sesión.
using members = std::unordered_map<std::uint64_t, std::weak_ptr<subscriber>>;

// Las conexiones vivas del índice, copiadas: entregar puede cerrar una sesión,
// y su baja modificaría el índice mientras se recorre.
inline std::vector<std::shared_ptr<subscriber>> alive(const members& m) {
  std::vector<std::shared_ptr<subscriber>> out;
  out.reserve(m.size());
  for (const auto& [id, weak] : m)
    if (auto sub = weak.lock()) out.push_back(std::move(sub));
  return out;
}

// Entrega el mismo frame a cada conexión viva del índice. Devuelve a cuántas.
inline std::size_t deliver_to(const members& m, const frame& f) {
  const auto subs = alive(m);
  for (const auto& sub : subs) sub->deliver(f);
  return subs.size();
}

// Quién es una conexión, para el monitor.
struct connection_info {
  std::string transport;  // "websocket" o "sse"
  std::string channel;    // "" si no tiene canal; un flujo SSE puede tener varios: "alerts,metrics"
  std::string user_id;    // "" si es anónima
  std::string remote;     // dirección del cliente, "ip:puerto"
};

// Los canales de una conexión en el texto de connection_info::channel:
// {"alerts", "metrics"} da "alerts,metrics" y {} da "".
inline std::string channel_list(const std::vector<std::string>& channels) {
  std::string out;
  for (const auto& c : channels) out += (out.empty() ? "" : ",") + c;
  return out;
}

// Los canales de una conexión, uno por elemento: "alerts,metrics" da {"alerts",
// "metrics"} y "" ninguno. Una conexión con varios cuenta en cada uno de ellos.
inline std::vector<std::string> channels_of(const connection_info& info) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < info.channel.size();) {
    const std::size_t comma = std::min(info.channel.find(',', start), info.channel.size());
    if (comma > start) out.push_back(info.channel.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// Lo que ha pasado por una conexión. Lo cuenta su propia sesión al leer y al
// escribir: unas sumas, sin buscar nada en ninguna tabla. Quien la observa (el
// monitor de la Práctica 03) guarda el mismo objeto y lo lee cuando enseña la
// conexión o los totales. Solo se usa desde el hilo de red.
struct traffic {
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  double last_activity = 0;  // segundos desde 1970 del último mensaje; 0 si ninguno

  void count_sent(std::size_t bytes, double now) {
    ++messages_sent;
    bytes_sent += bytes;
    last_activity = now;
  }
  void count_received(std::size_t bytes, double now) {
    ++messages_received;
    bytes_received += bytes;
    last_activity = now;
  }
  // Suma las cuentas de other (last_activity: la más reciente de las dos).
  traffic& operator+=(const traffic& other) {
    messages_sent += other.messages_sent;
    messages_received += other.messages_received;
    bytes_sent += other.bytes_sent;
    bytes_received += other.bytes_received;
    last_activity = std::max(last_activity, other.last_activity);
    return *this;
  }
};

// Observa la vida de las conexiones (la práctica 03 la implementa con su
// monitor). Se llama solo desde el hilo de red. Sin observador, nada cambia.
class connection_observer {
 public:
  virtual ~connection_observer() = default;
  // Una conexión nueva; devuelve su id en el monitor. sub permite entregarle
  // mensajes (por ejemplo, notificaciones a su usuario); counted es su cuenta
  // de mensajes y bytes, que la sesión lleva al día.
  virtual std::uint64_t opened(const connection_info& info, std::weak_ptr<subscriber> sub,
                               std::shared_ptr<const traffic> counted) = 0;
  virtual void closed(std::uint64_t id) = 0;
  // Un error por tipo: "invalid_json", "slow_client", "message_too_big"…
  virtual void error(std::string_view type) = 0;
};

// Quién reparte lo que un cliente WebSocket difunde en su canal. En la
// Práctica 01, su registro (channel_hub), a los WebSocket del canal; en la 03,
// el gestor de canales, a los WebSocket y a los flujos SSE del canal. msg es el
// objeto, sin serializar: cada transporte lo serializa una vez.
class channel_broadcaster {
 public:
  virtual ~channel_broadcaster() = default;
  // Devuelve a cuántas conexiones llegó.
  virtual std::size_t broadcast_message(const std::string& channel,
                                        const nlohmann::ordered_json& msg) = 0;
};

// Quién reparte lo que se publica en un canal o para un usuario. En la
// Práctica 02 es su registro SSE; en la 03, el gestor de canales, que además lo
// lleva a los WebSocket. Cada uno serializa una vez por transporte. Devuelven a
// cuántas conexiones llegó.
class publisher {
 public:
  virtual ~publisher() = default;
  virtual std::size_t publish(const std::string& channel, std::string_view event,
                              const nlohmann::json& data) = 0;
  virtual std::size_t notify_user(const std::string& user_id, std::string_view event,
                                  const nlohmann::json& data) = 0;
};

// Lo que una práctica posterior da a cada conexión al crearla (se pasa al
// construir la sesión): quién la observa y quién reparte lo que difunde.
// Vacío, nadie la observa y lo difunde su propio registro.
struct connection_links {
  std::shared_ptr<connection_observer> observer;
  std::shared_ptr<channel_broadcaster> broadcaster;
};

// Lo que una sesión guarda de quien la observa: el observador, su id allí y su
// cuenta. Las dos sesiones, websocket_session y sse_session, lo usan igual: lo
// crean con el observador que reciben en su constructor, llaman a start al
// darse de alta en su registro, a received y sent al leer y escribir y a error
// ante un error; al destruirse la sesión se destruye su observation, y el
// destructor de esta avisa del cierre. Sin observador, o antes de start, no
// avisa de nada ni cuenta.
class observation {
 public:
  explicit observation(std::shared_ptr<connection_observer> observer = nullptr)
      : observer_(std::move(observer)) {}
  observation(const observation&) = delete;
  observation& operator=(const observation&) = delete;
  ~observation() {
    if (counted_) observer_->closed(id_);
  }

  // El alta (una vez): el observador da un id a la conexión y guarda su cuenta.
  void start(const connection_info& info, std::weak_ptr<subscriber> self) {
    if (!observer_ || counted_) return;
    counted_ = std::make_shared<traffic>();
    id_ = observer_->opened(info, std::move(self), counted_);
  }
  void received(std::size_t bytes) {
    if (counted_) counted_->count_received(bytes, epoch_seconds());
  }
  void sent(std::size_t bytes) {
    if (counted_) counted_->count_sent(bytes, epoch_seconds());
  }
  void error(std::string_view type) {
    if (counted_) observer_->error(type);
  }

 private:
  std::shared_ptr<connection_observer> observer_;
  std::uint64_t id_ = 0;              // su id en el observador
  std::shared_ptr<traffic> counted_;  // su cuenta, que el observador lee; nula antes de start
};

}  // namespace taller
