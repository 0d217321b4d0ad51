// Paso 5 — el "sender" de una difusión: el del cuerpo si es un texto; si no, el
// de ?sender=; y si tampoco viene, "api".
#include "servidor_de_prueba.hpp"

namespace p02::testing {
namespace {

TEST(Paso5_CanalesYNotificaciones, ElRemitenteDelCuerpoSeConserva) {
  running_server s;
  sse_client c;
  ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=r"))
      << "Paso 5: no se pudo abrir el flujo del canal r";
  struct case_t {
    const char* target;
    const char* body;
    const char* expected;
    const char* why;
  };
  const case_t cases[] = {
      {"/sse/broadcast/r?sender=profe", R"({"sender":"ana","n":1})", "ana",
       "el sender del cuerpo, si es un texto, se conserva aunque venga ?sender="},
      {"/sse/broadcast/r?sender=profe", R"({"sender":42,"n":2})", "profe",
       "un sender que no es texto se sustituye por el de ?sender="},
      {"/sse/broadcast/r", R"({"n":3})", "api", "sin sender en el cuerpo ni en la URL, es \"api\""},
  };
  for (const auto& k : cases) {
    auto res = s.post(k.target, k.body);
    ASSERT_TRUE(res) << "Paso 5: POST " << k.target << " no respondió";
    ASSERT_EQ(res->status, 200) << "Paso 5: POST " << k.target << " con " << k.body
                                << " debe responder 200; llegó " << res->status << " "
                                << res->body;
    auto m = c.next_of("broadcast", 3s);
    ASSERT_TRUE(m) << "Paso 5: la difusión " << k.body << " debe llegar al flujo del canal r";
    const json d = m->json();
    EXPECT_EQ(d.value("sender", json()), json(k.expected))
        << "Paso 5: " << k.why << ": POST " << k.target << " con " << k.body
        << " debe llegar con \"sender\":\"" << k.expected << "\"; llegó " << m->data;
  }
}

}  // namespace
}  // namespace p02::testing
