// Acepta conexiones TCP y crea una http_session por cada una.
#pragma once
#include <memory>

#include "p01/server_state.hpp"
#include "taller/net.hpp"

namespace p01 {

class listener : public std::enable_shared_from_this<listener> {
 public:
  // Lanza std::runtime_error si no puede abrir el puerto.
  listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<server_state> state);
  void run() { do_accept(); }
  void stop();
  unsigned short port() const { return port_; }

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<server_state> state_;
  unsigned short port_ = 0;
};

}  // namespace p01
