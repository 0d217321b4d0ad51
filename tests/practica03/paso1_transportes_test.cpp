// Paso 1 — lo que el gestor de canales promete de cada transporte: una
// publicación llega a los dos, con un frame por transporte para todos; una
// notificación comparte su frame; el índice de usuarios solo guarda WebSocket vivos.
#include <vector>

#include "p03/channel_manager.hpp"
#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

// Un suscriptor que guarda lo que recibe (en lugar de un socket).
struct recorder : taller::subscriber {
  std::vector<taller::frame> got;
  void deliver(taller::frame msg) override { got.push_back(std::move(msg)); }
  void shutdown() override {}
};

// Un gestor sobre registros reales de las prácticas 01 y 02, sin red.
struct manager_bench {
  p01::channel_hub websockets;
  p02::sse_hub streams{16};
  std::shared_ptr<connection_monitor> monitor =
      std::make_shared<connection_monitor>([] { return 1700000000.0; });
  channel_manager manager{websockets, streams, monitor};
};

std::string text_of(const std::vector<taller::frame>& got) {
  return got.empty() ? "(nada)" : *got.front();
}

TEST(Paso1_GestorDeCanales, PublicarLlegaALosDosTransportes) {
  running_server s;
  ws_client ws = s.connect("/ws?channel=mixto");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << ws.error();
  sse_client sse;
  ASSERT_TRUE(sse.open(s.port(), "/sse/events?channel=mixto"))
      << "Paso 1: GET /sse/events?channel=mixto debe abrir un flujo SSE; no respondió";
  ASSERT_TRUE(sse.next_of("connected"))
      << "Paso 1: el flujo SSE debe empezar con un evento connected; no llegó";
  int status = 0;
  json answer = s.send_json("POST", "/sse/broadcast/mixto", R"({"texto":"a los dos"})", &status);
  EXPECT_EQ(status, 200) << "Paso 1: POST /sse/broadcast/mixto debe responder 200; llegó "
                         << status << " " << answer;
  EXPECT_EQ(answer.value("delivered", -1), 2)
      << "Paso 1: con un WebSocket y un flujo SSE en el canal, delivered es 2 (publish suma los "
         "dos transportes); llegó "
      << answer;
  auto to_ws = ws.read_until_type("broadcast");
  EXPECT_TRUE(to_ws) << "Paso 1: la publicación debe llegar al WebSocket del canal; "
                     << ws.error();
  auto to_sse = sse.next_of("broadcast", 3s);
  ASSERT_TRUE(to_sse) << "Paso 1: la publicación debe llegar también al flujo SSE del canal "
                         "(streams_.publish); no llegó en 3 s";
  EXPECT_EQ(to_sse->json().value("texto", ""), "a los dos")
      << "Paso 1: el evento SSE lleva los campos publicados; llegó " << to_sse->data;
}

// Las cotizaciones de /sse/trading y los registros de /sse/logs los publica la
// 02 con state->publish: en la 03 pasan por el gestor y llegan también a los
// WebSocket de esos canales, como las métricas al canal metrics.
TEST(Paso1_GestorDeCanales, CotizacionesYRegistrosLleganALosWebSocket) {
  running_server s;
  ws_client trading = s.connect("/ws?channel=trading");
  ws_client logs = s.connect("/ws?channel=logs");
  ASSERT_TRUE(trading.read_until_type("connection") && logs.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << trading.error() << " "
      << logs.error();
  auto quote = trading.read_until_type("price_update", 5s);
  ASSERT_TRUE(quote) << "Paso 1: las cotizaciones (cada --interval) deben llegar a los WebSocket "
                        "del canal trading, porque publish llega a los dos transportes; "
                     << trading.error();
  EXPECT_TRUE(quote->contains("symbol") && quote->contains("price"))
      << "Paso 1: un price_update lleva symbol y price; llegó " << quote->dump();
  // Una difusión deja un registro (log_entry) en el canal logs.
  int status = 0;
  s.send_json("POST", "/sse/broadcast/otro", R"({"texto":"deja un registro"})", &status);
  ASSERT_EQ(status, 200) << "Paso 1: POST /sse/broadcast/otro debe responder 200; llegó "
                         << status;
  auto entry = logs.read_until_type("log_entry", 5s);
  ASSERT_TRUE(entry) << "Paso 1: los registros del servidor deben llegar a los WebSocket del "
                        "canal logs como log_entry; "
                     << logs.error();
  EXPECT_TRUE(entry->contains("level") && entry->contains("message"))
      << "Paso 1: un log_entry lleva level y message; llegó " << entry->dump();
}

TEST(Paso1_GestorDeCanales, UnFrameWebSocketParaTodoElCanal) {
  manager_bench b;
  auto a1 = std::make_shared<recorder>(), a2 = std::make_shared<recorder>();
  auto other = std::make_shared<recorder>();
  b.websockets.join({"a", "", "c1"}, 1, a1);
  b.websockets.join({"a", "", "c2"}, 2, a2);
  b.websockets.join({"b", "", "c3"}, 3, other);
  const std::size_t delivered = b.manager.publish("a", "alert", {{"rule", "cpu"}});
  EXPECT_EQ(delivered, 2u) << "Paso 1: publish en \"a\" llega a sus dos WebSocket; devolvió "
                           << delivered;
  ASSERT_EQ(a1->got.size(), 1u) << "Paso 1: cada WebSocket del canal recibe la publicación una "
                                   "vez; el primero recibió "
                                << a1->got.size();
  ASSERT_EQ(a2->got.size(), 1u) << "Paso 1: cada WebSocket del canal recibe la publicación una "
                                   "vez; el segundo recibió "
                                << a2->got.size();
  EXPECT_EQ(a1->got[0].get(), a2->got[0].get())
      << "Paso 1: los WebSocket de un canal comparten el mismo taller::frame (construido una vez "
         "con websocket_text), no una copia por cliente";
  EXPECT_TRUE(other->got.empty()) << "Paso 1: un WebSocket de otro canal no recibe nada; recibió "
                                  << text_of(other->got);
  const json m = json::parse(*a1->got[0], nullptr, false);
  EXPECT_EQ(m.value("type", ""), "alert")
      << "Paso 1: el WebSocket recibe {\"type\":\"alert\",…}; llegó " << *a1->got[0];
}

TEST(Paso1_GestorDeCanales, NotificarCompartePorUsuarioUnFrame) {
  manager_bench b;
  auto tab1 = std::make_shared<recorder>(), tab2 = std::make_shared<recorder>();
  auto stranger = std::make_shared<recorder>();
  b.manager.opened({"websocket", "general", "bea", "127.0.0.1:1"}, tab1, {});
  b.manager.opened({"websocket", "general", "bea", "127.0.0.1:2"}, tab2, {});
  b.manager.opened({"websocket", "general", "ana", "127.0.0.1:3"}, stranger, {});
  const std::size_t delivered =
      b.manager.notify_user("bea", "notification", {{"title", "Hola"}});
  EXPECT_EQ(delivered, 2u) << "Paso 1: bea tiene dos WebSocket: notify_user devuelve 2; devolvió "
                           << delivered;
  ASSERT_EQ(tab1->got.size(), 1u) << "Paso 1: cada WebSocket de bea recibe la notificación una "
                                     "vez; el primero recibió "
                                  << tab1->got.size();
  ASSERT_EQ(tab2->got.size(), 1u) << "Paso 1: cada WebSocket de bea recibe la notificación una "
                                     "vez; el segundo recibió "
                                  << tab2->got.size();
  EXPECT_EQ(tab1->got[0].get(), tab2->got[0].get())
      << "Paso 1: las conexiones de un usuario comparten un frame construido una vez, no uno "
         "por conexión";
  EXPECT_TRUE(stranger->got.empty()) << "Paso 1: la notificación de bea no llega a ana; llegó "
                                     << text_of(stranger->got);
}

TEST(Paso1_GestorDeCanales, ElIndiceSoloGuardaWebSocketAbiertos) {
  manager_bench b;
  auto ws = std::make_shared<recorder>(), stream = std::make_shared<recorder>();
  const auto id = b.manager.opened({"websocket", "general", "bea", "127.0.0.1:1"}, ws, {});
  b.manager.opened({"sse", "general", "bea", "127.0.0.1:2"}, stream, {});
  const std::size_t before = b.manager.notify_user("bea", "notification", {{"title", "antes"}});
  EXPECT_EQ(before, 1u) << "Paso 1: con un WebSocket abierto (opened), notify_user(\"bea\") lo "
                           "encuentra en websocket_users_ y devuelve 1; devolvió "
                        << before;
  EXPECT_EQ(ws->got.size(), 1u) << "Paso 1: el WebSocket abierto de bea recibe la notificación; "
                                   "recibió "
                                << ws->got.size() << " mensajes";
  ws->got.clear();
  b.manager.closed(id);
  const std::size_t delivered = b.manager.notify_user("bea", "notification", {{"title", "x"}});
  EXPECT_EQ(delivered, 0u) << "Paso 1: tras closed(id) el WebSocket de bea sale del índice de "
                              "usuarios y notify_user ya no lo cuenta; devolvió "
                           << delivered;
  EXPECT_TRUE(ws->got.empty()) << "Paso 1: un WebSocket cerrado (closed) no recibe "
                                  "notificaciones; recibió "
                               << text_of(ws->got);
  EXPECT_TRUE(stream->got.empty())
      << "Paso 1: un flujo SSE no se indexa en websocket_users_ (el sse_hub lleva los suyos); "
         "recibió un frame WebSocket: "
      << text_of(stream->got);
}

TEST(Paso1_GestorDeCanales, ElReenvioASseNoLlevaType) {
  running_server s;
  sse_client sse;
  ASSERT_TRUE(sse.open(s.port(), "/sse/events?channel=mixto"))
      << "Paso 1: GET /sse/events?channel=mixto debe abrir un flujo SSE; no respondió";
  ASSERT_TRUE(sse.next_of("connected"))
      << "Paso 1: el flujo SSE debe empezar con un evento connected; no llegó";
  ws_client ws = s.connect("/ws?channel=mixto&user_id=ana");
  ASSERT_TRUE(ws.read_until_type("connection"))
      << "Paso 1: /ws debe saludar con un mensaje connection; " << ws.error();
  ASSERT_TRUE(ws.send_text(R"({"type":"broadcast","data":"hola"})"))
      << "Paso 1: no se pudo enviar el broadcast por el WebSocket: " << ws.error();
  auto m = sse.next_of("broadcast", 3s);
  ASSERT_TRUE(m) << "Paso 1: la difusión de un WebSocket debe llegar a los flujos SSE del canal; "
                    "no llegó en 3 s";
  const json d = m->json();
  EXPECT_FALSE(d.contains("type"))
      << "Paso 1: en SSE el tipo ya es el nombre del evento (event: broadcast): el objeto "
         "reenviado va sin \"type\"; llegó "
      << m->data;
  EXPECT_EQ(d.value("channel", ""), "mixto")
      << "Paso 1: el objeto reenviado conserva channel; llegó " << m->data;
}

}  // namespace
}  // namespace p03::testing
