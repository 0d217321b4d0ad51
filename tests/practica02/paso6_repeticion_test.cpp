// Paso 6 — Last-Event-ID (repetición) y heartbeat.
#include <algorithm>

#include "servidor_de_prueba.hpp"

namespace p02::testing {
namespace {

// Publica n difusiones en el canal y devuelve sus ids tal como los vio un flujo.
std::vector<std::string> publish_and_read(running_server& s, sse_client& c,
                                          const std::string& channel, int from, int n) {
  std::vector<std::string> ids;
  for (int i = from; i < from + n; ++i) {
    EXPECT_TRUE(s.post("/sse/broadcast/" + channel, R"({"n":)" + std::to_string(i) + "}"))
        << "Paso 6: POST /sse/broadcast/" << channel << " no respondió (difusión " << i << ")";
    auto m = c.next_of("broadcast", 3s);
    if (!m) {  // la primera que falta basta: no se espera por las demás
      ADD_FAILURE() << "Paso 6: el flujo del canal " << channel << " no recibió la difusión " << i;
      break;
    }
    ids.push_back(m->id);
  }
  return ids;
}

TEST(Paso6_RepeticionYHeartbeat, ReconectarConLastEventIdRepiteLoPerdido) {
  running_server s;
  std::vector<std::string> seen;
  {
    sse_client c;
    ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=r"))
        << "Paso 6: no se pudo abrir el flujo del canal r";
    seen = publish_and_read(s, c, "r", 0, 3);
  }  // el cliente se va después de ver 0, 1 y 2
  ASSERT_EQ(seen.size(), 3u)
      << "Paso 6: el primer flujo debe recibir las difusiones 0, 1 y 2; recibió " << seen.size();
  for (int i = 3; i < 6; ++i)  // mientras tanto se publican 3, 4 y 5
    ASSERT_TRUE(s.post("/sse/broadcast/r", R"({"n":)" + std::to_string(i) + "}"))
        << "Paso 6: POST /sse/broadcast/r no respondió (difusión " << i << ")";
  sse_client back;
  ASSERT_NO_FATAL_FAILURE(
      open_connected(back, s, "/sse/events?channel=r", {{"Last-Event-ID", seen.back()}}))
      << "Paso 6: no se pudo volver al canal r con Last-Event-ID " << seen.back();
  for (int want = 3; want < 6; ++want) {
    auto m = back.next_of("broadcast", 3s);
    ASSERT_TRUE(m) << "Paso 6: al volver con Last-Event-ID " << seen.back()
                   << " deben repetirse las difusiones 3, 4 y 5; falta la " << want;
    EXPECT_EQ(m->json().value("n", -1), want)
        << "Paso 6: en orden y sin duplicados; llegó " << describe(m);
  }
  // Y después sigue en vivo, sin repetir nada.
  ASSERT_TRUE(s.post("/sse/broadcast/r", R"({"n":6})"))
      << "Paso 6: POST /sse/broadcast/r no respondió (difusión 6)";
  auto live = back.next_of("broadcast", 3s);
  ASSERT_TRUE(live) << "Paso 6: tras la repetición, la difusión 6 debe llegar en vivo";
  EXPECT_EQ(live->json().value("n", -1), 6)
      << "Paso 6: tras la repetición llega en vivo la difusión 6, sin repetir nada; llegó "
      << describe(live);
}

TEST(Paso6_RepeticionYHeartbeat, ElParametroLastEventIdTambienVale) {
  running_server s;
  sse_client c;
  ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=q"))
      << "Paso 6: no se pudo abrir el flujo del canal q";
  auto ids = publish_and_read(s, c, "q", 0, 2);
  ASSERT_EQ(ids.size(), 2u) << "Paso 6: el flujo debe recibir las difusiones 0 y 1; recibió "
                            << ids.size();
  sse_client back;
  ASSERT_NO_FATAL_FAILURE(open_connected(back, s, "/sse/events?channel=q&last_event_id=" + ids[0]))
      << "Paso 6: no se pudo volver al canal q con ?last_event_id=" << ids[0];
  auto m = back.next_of("broadcast", 3s);
  ASSERT_TRUE(m) << "Paso 6: ?last_event_id= funciona como la cabecera Last-Event-ID";
  EXPECT_EQ(m->json().value("n", -1), 1)
      << "Paso 6: con ?last_event_id=" << ids[0]
      << " se repite solo la difusión 1, la posterior a ese id; llegó " << describe(m);
}

TEST(Paso6_RepeticionYHeartbeat, UnIdMasViejoQueElBuferRecibeReset) {
  server_options o = test_options();
  o.replay = 4;
  running_server s(o);
  sse_client c;
  ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=v"))
      << "Paso 6: no se pudo abrir el flujo del canal v";
  auto ids = publish_and_read(s, c, "v", 0, 10);  // el búfer guarda solo las 4 últimas
  ASSERT_EQ(ids.size(), 10u) << "Paso 6: el flujo debe recibir las difusiones 0 a 9; recibió "
                             << ids.size();
  sse_client back;
  ASSERT_NO_FATAL_FAILURE(
      open_connected(back, s, "/sse/events?channel=v", {{"Last-Event-ID", ids[1]}}))
      << "Paso 6: no se pudo volver al canal v con Last-Event-ID " << ids[1];
  auto first = back.next(3s);
  ASSERT_TRUE(first) << "Paso 6: tras connected debe llegar algo";
  EXPECT_EQ(first->event, "reset")
      << "Paso 6: si el id es más antiguo que el búfer, primero un evento reset; llegó "
      << describe(first);
  std::vector<int> got;
  for (int i = 0; i < 4; ++i) {
    auto m = back.next_of("broadcast", 3s);
    ASSERT_TRUE(m) << "Paso 6: después, las 4 difusiones que quedan en el búfer";
    got.push_back(m->json().value("n", -1));
  }
  EXPECT_EQ(got, (std::vector<int>{6, 7, 8, 9})) << "Paso 6: las 4 últimas, en orden";
}

TEST(Paso6_RepeticionYHeartbeat, HeartbeatPeriodico) {
  server_options o = test_options();
  o.heartbeat = 300ms;
  running_server s(o);
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/sse/events?channel=silencio"))
      << "Paso 6: GET /sse/events?channel=silencio no respondió";
  for (int i = 0; i < 2; ++i) {
    auto hb = c.next_comment(3s);
    ASSERT_TRUE(hb) << "Paso 6: con heartbeat = 300 ms deben llegar comentarios \": heartbeat …\"";
    EXPECT_EQ(hb->data.rfind(" heartbeat", 0), 0u)
        << "Paso 6: el comentario empieza por heartbeat; llegó \":" << hb->data << "\"";
  }
}

}  // namespace
}  // namespace p02::testing
