#include "taller/listener.hpp"

#include <stdexcept>

#include "taller/fail.hpp"
#include "taller/http_session.hpp"

namespace taller {

listener::listener(net::io_context& ioc, tcp::endpoint endpoint,
                   std::shared_ptr<const router> routes)
    : ioc_(ioc), acceptor_(ioc), retry_timer_(ioc), routes_(std::move(routes)) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("no se puede escuchar en " + endpoint.address().to_string() + ":" +
                             std::to_string(endpoint.port()) + ": " + ec.message());
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
  if (ec) {
    // Sin descriptores libres (EMFILE) aceptar falla al instante: se espera
    // un poco antes de reintentar en vez de girar en un bucle sin pausa.
    fail(ec, "accept");
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->do_accept();
    });
    return;
  }
  // Sin el algoritmo de Nagle: los mensajes pequeños salen en cuanto se
  // escriben en vez de esperar a juntarse con otros (hasta 40 ms de retraso).
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<http_session>(std::move(socket), routes_)->run();
  do_accept();
}

}  // namespace taller
