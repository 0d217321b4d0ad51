// Robustez de la Práctica 03: lo que llega de la red (cuerpos JSON, claims de
// un token) o del arranque (monitor.json, variables de entorno) se comprueba
// antes de usarlo. Un tipo equivocado o un número fuera de rango es un error
// que nombra el campo, nunca una excepción; y un notificador que lanza no
// termina el proceso. Solo contra la solución: no es un paso del alumno.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "notificadores_de_prueba.hpp"
#include "p03/alerts.hpp"
#include "p03/config.hpp"
#include "p03/jwt.hpp"
#include "p03/notifiers.hpp"
#include "p03/sensors.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using texts = std::vector<std::string>;

// Valores de todos los tipos JSON que no son un texto.
std::vector<json> not_text() {
  return {json(123),        json(1.5),     json::array(), json::array({"a"}), json::object(),
          json({{"a", 1}}), json(nullptr), json(true),    json(false)};
}

// Valores de todos los tipos JSON que no son un número.
std::vector<json> not_number() {
  return {json("40"),        json(""),       json::array(),
          json::array({40}), json::object(), json({{"valor", 40}}),
          json(nullptr),     json(true),     json(false)};
}

// Un JSON como texto aunque lleve bytes que no son UTF-8 (para los mensajes).
std::string show(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---------------------------------------------------------------- JWT

constexpr std::string_view secreto = "secreto-del-taller";
constexpr double ahora = 1'700'000'000;

json claims_validos() { return {{"sub", "ana"}, {"iat", ahora}, {"exp", ahora + 3600}}; }

// Verifica un token bien firmado con esos claims; falla la prueba si lanza.
jwt_result verify_signed(const json& claims) {
  jwt_result r;
  EXPECT_NO_THROW(r = jwt_verify(jwt_sign(claims, secreto), secreto, ahora))
      << "jwt_verify no lanza; claims " << show(claims);
  return r;
}

TEST(Robustez_Jwt, ElSubjectSaleDelSubComprobado) {
  jwt_result r = verify_signed(claims_validos());
  ASSERT_TRUE(r.claims) << "un token válido; llegó " << r.error;
  EXPECT_EQ(r.subject, "ana") << "jwt_result.subject es el sub del token";
  json sin_sub = claims_validos();
  sin_sub.erase("sub");
  r = verify_signed(sin_sub);
  ASSERT_TRUE(r.claims) << "sub es opcional; llegó " << r.error;
  EXPECT_EQ(r.subject, "") << "sin sub, subject vacío";
  json largo = claims_validos();
  largo["sub"] = std::string(max_subject_bytes, 'a');
  EXPECT_EQ(verify_signed(largo).subject, std::string(max_subject_bytes, 'a'))
      << "un sub de justo " << max_subject_bytes << " bytes vale";
}

TEST(Robustez_Jwt, UnSubQueNoEsUnTextoCortoEsMalformed) {
  std::vector<json> malos = not_text();
  malos.push_back("");                       // vacío
  malos.push_back(std::string(300, 'a'));    // más de 256 bytes
  malos.push_back("ana\nadmin");             // caracteres de control
  malos.push_back(std::string("ana\0", 4));  // un NUL
  for (const json& sub : malos) {
    json claims = claims_validos();
    claims["sub"] = sub;
    const jwt_result r = verify_signed(claims);
    EXPECT_EQ(r.error, "malformed") << "sub " << show(sub).substr(0, 80);
    EXPECT_FALSE(r.claims) << "un token rechazado no devuelve claims; sub " << show(sub);
    EXPECT_EQ(r.subject, "") << "ni subject";
  }
}

TEST(Robustez_Jwt, FechasQueNoSonNumerosEnRangoSonMalformed) {
  std::vector<json> malas = not_number();
  malas.push_back(-1);
  malas.push_back(1e300);
  malas.push_back(max_numeric_date + 1);
  malas.push_back(18446744073709551615ull);
  for (const char* claim : {"exp", "nbf", "iat"})
    for (const json& value : malas) {
      json claims = claims_validos();
      claims[claim] = value;
      const jwt_result r = verify_signed(claims);
      EXPECT_EQ(r.error, "malformed") << claim << " = " << show(value);
      EXPECT_FALSE(r.claims) << claim << " = " << show(value);
    }
  json lejano = claims_validos();
  lejano["exp"] = max_numeric_date;
  EXPECT_TRUE(verify_signed(lejano).claims) << "exp en el año 9999 todavía vale";
}

TEST(Robustez_Jwt, CabecerasYClaimsRarosNoLanzan) {
  const std::string firma_falsa = base64url_encode("x");
  const std::string claims = base64url_encode(claims_validos().dump());
  const std::string casos[] = {
      // Anidamiento enorme en la cabecera, que se lee antes de comprobar la firma.
      base64url_encode(std::string(100000, '[')) + "." + claims + "." + firma_falsa,
      base64url_encode(R"({"alg":"HS256","x":)" + std::string(5000, '[') + std::string(5000, ']') +
                       "}") +
          "." + claims + "." + firma_falsa,
      // Un número que no cabe en un double.
      base64url_encode(R"({"alg":"HS256","x":1e309})") + "." + claims + "." + firma_falsa,
      // Bytes que no son UTF-8 dentro de una cadena.
      base64url_encode("{\"alg\":\"HS256\",\"x\":\"\xff\"}") + "." + claims + "." + firma_falsa,
  };
  for (const std::string& token : casos) {
    jwt_result r;
    EXPECT_NO_THROW(r = jwt_verify(token, secreto, ahora)) << token.substr(0, 80);
    EXPECT_EQ(r.error, "malformed") << token.substr(0, 80);
  }
}

// ---------------------------------------------------------------- Sensores

// Comprueba que el resultado es un 422 que nombra field.
void expect_422(const sensor_result& r, const std::string& field, const json& body) {
  EXPECT_EQ(r.status, 422) << "cuerpo " << show(body) << "; llegó " << show(r.body);
  EXPECT_EQ(r.body.value("error", ""), "invalid_field") << show(r.body);
  EXPECT_EQ(r.body.value("field", ""), field)
      << "el 422 nombra el campo; cuerpo " << show(body) << "; llegó " << show(r.body);
  EXPECT_TRUE(r.events.empty()) << "un error no publica nada";
}

json sensor_body() {
  return {{"name", "Sala"}, {"type", "mixto"}, {"location", "planta 1"}, {"temp_min", 0},
          {"temp_max", 30}, {"hum_min", 10},   {"hum_max", 90}};
}

sensor_store store_with_one_sensor() {
  sensor_store store([] { return std::string("2025-07-20T10:30:00Z"); });
  EXPECT_EQ(store.create(sensor_body()).status, 201);
  return store;
}

TEST(Robustez_Sensores, CadaCampoDeOtroTipoEs422) {
  sensor_store store = store_with_one_sensor();
  std::map<std::string, std::vector<json>> malos = {
      {"name", not_text()},       {"type", not_text()},       {"location", not_text()},
      {"temp_min", not_number()}, {"temp_max", not_number()}, {"hum_min", not_number()},
      {"hum_max", not_number()}};
  for (const auto& [field, values] : malos)
    for (const json& value : values) {
      json body = sensor_body();
      body[field] = value;
      sensor_result r;
      EXPECT_NO_THROW(r = store.create(body)) << "create no lanza; " << show(body);
      expect_422(r, field, body);
      const json patch = {{field, value}};
      EXPECT_NO_THROW(r = store.update(1, patch)) << "update no lanza; " << show(patch);
      expect_422(r, field, patch);
    }
  EXPECT_EQ(store.get(1).body.value("name", ""), "Sala") << "un parche con error no cambia nada";
}

TEST(Robustez_Sensores, TextosConCaracteresDeControlSon422) {
  sensor_store store = store_with_one_sensor();
  for (const char* field : {"name", "location"})
    for (const std::string& bad : texts{"a\nb", "a\rb", std::string("a\0b", 3), "\x1b[2J"}) {
      json body = sensor_body();
      body[field] = bad;
      expect_422(store.create(body), field, body);
      expect_422(store.update(1, {{field, bad}}), field, {{field, bad}});
    }
}

TEST(Robustez_Sensores, CuerposQueNoSonObjetosSon422) {
  sensor_store store = store_with_one_sensor();
  for (const json& body : {json::array(), json::array({sensor_body()}), json(5), json("Sala"),
                           json(nullptr), json(true)}) {
    sensor_result r;
    EXPECT_NO_THROW(r = store.create(body)) << show(body);
    expect_422(r, "body", body);
    EXPECT_NO_THROW(r = store.update(1, body)) << show(body);
    expect_422(r, "body", body);
    EXPECT_NO_THROW(r = store.add_reading(body)) << show(body);
    expect_422(r, "body", body);
  }
}

TEST(Robustez_Sensores, LecturasConCamposDeOtroTipoSon422) {
  sensor_store store = store_with_one_sensor();
  const json lectura = {{"sensor_id", 1},
                        {"temperatura", 21.5},
                        {"humedad", 40},
                        {"timestamp", "2025-07-20T10:30:00Z"}};
  ASSERT_EQ(store.add_reading(lectura).status, 201);
  std::vector<json> ids = not_number();
  ids.push_back(1.5);
  ids.push_back(18446744073709551615ull);  // no cabe en int64_t
  std::map<std::string, std::vector<json>> malos = {
      {"sensor_id", ids}, {"temperatura", not_number()}, {"humedad", not_number()}};
  for (const json& value : not_text())
    if (!value.is_null()) malos["timestamp"].push_back(value);  // null: "no viene"
  for (const std::string& bad :
       texts{"2025-07-20T10:30:00\n", "2025-07-20T10:30:00\x1b[2J", "ayer", std::string(100, '2')})
    malos["timestamp"].push_back(bad);
  for (const auto& [field, values] : malos)
    for (const json& value : values) {
      json body = lectura;
      body[field] = value;
      sensor_result r;
      EXPECT_NO_THROW(r = store.add_reading(body)) << "add_reading no lanza; " << show(body);
      expect_422(r, field, body);
    }
  EXPECT_EQ(store.readings(1).body.size(), 1u) << "solo se guardó la lectura válida";
}

// ---------------------------------------------------------------- Reglas de alerta

TEST(Robustez_Reglas, CadaCampoDeOtroTipoEsUnErrorDeEseCampo) {
  alert_engine engine;
  const json antes = engine.rules_json();
  std::map<std::string, std::vector<json>> malos;
  for (const char* field : {"warning", "critical", "clear", "for_s", "repeat_s"})
    malos[field] = not_number();
  for (const json& value :
       {json(1), json(0), json("true"), json(nullptr), json::array(), json::object()})
    malos["enabled"].push_back(value);
  malos["name"] = not_text();
  malos["metric"] = not_text();
  for (const auto& [field, values] : malos)
    for (const json& value : values) {
      const json patch = {{field, value}};
      std::optional<field_error> e;
      EXPECT_NO_THROW(e = engine.update_rule("cpu", patch)) << show(patch);
      ASSERT_TRUE(e) << "el parche " << show(patch) << " debe dar un error";
      EXPECT_EQ(e->field, field) << "parche " << show(patch) << "; llegó " << e->field;
    }
  for (const json& patch : {json::array(), json(5), json("cpu"), json(nullptr), json(true)}) {
    std::optional<field_error> e;
    EXPECT_NO_THROW(e = engine.update_rule("cpu", patch)) << show(patch);
    ASSERT_TRUE(e) << show(patch);
    EXPECT_EQ(e->field, "body") << show(patch);
  }
  std::optional<field_error> e;
  EXPECT_NO_THROW(e = engine.update_rule("no\xff"
                                         "existe",
                                         {{"warning", 1}}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field, "name");
  EXPECT_EQ(engine.rules_json(), antes) << "ningún parche con error cambia las reglas";
}

// ---------------------------------------------------------------- Configuración

using config_result = std::variant<monitor_config, std::string>;

// Un entorno falso: solo las variables del mapa.
env_lookup fake_env(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// Un fichero temporal con ese contenido; se borra al salir del ámbito.
class temp_file {
 public:
  temp_file(const std::string& name, const std::string& content)
      : path_(fs::temp_directory_path() /
              ("p03_robustez_" + std::to_string(::getpid()) + "_" + name)) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~temp_file() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// Carga sin dejar escapar excepciones y devuelve el error ("" si no hay).
std::string load_error(const std::string& path, const env_lookup& env = fake_env()) {
  config_result result;
  EXPECT_NO_THROW(result = load_config(path, env)) << "load_config no lanza; " << path;
  const auto* error = std::get_if<std::string>(&result);
  return error ? *error : "";
}

std::string parse_error_of(const json& file, const env_lookup& env = fake_env()) {
  config_result result;
  EXPECT_NO_THROW(result = parse_config(file, env)) << "parse_config no lanza; " << show(file);
  const auto* error = std::get_if<std::string>(&result);
  return error ? *error : "";
}

TEST(Robustez_Configuracion, FicherosQueNoSonJsonNormalDanUnError) {
  const std::pair<const char*, std::string> casos[] = {
      {"desbordado.json", R"({"cooldown_period": 1e309})"},
      {"negativo_enorme.json", R"({"cooldown_period": -1e309})"},
      {"anidado.json", std::string(100000, '[') + std::string(100000, ']')},
      {"anidado_objeto.json",
       "{\"limits\":" + std::string(1000, '[') + std::string(1000, ']') + "}"},
      {"no_utf8.json", "{\"users\": [{\"username\": \"\xff\"}]}"},
      {"vacio.json", ""},
      {"nul.json", std::string("{\0}", 3)},
      {"enorme.json", "{\"private_channels\": [" + std::string(2 << 20, ' ') + "]}"},
  };
  for (const auto& [name, content] : casos) {
    const temp_file file(name, content);
    const std::string error = load_error(file.path());
    EXPECT_NE(error.find(file.path()), std::string::npos)
        << name << ": el error nombra el fichero; llegó \"" << error << "\"";
  }
}

TEST(Robustez_Configuracion, TiposYRangosEquivocadosNombranElCampo) {
  const std::pair<json, std::string> casos[] = {
      {{{"thresholds", {{"high_cpu", "80"}}}}, "thresholds.high_cpu"},
      {{{"thresholds", {{"high_cpu", 101}}}}, "thresholds.high_cpu"},
      {{{"thresholds", {{"high_cpu", -1}}}}, "thresholds.high_cpu"},
      {{{"thresholds", {{"high_memory", true}}}}, "thresholds.high_memory"},
      {{{"thresholds", {{"max_connections", 1e300}}}}, "thresholds.max_connections"},
      {{{"thresholds", {{"max_connections", nullptr}}}}, "thresholds.max_connections"},
      {{{"thresholds", {{"error_threshold", -5}}}}, "thresholds.error_threshold"},
      {{{"thresholds", {{"error_threshold", 1e300}}}}, "thresholds.error_threshold"},
      {{{"thresholds", 5}}, "thresholds"},
      {{{"cooldown_period", -300}}, "cooldown_period"},
      {{{"cooldown_period", 0}}, "cooldown_period"},
      {{{"cooldown_period", 1e300}}, "cooldown_period"},
      {{{"cooldown_period", "300"}}, "cooldown_period"},
      {{{"limits", {{"max_connections", 18446744073709551615ull}}}}, "limits.max_connections"},
      {{{"limits", {{"max_connections", 1e20}}}}, "limits.max_connections"},
      {{{"limits", {{"max_connections", -1}}}}, "limits.max_connections"},
      {{{"limits", {{"max_connections", 1.5}}}}, "limits.max_connections"},
      {{{"limits", {{"max_per_address", "100"}}}}, "limits.max_per_address"},
      {{{"limits", {{"ping_interval", 86401}}}}, "limits.ping_interval"},
      {{{"limits", {{"ping_timeout", json::array()}}}}, "limits.ping_timeout"},
      {{{"channels", {{"email", {{"smtp_port", 70000}}}}}}, "channels.email.smtp_port"},
      {{{"channels", {{"email", {{"smtp_port", "25"}}}}}}, "channels.email.smtp_port"},
      {{{"channels", {{"email", {{"smtp_server", 25}}}}}}, "channels.email.smtp_server"},
      {{{"channels", {{"email", {{"from_email", "a@b\r\nRCPT TO:<x>"}}}}}},
       "channels.email.from_email"},
      {{{"channels", {{"email", {{"recipients", "devops@example.com"}}}}}},
       "channels.email.recipients"},
      {{{"channels", {{"email", {{"recipients", {"a@b", 5}}}}}}}, "channels.email.recipients"},
      {{{"channels", {{"email", {{"recipients", json::array({"a@b\r\nDATA"})}}}}}},
       "channels.email.recipients"},
      {{{"channels", {{"email", {{"levels", json::array({nullptr})}}}}}}, "channels.email.levels"},
      {{{"channels", {{"email", {{"use_tls", "no"}}}}}}, "channels.email.use_tls"},
      {{{"channels", {{"slack", {{"webhook_url", json::object()}}}}}},
       "channels.slack.webhook_url"},
      {{{"users", json::object()}}, "users"},
      {{{"users", json::array({5})}}, "users[0]"},
      {{{"users", json::array({{{"username", 5}}})}}, "users[0].username"},
      {{{"users", json::array({{{"username", std::string(300, 'a')}}})}}, "users[0].username"},
      {{{"users", json::array({{{"username", "ana\n"}}})}}, "users[0].username"},
      {{{"users", json::array({{{"username", "ana"}, {"password_hash", 5}}})}},
       "users[0].password_hash"},
      {{{"private_channels", "admin"}}, "private_channels"},
      {{{"private_channels", json::array({json::object()})}}, "private_channels"},
  };
  for (const auto& [file, field] : casos) {
    const std::string error = parse_error_of(file);
    EXPECT_NE(error.find(field), std::string::npos)
        << "fichero " << show(file) << ": el error nombra " << field << "; llegó \"" << error
        << "\"";
  }
}

TEST(Robustez_Configuracion, ListasEnormesSonUnError) {
  const json muchos_textos(std::vector<std::string>(1001, "x"));
  EXPECT_NE(parse_error_of({{"private_channels", muchos_textos}}).find("private_channels"),
            std::string::npos);
  EXPECT_NE(parse_error_of({{"channels", {{"email", {{"recipients", muchos_textos}}}}}})
                .find("channels.email.recipients"),
            std::string::npos);
  const json muchos_usuarios(std::vector<json>(1001, json::object()));
  EXPECT_NE(parse_error_of({{"users", muchos_usuarios}}).find("users"), std::string::npos);
}

TEST(Robustez_Configuracion, ValoresDelEntornoInvalidosNombranLaVariable) {
  const char* enteros[] = {"TALLER_SMTP_PORT",       "WEBSOCKET_MAX_CONNECTIONS",
                           "TALLER_MAX_PER_ADDRESS", "WEBSOCKET_PING_INTERVAL",
                           "WEBSOCKET_PING_TIMEOUT", "TALLER_ALERT_COOLDOWN"};
  const char* malos[] = {"abc",   "-1",     "0",   "99999999999999999999",
                         "1e309", "-1e309", "",    " 5",
                         "5 ",    "0x10",   "nan", "inf",
                         "1e300", "5\n"};
  for (const char* name : enteros)
    for (const char* value : malos) {
      const std::string error = parse_error_of(json::object(), fake_env({{name, value}}));
      EXPECT_NE(error.find(name), std::string::npos)
          << name << "=\"" << value << "\" debe dar un error que nombre la variable; llegó \""
          << error << "\"";
    }
  // Con el fichero también: load_config aplica el mismo entorno.
  EXPECT_NE(load_error("", fake_env({{"WEBSOCKET_PING_INTERVAL", "99999999999999999999"}}))
                .find("WEBSOCKET_PING_INTERVAL"),
            std::string::npos);
}

// ---------------------------------------------------------------- Notificadores

TEST(Robustez_Notificadores, UnaEntregaQueLanzaEsUnFalloYElHiloSigue) {
  result_inbox inbox;
  std::atomic<int> calls{0};
  auto deliver = [&](const alert_record& r) -> delivery_result {
    ++calls;
    if (r.rule == "runtime") throw std::runtime_error("fallo inventado");
    if (r.rule == "entero") throw 42;  // ni siquiera es una std::exception
    return {.ok = true, .attempts = 1, .error = "", .rule = r.rule};
  };
  {
    delivery_worker worker(
        "notificador de prueba", 10, deliver, [] {}, run_inline(), inbox.on_result());
    worker.push(alert_for("runtime"));
    worker.push(alert_for("entero"));
    worker.push(alert_for("cpu"));
    const auto results = inbox.wait_for(3);
    ASSERT_EQ(results.size(), 3u) << "cada aviso da un resultado, también los que lanzan";
    EXPECT_FALSE(results[0].ok);
    EXPECT_EQ(results[0].rule, "runtime");
    EXPECT_NE(results[0].error.find("notificador de prueba"), std::string::npos)
        << results[0].error;
    EXPECT_FALSE(results[1].ok);
    EXPECT_EQ(results[1].rule, "entero");
    EXPECT_TRUE(results[2].ok) << "después de dos excepciones, el siguiente aviso se entrega";
    EXPECT_EQ(results[2].rule, "cpu");
  }
  EXPECT_EQ(calls.load(), 3);
}

TEST(Robustez_Notificadores, UnOnResultQueLanzaNoParaElWebhook) {
  // Un receptor de webhooks en 127.0.0.1 que responde 200 a todo.
  httplib::Server server;
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::string> bodies;
  server.Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    bodies.push_back(req.body);
    arrived.notify_all();
    res.set_content("{}", "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread listening([&] { server.listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!server.is_running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();

  result_inbox inbox;
  {
    bool first = true;
    webhook_notifier notifier({.url = "http://127.0.0.1:" + std::to_string(port) + "/hook",
                               .timeout = 2s,
                               .retries = 0,
                               .backoff = 10ms,
                               .max_pending = 10},
                              run_inline(), [&, add = inbox.on_result()](const delivery_result& r) {
                                add(r);
                                if (std::exchange(first, false))
                                  throw std::logic_error("on_result roto");
                              });
    notifier.notify(alert_for("cpu"));
    notifier.notify(alert_for("memory"));
    const auto results = inbox.wait_for(2);
    ASSERT_EQ(results.size(), 2u) << "el segundo aviso llega aunque on_result lanzó con el primero";
    EXPECT_TRUE(results[0].ok && results[1].ok);
    EXPECT_EQ(results[1].rule, "memory");
  }
  server.stop();
  listening.join();
  std::lock_guard lock(mutex);
  EXPECT_EQ(bodies.size(), 2u) << "el receptor recibió los dos avisos";
}

}  // namespace
}  // namespace p03::testing
