// Paso 4 — /metrics/stream con un solo muestreo para todos.
#include <signal.h>

#include "servidor_de_prueba.hpp"
#include "taller_test/process.hpp"

namespace p02::testing {
namespace {

TEST(Paso4_FlujoDeMetricas, CabecerasDeUnFlujoSse) {
  running_server s;
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/metrics/stream")) << "Paso 4: /metrics/stream no respondió";
  EXPECT_EQ(c.status(), 200) << "Paso 4: un flujo SSE responde 200; llegó " << c.status();
  EXPECT_EQ(c.header("Content-Type"), "text/event-stream")
      << "Paso 4: Content-Type debe ser text/event-stream; llegó \"" << c.header("Content-Type")
      << "\"";
  EXPECT_EQ(c.header("Cache-Control"), "no-cache")
      << "Paso 4: Cache-Control debe ser no-cache; llegó \"" << c.header("Cache-Control") << "\"";
  EXPECT_EQ(c.header("X-Accel-Buffering"), "no")
      << "Paso 4: X-Accel-Buffering debe ser no (si no, un proxy nginx retiene los eventos); "
         "llegó \""
      << c.header("X-Accel-Buffering") << "\"";
  ASSERT_TRUE(c.next(3s)) << "Paso 4: tras la cabecera debe llegar algún evento";
  EXPECT_EQ(c.raw_start().rfind("retry: ", 0), 0u)
      << "Paso 4: lo primero del cuerpo es la línea retry:; llegó \"" << c.raw_start().substr(0, 40)
      << "\"";
}

TEST(Paso4_FlujoDeMetricas, UnEventoMetricsPorIntervalo) {
  running_server s;  // intervalo de 200 ms
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/metrics/stream")) << "Paso 4: /metrics/stream no respondió";
  auto first = c.next_of("metrics", 3s);
  ASSERT_TRUE(first) << "Paso 4: con interval = 200 ms debe llegar un evento metrics enseguida";
  auto second = c.next_of("metrics", 3s);
  ASSERT_TRUE(second) << "Paso 4: y otro en el intervalo siguiente";
  json m = second->json();
  for (const char* key :
       {"timestamp", "cpu", "memory", "disk", "network", "process", "load_average", "uptime_s"})
    EXPECT_TRUE(m.contains(key)) << "Paso 4: la muestra debe llevar \"" << key << "\"; llegó " << m;
  EXPECT_NE(first->id, second->id)
      << "Paso 4: cada evento tiene su propio id; los dos llegaron con id " << first->id;
}

TEST(Paso4_FlujoDeMetricas, UnaMuestraParaTodosLosClientes) {
  running_server s;
  sse_client a, b;
  ASSERT_TRUE(a.open(s.port(), "/metrics/stream") && b.open(s.port(), "/metrics/stream"))
      << "Paso 4: /metrics/stream no respondió a uno de los dos clientes";
  // Los dos clientes reciben el mismo evento (mismo id y mismos datos): se
  // muestrea una vez por intervalo, no una vez por cliente.
  auto ma = a.next_of("metrics", 3s);
  ASSERT_TRUE(ma) << "Paso 4: no llegó ninguna muestra al primer cliente";
  std::optional<sse_message> mb;
  do {
    mb = b.next_of("metrics", 3s);
  } while (mb && std::stoull(mb->id) < std::stoull(ma->id));
  ASSERT_TRUE(mb) << "Paso 4: no llegó al segundo cliente la muestra " << ma->id;
  EXPECT_EQ(mb->id, ma->id) << "Paso 4: los dos clientes deben recibir la misma muestra (id "
                            << ma->id << "); al segundo le llegó el id " << mb->id;
  EXPECT_EQ(mb->data, ma->data) << "Paso 4: una sola muestra alimenta a todos los clientes";
}

TEST(Paso4_FlujoDeMetricas, SystemStatsDevuelveLaUltimaMuestra) {
  running_server s;
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/metrics/stream")) << "Paso 4: /metrics/stream no respondió";
  auto m = c.next_of("metrics", 3s);
  ASSERT_TRUE(m) << "Paso 4: no llegó ninguna muestra";
  auto res = s.get("/api/system-stats");
  ASSERT_TRUE(res) << "Paso 4: GET /api/system-stats no respondió";
  EXPECT_EQ(res->status, 200) << "Paso 4: GET /api/system-stats debe responder 200; llegó "
                              << res->status << " " << res->body;
  json body = json::parse(res->body, nullptr, false);
  EXPECT_TRUE(body.is_object() && body.contains("cpu") && body.contains("memory"))
      << "Paso 4: /api/system-stats devuelve una muestra; llegó " << res->body;
}

}  // namespace
}  // namespace p02::testing

namespace p02::testing {
namespace {

TEST(Paso4_FlujoDeMetricas, LosRegistrosDelServidorLleganPorSseLogs) {
  running_server s;
  sse_client logs;
  ASSERT_TRUE(logs.open(s.port(), "/sse/logs")) << "Paso 4: /sse/logs no respondió";
  auto res = s.post("/sse/broadcast/general", R"({"texto":"hola"})");
  ASSERT_TRUE(res) << "Paso 4: POST /sse/broadcast/general no respondió";
  auto entry = logs.next_of("log_entry", 3s);
  ASSERT_TRUE(entry) << "Paso 4: cada petición a la API deja un registro log_entry en /sse/logs";
  json m = entry->json();
  for (const char* key : {"level", "service", "message", "timestamp", "request_id"})
    EXPECT_TRUE(m.contains(key)) << "Paso 4: log_entry lleva \"" << key << "\"; llegó " << m;
}

TEST(Paso4_FlujoDeMetricas, CotizacionesReproduciblesConLaMismaSemilla) {
  auto first_prices = [] {
    server_options o = test_options();
    o.seed = 7;
    running_server s(o);
    sse_client c;
    EXPECT_TRUE(c.open(s.port(), "/sse/trading"))
        << "Paso 4: /sse/trading no respondió (servidor con --seed 7)";
    auto m = c.next_of("price_update", 3s);
    return m ? m->json().value("price", -1.0) : -1.0;
  };
  const double a = first_prices(), b = first_prices();
  ASSERT_GT(a, 0) << "Paso 4: /sse/trading debe emitir eventos price_update con un precio";
  EXPECT_DOUBLE_EQ(a, b) << "Paso 4: con la misma --seed el primer precio es el mismo";
}

TEST(Paso4_FlujoDeMetricas, SigtermCierraLosFlujosYSaleConCero) {
  taller::testing::child_process program(
      "p02-servidor", {"--port", "0", "--address", "127.0.0.1", "--interval", "0.2"});
  ASSERT_TRUE(program.started()) << "Paso 4: no se pudo arrancar p02-servidor: " << program.error();
  const auto port = program.wait_for_port(5s);
  ASSERT_TRUE(port) << "Paso 4: p02-servidor debe escribir su puerto en menos de 5 s; "
                    << program.error();
  sse_client c;
  ASSERT_TRUE(c.open(*port, "/metrics/stream"))
      << "Paso 4: /metrics/stream de p02-servidor no respondió";
  ASSERT_TRUE(c.next_of("metrics", 3s)) << "Paso 4: no llegó ninguna muestra";
  program.signal(SIGTERM);
  EXPECT_EQ(program.wait_exit(2s), std::optional<int>(0))
      << "Paso 4: tras SIGTERM el proceso debe terminar con código 0 en menos de 2 s";
  EXPECT_FALSE(c.next(2s)) << "Paso 4: el flujo termina con el servidor";
  EXPECT_TRUE(c.ended()) << "Paso 4: el servidor cierra los flujos al apagarse";
}

}  // namespace
}  // namespace p02::testing
