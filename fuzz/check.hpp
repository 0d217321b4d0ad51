// Lo que comparten los objetivos de fuzzing: comprobar una propiedad y, si no
// se cumple, abortar con un mensaje (libFuzzer guarda la entrada que la rompió).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "taller/barrier.hpp"

namespace fuzz {

// Los bytes de la entrada como texto.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Si cond es falsa, escribe qué propiedad falló y aborta.
inline void check(bool cond, const char* what) {
  if (cond) return;
  std::fprintf(stderr, "[fuzz] propiedad rota: %s\n", what);
  std::abort();
}

// Para LLVMFuzzerInitialize: una excepción que la barrera de los servidores se
// tragaría aborta, y libFuzzer la cuenta como fallo.
inline void init_barrier() { taller::abort_on_exception(true); }

}  // namespace fuzz
