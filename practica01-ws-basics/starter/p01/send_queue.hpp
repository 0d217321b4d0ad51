// Cola de salida acotada de una conexión: los mensajes esperan aquí mientras
// hay una escritura en curso (Beast admite una sola escritura a la vez).
#pragma once
#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "taller/subscriber.hpp"

namespace p01 {

// Un mensaje ya serializado. Una difusión construye uno y lo comparten todas
// las colas: nadie lo copia ni lo modifica.
using frame = taller::frame;

class send_queue {
 public:
  explicit send_queue(std::size_t limit) : limit_(limit) {}

  // Añade al final. Devuelve false, sin añadir, si la cola ya está llena:
  // el cliente no lee al ritmo al que le escribimos.
  bool push(frame msg);

  const frame& front() const { return items_.front(); }
  void pop() { items_.pop_front(); }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  std::size_t limit() const { return limit_; }

 private:
  std::deque<frame> items_;
  std::size_t limit_;
};

}  // namespace p01
