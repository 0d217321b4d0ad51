#include "p01/send_queue.hpp"

namespace p01 {

bool send_queue::push(frame msg) {
  // TODO PASO 4 ▸ Acota la cola de salida
  //   Si ya hay limit_ mensajes esperando, no añadas y devuelve false: la
  //   sesión cerrará al cliente lento con 1008 en vez de acumular memoria.
  // FIN PASO 4
  items_.push_back(std::move(msg));
  return true;
}

}  // namespace p01
