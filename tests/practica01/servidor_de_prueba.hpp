// Arranca el servidor de la práctica 01 dentro del proceso de pruebas, en un
// puerto libre de 127.0.0.1, con su propio hilo. Lo detiene al destruirse.
#pragma once
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>

#include "p01/server.hpp"
#include "taller_test/ws_client.hpp"

namespace p01::testing {

using namespace std::chrono_literals;
using taller::testing::describe;
using taller::testing::ws_client;

inline server_options test_options() {
  server_options o;
  o.address = "127.0.0.1";
  o.port = 0;
  return o;
}

class running_server {
 public:
  explicit running_server(server_options o = test_options()) : server_(std::move(o)) {
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
  bool stop(std::chrono::milliseconds within = 5s) {
    if (stopped_) return true;
    stopped_ = true;
    server_.stop();
    return done_.wait_for(within) == std::future_status::ready;
  }

  // Conecta un cliente a /ws (o a otra ruta) y lee la bienvenida si se pide.
  ws_client connect(const std::string& target = "/ws") {
    ws_client c;
    EXPECT_TRUE(c.connect(port_, target)) << "no se pudo conectar a " << target << ": "
                                          << c.error();
    return c;
  }

 private:
  server server_;
  unsigned short port_ = 0;
  std::promise<void> finished_;
  std::future<void> done_ = finished_.get_future();
  std::thread thread_;
  bool stopped_ = false;
};

// Conecta y consume la bienvenida (falla la prueba si no llega).
inline ws_client connect_welcomed(running_server& s, const std::string& target) {
  ws_client c = s.connect(target);
  auto welcome = c.read_until_type("connection");
  EXPECT_TRUE(welcome) << "se esperaba la bienvenida {\"type\":\"connection\"} al conectar a "
                       << target << " (Paso 1) y llegó: " << describe(welcome) << " — "
                       << c.error();
  return c;
}

}  // namespace p01::testing
