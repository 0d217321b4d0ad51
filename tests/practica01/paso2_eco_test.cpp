// Paso 2 — eco y ping.
#include "p01/messages.hpp"
#include "servidor_de_prueba.hpp"

namespace p01::testing {
namespace {

using json = nlohmann::json;

TEST(Paso2_EcoYPing, EcoDevuelveLosMismosDatosAlRemitente) {
  const reply r = handle_text(R"({"type":"echo","data":{"n":1,"txt":"hola"}})", {"general", "ana", "c1"});
  ASSERT_FALSE(r.to_sender.empty()) << "Paso 2: un echo debe responder al remitente (to_sender vacío)";
  EXPECT_TRUE(r.to_channel.is_null()) << "Paso 2: un echo no se difunde al canal; to_channel = " << r.to_channel;
  json m = json::parse(r.to_sender);
  EXPECT_EQ(m.value("type", ""), "echo") << "Paso 2: la respuesta debe tener type=echo; llegó " << m;
  EXPECT_EQ(m["data"], json({{"n", 1}, {"txt", "hola"}})) << "Paso 2: data debe ser el mismo que se envió; llegó " << m;
  EXPECT_TRUE(m.contains("timestamp")) << "Paso 2: todo mensaje del servidor lleva timestamp; llegó " << m;
}

// Un echo sin "data" devuelve "data": null (README, Paso 2). Leer msg["data"]
// de un json const sin comprobar que existe es una aserción de nlohmann::json.
TEST(Paso2_EcoYPing, EcoSinDataDevuelveDataNull) {
  const reply r = handle_text(R"({"type":"echo"})", {"general", "ana", "c1"});
  ASSERT_FALSE(r.to_sender.empty()) << "Paso 2: un echo sin data también responde al remitente";
  json m = json::parse(r.to_sender, nullptr, false);
  ASSERT_TRUE(m.is_object()) << "Paso 2: la respuesta debe ser un objeto JSON; llegó " << r.to_sender;
  EXPECT_EQ(m.value("type", ""), "echo") << "Paso 2: se esperaba type=echo; llegó " << m;
  EXPECT_TRUE(m.contains("data") && m["data"].is_null())
      << "Paso 2: un echo sin data devuelve \"data\": null; llegó " << m;
}

TEST(Paso2_EcoYPing, PingRespondePong) {
  const reply r = handle_text(R"({"type":"ping"})", {"general", "", "c1"});
  ASSERT_FALSE(r.to_sender.empty()) << "Paso 2: un ping debe responder al remitente";
  json m = json::parse(r.to_sender);
  EXPECT_EQ(m.value("type", ""), "pong") << "Paso 2: la respuesta a ping es type=pong; llegó " << m;
  EXPECT_TRUE(m.contains("timestamp")) << "Paso 2: el pong lleva timestamp; llegó " << m;
}

TEST(Paso2_EcoYPing, EcoDeExtremoAExtremo) {
  running_server s;
  ws_client c = connect_welcomed(s, "/ws?user_id=ana");
  ASSERT_TRUE(c.send_text(R"({"type":"echo","data":"¡hola, señal!"})"))
      << "Paso 2: no se pudo enviar el echo: " << c.error();
  auto m = c.read_json();
  ASSERT_TRUE(m) << "Paso 2: tras enviar un echo debe llegar la respuesta; " << c.error();
  EXPECT_EQ(m->value("type", ""), "echo") << "Paso 2: se esperaba type=echo y llegó " << *m;
  EXPECT_EQ((*m)["data"], "¡hola, señal!") << "Paso 2: el eco debe devolver el mismo texto (UTF-8); llegó " << *m;
}

TEST(Paso2_EcoYPing, PingDeExtremoAExtremo) {
  running_server s;
  ws_client c = connect_welcomed(s, "/ws");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send_text(R"({"type":"ping"})"))
        << "Paso 2: no se pudo enviar el ping número " << i + 1 << ": " << c.error();
    auto m = c.read_json();
    ASSERT_TRUE(m) << "Paso 2: tras un ping debe llegar un pong; " << c.error();
    EXPECT_EQ(m->value("type", ""), "pong") << "Paso 2: se esperaba type=pong y llegó " << *m;
  }
}

}  // namespace
}  // namespace p01::testing
