// Paso 1 — aceptar el handshake y enviar la bienvenida.
#include <regex>

#include "p01/messages.hpp"
#include "servidor_de_prueba.hpp"

namespace p01::testing {
namespace {

using json = nlohmann::json;

bool is_iso_utc(const json& v) {
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
  return v.is_string() && std::regex_match(v.get<std::string>(), iso);
}

TEST(Paso1_Bienvenida, MensajeTieneTodosLosCampos) {
  json m = json::parse(make_welcome({"sala-1", "ana", "c7"}));
  EXPECT_EQ(m.value("type", ""), "connection") << "Paso 1: type debe ser \"connection\"; llegó " << m;
  EXPECT_EQ(m.value("status", ""), "connected") << "Paso 1: status debe ser \"connected\"; llegó " << m;
  EXPECT_EQ(m.value("message", ""), "conectado al canal sala-1")
      << "Paso 1: message debe ser \"conectado al canal sala-1\"; llegó " << m;
  EXPECT_EQ(m.value("channel", ""), "sala-1") << "Paso 1: channel debe ser el canal pedido; llegó " << m;
  EXPECT_EQ(m.value("user_id", ""), "ana") << "Paso 1: user_id debe ser el usuario; llegó " << m;
  EXPECT_EQ(m.value("connection_id", ""), "c7") << "Paso 1: falta connection_id; llegó " << m;
  EXPECT_TRUE(m.contains("timestamp") && is_iso_utc(m["timestamp"]))
      << "Paso 1: timestamp debe ser ISO-8601 UTC (2026-01-01T10:00:00.000Z); llegó " << m;
}

TEST(Paso1_Bienvenida, UsuarioVacioEsNull) {
  json m = json::parse(make_welcome({"general", "", "c1"}));
  EXPECT_TRUE(m.contains("user_id") && m["user_id"].is_null())
      << "Paso 1: sin user_id en la URL, user_id debe ser null; llegó " << m;
}

TEST(Paso1_Bienvenida, PrimerMensajeEsLaBienvenida) {
  running_server s;
  ws_client c;
  ASSERT_TRUE(c.connect(s.port(), "/ws?channel=sala-1&user_id=ana"))
      << "Paso 1: el servidor debe aceptar el handshake de /ws; " << c.error();
  auto m = c.read_json();
  ASSERT_TRUE(m) << "Paso 1: al conectar debe llegar la bienvenida; " << c.error();
  EXPECT_EQ(m->value("type", ""), "connection") << "Paso 1: el primer mensaje debe ser la bienvenida; llegó " << *m;
  EXPECT_EQ(m->value("channel", ""), "sala-1") << "Paso 1: la bienvenida debe traer el canal de la URL; llegó " << *m;
  EXPECT_EQ(m->value("user_id", ""), "ana") << "Paso 1: la bienvenida debe traer el user_id de la URL; llegó " << *m;
  EXPECT_FALSE(m->value("connection_id", "").empty()) << "Paso 1: falta connection_id; llegó " << *m;
}

TEST(Paso1_Bienvenida, CanalPorOmisionEsGeneral) {
  running_server s;
  ws_client c;
  ASSERT_TRUE(c.connect(s.port(), "/ws")) << "Paso 1: el servidor debe aceptar /ws sin parámetros; " << c.error();
  auto m = c.read_json();
  ASSERT_TRUE(m) << "Paso 1: al conectar debe llegar la bienvenida; " << c.error();
  EXPECT_EQ(m->value("channel", ""), "general") << "Paso 1: sin channel en la URL el canal es \"general\"; llegó " << *m;
}

TEST(Paso1_Bienvenida, CadaConexionTieneSuPropioId) {
  running_server s;
  ws_client a = s.connect("/ws"), b = s.connect("/ws");
  auto ma = a.read_json(), mb = b.read_json();
  ASSERT_TRUE(ma && mb) << "Paso 1: las dos conexiones deben recibir la bienvenida";
  EXPECT_NE(ma->value("connection_id", ""), mb->value("connection_id", ""))
      << "Paso 1: dos conexiones no pueden compartir connection_id: " << *ma << " / " << *mb;
}

TEST(Paso1_Bienvenida, CierraAUnClienteQueNoRespondeAPings) {
  server_options o = test_options();
  o.ping_timeout = 1s;
  running_server s(o);
  EXPECT_TRUE(taller::testing::mute_client_gets_disconnected(s.port(), "/ws", 5s))
      << "Paso 1: con ping_timeout = 1 s, un cliente que no responde a los pings debe ser "
         "desconectado en pocos segundos (configura stream_base::timeout con idle_timeout y "
         "keep_alive_pings = true)";
}

}  // namespace
}  // namespace p01::testing
