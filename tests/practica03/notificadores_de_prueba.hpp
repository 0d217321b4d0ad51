// Lo que comparten las pruebas de los notificadores (notifiers_test.cpp, del
// Paso 5, y notificadores_tls_test.cpp, de robustez): un aviso de ejemplo, su
// línea para Slack, un post_back que ejecuta en el acto y un buzón de
// resultados con plazo.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "p03/notifiers.hpp"

namespace p03::testing {

using steady = std::chrono::steady_clock;

// Un aviso crítico de CPU como los que da el motor de alertas.
inline alert_record cpu_critical() {
  return {.rule = "cpu",
          .level = "critical",
          .state = "firing",
          .value = 96,
          .threshold = 95,
          .message = "CPU al 96.0 % (umbral crítico 95)",
          .timestamp = 1700000000};
}

// El mismo aviso con otra regla (para distinguirlos en la cola).
inline alert_record alert_for(const std::string& rule) {
  alert_record record = cpu_critical();
  record.rule = rule;
  return record;
}

// Su línea para Slack (slack_text), que también abre el correo.
inline const std::string cpu_line = "[CRÍTICA] cpu disparada: CPU al 96.0 % (umbral crítico 95)";

// Milisegundos desde start, para los mensajes de fallo.
inline long long ms_since(steady::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - start).count();
}

// Un resultado como texto, para los mensajes de fallo.
inline std::string show(const delivery_result& r) {
  return "{ok=" + std::string(r.ok ? "true" : "false") +
         ", attempts=" + std::to_string(r.attempts) + ", error=\"" + r.error + "\", rule=\"" +
         r.rule + "\"}";
}

inline std::string show(const std::vector<delivery_result>& results) {
  std::string out = "[";
  for (const auto& r : results) out += show(r) + (&r == &results.back() ? "" : ", ");
  return out + "] (" + std::to_string(results.size()) + " resultados)";
}

// post_back de prueba: ejecuta la función en el acto, en el hilo que la da.
inline post_function run_inline() {
  return [](std::function<void()> f) { f(); };
}

// Los resultados que llegan a on_result, desde cualquier hilo.
class result_inbox {
 public:
  result_function on_result() {
    return [this](const delivery_result& r) {
      std::lock_guard lock(mutex_);
      results_.push_back(r);
      added_.notify_all();
    };
  }

  // Espera a tener n resultados (como mucho within) y devuelve los que haya.
  std::vector<delivery_result> wait_for(
      std::size_t n, std::chrono::milliseconds within = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    added_.wait_for(lock, within, [&] { return results_.size() >= n; });
    return results_;
  }

  // El primer resultado (como mucho within), o nullopt si no llegó ninguno.
  std::optional<delivery_result> wait(std::chrono::milliseconds within = std::chrono::seconds(10)) {
    auto got = wait_for(1, within);
    if (got.empty()) return std::nullopt;
    return got.front();
  }

 private:
  std::mutex mutex_;
  std::condition_variable added_;
  std::vector<delivery_result> results_;
};

}  // namespace p03::testing
