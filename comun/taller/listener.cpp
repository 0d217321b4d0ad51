#include "taller/listener.hpp"

#include <stdexcept>

#include "taller/fail.hpp"
#include "taller/http_session.hpp"

namespace taller {

namespace {
// Conexiones de una misma dirección que pueden estar esperando a enviar su
// petición (un navegador abre como mucho 6 por servidor y pestaña).
constexpr std::size_t max_waiting_per_address = 100;

// El motivo en español de los errores de bind más comunes (el resto, el del sistema).
std::string why_not_listening(const beast::error_code& ec) {
  if (ec == net::error::address_in_use)
    return "el puerto ya está en uso (¿hay otro servidor abierto? elige otro puerto)";
  if (ec == net::error::access_denied)
    return "sin permiso (los puertos por debajo de 1024 son solo para root)";
  if (ec == std::errc::address_not_available) return "esa dirección no es de este equipo";
  return ec.message();
}

}  // namespace

listener::listener(net::io_context& ioc, tcp::endpoint endpoint,
                   std::shared_ptr<const router> routes)
    : ioc_(ioc),
      acceptor_(ioc),
      retry_timer_(ioc),
      routes_(std::move(routes)),
      waiting_(std::make_shared<address_table>(max_waiting_per_address)) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("no se puede escuchar en " + endpoint.address().to_string() + ":" +
                             std::to_string(endpoint.port()) + ": " + why_not_listening(ec));
  port_ = acceptor_.local_endpoint().port();
}

void listener::stop() {
  beast::error_code ec;
  acceptor_.close(ec);
  retry_timer_.cancel();
}

void listener::do_accept() {
  // Un solo hilo atiende todo el servidor: los sockets usan el io_context
  // directamente, sin strands (los registros de canales no tienen candados).
  acceptor_.async_accept(ioc_, beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted) return;  // stop()
  if (ec) return back_off(ec);
  failures_ = 0;
  // Sin el algoritmo de Nagle: los mensajes pequeños salen en cuanto se
  // escriben en vez de esperar a juntarse con otros (hasta 40 ms de retraso).
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<http_session>(std::move(socket), routes_, waiting_)->run();
  do_accept();
}

// Sin descriptores libres (EMFILE) aceptar falla al instante: se espera cada
// vez un poco más (hasta 1 s) y se sigue aceptando; el aviso sale como mucho
// una vez por segundo, con cuántos fallos se callaron.
void listener::back_off(beast::error_code ec) {
  ++failures_;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_report_ >= std::chrono::seconds(1)) {
    fail(ec, failures_ > 1 ? ("accept (" + std::to_string(failures_) + " fallos seguidos)").c_str()
                           : "accept");
    last_report_ = now;
  }
  const auto delay = std::chrono::milliseconds(
      std::min<std::size_t>(10u << std::min<std::size_t>(failures_, 7u), 1000));
  retry_timer_.expires_after(delay);
  retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
    if (!wait_ec) self->do_accept();
  });
}

}  // namespace taller
