// Paso 4 — difusión por canal con cola de escritura acotada.
#include <gmock/gmock.h>
#include <signal.h>

#include "p01/channel_hub.hpp"
#include "p01/messages.hpp"
#include "p01/send_queue.hpp"
#include "servidor_de_prueba.hpp"
#include "taller_test/process.hpp"

namespace p01::testing {
namespace {

using json = nlohmann::json;

// Un suscriptor falso: registra lo que recibe, sin red.
class mock_subscriber : public subscriber {
 public:
  MOCK_METHOD(void, deliver, (frame msg), (override));
  MOCK_METHOD(void, shutdown, (), (override));
};

frame text(const char* s) { return std::make_shared<const std::string>(s); }

TEST(Paso4_Difusion, LaColaDeSalidaEstaAcotada) {
  send_queue q(3);
  EXPECT_TRUE(q.push(text("a"))) << "Paso 4: con límite 3, el primer push debe devolver true";
  EXPECT_TRUE(q.push(text("b"))) << "Paso 4: con límite 3, el segundo push debe devolver true";
  EXPECT_TRUE(q.push(text("c"))) << "Paso 4: con límite 3, el tercer push debe devolver true";
  EXPECT_FALSE(q.push(text("d"))) << "Paso 4: con límite 3, el cuarto push debe devolver false";
  EXPECT_EQ(q.size(), 3u) << "Paso 4: un push rechazado no añade nada a la cola";
  q.pop();
  EXPECT_TRUE(q.push(text("e"))) << "Paso 4: al salir uno, vuelve a haber sitio";
}

TEST(Paso4_Difusion, BroadcastLlegaSoloAlCanalYUsaElMismoFrame) {
  channel_hub hub;
  auto a1 = std::make_shared<mock_subscriber>();
  auto a2 = std::make_shared<mock_subscriber>();
  auto b1 = std::make_shared<mock_subscriber>();
  hub.join({"a", "", "c1"}, 1, a1);
  hub.join({"a", "", "c2"}, 2, a2);
  hub.join({"b", "", "c3"}, 3, b1);
  EXPECT_EQ(hub.online(), 3u) << "Paso 4: tras tres join, online() debe ser 3";

  const frame msg = text("hola");
  // Todos reciben el mismo puntero: el texto se construye una vez y se comparte.
  EXPECT_CALL(*a1, deliver(msg)).Times(1);
  EXPECT_CALL(*a2, deliver(msg)).Times(1);
  EXPECT_CALL(*b1, deliver(::testing::_)).Times(0);
  EXPECT_EQ(hub.broadcast("a", msg), 2u) << "Paso 4: broadcast devuelve a cuántos entregó";
  EXPECT_EQ(hub.broadcast("vacío", msg), 0u) << "Paso 4: un canal sin nadie no recibe nada";
  EXPECT_TRUE(::testing::Mock::VerifyAndClearExpectations(a1.get()))
      << "Paso 4: a1 (canal a) debe recibir con deliver, una sola vez, el mismo frame difundido";
  EXPECT_TRUE(::testing::Mock::VerifyAndClearExpectations(a2.get()))
      << "Paso 4: a2 (canal a) debe recibir con deliver, una sola vez, el mismo frame difundido";
  EXPECT_TRUE(::testing::Mock::VerifyAndClearExpectations(b1.get()))
      << "Paso 4: b1 (canal b) no debe recibir nada de una difusión al canal a";
}

TEST(Paso4_Difusion, LeaveSacaDelCanalYBorraCanalesVacios) {
  channel_hub hub;
  auto a1 = std::make_shared<mock_subscriber>();
  hub.join({"a", "", "c1"}, 1, a1);
  EXPECT_EQ(hub.channel_size("a"), 1u) << "Paso 4: join debe registrar la conexión en su canal";
  hub.leave({"a", "", "c1"}, 1);
  EXPECT_EQ(hub.channel_size("a"), 0u) << "Paso 4: leave debe sacar la conexión del canal";
  EXPECT_EQ(hub.online(), 0u) << "Paso 4: leave resta uno a online()";
  EXPECT_EQ(hub.channel_count(), 0u) << "Paso 4: un canal vacío se borra (el mapa no crece sin límite)";
  EXPECT_CALL(*a1, deliver(::testing::_)).Times(0);
  hub.broadcast("a", text("x"));
  EXPECT_TRUE(::testing::Mock::VerifyAndClearExpectations(a1.get()))
      << "Paso 4: tras leave, la conexión no debe recibir las difusiones de su antiguo canal";
}

TEST(Paso4_Difusion, HandleTextDifundeConRemitente) {
  const reply r = handle_text(R"({"type":"broadcast","data":[1,2]})", {"sala", "ana", "c9"});
  ASSERT_TRUE(r.to_channel.is_object())
      << "Paso 4: un broadcast va a to_channel, como objeto JSON; hay " << r.to_channel;
  const json m = r.to_channel;
  EXPECT_EQ(m.value("type", ""), "broadcast")
      << "Paso 4: el mensaje difundido debe tener type=broadcast; llegó " << m;
  EXPECT_EQ(m.value("channel", ""), "sala") << "Paso 4: broadcast lleva el canal; llegó " << m;
  EXPECT_EQ(m.value("from", ""), "ana") << "Paso 4: from es el user_id; llegó " << m;
  EXPECT_EQ(m["data"], json::array({1, 2})) << "Paso 4: data es el del mensaje; llegó " << m;
  const reply anon = handle_text(R"({"type":"broadcast","data":1})", {"sala", "", "c9"});
  ASSERT_TRUE(anon.to_channel.is_object())
      << "Paso 4: un broadcast va a to_channel, como objeto JSON; hay " << anon.to_channel;
  EXPECT_EQ(anon.to_channel.value("from", ""), "c9")
      << "Paso 4: sin user_id, from es el connection_id";
}

TEST(Paso4_Difusion, DifusionSinDataLlevaDataNull) {
  const reply r = handle_text(R"({"type":"broadcast"})", {"sala", "ana", "c9"});
  ASSERT_TRUE(r.to_channel.is_object())
      << "Paso 4: un broadcast sin data también va a to_channel; hay " << r.to_channel;
  const json m = r.to_channel;
  EXPECT_TRUE(m.is_object() && m.contains("data") && m["data"].is_null())
      << "Paso 4: un broadcast sin data lleva \"data\": null; llegó " << r.to_channel;
}

TEST(Paso4_Difusion, LlegaATodoElCanalYNoAOtros) {
  running_server s;
  ws_client a1 = connect_welcomed(s, "/ws?channel=a&user_id=ana");
  ws_client a2 = connect_welcomed(s, "/ws?channel=a&user_id=bea");
  ws_client b = connect_welcomed(s, "/ws?channel=b&user_id=carlos");
  ASSERT_TRUE(a1.send_text(R"({"type":"broadcast","data":"hola canal a"})"))
      << "Paso 4: no se pudo enviar el broadcast: " << a1.error();
  for (ws_client* c : {&a1, &a2}) {
    auto m = c->read_until_type("broadcast");
    ASSERT_TRUE(m) << "Paso 4: el broadcast debe llegar a todo el canal, remitente incluido; " << c->error();
    EXPECT_EQ((*m)["data"], "hola canal a")
        << "Paso 4: data debe ser el que se difundió (\"hola canal a\"); llegó " << *m;
    EXPECT_EQ(m->value("from", ""), "ana")
        << "Paso 4: from debe ser el user_id del remitente (\"ana\"); llegó " << *m;
  }
  // b pide un pong: si el broadcast le hubiera llegado, estaría antes en su cola.
  ASSERT_TRUE(b.send_text(R"({"type":"ping"})"))
      << "Paso 4: el cliente del canal b no pudo enviar un ping: " << b.error();
  auto next = b.read_json();
  ASSERT_TRUE(next) << "Paso 4: el cliente del canal b debe recibir respuesta a su ping; "
                    << b.error();
  EXPECT_EQ(next->value("type", ""), "pong")
      << "Paso 4: el canal b no debe recibir la difusión del canal a; llegó " << *next;
}

TEST(Paso4_Difusion, CienClientesRecibenUnaDifusion) {
  running_server s;
  std::vector<ws_client> clients;
  clients.reserve(100);
  for (int i = 0; i < 100; ++i) {
    clients.push_back(connect_welcomed(s, "/ws?channel=masivo&user_id=u" + std::to_string(i)));
    ASSERT_FALSE(::testing::Test::HasFailure()) << "Paso 4: falló la conexión " << i;
  }
  ASSERT_TRUE(clients[0].send_text(R"({"type":"broadcast","data":"a todos"})"))
      << "Paso 4: no se pudo enviar el broadcast al canal de 100 clientes: " << clients[0].error();
  for (int i = 0; i < 100; ++i) {
    auto m = clients[i].read_until_type("broadcast");
    ASSERT_TRUE(m) << "Paso 4: el cliente " << i << " de 100 no recibió la difusión; "
                   << clients[i].error();
  }
}

TEST(Paso4_Difusion, ClienteLentoSeCierraCon1008) {
  server_options o = test_options();
  o.max_queue = 4;
  running_server s(o);
  ws_client sender = connect_welcomed(s, "/ws?channel=lento&user_id=rapido");
  // El cliente lento tiene un búfer TCP de recepción mínimo y no lee: lo que
  // el servidor le envía se acumula en su cola hasta llenarla.
  ws_client slow;
  slow.set_receive_buffer(4096);
  ASSERT_TRUE(slow.connect(s.port(), "/ws?channel=lento&user_id=lento"))
      << "Paso 4: no se pudo conectar el cliente lento: " << slow.error();
  const std::string payload = R"({"type":"broadcast","data":")" + std::string(60000, 'x') + R"("})";
  constexpr int sent = 200;
  for (int i = 0; i < sent; ++i) {
    ASSERT_TRUE(sender.send_text(payload))
        << "Paso 4: no se pudo enviar el broadcast número " << i + 1 << ": " << sender.error();
    ASSERT_TRUE(sender.read_until_type("broadcast"))
        << "Paso 4: el remitente sí lee y debe recibir su propio broadcast número " << i + 1
        << "; " << sender.error();
  }
  auto closed = slow.wait_close(10s);
  ASSERT_TRUE(closed) << "Paso 4: un cliente que no lee debe ser cerrado cuando su cola se llena; "
                      << slow.error() << " (leídos " << slow.messages_read() << ")";
  EXPECT_EQ(closed->code, 1008) << "Paso 4: el cierre por cola llena usa 1008 (policy violation)";
  EXPECT_LT(slow.messages_read(), static_cast<std::size_t>(sent))
      << "Paso 4: el cliente lento no puede haber recibido todo";
}

TEST(Paso4_Difusion, ApagarElServidorCierraATodosCon1001) {
  auto s = std::make_unique<running_server>();
  ws_client a = connect_welcomed(*s, "/ws?channel=a");
  ws_client b = connect_welcomed(*s, "/ws?channel=b");
  // Una vuelta completa por a asegura que el registro ya incluye a las dos.
  ASSERT_TRUE(b.send_text(R"({"type":"broadcast","data":0})"))
      << "Paso 4: no se pudo enviar el broadcast: " << b.error();
  ASSERT_TRUE(b.read_until_type("broadcast"))
      << "Paso 4: el broadcast debe volver al remitente; " << b.error();
  std::thread stopper([&] {
    EXPECT_TRUE(s->stop(2s)) << "Paso 4: al apagarlo, el servidor debe terminar en menos de 2 s";
  });
  for (ws_client* c : {&a, &b}) {
    auto closed = c->wait_close(3s);
    ASSERT_TRUE(closed) << "Paso 4: al apagarse, el servidor debe cerrar cada conexión registrada; "
                        << c->error();
    EXPECT_EQ(closed->code, 1001) << "Paso 4: el cierre por apagado usa 1001 (going away)";
  }
  stopper.join();
}

TEST(Paso4_Difusion, SigtermCierraCon1001YSaleConCero) {
  // El programa de verdad, no el servidor dentro de las pruebas: así se prueba
  // también la señal (stop_on_signals) y el código de salida.
  taller::testing::child_process program("p01-servidor", {"--port", "0", "--address", "127.0.0.1"});
  ASSERT_TRUE(program.started()) << "Paso 4: no se pudo lanzar p01-servidor: " << program.error();
  const auto port = program.wait_for_port(5s);
  ASSERT_TRUE(port) << "Paso 4: p01-servidor debe anunciar su puerto (localhost:<puerto>) en "
                    << "menos de 5 s; " << program.error();
  ws_client c;
  ASSERT_TRUE(c.connect(*port, "/ws?channel=senal"))
      << "Paso 4: no se pudo conectar a p01-servidor: " << c.error();
  ASSERT_TRUE(c.read_until_type("connection"))
      << "Paso 4: al conectar debe llegar la bienvenida {\"type\":\"connection\"} (Paso 1); "
      << c.error();
  ASSERT_TRUE(c.send_text(R"({"type":"broadcast","data":1})"))
      << "Paso 4: no se pudo enviar el broadcast: " << c.error();
  ASSERT_TRUE(c.read_until_type("broadcast")) << "Paso 4: la difusión debe volver al remitente";
  program.signal(SIGTERM);
  auto closed = c.wait_close(3s);
  ASSERT_TRUE(closed) << "Paso 4: con SIGTERM el servidor debe cerrar cada conexión; " << c.error();
  EXPECT_EQ(closed->code, 1001) << "Paso 4: el cierre por apagado usa 1001 (going away)";
  EXPECT_EQ(program.wait_exit(2s), std::optional<int>(0))
      << "Paso 4: tras SIGTERM el proceso debe terminar con código 0 en menos de 2 s";
}

}  // namespace
}  // namespace p01::testing
