// Robustez de la práctica 01: un mensaje que hace lanzar al servidor cierra esa
// conexión con 1011 y las demás siguen; un JSON muy anidado es invalid_json.
// Solo contra la solución (no es un paso del estudiante).
#include <gtest/gtest.h>

#include <stdexcept>

#include "p01/routes.hpp"
#include "p01/server_state.hpp"
#include "taller_test/running_router.hpp"
#include "taller_test/ws_client.hpp"

namespace {

using namespace std::chrono_literals;
using taller::testing::ws_client;

// Un repartidor de difusiones (el de la práctica 03 las lleva a los dos
// transportes) que lanza cuando el mensaje difundido trae "explota": así se
// llega a la barrera de on_read.
struct throwing_broadcaster : taller::channel_broadcaster {
  std::size_t broadcast_message(const std::string&, const nlohmann::ordered_json& msg) override {
    if (msg.value("data", nlohmann::ordered_json()) == "explota")
      throw std::runtime_error("repartidor de prueba");
    return 0;
  }
};

// Las rutas WebSocket de la práctica 01, con ese repartidor en cada sesión.
std::shared_ptr<taller::router> websocket_routes(const std::shared_ptr<p01::server_state>& st) {
  auto routes = std::make_shared<taller::router>();
  p01::add_websocket_routes(*routes, st, {.broadcaster = std::make_shared<throwing_broadcaster>()});
  return routes;
}

class throwing_server : public taller::testing::running_router {
 public:
  explicit throwing_server(std::shared_ptr<p01::server_state> st =
                               std::make_shared<p01::server_state>(p01::server_options{}))
      : running_router(websocket_routes(st),
                       {.close_all = [st] { st->stopping = true; st->hub.shutdown_all(); },
                        .idle = [st] { return st->hub.size() == 0; }}) {}
};

TEST(Robustez_WebSocket, UnaExcepcionAlAtenderCierraCon1011YLasDemasSiguen) {
  throwing_server srv;
  ws_client victim, other;
  ASSERT_TRUE(victim.connect(srv.port(), "/ws?channel=a")) << victim.error();
  ASSERT_TRUE(other.connect(srv.port(), "/ws?channel=b")) << other.error();
  ASSERT_TRUE(victim.read_until_type("connection"));
  ASSERT_TRUE(other.read_until_type("connection"));
  ASSERT_TRUE(victim.send_text(R"({"type":"broadcast","data":"explota"})"));
  const auto closed = victim.wait_close(5s);
  ASSERT_TRUE(closed) << "la conexión cuyo mensaje hizo lanzar al servidor debe cerrarse";
  EXPECT_EQ(closed->code, 1011) << "con 1011 (internal error, RFC 6455 §7.4.1)";
  ASSERT_TRUE(other.send_text(R"({"type":"ping"})"));
  EXPECT_TRUE(other.read_until_type("pong")) << "las demás conexiones siguen atendidas";
  ws_client late;
  EXPECT_TRUE(late.connect(srv.port(), "/ws?channel=a")) << "y se aceptan conexiones nuevas";
}

TEST(Robustez_WebSocket, JsonMuyAnidadoEsInvalidJsonYSigueAbierta) {
  throwing_server srv;
  ws_client c;
  ASSERT_TRUE(c.connect(srv.port(), "/ws")) << c.error();
  ASSERT_TRUE(c.read_until_type("connection"));
  ASSERT_TRUE(c.send_text(std::string(30000, '{') ));
  const auto err = c.read_until_type("error");
  ASSERT_TRUE(err);
  EXPECT_EQ(err->value("code", ""), "invalid_json") << err->dump();
  ASSERT_TRUE(c.send_text(std::string(20000, '[') + std::string(20000, ']')));
  const auto deep = c.read_until_type("error");
  ASSERT_TRUE(deep);
  EXPECT_NE(deep->value("message", "").find("64"), std::string::npos) << deep->dump();
  ASSERT_TRUE(c.send_text(R"({"type":"ping"})"));
  EXPECT_TRUE(c.read_until_type("pong"));
}

TEST(Robustez_WebSocket, UserIdConUtf8InvalidoDa400AntesDelHandshake) {
  throwing_server srv;
  ws_client c;
  EXPECT_FALSE(c.connect(srv.port(), "/ws?channel=general&user_id=%FF"));
  EXPECT_EQ(c.handshake_status(), 400);
}

}  // namespace
