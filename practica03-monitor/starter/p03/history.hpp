// Historial acotado de muestras del monitor: un búfer circular de capacidad
// fija que, lleno, escribe cada muestra nueva encima de la más antigua. Así la
// memoria del servidor no crece aunque lleve semanas en marcha.
//
// Hilos: como el resto del estado del servidor, solo se usa desde el hilo de red.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "taller/clock.hpp"

namespace p03 {

// Muestras que guarda un historial si no se dice otra cosa.
inline constexpr std::size_t default_history_capacity = 1000;

// Búfer circular: push es O(1) y nunca reserva memoria después de crearlo.
//
// push y last se definen en history.cpp, instanciados para los tres tipos de
// muestra de abajo: así tu código del paso 3 se compila en tu biblioteca y las
// pruebas lo usan de verdad (si estuviera aquí, se compilaría dentro de ellas).
template <typename T>
class ring {
 public:
  // capacity: cuántos elementos caben (al menos 1).
  explicit ring(std::size_t capacity = default_history_capacity)
      : capacity_(capacity == 0 ? 1 : capacity) {
    items_.reserve(capacity_);
  }

  // Añade al final; si ya está lleno, sobrescribe el más antiguo.
  void push(T item);
  // Los n más recientes (todos si hay menos), del más antiguo al más nuevo.
  std::vector<T> last(std::size_t n) const;

  std::size_t size() const { return items_.size(); }
  std::size_t capacity() const { return capacity_; }
  bool empty() const { return items_.empty(); }

 private:
  std::size_t capacity_;
  std::vector<T> items_;  // como mucho capacity_ elementos
  std::size_t next_ = 0;  // posición que escribirá el próximo push
};

// Conexiones abiertas ahora y aceptadas desde el arranque.
struct connections_sample {
  double timestamp = 0;  // segundos desde 1970
  std::size_t current = 0;
  std::uint64_t total = 0;

  nlohmann::json to_json() const {
    return {{"timestamp", taller::iso_seconds(timestamp)}, {"current", current}, {"total", total}};
  }
};

// Mensajes enviados y recibidos desde el arranque.
struct messages_sample {
  double timestamp = 0;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;

  nlohmann::json to_json() const {
    return {{"timestamp", taller::iso_seconds(timestamp)}, {"sent", sent}, {"received", received}};
  }
};

// Uso de CPU y de memoria del sistema, en %.
struct system_sample {
  double timestamp = 0;
  double cpu = 0;
  double memory = 0;

  nlohmann::json to_json() const {
    return {{"timestamp", taller::iso_seconds(timestamp)}, {"cpu", cpu}, {"memory", memory}};
  }
};

extern template class ring<connections_sample>;
extern template class ring<messages_sample>;
extern template class ring<system_sample>;

}  // namespace p03
