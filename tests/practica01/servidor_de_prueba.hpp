// El servidor de la práctica 01 en el proceso de pruebas, y atajos para conectar.
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "p01/server.hpp"
#include "taller_test/running_server.hpp"
#include "taller_test/step.hpp"
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

class running_server : public taller::testing::running_server<server> {
 public:
  explicit running_server(server_options o = test_options())
      : taller::testing::running_server<server>(std::move(o)) {}

  // Conecta un cliente a /ws (o a otra ruta).
  ws_client connect(const std::string& target = "/ws") {
    ws_client c;
    EXPECT_TRUE(c.connect(port(), target))
        << taller::testing::step() << "no se pudo conectar a " << target << ": " << c.error();
    return c;
  }
};

// Conecta y consume la bienvenida (falla la prueba si no llega).
inline ws_client connect_welcomed(running_server& s, const std::string& target) {
  ws_client c = s.connect(target);
  auto welcome = c.read_until_type("connection");
  EXPECT_TRUE(welcome) << taller::testing::step() << "se esperaba la bienvenida {\"type\":\"connection\"} al conectar a "
                       << target << " (Paso 1) y llegó: " << describe(welcome) << " — "
                       << c.error();
  return c;
}

}  // namespace p01::testing
