// El esqueleto HTTP común ante clientes que se portan mal: la barrera, las
// peticiones mal formadas, HEAD, 405 con Allow y las conexiones sin petición.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "taller/http_server.hpp"
#include "taller/http_session.hpp"
#include "taller_test/raw_http.hpp"
#include "taller_test/running_router.hpp"

namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using taller::testing::body_of;
using taller::testing::header_of;
using taller::testing::raw_exchange;
using taller::testing::status_of;

// Rutas de prueba: una que responde, otras que lanzan, una con {nombre} y
// una que lee un cuerpo JSON.
std::shared_ptr<taller::router> test_routes() {
  auto routes = std::make_shared<taller::router>();
  routes
      ->add(http::verb::get, "/ok",
            [](taller::request&& req, const taller::route_params&, taller::http_session& s) {
              s.send(taller::json_response(req, http::status::ok, {{"ok", true}}));
            })
      .add(http::verb::get, "/lanza",
           [](taller::request&&, const taller::route_params&, taller::http_session&) {
             throw std::runtime_error("fallo de prueba");
           })
      .add(http::verb::get, "/lanza-tras-responder",
           [](taller::request&& req, const taller::route_params&, taller::http_session& s) {
             s.send(taller::json_response(req, http::status::ok, {{"ok", true}}));
             throw std::runtime_error("fallo de prueba tras responder");
           })
      .add(http::verb::get, "/eco/{nombre}",
           [](taller::request&& req, const taller::route_params& p, taller::http_session& s) {
             s.send(taller::json_response(req, http::status::ok, {{"nombre", p.at("nombre")}}));
           })
      .add(http::verb::post, "/cuerpo",
           [](taller::request&& req, const taller::route_params&, taller::http_session& s) {
             taller::response error;
             auto body = taller::parse_json_body(req, &error);
             if (!body) return s.send(std::move(error));
             s.send(taller::json_response(req, http::status::ok, *body));
           });
  return routes;
}

class test_server : public taller::testing::running_router {
 public:
  test_server() : running_router(test_routes()) {}
};

// Las rutas de prueba con dos alias: uno con {parámetro} y otro que añade consulta.
std::shared_ptr<taller::router> routes_with_aliases() {
  auto routes = test_routes();
  routes->alias(http::verb::get, "/alias/{nombre}", "/eco/{nombre}")
      .alias(http::verb::get, "/corto", "/eco/fijo");
  return routes;
}

std::string get(const std::string& target, const std::string& method = "GET") {
  return method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
}

TEST(Robustez_Barrera, UnManejadorQueLanzaDa500YElServidorSigue) {
  test_server srv;
  const std::string res = raw_exchange(srv.port(), get("/lanza"));
  ASSERT_EQ(status_of(res), 500) << "una excepción en un manejador debe dar 500; llegó:\n" << res;
  const json body = json::parse(body_of(res), nullptr, false);
  EXPECT_EQ(body.value("error", ""), "internal_error") << body.dump();
  EXPECT_EQ(status_of(raw_exchange(srv.port(), get("/ok"))), 200)
      << "tras la excepción, la siguiente petición debe atenderse";
}

TEST(Robustez_Barrera, SiYaRespondioNoEnviaUnaSegundaRespuesta) {
  test_server srv;
  const std::string res = raw_exchange(srv.port(), get("/lanza-tras-responder"));
  EXPECT_EQ(status_of(res), 200) << res;
  EXPECT_EQ(res.find("HTTP/1.1", 5), std::string::npos) << "solo una respuesta:\n" << res;
  EXPECT_EQ(status_of(raw_exchange(srv.port(), get("/ok"))), 200);
}

TEST(Robustez_Entrada, Utf8InvalidoEnLaConsultaDa400ConElCampo) {
  test_server srv;
  for (const char* q : {"user_id=%FF", "user_id=%C3%28", "a=1&user_id=%ED%A0%80"}) {
    const std::string res = raw_exchange(srv.port(), get(std::string("/ok?") + q));
    ASSERT_EQ(status_of(res), 400) << q << ":\n" << res;
    const json body = json::parse(body_of(res), nullptr, false);
    EXPECT_EQ(body.value("field", ""), "user_id") << body.dump();
  }
  EXPECT_EQ(status_of(raw_exchange(srv.port(), get("/ok?user_id=%C3%B1"))), 200) << "ñ es válido";
}

TEST(Robustez_Entrada, Utf8InvalidoEnLaRutaDa400ConElCampo) {
  test_server srv;
  const std::string res = raw_exchange(srv.port(), get("/eco/%FF"));
  ASSERT_EQ(status_of(res), 400) << res;
  EXPECT_EQ(json::parse(body_of(res), nullptr, false).value("field", ""), "nombre");
  const std::string plus = raw_exchange(srv.port(), get("/eco/a+b"));
  EXPECT_EQ(json::parse(body_of(plus), nullptr, false).value("nombre", ""), "a+b")
      << "en la ruta '+' es '+', no un espacio";
}

TEST(Robustez_Entrada, JsonDemasiadoAnidadoDa400ConMotivo) {
  test_server srv;
  const std::string deep = std::string(32000, '[') + std::string(32000, ']');
  const std::string res = raw_exchange(
      srv.port(), "POST /cuerpo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                      std::to_string(deep.size()) + "\r\n\r\n" + deep);
  ASSERT_EQ(status_of(res), 400) << res.substr(0, 300);
  const json body = json::parse(body_of(res), nullptr, false);
  EXPECT_EQ(body.value("error", ""), "invalid_json");
  EXPECT_NE(body.value("message", "").find("64"), std::string::npos) << body.dump();
}

TEST(Robustez_Http, PeticionMalFormadaDa400JsonYCierra) {
  test_server srv;
  for (const char* bad : {"HOLA\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /ok HTTP/1.1\r\nSin dos puntos\r\n\r\n",
                          "GET /ok HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    const std::string res = raw_exchange(srv.port(), bad);
    ASSERT_EQ(status_of(res), 400) << "para " << bad << " llegó:\n" << res;
    EXPECT_EQ(json::parse(body_of(res), nullptr, false).value("error", ""), "bad_request");
  }
  EXPECT_EQ(status_of(raw_exchange(srv.port(), get("/ok"))), 200);
}

TEST(Robustez_Http, CabecerasDemasiadoGrandesDan431) {
  test_server srv;
  const std::string res = raw_exchange(
      srv.port(), "GET /ok HTTP/1.1\r\nHost: x\r\nX-Relleno: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(status_of(res), 431) << res.substr(0, 300);
}

TEST(Robustez_Http, UrlDemasiadoLargaDa414) {
  test_server srv;
  const std::string res = raw_exchange(srv.port(), get("/ok?x=" + std::string(9000, 'a')));
  EXPECT_EQ(status_of(res), 414) << res.substr(0, 300);
  EXPECT_EQ(json::parse(body_of(res), nullptr, false).value("error", ""), "uri_too_long");
}

TEST(Robustez_Http, HeadDaLasCabecerasSinCuerpo) {
  test_server srv;
  const std::string getr = raw_exchange(srv.port(), get("/ok"));
  const std::string head = raw_exchange(srv.port(), get("/ok", "HEAD"));
  ASSERT_EQ(status_of(head), 200) << head;
  EXPECT_EQ(body_of(head), "") << "HEAD no lleva cuerpo";
  EXPECT_EQ(header_of(head, "Content-Length"), header_of(getr, "Content-Length"))
      << "HEAD anuncia la misma longitud que GET";
}

TEST(Robustez_Http, MetodoNoPermitidoDa405ConAllow) {
  test_server srv;
  const std::string res = raw_exchange(srv.port(), get("/ok", "DELETE"));
  ASSERT_EQ(status_of(res), 405) << res;
  EXPECT_EQ(header_of(res, "Allow"), "GET, HEAD");
}

TEST(Robustez_Http, ConexionesSinPeticionAcotadasPorDireccion) {
  test_server srv;
  std::vector<std::unique_ptr<taller::testing::raw_connection>> idle;
  for (int i = 0; i < 100; ++i) {
    idle.push_back(std::make_unique<taller::testing::raw_connection>(srv.port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  // La 101 de la misma dirección recibe 429 y se cierra.
  taller::testing::raw_connection extra(srv.port());
  const std::string res = extra.read_all(5s);
  EXPECT_EQ(status_of(res), 429) << res;
  // Al irse las ociosas, vuelve a haber sitio.
  idle.clear();
  std::string ok;
  for (int attempt = 0; attempt < 50 && status_of(ok) != 200; ++attempt) {
    ok = raw_exchange(srv.port(), get("/ok"));
    if (status_of(ok) != 200) std::this_thread::sleep_for(20ms);  // el servidor aún no vio los cierres
  }
  EXPECT_EQ(status_of(ok), 200) << ok;
}

// Sin descriptores libres, accept falla al instante con EMFILE: el listener
// espera (hasta 1 s), sigue aceptando en cuanto hay sitio y avisa como mucho
// una vez por segundo, en vez de girar y llenar el registro.
TEST(Robustez_Http, SinDescriptoresElListenerEsperaYSigue) {
#ifdef TALLER_SANITIZADO
  // El runtime de los sanitizadores abre /proc/self/maps para comprobar un
  // puntero: sin descriptores libres, UBSan da un falso positivo (vptr).
  GTEST_SKIP() << "sin descriptores libres el runtime de los sanitizadores no funciona";
#endif
  test_server srv;
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
  testing::internal::CaptureStderr();  // antes de bajar el límite: usa un descriptor
  std::size_t open_fds = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++open_fds;
  rlimit low = old;
  low.rlim_cur = open_fds + 32;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);

  // Se ocupan todos los descriptores libres del proceso (el servidor está en
  // él) y se deja uno para el cliente: su conexión queda en la cola del
  // kernel y cada accept del servidor falla con EMFILE.
  std::vector<int> filler;
  for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) filler.push_back(fd);
  ASSERT_FALSE(filler.empty());
  ::close(filler.back());
  filler.pop_back();
  const auto start = std::chrono::steady_clock::now();
  taller::testing::raw_connection client(srv.port());
  const bool connected = client.connected() && client.send(get("/ok"));
  // Un intervalo medido, no una espera de un evento: el listener falla durante
  // 2 s y se cuenta cuántas veces lo avisa.
  std::this_thread::sleep_for(2s);
  for (int fd : filler) ::close(fd);
  const std::string res = client.read_all(10s);  // el listener vuelve a aceptar solo
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - start);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);
  const std::string log = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(connected) << "el cliente no pudo conectar con un descriptor libre";
  EXPECT_EQ(status_of(res), 200)
      << "con descriptores libres otra vez, la conexión que esperaba debe recibir su respuesta: "
      << res;
  std::istringstream lines(log);
  int accept_lines = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.find("accept") != std::string::npos) ++accept_lines;
  EXPECT_GE(accept_lines, 1) << "el EMFILE se avisa al menos una vez:\n" << log;
  EXPECT_LE(accept_lines, seconds.count() + 1)
      << "como mucho un aviso por segundo en " << seconds.count() << " s:\n" << log;
  EXPECT_EQ(status_of(raw_exchange(srv.port(), get("/ok"))), 200) << "y sigue atendiendo";
}

}  // namespace

namespace {

TEST(Robustez_Http, UnPuertoOcupadoSeExplicaEnEspanol) {
  test_server first;
  taller::http_server second("127.0.0.1", first.port(), std::chrono::seconds(1));
  try {
    second.start(test_routes(), {});
    ADD_FAILURE() << "arrancar en un puerto ocupado debe lanzar";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("el puerto ya está en uso"), std::string::npos)
        << "el motivo de un puerto ocupado se dice en español; llegó: " << what;
    EXPECT_NE(what.find(std::to_string(first.port())), std::string::npos)
        << "el mensaje nombra el puerto; llegó: " << what;
  }
}

}  // namespace

namespace {

TEST(Robustez_Http, UnAliasSeAtiendeComoSuDestino) {
  taller::testing::running_router srv(routes_with_aliases());
  const std::string res = raw_exchange(srv.port(), get("/alias/a%20b%2Bc"));
  ASSERT_EQ(status_of(res), 200) << "/alias/{nombre} se atiende como /eco/{nombre}; llegó:\n"
                                 << res;
  EXPECT_EQ(json::parse(body_of(res), nullptr, false).value("nombre", ""), "a b+c")
      << "el parámetro pasa al destino sin cambiar (codificado y decodificado); llegó " << res;
  const std::string fixed = raw_exchange(srv.port(), get("/corto?x=1"));
  EXPECT_EQ(status_of(fixed), 200) << "un alias sin parámetros conserva la consulta; llegó:\n"
                                   << fixed;
  EXPECT_EQ(json::parse(body_of(fixed), nullptr, false).value("nombre", ""), "fijo") << fixed;
}

}  // namespace
