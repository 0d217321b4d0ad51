// Paso 1 — el gestor de canales único: WebSocket y SSE en los mismos canales.
#include "p03/channel_manager.hpp"
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

TEST(Paso1_GestorDeCanales, MensajeWebSocketDeUnaPublicacion) {
  json m =
      json::parse(channel_manager::websocket_text("alert", {{"rule", "cpu"}, {"value", 91}}));
  EXPECT_EQ(m.value("type", ""), "alert") << "Paso 1: type es el tipo publicado; llegó " << m;
  EXPECT_EQ(m.value("rule", ""), "cpu")
      << "Paso 1: los campos de payload van en el mensaje; llegó " << m;
  EXPECT_TRUE(m.contains("timestamp")) << "Paso 1: todo mensaje lleva timestamp; llegó " << m;
  json scalar = json::parse(channel_manager::websocket_text("x", 5));
  EXPECT_EQ(scalar.value("data", -1), 5)
      << "Paso 1: un payload que no es objeto va en data; llegó " << scalar;
}

TEST(Paso1_GestorDeCanales, DifusionWebSocketLlegaALosFlujosSse) {
  running_server s;
  sse_client sse;
  ASSERT_TRUE(sse.open(s.port(), "/sse/events?channel=mixto"))
      << "Paso 1: GET /sse/events?channel=mixto debe abrir un flujo SSE; no respondió";
  ASSERT_TRUE(sse.next_of("connected"))
      << "Paso 1: el flujo SSE debe empezar con un evento connected; no llegó";
  ws_client companion = s.connect("/ws?channel=mixto&user_id=bea");
  ASSERT_TRUE(companion.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << companion.error();
  ws_client ws = s.connect("/ws?channel=mixto&user_id=ana");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << ws.error();
  ASSERT_TRUE(ws.send_text(R"({"type":"broadcast","data":"desde ws"})"))
      << "Paso 1: no se pudo enviar el broadcast por el WebSocket: " << ws.error();
  auto to_ws = companion.read_until_type("broadcast");
  ASSERT_TRUE(to_ws) << "Paso 1: la difusión de un WebSocket debe llegar también a los demás "
                        "WebSocket del canal (websockets_.broadcast_message); "
                     << companion.error();
  EXPECT_EQ(to_ws->value("data", ""), "desde ws")
      << "Paso 1: el WebSocket compañero recibe el texto difundido; llegó " << *to_ws;
  auto m = sse.next_of("broadcast", 3s);
  ASSERT_TRUE(m) << "Paso 1: la difusión de un WebSocket debe llegar a los flujos SSE del canal";
  EXPECT_EQ(m->json().value("data", ""), "desde ws")
      << "Paso 1: el evento SSE lleva en data el texto difundido; llegó " << m->data;
  EXPECT_EQ(m->json().value("from", ""), "ana")
      << "Paso 1: el evento SSE lleva en from el usuario del WebSocket (ana); llegó " << m->data;
}

TEST(Paso1_GestorDeCanales, DifusionSseLlegaALosWebSocket) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=mixto");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << ws.error();
  int status = 0;
  json answer =
      s.send_json("POST", "/sse/broadcast/mixto", R"({"texto":"desde la API"})", &status);
  EXPECT_EQ(status, 200) << "Paso 1: POST /sse/broadcast/mixto debe responder 200; llegó "
                         << status << " " << answer;
  EXPECT_EQ(answer.value("delivered", -1), 1) << "Paso 1: cuenta también el WebSocket; " << answer;
  auto m = ws.read_until_type("broadcast");
  ASSERT_TRUE(m) << "Paso 1: POST /sse/broadcast/c debe llegar a los WebSocket de c; "
                 << ws.error();
  EXPECT_EQ(m->value("texto", ""), "desde la API")
      << "Paso 1: el WebSocket recibe los campos publicados (texto); llegó " << *m;
  EXPECT_EQ(m->value("channel", ""), "mixto")
      << "Paso 1: el mensaje dice su canal (mixto); llegó " << *m;
}

TEST(Paso1_GestorDeCanales, NotificacionLlegaPorLosDosTransportes) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=general&user_id=bea");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << ws.error();
  sse_client sse;
  ASSERT_TRUE(sse.open(s.port(), "/sse/notifications/bea"))
      << "Paso 1: GET /sse/notifications/bea debe abrir un flujo SSE; no respondió";
  ASSERT_TRUE(sse.next_of("connected"))
      << "Paso 1: el flujo SSE debe empezar con un evento connected; no llegó";
  int status = 0;
  json answer =
      s.send_json("POST", "/sse/notify/bea", R"({"title":"Hola","message":"a las dos"})", &status);
  EXPECT_EQ(answer.value("delivered", -1), 2) << "Paso 1: un WebSocket y un flujo SSE; " << answer;
  auto m = ws.read_until_type("notification");
  ASSERT_TRUE(m) << "Paso 1: la notificación llega al WebSocket del usuario; " << ws.error();
  EXPECT_EQ(m->value("title", ""), "Hola")
      << "Paso 1: la notificación lleva el title enviado (Hola); llegó " << *m;
  EXPECT_TRUE(sse.next_of("notification", 3s))
      << "Paso 1: la notificación también debe llegar al flujo SSE de bea; no llegó";
}

}  // namespace
}  // namespace p03::testing
