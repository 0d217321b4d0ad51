// Arranca un servidor del taller dentro del proceso de pruebas, en un puerto
// libre de 127.0.0.1 y con su propio hilo. Lo detiene al destruirse.
// Sirve para cualquier servidor con start()/run()/stop() (p01::server, p02::server…).
#pragma once
#include <chrono>
#include <future>
#include <thread>

namespace taller::testing {

template <class Server>
class running_server {
 public:
  template <class Options>
  explicit running_server(Options options) : server_(std::move(options)) {
    port_ = server_.start();
    thread_ = std::thread([this] {
      server_.run();
      finished_.set_value();
    });
  }
  ~running_server() {
    stop();
    if (thread_.joinable()) thread_.join();
  }

  unsigned short port() const { return port_; }

  // Pide el apagado; true si run() terminó antes del plazo.
  bool stop(std::chrono::milliseconds within = std::chrono::seconds(5)) {
    if (stopped_) return true;
    stopped_ = true;
    server_.stop();
    return done_.wait_for(within) == std::future_status::ready;
  }

 private:
  Server server_;
  unsigned short port_ = 0;
  std::promise<void> finished_;
  std::future<void> done_ = finished_.get_future();
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace taller::testing
