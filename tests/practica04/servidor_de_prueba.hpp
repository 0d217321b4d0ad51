// El servidor de la práctica 04 (el de la 03 con el panel delante) dentro del
// proceso de pruebas, en un puerto libre, y atajos HTTP.
#pragma once
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <string>

#include "p04/dashboard.hpp"
#include "taller_test/running_server.hpp"
#include "taller_test/sse_client.hpp"
#include "taller_test/ws_client.hpp"

namespace p04::testing {

using namespace std::chrono_literals;
using json = nlohmann::json;
using taller::testing::sse_client;
using taller::testing::ws_client;

inline p03::server_options test_options(std::map<std::string, std::string> env = {},
                                        std::chrono::milliseconds interval = 200ms) {
  p03::server_options o;
  o.base.address = "127.0.0.1";
  o.base.port = 0;
  o.base.websocket.address = "127.0.0.1";
  o.base.interval = interval;
  o.base.heartbeat = 60s;
  o.env = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return p04::with_dashboard(std::move(o), p04::load_dashboard_files());
}

class running_server : public taller::testing::running_server<p03::server> {
 public:
  explicit running_server(p03::server_options o = test_options())
      : taller::testing::running_server<p03::server>(std::move(o)) {}

  httplib::Result get(const std::string& path) {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(5, 0);
    return c.Get(path);
  }
};

}  // namespace p04::testing
