// El servidor de la práctica 04 (el de la 03 con el panel delante) dentro del
// proceso de pruebas: las mismas opciones y atajos que las pruebas de la 03.
#pragma once
#include "../practica03/servidor_de_prueba.hpp"
#include "p04/dashboard.hpp"

namespace p04::testing {

using namespace std::chrono_literals;
using json = nlohmann::json;
using p03::testing::fake_env;
using p03::testing::running_server;
using taller::testing::sse_client;
using taller::testing::ws_client;

inline p03::server_options test_options(fake_env env = {},
                                        std::chrono::milliseconds interval = 200ms) {
  p03::server_options o = p03::testing::test_options(std::move(env));
  o.base.interval = interval;
  return p04::with_dashboard(std::move(o), p04::load_dashboard_files());
}

}  // namespace p04::testing
