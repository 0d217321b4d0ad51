#include "taller/http_server.hpp"

#include <stdexcept>

#include "taller/barrier.hpp"
#include "taller/listener.hpp"

namespace taller {

http_server::http_server(std::string address, unsigned short port, std::chrono::milliseconds grace)
    : address_(std::move(address)), port_(port), grace_(grace) {}

http_server::~http_server() = default;

unsigned short http_server::start(std::shared_ptr<const router> routes, shutdown_hooks hooks) {
  hooks_ = std::move(hooks);
  beast::error_code ec;
  const auto address = net::ip::make_address(address_, ec);
  if (ec) throw std::runtime_error("dirección inválida: " + address_);
  listener_ = std::make_shared<listener>(ioc_, tcp::endpoint{address, port_}, std::move(routes));
  listener_->run();
  port_ = listener_->port();
  return port_;
}

void http_server::run() {
  while (!shielded("io_context (último recurso)", [this] { ioc_.run(); })) {
  }
}

void http_server::stop() {
  net::post(ioc_, [this] { do_stop(); });
}

void http_server::stop_on_signals() {
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](beast::error_code ec, int) {
    if (!ec) do_stop();
  });
}

// Apagado ordenado, en el hilo de red: deja de aceptar, pide el cierre a cada
// conexión y pone un plazo máximo para que run() vuelva.
void http_server::do_stop() {
  if (stopping_) return;
  stopping_ = true;
  if (listener_) listener_->stop();
  signals_.cancel();
  if (hooks_.close_all) hooks_.close_all();
  grace_timer_.expires_after(grace_);
  grace_timer_.async_wait([this](beast::error_code) { ioc_.stop(); });
  poll_until_idle();
}

// Vuelve antes del plazo si ya se cerraron todas las conexiones.
void http_server::poll_until_idle() {
  idle_timer_.expires_after(std::chrono::milliseconds(20));
  idle_timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    if (!hooks_.idle || hooks_.idle()) return ioc_.stop();
    poll_until_idle();
  });
}

}  // namespace taller
