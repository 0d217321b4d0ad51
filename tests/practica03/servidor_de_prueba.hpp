// El servidor de la práctica 03 en el proceso de pruebas, con variables de
// entorno de mentira, y atajos HTTP.
#pragma once
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <string>

#include "p03/server.hpp"
#include "taller_test/running_server.hpp"
#include "taller_test/sse_client.hpp"
#include "taller_test/step.hpp"
#include "taller_test/ws_client.hpp"

namespace p03::testing {

using namespace std::chrono_literals;
using json = nlohmann::json;
using taller::testing::sse_client;
using taller::testing::ws_client;

using fake_env = std::map<std::string, std::string>;

inline server_options test_options(fake_env env = {}) {
  server_options o;
  o.base.address = "127.0.0.1";
  o.base.port = 0;
  o.base.websocket.address = "127.0.0.1";
  o.base.interval = 200ms;
  o.base.heartbeat = 60s;
  o.history_interval = 100ms;
  o.alert_interval = 100ms;
  o.dashboard_interval = 200ms;
  o.env = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return o;
}

class running_server : public taller::testing::running_server<server> {
 public:
  explicit running_server(server_options o = test_options())
      : taller::testing::running_server<server>(std::move(o)) {}

  httplib::Client http() {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(5, 0);
    return c;
  }
  // GET y cuerpo como JSON (null si no lo es); status en *status.
  json get_json(const std::string& path, int* status = nullptr) {
    auto res = http().Get(path);
    if (status) *status = res ? res->status : 0;
    return res ? json::parse(res->body, nullptr, false) : json();
  }
  json send_json(const std::string& method, const std::string& path, const std::string& body,
                 int* status = nullptr) {
    auto c = http();
    auto res = method == "PUT"    ? c.Put(path, body, "application/json")
               : method == "POST" ? c.Post(path, body, "application/json")
                                  : c.Delete(path);
    if (status) *status = res ? res->status : 0;
    return res ? json::parse(res->body, nullptr, false) : json();
  }
  ws_client connect(const std::string& target) {
    ws_client c;
    EXPECT_TRUE(c.connect(port(), target))
        << taller::testing::step() << "no se pudo conectar a " << target << ": " << c.error();
    return c;
  }
};

}  // namespace p03::testing
