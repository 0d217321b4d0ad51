// Paso 6 — los ids sobreviven a un reinicio: siguen creciendo, y un
// Last-Event-ID que el servidor no puede servir exactamente (de la ejecución
// anterior, o que nunca emitió) recibe primero un evento reset.
#include <signal.h>

#include "servidor_de_prueba.hpp"
#include "taller_test/process.hpp"

namespace p02::testing {
namespace {

// Arranca p02-servidor de verdad (otro proceso), difunde en el canal r y
// devuelve el id de la difusión; después lo para con SIGTERM.
std::optional<std::uint64_t> one_run_id() {
  taller::testing::child_process program("p02-servidor", {"--port", "0", "--address", "127.0.0.1"});
  EXPECT_TRUE(program.started()) << "Paso 6: no arrancó p02-servidor: " << program.error();
  const auto port = program.wait_for_port(5s);
  EXPECT_TRUE(port) << "Paso 6: p02-servidor no dijo su puerto: " << program.error();
  if (!port) return std::nullopt;
  sse_client c;
  EXPECT_TRUE(c.open(*port, "/sse/events?channel=r")) << "Paso 6: /sse/events no respondió";
  httplib::Client http("127.0.0.1", *port);
  http.set_read_timeout(3, 0);
  auto res = http.Post("/sse/broadcast/r", R"({"n":1})", "application/json");
  EXPECT_TRUE(res && res->status == 200) << "Paso 6: POST /sse/broadcast/r debe responder 200";
  auto m = c.next_of("broadcast", 3s);
  EXPECT_TRUE(m) << "Paso 6: la difusión debe llegar al flujo del canal r";
  program.signal(SIGTERM);
  program.wait_exit(3s);
  if (!m) return std::nullopt;
  return std::stoull(m->id);
}

TEST(Paso6_RepeticionYHeartbeat, LosIdsSiguenCreciendoTrasReiniciar) {
  const auto before = one_run_id();
  ASSERT_TRUE(before) << "Paso 6: no se obtuvo el id de la primera ejecución";
  const auto after = one_run_id();
  ASSERT_TRUE(after) << "Paso 6: no se obtuvo el id de la segunda ejecución";
  EXPECT_GT(*after, *before)
      << "Paso 6: tras reiniciar, los ids siguen creciendo (empiezan en first_id_from_clock): "
         "un cliente que vuelve con Last-Event-ID no puede recibir un id repetido; antes "
      << *before << ", después " << *after;
}

TEST(Paso6_RepeticionYHeartbeat, UnIdQueNoEsDeEstaEjecucionRecibeReset) {
  running_server s;
  sse_client c;
  ASSERT_NO_FATAL_FAILURE(open_connected(c, s, "/sse/events?channel=x"))
      << "Paso 6: no se pudo abrir el flujo del canal x";
  auto res = s.post("/sse/broadcast/x", R"({"n":1})");
  ASSERT_TRUE(res && res->status == 200) << "Paso 6: POST /sse/broadcast/x debe responder 200";
  auto m = c.next_of("broadcast", 3s);
  ASSERT_TRUE(m) << "Paso 6: la difusión debe llegar al flujo del canal x";
  const std::uint64_t current = std::stoull(m->id);
  const struct {
    std::string id;
    const char* why;
  } cases[] = {
      {"1", "un id de una ejecución anterior (menor que el primero de esta)"},
      {std::to_string(current + 1000000), "un id que este servidor nunca emitió"},
  };
  for (const auto& k : cases) {
    sse_client back;
    ASSERT_NO_FATAL_FAILURE(open_connected(back, s, "/sse/events?channel=x",
                                           {{"Last-Event-ID", k.id}}))
        << "Paso 6: no se pudo volver al canal x con Last-Event-ID " << k.id;
    auto first = back.next(3s);
    ASSERT_TRUE(first) << "Paso 6: tras connected debe llegar algo";
    EXPECT_EQ(first->event, "reset")
        << "Paso 6: con " << k.why << " (Last-Event-ID: " << k.id
        << ") no se puede repetir lo perdido: primero un evento reset; llegó " << describe(first);
  }
}

}  // namespace
}  // namespace p02::testing
