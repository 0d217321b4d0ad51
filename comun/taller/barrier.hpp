// La barrera: ninguna excepción llega a io_context::run.
//
// Cada frontera donde una entrada de la red se convierte en trabajo (el
// despacho de una ruta HTTP, la lectura de un mensaje WebSocket, la apertura
// de un flujo SSE, los temporizadores, los resultados que vuelven de un hilo
// trabajador y los hilos de los notificadores) pasa su trabajo por shielded().
// Si algo lanza, se informa una vez, en nivel aviso, con el sitio, y quien
// llama decide la respuesta (HTTP 500, cierre 1011…). El servidor sigue
// atendiendo a todos los demás.
#pragma once
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace taller {

// Escribe "[aviso] <where>: excepción no controlada: <qué>" en stderr. Con
// abort_on_exception(true) (los objetivos de fuzzing) aborta después, para
// que el fuzzer guarde la entrada que la provocó.
void report_exception(std::string_view where, const std::exception_ptr& e) noexcept;
void abort_on_exception(bool on) noexcept;

// Ejecuta fn. Si lanza, lo informa y devuelve false; si no, true.
template <class F>
bool shielded(std::string_view where, F&& fn) noexcept {
  try {
    std::forward<F>(fn)();
    return true;
  } catch (...) {
    report_exception(where, std::current_exception());
    return false;
  }
}

// Envuelve un manejador de finalización (temporizador, post) para que una
// excepción se quede en la barrera: guard("temporizador de alertas", f).
template <class F>
auto guard(std::string where, F fn) {
  return [where = std::move(where), fn = std::move(fn)](auto&&... args) mutable {
    shielded(where, [&] { fn(std::forward<decltype(args)>(args)...); });
  };
}

}  // namespace taller
