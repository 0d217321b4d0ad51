// Paso 5 — actividad: quién entra y quién sale, y cuántos hay en línea.
#include <gmock/gmock.h>

#include "p01/channel_hub.hpp"
#include "p01/messages.hpp"
#include "servidor_de_prueba.hpp"

namespace p01::testing {
namespace {

using json = nlohmann::json;

// Un suscriptor falso que guarda lo que recibe.
class recording_subscriber : public subscriber {
 public:
  void deliver(frame msg) override { received.push_back(json::parse(*msg)); }
  void shutdown() override {}
  std::vector<json> received;
};

TEST(Paso5_Actividad, MensajeDeActividadTieneLosCampos) {
  json m = json::parse(make_activity("join", {"sala", "ana", "c1"}, 4));
  EXPECT_EQ(m.value("type", ""), "activity")
      << "Paso 5: el aviso debe tener type=activity; llegó " << m;
  EXPECT_EQ(m.value("event", ""), "join") << "Paso 5: event es join o leave; llegó " << m;
  EXPECT_EQ(m.value("channel", ""), "sala") << "Paso 5: falta channel; llegó " << m;
  EXPECT_EQ(m.value("user_id", ""), "ana") << "Paso 5: falta user_id; llegó " << m;
  EXPECT_EQ(m.value("online", -1), 4) << "Paso 5: online es el número de conexiones; llegó " << m;
}

TEST(Paso5_Actividad, ElRegistroAvisaAlObservador) {
  channel_hub hub;
  auto watcher = std::make_shared<recording_subscriber>();
  auto member = std::make_shared<recording_subscriber>();
  hub.watch(100, watcher);
  ASSERT_EQ(watcher->received.size(), 1u) << "Paso 5: al observar se recibe la foto inicial (snapshot)";
  EXPECT_EQ(watcher->received[0].value("event", ""), "snapshot")
      << "Paso 5: el primer aviso debe ser event=snapshot; llegó " << watcher->received[0];
  EXPECT_EQ(watcher->received[0].value("online", -1), 0)
      << "Paso 5: sin conexiones, el snapshot lleva online=0; llegó " << watcher->received[0];

  hub.join({"sala", "ana", "c1"}, 1, member);
  ASSERT_EQ(watcher->received.size(), 2u) << "Paso 5: join debe avisar al observador";
  EXPECT_EQ(watcher->received[1].value("event", ""), "join")
      << "Paso 5: tras join el aviso debe ser event=join; llegó " << watcher->received[1];
  EXPECT_EQ(watcher->received[1].value("online", -1), 1)
      << "Paso 5: tras un join, online debe ser 1; llegó " << watcher->received[1];

  hub.leave({"sala", "ana", "c1"}, 1);
  ASSERT_EQ(watcher->received.size(), 3u) << "Paso 5: leave debe avisar al observador";
  EXPECT_EQ(watcher->received[2].value("event", ""), "leave")
      << "Paso 5: tras leave el aviso debe ser event=leave; llegó " << watcher->received[2];
  EXPECT_EQ(watcher->received[2].value("online", -1), 0)
      << "Paso 5: tras el leave, online debe volver a 0; llegó " << watcher->received[2];

  hub.unwatch(100);
  hub.join({"sala", "bea", "c2"}, 2, member);
  EXPECT_EQ(watcher->received.size(), 3u)
      << "Paso 5: tras unwatch ya no llegan avisos; último recibido: " << watcher->received.back();
}

TEST(Paso5_Actividad, SnapshotYJoinLeaveDeExtremoAExtremo) {
  running_server s;
  ws_client first = connect_welcomed(s, "/ws?channel=a&user_id=ana");
  ws_client watcher = s.connect("/ws/activity");
  auto snap = watcher.read_json();
  ASSERT_TRUE(snap) << "Paso 5: al conectar a /ws/activity llega un snapshot; " << watcher.error();
  EXPECT_EQ(snap->value("event", ""), "snapshot")
      << "Paso 5: el primer mensaje de /ws/activity debe ser event=snapshot; llegó " << *snap;
  EXPECT_EQ(snap->value("online", -1), 1) << "Paso 5: hay una conexión /ws abierta; llegó " << *snap;

  ws_client second = connect_welcomed(s, "/ws?channel=b&user_id=bea");
  auto join = watcher.read_json();
  ASSERT_TRUE(join) << "Paso 5: al abrir otra conexión llega un join; " << watcher.error();
  EXPECT_EQ(join->value("event", ""), "join")
      << "Paso 5: al abrir otra conexión se espera event=join; llegó " << *join;
  EXPECT_EQ(join->value("user_id", ""), "bea")
      << "Paso 5: el join debe llevar el user_id de la conexión (\"bea\"); llegó " << *join;
  EXPECT_EQ(join->value("channel", ""), "b")
      << "Paso 5: el join debe llevar el canal de la conexión (\"b\"); llegó " << *join;
  EXPECT_EQ(join->value("online", -1), 2)
      << "Paso 5: con dos conexiones /ws abiertas, online debe ser 2; llegó " << *join;

  second.close();
  auto leave = watcher.read_json();
  ASSERT_TRUE(leave) << "Paso 5: al cerrar una conexión llega un leave; " << watcher.error();
  EXPECT_EQ(leave->value("event", ""), "leave")
      << "Paso 5: al cerrar una conexión se espera event=leave; llegó " << *leave;
  EXPECT_EQ(leave->value("user_id", ""), "bea")
      << "Paso 5: el leave debe llevar el user_id de quien se fue (\"bea\"); llegó " << *leave;
  EXPECT_EQ(leave->value("online", -1), 1)
      << "Paso 5: tras cerrar una de las dos conexiones, online debe ser 1; llegó " << *leave;
}

}  // namespace
}  // namespace p01::testing
