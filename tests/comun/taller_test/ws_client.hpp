// Cliente WebSocket para las pruebas: cada operación tiene un plazo, así una
// prueba que falla lo hace en segundos y nunca se cuelga.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace taller::testing {

using namespace std::chrono_literals;

// Plazo por omisión de cada espera en las pruebas.
inline constexpr std::chrono::milliseconds default_timeout = 3s;

struct close_info {
  int code = 0;  // código de cierre de RFC 6455 (1000, 1001, 1003, 1008, 1009…)
  std::string reason;
};

class ws_client {
 public:
  ws_client();
  ~ws_client();
  ws_client(ws_client&&) noexcept;
  ws_client& operator=(ws_client&&) noexcept;

  // Búfer de recepción del socket (SO_RCVBUF) antes de conectar: uno pequeño
  // simula un cliente lento sin tener que enviar megabytes.
  void set_receive_buffer(int bytes);

  // Conecta a ws://127.0.0.1:port + target. true si el handshake terminó bien;
  // si no, error() dice por qué y handshake_status() trae el estado HTTP.
  bool connect(unsigned short port, const std::string& target,
               std::chrono::milliseconds timeout = default_timeout);
  int handshake_status() const;
  const std::string& handshake_body() const;

  bool send_text(const std::string& text, std::chrono::milliseconds timeout = default_timeout);
  bool send_binary(const std::string& data, std::chrono::milliseconds timeout = default_timeout);

  // Siguiente mensaje de texto; nullopt si no llega a tiempo, si el servidor
  // cerró (ver closed()) o si hubo un error (ver error()).
  std::optional<std::string> read_text(std::chrono::milliseconds timeout = default_timeout);
  // Siguiente mensaje como JSON (nullopt también si no es JSON).
  std::optional<nlohmann::json> read_json(std::chrono::milliseconds timeout = default_timeout);
  // Lee hasta un mensaje con ese "type", descartando los demás, dentro del plazo.
  std::optional<nlohmann::json> read_until_type(std::string_view type,
                                                std::chrono::milliseconds timeout = default_timeout);
  // Lee y descarta hasta que el servidor cierre; devuelve el código de cierre.
  std::optional<close_info> wait_close(std::chrono::milliseconds timeout = default_timeout);
  // Cierra este lado con 1000.
  void close();

  // Código de cierre recibido del servidor, si cerró.
  const std::optional<close_info>& closed() const;
  // Descripción del último error (tiempo agotado, conexión rechazada…).
  const std::string& error() const;
  // Mensajes leídos hasta ahora (incluidos los descartados).
  std::size_t messages_read() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Un "cliente mudo": hace el handshake con bytes crudos y después no lee ni
// responde a los pings. true si el servidor aceptó el handshake (101) y
// después cerró la conexión TCP antes del plazo (lo que debe pasar cuando deja
// de recibir respuestas a sus pings).
bool mute_client_gets_disconnected(unsigned short port, const std::string& target,
                                   std::chrono::milliseconds timeout);

// Texto breve para los mensajes de fallo: el JSON o "(nada)".
std::string describe(const std::optional<nlohmann::json>& msg);

}  // namespace taller::testing
