// Los temporizadores de la 03 en el hilo de red: el historial de métricas, la
// evaluación de alertas (y el reparto de cada aviso) y el empuje a /ws/dashboard.
#pragma once
#include <chrono>
#include <functional>

#include "p03/monitor_state.hpp"
#include "p03/server.hpp"
#include "taller/net.hpp"

namespace p03 {

// Guarda y reparte un registro de alerta: historial, registro, canal alerts y notificadores.
void deliver_alert(const state_ptr& st, const alert_record& record);

class monitor_timers {
 public:
  monitor_timers(net::io_context& io, state_ptr state);

  // Arranca los tres con los intervalos de options; cancel los para.
  void start(const server_options& options);
  void cancel();

 private:
  // Repite work cada period. Si work lanza, la barrera lo informa y el temporizador sigue.
  void every(net::steady_timer& timer, std::chrono::milliseconds period, const char* what,
             std::function<void()> work);

  state_ptr state_;
  net::steady_timer history_timer_;
  net::steady_timer alert_timer_;
  net::steady_timer dashboard_timer_;
};

}  // namespace p03
