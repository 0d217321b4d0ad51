// El esqueleto de todos los servidores del taller: un io_context atendido por
// un solo hilo, el listener, las señales y el apagado ordenado con plazo.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "taller/router.hpp"

namespace taller {

class listener;

class http_server {
 public:
  // close_all pide el cierre de cada conexión (1001 en WebSocket); idle dice si
  // ya no queda ninguna. run() vuelve cuando idle() o al vencer grace.
  struct shutdown_hooks {
    std::function<void()> close_all;
    std::function<bool()> idle;
  };

  http_server(std::string address, unsigned short port, std::chrono::milliseconds grace);
  ~http_server();

  net::io_context& io() { return ioc_; }
  // Abre el puerto con esa tabla de rutas. Devuelve el puerto real (0 → libre).
  unsigned short start(std::shared_ptr<const router> routes, shutdown_hooks hooks);
  // Atiende el io_context hasta el apagado. Las fronteras (rutas, mensajes,
  // temporizadores) ya paran sus excepciones con la barrera; si aun así una
  // llegara hasta aquí, se informa y run() sigue atendiendo.
  void run();
  // Seguro desde cualquier hilo.
  void stop();
  void stop_on_signals();
  unsigned short port() const { return port_; }
  bool stopping() const { return stopping_; }

 private:
  void do_stop();
  void poll_until_idle();

  net::io_context ioc_{1};
  std::string address_;
  unsigned short port_;
  std::chrono::milliseconds grace_;
  shutdown_hooks hooks_;
  std::shared_ptr<listener> listener_;
  net::signal_set signals_{ioc_};
  net::steady_timer grace_timer_{ioc_};
  net::steady_timer idle_timer_{ioc_};
  bool stopping_ = false;
};

}  // namespace taller
