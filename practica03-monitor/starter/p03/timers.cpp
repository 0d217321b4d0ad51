#include "p03/timers.hpp"

#include <algorithm>
#include <map>

#include "taller/barrier.hpp"

namespace p03 {

// Guarda y reparte un registro de alerta: historial, registro, canal alerts y notificadores.
void deliver_alert(const state_ptr& st, const alert_record& record) {
  st->alert_history.push_back(record);
  while (st->alert_history.size() > alert_history_capacity) st->alert_history.pop_front();
  // TODO PASO 5 ▸ Envía la alerta a cada notificador
  //   El aviso (ya en el historial) llega al registro (base->log: nivel "error" si es critical y
  //   "warning" si no, servicio "alertas", su mensaje), al canal "alerts" como evento "alert"
  //   con su to_json por los dos transportes, al webhook si lo hay y al correo si lo hay y su
  //   nivel está en config.smtp->levels. Los dos últimos solo encolan (notify no bloquea): una
  //   espera aquí congelaría a todos los clientes.
  // FIN PASO 5
}

monitor_timers::monitor_timers(net::io_context& io, state_ptr state)
    : state_(std::move(state)), history_timer_(io), alert_timer_(io), dashboard_timer_(io) {}

void monitor_timers::every(net::steady_timer& timer, std::chrono::milliseconds period,
                           const char* what, std::function<void()> work) {
  timer.expires_after(period);
  timer.async_wait([this, &timer, period, what, work](beast::error_code ec) {
    if (ec) return;
    taller::shielded(what, work);
    every(timer, period, what, work);
  });
}

void monitor_timers::start(const server_options& options) {
  auto st = state_;
  every(history_timer_, options.history_interval, "historial de métricas",
        [st] { st->monitor->sample_history(st->cpu(), st->memory()); });
  every(alert_timer_, options.alert_interval, "evaluación de alertas", [st] {
    const std::map<std::string, double> values{
        {"cpu_percent", st->cpu()},
        {"memory_percent", st->memory()},
        {"disk_percent", st->metric("disk", "percent")},
        {"current_connections", static_cast<double>(st->monitor->current_connections())},
        {"errors_per_minute", st->monitor->errors_per_minute()}};
    for (const auto& record : st->alerts.evaluate(values, p02::epoch_seconds()))
      deliver_alert(st, record);
  });
  every(dashboard_timer_, options.dashboard_interval, "empuje a /ws/dashboard", [st] {
    st->channels->publish("dashboard", "metrics_update", {{"data", st->metrics_json()}});
  });
}

void monitor_timers::cancel() {
  history_timer_.cancel();
  alert_timer_.cancel();
  dashboard_timer_.cancel();
}

}  // namespace p03
