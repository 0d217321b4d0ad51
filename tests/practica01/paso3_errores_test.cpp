// Paso 3 — errores de entrada: nada de lo que envíe un cliente tumba el servidor.
#include <httplib.h>

#include "p01/messages.hpp"
#include "p01/query.hpp"
#include "servidor_de_prueba.hpp"

namespace p01::testing {
namespace {

using json = nlohmann::json;

std::string error_code_of(const std::string& text) {
  json m = json::parse(text, nullptr, false);
  if (!m.is_object() || m.value("type", "") != "error") return "(no es un error: " + text + ")";
  return m.value("code", "(sin code)");
}

TEST(Paso3_Errores, JsonInvalidoDaErrorInvalidJson) {
  const reply r = handle_text("{esto no es json", {"general", "", "c1"});
  ASSERT_FALSE(r.to_sender.empty()) << "Paso 3: un JSON inválido debe recibir un error (to_sender vacío)";
  EXPECT_EQ(error_code_of(r.to_sender), "invalid_json")
      << "Paso 3: se esperaba {\"type\":\"error\",\"code\":\"invalid_json\"} y llegó " << r.to_sender;
  EXPECT_TRUE(r.to_channel.is_null()) << "Paso 3: un error nunca se difunde al canal; to_channel = " << r.to_channel;
}

TEST(Paso3_Errores, TipoDesconocidoDaErrorUnknownType) {
  const reply r = handle_text(R"({"type":"bailar"})", {"general", "", "c1"});
  ASSERT_FALSE(r.to_sender.empty()) << "Paso 3: un tipo desconocido debe recibir un error";
  EXPECT_EQ(error_code_of(r.to_sender), "unknown_type")
      << "Paso 3: se esperaba code=unknown_type y llegó " << r.to_sender;
  EXPECT_NE(r.to_sender.find("bailar"), std::string::npos)
      << "Paso 3: el mensaje de error debe decir qué tipo llegó; llegó " << r.to_sender;
}

// Un JSON válido que no es un objeto con "type" de texto (README, Paso 3).
TEST(Paso3_Errores, JsonSinTypeDaErrorInvalidMessage) {
  for (const char* text : {"42", "[]", "\"hola\"", "null", R"({"data":1})", R"({"type":5})",
                           R"({"type":""})"}) {
    const reply r = handle_text(text, {"general", "", "c1"});
    ASSERT_FALSE(r.to_sender.empty()) << "Paso 3: " << text << " debe recibir un error";
    EXPECT_EQ(error_code_of(r.to_sender), "invalid_message")
        << "Paso 3: " << text << " es JSON, pero no un objeto con \"type\" de texto: se esperaba "
        << "code=invalid_message y llegó " << r.to_sender;
    EXPECT_TRUE(r.to_channel.is_null()) << "Paso 3: un error nunca se difunde al canal; to_channel = " << r.to_channel;
  }
}

TEST(Paso3_Errores, ValidaElNombreDelCanal) {
  EXPECT_TRUE(is_valid_channel("general")) << "Paso 3: \"general\" debe ser un canal válido";
  EXPECT_TRUE(is_valid_channel("Sala_2-b"))
      << "Paso 3: \"Sala_2-b\" debe ser válido (mayúsculas, dígitos, '_' y '-' están en "
      << "[A-Za-z0-9_-])";
  EXPECT_TRUE(is_valid_channel(std::string(64, 'a'))) << "Paso 3: 64 caracteres es el máximo permitido";
  EXPECT_FALSE(is_valid_channel("")) << "Paso 3: el canal vacío no es válido";
  EXPECT_FALSE(is_valid_channel(std::string(65, 'a'))) << "Paso 3: 65 caracteres es demasiado";
  EXPECT_FALSE(is_valid_channel("sala 1")) << "Paso 3: el espacio no está en [A-Za-z0-9_-]";
  EXPECT_FALSE(is_valid_channel("sala/1")) << "Paso 3: '/' no está en [A-Za-z0-9_-]";
  EXPECT_FALSE(is_valid_channel("año")) << "Paso 3: 'ñ' no está en [A-Za-z0-9_-]";
}

TEST(Paso3_Errores, ParametrosDeLaUrl) {
  const ws_params ok = parse_ws_params("/ws?user_id=ana%20b&channel=sala-1");
  EXPECT_TRUE(ok.ok()) << "Paso 3: \"/ws?user_id=ana%20b&channel=sala-1\" es una URL válida; "
                       << "llegó un error en " << ok.error_field << ": " << ok.error_message;
  EXPECT_EQ(ok.channel, "sala-1")
      << "Paso 3: channel debe leerse de la URL como \"sala-1\"; llegó \"" << ok.channel << "\"";
  EXPECT_EQ(ok.user_id, "ana b")
      << "Paso 3: los parámetros se decodifican (%20 es un espacio): se esperaba user_id "
      << "\"ana b\"; llegó \"" << ok.user_id << "\"";
  const ws_params bad = parse_ws_params("/ws?channel=sala%201");
  EXPECT_FALSE(bad.ok()) << "Paso 3: \"sala 1\" no es un canal válido";
  EXPECT_EQ(bad.error_field, "channel") << "Paso 3: el error debe nombrar el campo channel";
}

TEST(Paso3_Errores, JsonInvalidoNoCierraLaConexion) {
  running_server s;
  ws_client c = connect_welcomed(s, "/ws");
  ASSERT_TRUE(c.send_text("{roto")) << "Paso 3: no se pudo enviar el JSON inválido: " << c.error();
  auto err = c.read_json();
  ASSERT_TRUE(err) << "Paso 3: tras enviar JSON inválido debe llegar un error; " << c.error();
  EXPECT_EQ(err->value("type", ""), "error") << "Paso 3: se esperaba type=error y llegó " << *err;
  EXPECT_EQ(err->value("code", ""), "invalid_json") << "Paso 3: se esperaba code=invalid_json y llegó " << *err;
  ASSERT_TRUE(c.send_text(R"({"type":"ping"})"))
      << "Paso 3: tras el error la conexión debe seguir abierta, pero no se pudo enviar un ping: "
      << c.error();
  EXPECT_TRUE(c.read_until_type("pong"))
      << "Paso 3: después de un error la conexión debe seguir abierta y responder; " << c.error();
}

TEST(Paso3_Errores, TipoDesconocidoDeExtremoAExtremo) {
  running_server s;
  ws_client c = connect_welcomed(s, "/ws");
  ASSERT_TRUE(c.send_text(R"({"type":"bailar"})"))
      << "Paso 3: no se pudo enviar el mensaje de tipo desconocido: " << c.error();
  auto err = c.read_json();
  ASSERT_TRUE(err) << "Paso 3: un tipo desconocido debe recibir un error; " << c.error();
  EXPECT_EQ(err->value("code", ""), "unknown_type") << "Paso 3: se esperaba code=unknown_type y llegó " << *err;
}

TEST(Paso3_Errores, MensajeBinarioCierraCon1003) {
  running_server s;
  ws_client c = connect_welcomed(s, "/ws");
  ASSERT_TRUE(c.send_binary(R"({"type":"ping"})"))
      << "Paso 3: no se pudo enviar el mensaje binario: " << c.error();
  auto closed = c.wait_close();
  ASSERT_TRUE(closed) << "Paso 3: un mensaje binario debe cerrar la conexión; " << c.error();
  EXPECT_EQ(closed->code, 1003) << "Paso 3: el código de cierre para datos no aceptados es 1003 (RFC 6455 §7.4.1)";
}

TEST(Paso3_Errores, MensajeDemasiadoGrandeCierraCon1009) {
  server_options o = test_options();
  o.max_message = 1024;
  running_server s(o);
  ws_client c = connect_welcomed(s, "/ws");
  const std::string big = R"({"type":"echo","data":")" + std::string(4000, 'x') + R"("})";
  ASSERT_TRUE(c.send_text(big)) << "Paso 3: no se pudo enviar el mensaje grande: " << c.error();
  auto closed = c.wait_close();
  ASSERT_TRUE(closed) << "Paso 3: un mensaje mayor que max_message debe cerrar la conexión; " << c.error();
  EXPECT_EQ(closed->code, 1009) << "Paso 3: el código de cierre para un mensaje demasiado grande es 1009";
}

TEST(Paso3_Errores, CanalInvalidoDa400AntesDelHandshake) {
  running_server s;
  ws_client c;
  EXPECT_FALSE(c.connect(s.port(), "/ws?channel=sala%20con%20espacios"))
      << "Paso 3: un canal inválido no debe llegar a abrir el WebSocket";
  EXPECT_EQ(c.handshake_status(), 400) << "Paso 3: un canal inválido se rechaza con HTTP 400 antes del upgrade";

  httplib::Client http("127.0.0.1", s.port());
  http.set_read_timeout(3, 0);
  auto res = http.Get("/ws?channel=" + std::string(65, 'a'));
  ASSERT_TRUE(res) << "Paso 3: el servidor no respondió a GET /ws";
  EXPECT_EQ(res->status, 400) << "Paso 3: un canal de 65 caracteres da 400; cuerpo: " << res->body;
  json body = json::parse(res->body, nullptr, false);
  EXPECT_TRUE(body.is_object() && body.value("field", "") == "channel")
      << "Paso 3: el cuerpo JSON del 400 debe nombrar el campo (\"field\":\"channel\"); llegó " << res->body;

  auto missing = http.Get("/no-existe");
  ASSERT_TRUE(missing) << "Paso 3: el servidor no respondió a GET /no-existe";
  EXPECT_EQ(missing->status, 404)
      << "Paso 3: una ruta desconocida da 404; llegó " << missing->status << ", cuerpo: "
      << missing->body;
}

TEST(Paso3_Errores, UnClienteQueFallaNoAfectaALosDemas) {
  running_server s;
  ws_client good = connect_welcomed(s, "/ws");
  ws_client bad = connect_welcomed(s, "/ws");
  ASSERT_TRUE(bad.send_binary("\x01\x02\x03"))
      << "Paso 3: no se pudo enviar el mensaje binario: " << bad.error();
  auto closed = bad.wait_close();
  ASSERT_TRUE(closed) << "Paso 3: el binario debe cerrar esa conexión; " << bad.error();
  ASSERT_TRUE(good.send_text(R"({"type":"echo","data":1})"))
      << "Paso 3: el otro cliente debe seguir conectado, pero no pudo enviar un echo: "
      << good.error();
  EXPECT_TRUE(good.read_until_type("echo")) << "Paso 3: los demás clientes siguen atendidos; " << good.error();
}

}  // namespace
}  // namespace p01::testing
