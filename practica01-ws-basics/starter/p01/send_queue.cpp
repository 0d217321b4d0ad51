#include "p01/send_queue.hpp"

namespace p01 {

bool send_queue::push(frame msg) {
  // TODO PASO 4 ▸ Acota la cola de salida
  //   La cola nunca guarda más de limit_ mensajes. Con sitio, el mensaje entra al final (ya
  //   está escrito debajo) y push devuelve true; al sacar uno, vuelve a haber sitio.
  //   Si ya hay limit_ mensajes esperando, no añadas y devuelve false: la
  //   sesión cerrará al cliente lento con 1008 en vez de acumular memoria.
  // FIN PASO 4
  items_.push_back(std::move(msg));
  return true;
}

}  // namespace p01
