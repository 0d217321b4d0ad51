// Paso 2 — un flujo SSE con varios canales (?channel=alerts,metrics) cuenta en
// cada uno de ellos, no como un canal llamado "alerts,metrics".
#include <gtest/gtest.h>

#include "p03/connection_monitor.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;

TEST(Paso2_ContadoresDelMonitor, UnFlujoConVariosCanalesCuentaEnCadaUno) {
  double now = 1'700'000'000.0;
  connection_monitor monitor([&now] { return now; });
  const auto id = monitor.opened({"sse", "alerts,metrics", "", "127.0.0.1:1"}, {}, {});
  monitor.opened({"websocket", "metrics", "", "127.0.0.1:2"}, {}, {});
  EXPECT_EQ(monitor.channel_connections("alerts"), 1u)
      << "Paso 2: un flujo de \"alerts,metrics\" cuenta en alerts (taller::channels_of); "
         "llegó "
      << monitor.channel_connections("alerts");
  EXPECT_EQ(monitor.channel_connections("metrics"), 2u)
      << "Paso 2: metrics tiene el flujo de dos canales y un WebSocket; llegó "
      << monitor.channel_connections("metrics");
  EXPECT_EQ(monitor.channel_connections("alerts,metrics"), 0u)
      << "Paso 2: \"alerts,metrics\" no es un canal; llegó "
      << monitor.channel_connections("alerts,metrics");
  const json per_channel = monitor.metrics_json(0.0, 0.0)["connections_per_channel"];
  EXPECT_EQ(per_channel, json({{"alerts", 1}, {"metrics", 2}}))
      << "Paso 2: connections_per_channel cuenta el flujo en cada canal; llegó " << per_channel;
  const auto alerts = monitor.channel_json("alerts");
  ASSERT_TRUE(alerts) << "Paso 2: channel_json(\"alerts\") incluye el flujo de varios canales; "
                         "llegó nullopt";
  EXPECT_EQ((*alerts)["current_connections"], 1)
      << "Paso 2: channel_json(\"alerts\") cuenta el flujo; llegó " << *alerts;
  monitor.closed(id);
  EXPECT_EQ(monitor.channel_connections("alerts"), 0u)
      << "Paso 2: al cerrar, el flujo sale de cada uno de sus canales; alerts tiene "
      << monitor.channel_connections("alerts");
  EXPECT_EQ(monitor.channel_connections("metrics"), 1u)
      << "Paso 2: al cerrar el flujo, metrics conserva el WebSocket; llegó "
      << monitor.channel_connections("metrics");
}

}  // namespace
}  // namespace p03::testing
