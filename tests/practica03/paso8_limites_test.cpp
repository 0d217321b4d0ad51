// Paso 8 — el límite por dirección (TALLER_MAX_PER_ADDRESS): 429 antes del
// upgrade, en WebSocket y en SSE, y las demás direcciones siguen entrando.
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

TEST(Paso8_Autenticacion, LimitePorDireccionDa429) {
  running_server s(test_options({{"TALLER_MAX_PER_ADDRESS", "2"}}));
  ws_client a = s.connect("/ws?channel=general"), b = s.connect("/ws?channel=general");
  ASSERT_TRUE(a.read_until_type("connection") && b.read_until_type("connection"))
      << "Paso 8: con TALLER_MAX_PER_ADDRESS=2, dos WebSocket desde 127.0.0.1 entran; "
      << a.error() << " " << b.error();
  ws_client c;
  EXPECT_FALSE(c.connect(s.port(), "/ws?channel=general"))
      << "Paso 8: con TALLER_MAX_PER_ADDRESS=2, el tercer WebSocket desde 127.0.0.1 se rechaza "
         "antes del upgrade; entró";
  EXPECT_EQ(c.handshake_status(), 429)
      << "Paso 8: por encima de max_per_address desde una IP, 429 (RFC 6585); llegó "
      << c.handshake_status() << " " << c.handshake_body();
  const json body = json::parse(c.handshake_body(), nullptr, false);
  EXPECT_EQ(body.value("error", ""), "too_many_connections")
      << "Paso 8: el 429 lleva \"error\":\"too_many_connections\"; llegó " << c.handshake_body();
  auto res = s.http().Get("/sse/events?channel=general");
  ASSERT_TRUE(res) << "Paso 8: GET /sse/events debe responder; falló la petición";
  EXPECT_EQ(res->status, 429) << "Paso 8: el límite por dirección cuenta también los flujos "
                                 "SSE: el tercero da 429; llegó "
                              << res->status << " " << res->body;
}

}  // namespace
}  // namespace p03::testing
