// Peticiones HTTP escritas a mano, byte a byte, para las pruebas de entradas
// malas: lo que un cliente HTTP de verdad nunca enviaría. Toda espera tiene plazo.
#pragma once
#include <chrono>
#include <string>

namespace taller::testing {

// Conecta a 127.0.0.1:port, escribe bytes, cierra la escritura y lee hasta que
// el servidor cierra (o vence el plazo). Devuelve lo leído ("" si no conecta).
std::string raw_exchange(unsigned short port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Una conexión abierta a mano (para las que no envían nada). Se cierra al destruirse.
class raw_connection {
 public:
  explicit raw_connection(unsigned short port);
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;
  bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes);
  // Lee hasta que el servidor cierra o vence el plazo.
  std::string read_all(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  int fd_ = -1;
};

// El código de estado de una respuesta HTTP/1.1 ("HTTP/1.1 400 …" → 400; 0 si no hay).
int status_of(const std::string& response);
// El cuerpo de la respuesta (lo que va tras la línea en blanco).
std::string body_of(const std::string& response);
// El valor de una cabecera de la respuesta ("" si no está). Sin distinguir mayúsculas.
std::string header_of(const std::string& response, const std::string& name);

}  // namespace taller::testing
