// Un taller::http_server con una tabla de rutas dada, en su propio hilo y en
// un puerto libre de 127.0.0.1: para probar el esqueleto HTTP común o las rutas
// de una práctica sin su servidor entero. Se detiene al destruirse.
#pragma once
#include <chrono>
#include <memory>
#include <thread>

#include "taller/http_server.hpp"

namespace taller::testing {

class running_router {
 public:
  explicit running_router(std::shared_ptr<const router> routes,
                          http_server::shutdown_hooks hooks = {})
      : http_("127.0.0.1", 0, std::chrono::seconds(2)) {
    port_ = http_.start(std::move(routes), std::move(hooks));
    thread_ = std::thread([this] { http_.run(); });
  }
  ~running_router() {
    http_.stop();
    thread_.join();
  }
  running_router(const running_router&) = delete;
  running_router& operator=(const running_router&) = delete;

  unsigned short port() const { return port_; }

 private:
  http_server http_;
  unsigned short port_ = 0;
  std::thread thread_;
};

}  // namespace taller::testing
