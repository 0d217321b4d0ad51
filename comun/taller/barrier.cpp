#include "taller/barrier.hpp"

#include <atomic>
#include <cstdlib>
#include <iostream>

namespace taller {

namespace {
std::atomic<bool> abort_requested{false};
}  // namespace

void abort_on_exception(bool on) noexcept { abort_requested = on; }

void report_exception(std::string_view where, const std::exception_ptr& e) noexcept {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::cerr << "[aviso] " << where << ": excepción no controlada: " << ex.what() << '\n';
  } catch (...) {
    std::cerr << "[aviso] " << where << ": excepción no controlada de tipo desconocido\n";
  }
  if (abort_requested) std::abort();
}

}  // namespace taller
