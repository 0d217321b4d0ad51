#include "p01/server.hpp"

#include <iostream>
#include <stdexcept>

#include "p01/listener.hpp"
#include "p01/server_state.hpp"

namespace p01 {

struct server::impl {
  explicit impl(server_options o) : state(std::make_shared<server_state>(std::move(o))) {}

  // Apagado ordenado, en el hilo de red: deja de aceptar, pide el cierre 1001
  // a cada conexión y pone un plazo máximo para que run() vuelva.
  void do_stop() {
    if (state->stopping) return;
    state->stopping = true;
    if (acceptor) acceptor->stop();
    signals.cancel();
    state->hub.shutdown_all();
    grace.expires_after(state->options.shutdown_grace);
    grace.async_wait([this](beast::error_code) { ioc.stop(); });
    poll_until_idle();
  }

  // Vuelve antes del plazo si todas las conexiones ya se cerraron.
  void poll_until_idle() {
    idle_check.expires_after(std::chrono::milliseconds(20));
    idle_check.async_wait([this](beast::error_code ec) {
      if (ec) return;
      if (state->hub.size() == 0) return ioc.stop();  // nadie conectado
      poll_until_idle();
    });
  }

  net::io_context ioc{1};
  std::shared_ptr<server_state> state;
  std::shared_ptr<listener> acceptor;
  net::signal_set signals{ioc};
  net::steady_timer grace{ioc};
  net::steady_timer idle_check{ioc};
};

server::server(server_options options) : impl_(std::make_unique<impl>(std::move(options))) {
  impl_->state->files.load_directory(TALLER_STATIC_DIR, "/");
}

server::~server() = default;

unsigned short server::start() {
  const auto& o = impl_->state->options;
  beast::error_code ec;
  const auto address = net::ip::make_address(o.address, ec);
  if (ec) throw std::runtime_error("dirección inválida: " + o.address);
  impl_->acceptor =
      std::make_shared<listener>(impl_->ioc, tcp::endpoint{address, o.port}, impl_->state);
  impl_->acceptor->run();
  return impl_->acceptor->port();
}

void server::run() { impl_->ioc.run(); }

void server::stop() {
  net::post(impl_->ioc, [this] { impl_->do_stop(); });
}

void server::stop_on_signals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->do_stop();
  });
}

unsigned short server::port() const { return impl_->acceptor ? impl_->acceptor->port() : 0; }

}  // namespace p01
