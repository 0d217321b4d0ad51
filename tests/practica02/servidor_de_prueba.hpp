// El servidor de la práctica 02 en el proceso de pruebas, y un atajo para
// abrir flujos SSE con el cliente de pruebas.
#pragma once
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

#include "p02/server.hpp"
#include "taller_test/running_server.hpp"
#include "taller_test/sse_client.hpp"
#include "taller_test/step.hpp"

namespace p02::testing {

using namespace std::chrono_literals;
using taller::testing::sse_client;
using taller::testing::sse_message;
using json = nlohmann::json;

inline server_options test_options() {
  server_options o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.websocket.address = "127.0.0.1";
  o.interval = 200ms;
  o.heartbeat = 60s;
  return o;
}

class running_server : public taller::testing::running_server<server> {
 public:
  explicit running_server(server_options o = test_options())
      : taller::testing::running_server<server>(std::move(o)) {}

  // POST con cuerpo JSON; devuelve la respuesta (o falla la prueba).
  httplib::Result post(const std::string& path, const std::string& body) {
    httplib::Client http("127.0.0.1", port());
    http.set_read_timeout(3, 0);
    return http.Post(path, body, "application/json");
  }
  httplib::Result get(const std::string& path) {
    httplib::Client http("127.0.0.1", port());
    http.set_read_timeout(3, 0);
    return http.Get(path);
  }
};

// Texto breve para los mensajes de fallo.
inline std::string describe(const std::optional<sse_message>& m) {
  if (!m) return "(nada)";
  return "event: " + m->event + ", id: " + m->id + ", data: " + m->data;
}

// Abre un flujo y consume "connected" (el paso 5 lo envía; antes, falla aquí).
inline void open_connected(sse_client& c, running_server& s, const std::string& path,
                           std::map<std::string, std::string> headers = {}) {
  ASSERT_TRUE(c.open(s.port(), path, std::move(headers)))
      << taller::testing::step() << "no se pudo abrir " << path << " (¿el servidor no respondió?)";
  ASSERT_EQ(c.status(), 200) << taller::testing::step() << "GET " << path << " debe responder 200";
  auto connected = c.next_of("connected");
  ASSERT_TRUE(connected) << taller::testing::step() << "el primer evento de " << path << " debe ser \"connected\"";
}

}  // namespace p02::testing
