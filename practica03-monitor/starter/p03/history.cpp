#include "p03/history.hpp"

#include <algorithm>
#include <utility>

namespace p03 {

template <typename T>
void ring<T>::push(T item) {
  // TODO PASO 3 ▸ Guarda un elemento en el búfer circular
  //   Al volver, item es el elemento más nuevo. Mientras el búfer no está lleno, size() crece en
  //   uno; lleno, se queda en capacity_ y item ocupa el sitio del más antiguo, que se pierde.
  //   next_ queda en la posición que escribirá el próximo push (tras la última, 0). Es O(1) y
  //   no reserva memoria: nunca se mueve ni se borra nada.
  (void)item;
  // FIN PASO 3
}

template <typename T>
std::vector<T> ring<T>::last(std::size_t n) const {
  std::vector<T> out;
  // TODO PASO 3 ▸ Copia los n elementos más recientes, en orden
  //   out acaba con los min(n, size()) elementos más recientes, del más antiguo al más nuevo,
  //   que es el orden en que se dibuja una gráfica: tras meter 0..4 en un búfer de 3, last(2) da
  //   {3, 4} y last(0), nada. El más antiguo está en 0 hasta que se llena y en next_ después.
  (void)n;
  // FIN PASO 3
  return out;
}

template class ring<connections_sample>;
template class ring<messages_sample>;
template class ring<system_sample>;

}  // namespace p03
