// Acepta conexiones TCP y crea una http_session por cada una.
#pragma once
#include <chrono>
#include <memory>

#include "taller/address_table.hpp"

#include "taller/router.hpp"

namespace taller {

class listener : public std::enable_shared_from_this<listener> {
 public:
  // Lanza std::runtime_error si no puede abrir el puerto.
  listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<const router> routes);
  void run() { do_accept(); }
  void stop();
  unsigned short port() const { return port_; }

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void back_off(beast::error_code ec);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<const router> routes_;
  std::shared_ptr<address_table> waiting_;  // conexiones sin petición, por IP
  unsigned short port_ = 0;
  std::size_t failures_ = 0;  // accept fallidos seguidos
  std::chrono::steady_clock::time_point last_report_{};
};

}  // namespace taller
