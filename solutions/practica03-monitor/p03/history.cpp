#include "p03/history.hpp"

#include <algorithm>
#include <utility>

namespace p03 {

template <typename T>
void ring<T>::push(T item) {
  // PASO 3 ▸ Guarda un elemento en el búfer circular
  //   Al volver, item es el elemento más nuevo. Mientras el búfer no está lleno, size() crece en
  //   uno; lleno, se queda en capacity_ y item ocupa el sitio del más antiguo, que se pierde.
  //   next_ queda en la posición que escribirá el próximo push (tras la última, 0). Es O(1) y
  //   no reserva memoria: nunca se mueve ni se borra nada.
  if (items_.size() < capacity_)
    items_.push_back(std::move(item));
  else
    items_[next_] = std::move(item);
  next_ = (next_ + 1) % capacity_;
  //▸ starter
  //| (void)item;
  // FIN PASO 3
}

template <typename T>
std::vector<T> ring<T>::last(std::size_t n) const {
  std::vector<T> out;
  // PASO 3 ▸ Copia los n elementos más recientes, en orden
  //   out acaba con los min(n, size()) elementos más recientes, del más antiguo al más nuevo,
  //   que es el orden en que se dibuja una gráfica: tras meter 0..4 en un búfer de 3, last(2) da
  //   {3, 4} y last(0), nada. El más antiguo está en 0 hasta que se llena y en next_ después.
  const std::size_t count = std::min(n, items_.size());
  const std::size_t oldest = items_.size() < capacity_ ? 0 : next_;
  out.reserve(count);
  for (std::size_t i = items_.size() - count; i < items_.size(); ++i)
    out.push_back(items_[(oldest + i) % items_.size()]);
  //▸ starter
  //| (void)n;
  // FIN PASO 3
  return out;
}

template class ring<connections_sample>;
template class ring<messages_sample>;
template class ring<system_sample>;

}  // namespace p03
