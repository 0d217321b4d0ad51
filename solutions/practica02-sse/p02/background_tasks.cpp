// Las tareas de fondo del servidor: el muestreo de métricas (en un hilo
// trabajador), el heartbeat de los flujos y las cotizaciones simuladas.
#include "p02/metrics_collector.hpp"
#include "p02/service.hpp"
#include "p02/sse_format.hpp"
#include "p02/trading.hpp"
#include "taller/barrier.hpp"
#include "taller/clock.hpp"

namespace p02 {

using json = nlohmann::json;

struct background_tasks::impl {
  impl(net::io_context& io, std::shared_ptr<server_state> st)
      : state(std::move(st)),
        ioc(io),
        collector(collector_options{.root = state->options.proc_root}),
        prices(state->options.seed) {}

  ~impl() {
    // El trabajador usa el colector: se para antes de destruir nada.
    worker.stop();
    worker.join();
  }

  // PASO 4 ▸ Muestrea las métricas una vez por intervalo, para todos
  //   Cada options.interval (sin deriva: cada plazo cuenta desde el anterior) sale UNA muestra para
  //   todos; más moverían la referencia de los porcentajes. Se toma en el worker, bajo
  //   taller::shielded (allí una excepción terminaría el proceso), nunca en el hilo de red, que
  //   congelaría a todos. El json vuelve con net::post al io_context, a latest_metrics y al
  //   canal "metrics" como evento "metrics" con state->publish (en la 03 llega así también a
  //   los WebSocket del canal). Nunca dos muestras a la vez (sampling).
  void schedule_sample() {
    sample_timer.expires_at(sample_timer.expiry() + state->options.interval);
    sample_timer.async_wait(taller::guard("temporizador de métricas", [this](beast::error_code ec) {
      if (ec) return;
      if (!sampling) {
        sampling = true;
        net::post(worker, [this] {
          json snapshot;
          const bool ok =
              taller::shielded("muestreo de métricas", [&] { snapshot = collector.sample(); });
          net::post(ioc, taller::guard("publicación de métricas",
                                       [this, ok, snapshot = std::move(snapshot)]() mutable {
                                         sampling = false;
                                         if (!ok) return;
                                         state->latest_metrics = snapshot;
                                         state->publish("metrics", "metrics", snapshot);
                                       }));
        });
      }
      schedule_sample();
    }));
  }
  //▸ starter
  //| void schedule_sample() {}
  // FIN PASO 4

  // PASO 6 ▸ Envía un heartbeat a cada flujo
  //   Cada options.heartbeat, todos los flujos reciben el comentario ": heartbeat <hora ISO>"
  //   (format_comment), construido una vez y repartido con hub.broadcast_comment. Es un
  //   comentario y no un evento: mantiene viva la conexión ante los proxies sin gastar ids ni
  //   sitio en el búfer de repetición. Si el temporizador se cancela (apagado), no se reprograma.
  void schedule_heartbeat() {
    heartbeat_timer.expires_after(state->options.heartbeat);
    heartbeat_timer.async_wait(taller::guard("heartbeat", [this](beast::error_code ec) {
      if (ec) return;
      schedule_heartbeat();
      state->hub.broadcast_comment(
          taller::make_frame(format_comment("heartbeat " + taller::iso_now())));
    }));
  }
  //▸ starter
  //| void schedule_heartbeat() {}
  // FIN PASO 6

  // Cotizaciones simuladas para /sse/trading, una vez por intervalo.
  void schedule_prices() {
    prices_timer.expires_after(state->options.interval);
    // La barrera (taller::guard): si algo lanza, se informa y el temporizador,
    // ya reprogramado, sigue.
    prices_timer.async_wait(taller::guard("cotizaciones", [this](beast::error_code ec) {
      if (ec) return;
      schedule_prices();
      for (json& quote : prices.tick()) {
        quote["timestamp"] = taller::iso_now();
        state->publish("trading", "price_update", quote);
      }
    }));
  }

  void cancel_timers() {
    sample_timer.cancel();
    heartbeat_timer.cancel();
    prices_timer.cancel();
  }

  std::shared_ptr<server_state> state;
  net::io_context& ioc;
  metrics_collector collector;  // solo lo usa el trabajador
  price_simulator prices;
  net::steady_timer sample_timer{ioc};
  net::steady_timer heartbeat_timer{ioc};
  net::steady_timer prices_timer{ioc};
  bool sampling = false;       // hay una muestra en curso en el trabajador
  net::thread_pool worker{1};  // el trabajo lento (leer /proc) va aquí
};

background_tasks::background_tasks(net::io_context& ioc, std::shared_ptr<server_state> state)
    : impl_(std::make_unique<impl>(ioc, std::move(state))) {}

background_tasks::~background_tasks() = default;

void background_tasks::start() {
  // La primera muestra fija la referencia de los porcentajes (psutil hace lo mismo).
  impl_->state->latest_metrics = impl_->collector.sample();
  impl_->sample_timer.expires_after(std::chrono::milliseconds(0));
  impl_->schedule_sample();
  impl_->schedule_heartbeat();
  impl_->schedule_prices();
}

void background_tasks::stop() { impl_->cancel_timers(); }

}  // namespace p02
