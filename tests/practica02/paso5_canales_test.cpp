// Paso 5 — canales, difusión y notificaciones.
#include <thread>

#include "servidor_de_prueba.hpp"

namespace p02::testing {
namespace {

TEST(Paso5_CanalesYNotificaciones, PrimeroLlegaConnected) {
  running_server s;
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/sse/events?channel=sala&user_id=ana"))
      << "Paso 5: GET /sse/events?channel=sala&user_id=ana no respondió";
  auto m = c.next(3s);
  ASSERT_TRUE(m) << "Paso 5: al abrir /sse/events debe llegar un evento";
  EXPECT_EQ(m->event, "connected")
      << "Paso 5: el primer evento es connected; llegó " << describe(m);
  json d = m->json();
  EXPECT_EQ(d.value("channel", ""), "sala")
      << "Paso 5: connected debe llevar channel \"sala\"; llegó " << d;
  EXPECT_EQ(d.value("user_id", ""), "ana")
      << "Paso 5: connected debe llevar user_id \"ana\"; llegó " << d;
  EXPECT_TRUE(d.contains("timestamp") && d.contains("message"))
      << "Paso 5: connected debe llevar timestamp y message; llegó " << d;
  EXPECT_FALSE(m->id.empty()) << "Paso 5: todo evento lleva id:, también connected; llegó "
                              << describe(m);
}

TEST(Paso5_CanalesYNotificaciones, LaDifusionSoloLlegaASuCanal) {
  running_server s;
  sse_client a, b;
  ASSERT_NO_FATAL_FAILURE(open_connected(a, s, "/sse/events?channel=a"))
      << "Paso 5: no se pudo abrir el flujo del canal a";
  ASSERT_NO_FATAL_FAILURE(open_connected(b, s, "/sse/events?channel=b"))
      << "Paso 5: no se pudo abrir el flujo del canal b";
  auto res = s.post("/sse/broadcast/a?sender=profe", R"({"texto":"para a"})");
  ASSERT_TRUE(res) << "Paso 5: POST /sse/broadcast/a no respondió";
  ASSERT_EQ(res->status, 200) << "Paso 5: POST /sse/broadcast/a debe responder 200; llegó "
                              << res->status << " " << res->body;
  json answer = json::parse(res->body);
  EXPECT_EQ(answer.value("status", ""), "sent")
      << "Paso 5: la respuesta a una difusión lleva status \"sent\"; llegó " << answer;
  EXPECT_EQ(answer.value("delivered", -1), 1)
      << "Paso 5: delivered debe ser 1, hay un flujo en el canal a; llegó " << answer;
  auto m = a.next_of("broadcast", 3s);
  ASSERT_TRUE(m) << "Paso 5: el flujo del canal a debe recibir la difusión";
  json d = m->json();
  EXPECT_EQ(d.value("texto", ""), "para a")
      << "Paso 5: la difusión lleva el cuerpo enviado (texto \"para a\"); llegó " << d;
  EXPECT_EQ(d.value("channel", ""), "a")
      << "Paso 5: la difusión debe llevar channel \"a\"; llegó " << d;
  EXPECT_EQ(d.value("sender", ""), "profe")
      << "Paso 5: la difusión debe llevar sender \"profe\" (de ?sender=); llegó " << d;
  EXPECT_TRUE(d.contains("timestamp")) << "Paso 5: la difusión debe llevar timestamp; llegó " << d;
  // b recibe la siguiente difusión de su canal, no la de a.
  ASSERT_TRUE(s.post("/sse/broadcast/b", R"({"texto":"para b"})"))
      << "Paso 5: POST /sse/broadcast/b no respondió";
  auto mb = b.next_of("broadcast", 3s);
  ASSERT_TRUE(mb) << "Paso 5: el flujo del canal b debe recibir su difusión";
  EXPECT_EQ(mb->json().value("texto", ""), "para b")
      << "Paso 5: el canal b no debe recibir la difusión del canal a; llegó " << describe(mb);
}

TEST(Paso5_CanalesYNotificaciones, LaNotificacionSoloLlegaASuUsuario) {
  running_server s;
  sse_client ana1, ana2, bea;
  ASSERT_NO_FATAL_FAILURE(open_connected(ana1, s, "/sse/events?channel=general&user_id=ana"))
      << "Paso 5: no se pudo abrir el flujo de ana en el canal general";
  ASSERT_NO_FATAL_FAILURE(open_connected(ana2, s, "/sse/notifications/ana"))
      << "Paso 5: no se pudo abrir /sse/notifications/ana";
  ASSERT_NO_FATAL_FAILURE(open_connected(bea, s, "/sse/events?channel=general&user_id=bea"))
      << "Paso 5: no se pudo abrir el flujo de bea en el canal general";
  auto res =
      s.post("/sse/notify/ana", R"({"title":"Hola","message":"solo para ti","level":"success"})");
  ASSERT_TRUE(res) << "Paso 5: POST /sse/notify/ana no respondió";
  ASSERT_EQ(res->status, 200) << "Paso 5: POST /sse/notify/ana debe responder 200; llegó "
                              << res->status << " " << res->body;
  EXPECT_EQ(json::parse(res->body).value("delivered", -1), 2)
      << "Paso 5: delivered debe ser 2, ana tiene dos flujos abiertos; llegó " << res->body;
  for (sse_client* c : {&ana1, &ana2}) {
    auto m = c->next_of("notification", 3s);
    ASSERT_TRUE(m) << "Paso 5: cada flujo de ana recibe la notificación";
    EXPECT_EQ(m->json().value("title", ""), "Hola")
        << "Paso 5: la notificación debe llevar title \"Hola\"; llegó " << describe(m);
    EXPECT_EQ(m->json().value("level", ""), "success")
        << "Paso 5: la notificación debe llevar level \"success\"; llegó " << describe(m);
  }
  ASSERT_TRUE(s.post("/sse/notify/bea", R"({"title":"Para bea","message":"m"})"))
      << "Paso 5: POST /sse/notify/bea no respondió";
  auto mb = bea.next_of("notification", 3s);
  ASSERT_TRUE(mb) << "Paso 5: bea recibe su notificación";
  EXPECT_EQ(mb->json().value("title", ""), "Para bea")
      << "Paso 5: bea no debe recibir la notificación de ana; llegó " << describe(mb);
  EXPECT_EQ(mb->json().value("level", ""), "info")
      << "Paso 5: sin level en el cuerpo, level es \"info\"; llegó " << describe(mb);
}

TEST(Paso5_CanalesYNotificaciones, ActualizacionDeTareaEnElCanalTasks) {
  running_server s;
  sse_client c;
  ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=tasks"))
      << "Paso 5: no se pudo abrir el flujo del canal tasks";
  auto res = s.post("/sse/task-update",
                    R"({"task_id":"t1","progress":40,"status":"running","message":"copiando"})");
  ASSERT_TRUE(res) << "Paso 5: POST /sse/task-update no respondió";
  EXPECT_EQ(res->status, 200) << "Paso 5: POST /sse/task-update debe responder 200; llegó "
                              << res->status << " " << res->body;
  auto m = c.next_of("task_update", 3s);
  ASSERT_TRUE(m) << "Paso 5: el canal tasks recibe task_update";
  json d = m->json();
  EXPECT_EQ(d.value("task_id", ""), "t1")
      << "Paso 5: task_update debe llevar task_id \"t1\"; llegó " << describe(m);
  EXPECT_EQ(d.value("progress", -1), 40)
      << "Paso 5: task_update debe llevar progress 40; llegó " << describe(m);
  EXPECT_TRUE(d.contains("timestamp"))
      << "Paso 5: task_update debe llevar timestamp; llegó " << describe(m);
}

TEST(Paso5_CanalesYNotificaciones, CuerposInvalidosDan4xxConElCampo) {
  running_server s;
  struct caso {
    const char* path;
    const char* body;
    int status;
    const char* field;
  };
  const caso casos[] = {
      {"/sse/notify/ana", "{no es json", 400, "body"},
      {"/sse/notify/ana", R"({"message":"sin título"})", 422, "title"},
      {"/sse/notify/ana", R"({"title":"t","message":"m","level":"grave"})", 422, "level"},
      {"/sse/task-update", R"({"task_id":"t","progress":140,"status":"x"})", 422, "progress"},
      {"/sse/task-update", R"({"task_id":"t","status":"x"})", 422, "progress"},
      {"/sse/task-update", R"({"task_id":"t","progress":"40","status":"x"})", 422, "progress"},
      {"/sse/task-update", R"({"task_id":"t","progress":null,"status":"x"})", 422, "progress"},
      {"/sse/task-update", R"({"progress":5,"status":"x"})", 422, "task_id"},
      {"/sse/broadcast/mal%20canal", "{}", 400, "channel"},
  };
  for (const caso& c : casos) {
    auto res = s.post(c.path, c.body);
    ASSERT_TRUE(res) << "Paso 5: el servidor no respondió a POST " << c.path << " con " << c.body;
    EXPECT_EQ(res->status, c.status)
        << "Paso 5: POST " << c.path << " con " << c.body << " debe dar " << c.status << "; llegó "
        << res->status << " " << res->body;
    json body = json::parse(res->body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.value("field", "") == c.field)
        << "Paso 5: el error debe nombrar el campo \"" << c.field << "\"; llegó " << res->body;
  }
  // Después de todo eso el servidor sigue atendiendo.
  auto ok = s.post("/sse/notify/ana", R"({"title":"t","message":"m"})");
  ASSERT_TRUE(ok) << "Paso 5: tras los cuerpos inválidos, POST /sse/notify/ana no respondió";
  EXPECT_EQ(ok->status, 200)
      << "Paso 5: tras los cuerpos inválidos, una notificación válida debe dar 200; llegó "
      << ok->status << " " << ok->body;
}

TEST(Paso5_CanalesYNotificaciones, EstadisticasDeConexiones) {
  running_server s;
  sse_client a1, a2, b;
  ASSERT_NO_FATAL_FAILURE(open_connected(a1, s, "/sse/events?channel=a&user_id=ana"))
      << "Paso 5: no se pudo abrir el primer flujo de ana en el canal a";
  ASSERT_NO_FATAL_FAILURE(open_connected(a2, s, "/sse/events?channel=a&user_id=ana"))
      << "Paso 5: no se pudo abrir el segundo flujo de ana en el canal a";
  ASSERT_NO_FATAL_FAILURE(open_connected(b, s, "/sse/events?channel=b&user_id=bea"))
      << "Paso 5: no se pudo abrir el flujo de bea en el canal b";
  auto res = s.get("/sse/stats");
  ASSERT_TRUE(res) << "Paso 5: GET /sse/stats no respondió";
  json st = json::parse(res->body, nullptr, false);
  EXPECT_EQ(st.value("total_connections", -1), 3)
      << "Paso 5: /sse/stats debe contar total_connections 3; llegó " << st;
  EXPECT_EQ(st["channels"].value("a", -1), 2)
      << "Paso 5: /sse/stats debe contar 2 flujos en channels.a; llegó " << st;
  EXPECT_EQ(st["channels"].value("b", -1), 1)
      << "Paso 5: /sse/stats debe contar 1 flujo en channels.b; llegó " << st;
  EXPECT_EQ(st.value("users_connected", -1), 2)
      << "Paso 5: users_connected debe ser 2 (ana y bea); llegó " << st;
}

TEST(Paso5_CanalesYNotificaciones, UnFlujoConVariosCanales) {
  running_server s;
  sse_client c;
  // Como el panel de la práctica 04: un solo EventSource para varios canales.
  ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=x,y"))
      << "Paso 5: no se pudo abrir el flujo de los canales x,y";
  for (const char* channel : {"x", "y"}) {
    auto res = s.post(std::string("/sse/broadcast/") + channel, R"({"texto":"hola"})");
    ASSERT_TRUE(res) << "Paso 5: POST /sse/broadcast/" << channel << " no respondió";
    EXPECT_EQ(json::parse(res->body, nullptr, false).value("delivered", -1), 1)
        << "Paso 5: delivered debe ser 1, el flujo de x,y está en el canal " << channel
        << "; llegó " << res->body;
    auto m = c.next_of("broadcast", 3s);
    ASSERT_TRUE(m) << "Paso 5: la difusión a " << channel << " debe llegar al flujo de x,y";
    EXPECT_EQ(m->json().value("channel", ""), channel)
        << "Paso 5: la difusión debe llevar channel \"" << channel << "\"; llegó " << describe(m);
    EXPECT_EQ(m->json().value("texto", ""), "hola")
        << "Paso 5: la difusión debe llevar el texto \"hola\" enviado; llegó " << describe(m);
  }
  auto stats = json::parse(s.get("/sse/stats")->body, nullptr, false);
  EXPECT_EQ(stats.value("total_connections", -1), 1)
      << "Paso 5: total_connections debe ser 1, es un solo flujo; llegó " << stats;
  auto bad = s.get("/sse/events?channel=x,mal%20canal");
  ASSERT_TRUE(bad) << "Paso 5: GET /sse/events?channel=x,mal%20canal no respondió";
  EXPECT_EQ(bad->status, 400) << "Paso 5: un canal inválido en la lista da 400; llegó "
                              << bad->status << " " << bad->body;
}

TEST(Paso5_CanalesYNotificaciones, DoscientosFlujosRecibenUnaDifusion) {
  running_server s;
  constexpr int n = 200;
  std::vector<std::unique_ptr<sse_client>> clients;
  for (int i = 0; i < n; ++i) {
    clients.push_back(std::make_unique<sse_client>());
    ASSERT_NO_FATAL_FAILURE(open_connected(*clients.back(), s, "/sse/events?channel=masivo"))
        << "Paso 5: no se pudo abrir el flujo " << i << " de " << n << " del canal masivo";
    ASSERT_FALSE(HasFatalFailure()) << "Paso 5: falló el flujo " << i;
  }
  auto res = s.post("/sse/broadcast/masivo", R"({"texto":"a todos"})");
  ASSERT_TRUE(res) << "Paso 5: POST /sse/broadcast/masivo no respondió";
  EXPECT_EQ(json::parse(res->body).value("delivered", -1), n)
      << "Paso 5: delivered debe ser " << n << " (un flujo por cliente); llegó " << res->body;
  for (int i = 0; i < n; ++i) {
    auto m = clients[i]->next_of("broadcast", 5s);
    ASSERT_TRUE(m) << "Paso 5: el flujo " << i << " de " << n << " no recibió la difusión";
    EXPECT_EQ(m->json().value("channel", ""), "masivo")
        << "Paso 5: la difusión debe llevar channel \"masivo\"; llegó " << describe(m);
  }
}

}  // namespace
}  // namespace p02::testing
