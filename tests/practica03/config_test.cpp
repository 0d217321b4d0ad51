// Paso 5 — la configuración de los notificadores y del servidor: monitor.json
// más las variables de entorno. El entorno es falso (un mapa), así que las
// pruebas no tocan las variables del proceso.
//
//   Umbral del fichero → regla:  high_cpu / high_memory w → warning w, critical
//   min(100, w+15), clear w−10 (≥ 0); max_connections w → critical w·1.8, clear
//   w·0.8; error_threshold w → critical w·5, clear w/2. cooldown_period → repeat_s.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "p03/config.hpp"
#include "p03/jwt.hpp"

#ifndef TALLER_PRACTICE_DIR
#error "Define TALLER_PRACTICE_DIR con la ruta de solutions/practica03-monitor"
#endif

namespace p03::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using config_result = std::variant<monitor_config, std::string>;

// Un entorno falso: solo existen las variables del mapa.
env_lookup fake_env(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// Un resultado de load_config o parse_config, para los mensajes.
std::string show(const config_result& result) {
  if (const auto* error = std::get_if<std::string>(&result)) return "el error \"" + *error + "\"";
  return "una configuración válida";
}

// El mensaje de error del resultado; vacío si la configuración es válida.
std::string error_of(const config_result& result) {
  const auto* error = std::get_if<std::string>(&result);
  return error ? *error : "";
}

// Las reglas en JSON, para compararlas enteras.
json rules_json(const std::vector<alert_rule>& rules) {
  json out = json::array();
  for (const auto& rule : rules) out.push_back(rule.to_json());
  return out;
}

// Un fichero temporal con ese contenido; se borra al salir del ámbito.
class temp_file {
 public:
  temp_file(const std::string& name, const std::string& content)
      : path_(fs::temp_directory_path() /
              ("p03_config_" + std::to_string(::getpid()) + "_" + name)) {
    std::ofstream(path_) << content;
  }
  ~temp_file() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

TEST(Paso5_Notificadores, ElMonitorJsonDelTallerCarga) {
  const std::string path = (fs::path(TALLER_PRACTICE_DIR) / "monitor.json").string();
  const auto result = load_config(path, fake_env({{"TALLER_JWT_SECRET", "secreto-de-prueba"}}));
  const auto* config = std::get_if<monitor_config>(&result);
  ASSERT_NE(config, nullptr) << "Paso 5: " << path << " debe cargar; llegó " << show(result);
  EXPECT_EQ(config->jwt_secret, "secreto-de-prueba")
      << "Paso 5: el secreto de los JWT sale de TALLER_JWT_SECRET; llegó " << config->jwt_secret;
  ASSERT_EQ(config->users.size(), 1u)
      << "Paso 5: monitor.json trae un usuario; llegaron " << config->users.size();
  EXPECT_EQ(config->users[0].username, "profe")
      << "Paso 5: el usuario de ejemplo es profe; llegó " << config->users[0].username;
  // (Que el hash corresponde a "profe-demo" lo comprueba el Paso 8 al iniciar sesión.)
  EXPECT_EQ(config->users[0].password_hash.rfind("pbkdf2_sha256$", 0), 0u)
      << "Paso 5: el usuario trae un hash PBKDF2, nunca la contraseña; llegó "
      << config->users[0].password_hash;
  EXPECT_EQ(config->webhook_url, "")
      << "Paso 5: el webhook viene desactivado; llegó " << config->webhook_url;
  EXPECT_FALSE(config->smtp.has_value())
      << "Paso 5: sin smtp_server no hay correo; llegó el servidor "
      << (config->smtp ? config->smtp->server : "");
  EXPECT_EQ(config->private_channels, std::set<std::string>{"admin"})
      << "Paso 5: el canal privado es admin; llegaron " << config->private_channels.size();
  EXPECT_EQ(config->max_connections, 1000u)
      << "Paso 5: limits.max_connections; llegó " << config->max_connections;
  EXPECT_EQ(config->max_per_address, 100u)
      << "Paso 5: limits.max_per_address; llegó " << config->max_per_address;
  EXPECT_EQ(config->ping_interval_s, 20)
      << "Paso 5: limits.ping_interval; llegó " << config->ping_interval_s;
  EXPECT_EQ(config->ping_timeout_s, 30)
      << "Paso 5: limits.ping_timeout; llegó " << config->ping_timeout_s;
  EXPECT_EQ(config->cooldown_s, 300) << "Paso 5: cooldown_period; llegó " << config->cooldown_s;
}

TEST(Paso5_Notificadores, LosUmbralesDelFicheroAjustanLasReglas) {
  json file = json::parse(R"({
    "thresholds": {"high_cpu": 90, "high_memory": 50, "max_connections": 250,
                   "error_threshold": 4}
  })");
  // El enfriamiento del entorno (60 s) también es parte de cada regla.
  const auto result = parse_config(file, fake_env({{"TALLER_ALERT_COOLDOWN", "60"}}));
  const auto* config = std::get_if<monitor_config>(&result);
  ASSERT_NE(config, nullptr) << "Paso 5: los umbrales son válidos; llegó " << show(result);
  json expected = json::parse(R"([
    {"name": "cpu", "metric": "cpu_percent", "warning": 90, "critical": 100, "clear": 80,
     "for_s": 30, "repeat_s": 60, "enabled": true},
    {"name": "memory", "metric": "memory_percent", "warning": 50, "critical": 65, "clear": 40,
     "for_s": 30, "repeat_s": 60, "enabled": true},
    {"name": "disk", "metric": "disk_percent", "warning": 90, "critical": 97, "clear": 85,
     "for_s": 60, "repeat_s": 60, "enabled": true},
    {"name": "connections", "metric": "current_connections", "warning": 250, "critical": 450,
     "clear": 200, "for_s": 0, "repeat_s": 60, "enabled": true},
    {"name": "errors", "metric": "errors_per_minute", "warning": 4, "critical": 20, "clear": 2,
     "for_s": 0, "repeat_s": 60, "enabled": true}
  ])");
  EXPECT_EQ(rules_json(config->rules), expected)
      << "Paso 5: cada umbral fija warning, critical y clear de su regla (disk queda como "
         "estaba) y TALLER_ALERT_COOLDOWN=60 el repeat_s de todas; llegó "
      << rules_json(config->rules).dump();

  json low = json::parse(R"({"thresholds": {"high_cpu": 5}})");
  const auto low_result = parse_config(low, fake_env({{"TALLER_ALERT_COOLDOWN", "60"}}));
  const auto* low_config = std::get_if<monitor_config>(&low_result);
  ASSERT_NE(low_config, nullptr) << "Paso 5: high_cpu 5 es válido; llegó " << show(low_result);
  EXPECT_EQ(low_config->rules[0].to_json(),
            json::parse(R"({"name": "cpu", "metric": "cpu_percent", "warning": 5, "critical": 20,
                            "clear": 0, "for_s": 30, "repeat_s": 60, "enabled": true})"))
      << "Paso 5: con high_cpu 5, clear no baja de 0; llegó " << low_config->rules[0].to_json();

  const auto bad = parse_config(json::parse(R"({"thresholds": {"high_cpu": 120}})"), fake_env());
  EXPECT_NE(error_of(bad).find("thresholds.high_cpu"), std::string::npos)
      << "Paso 5: high_cpu 120 no es un porcentaje y el error lo nombra; llegó " << show(bad);
}

TEST(Paso5_Notificadores, ElEnfriamientoLlegaATodasLasReglas) {
  json file = json::parse(R"({"cooldown_period": 120})");
  const auto from_file = parse_config(file, fake_env());
  const auto* config = std::get_if<monitor_config>(&from_file);
  ASSERT_NE(config, nullptr) << "Paso 5: cooldown_period 120 es válido; llegó " << show(from_file);
  for (const auto& rule : config->rules)
    EXPECT_EQ(rule.repeat_s, 120) << "Paso 5: cooldown_period 120 es el repeat_s de la regla "
                                  << rule.name << "; llegó " << rule.repeat_s;

  const auto from_env = parse_config(file, fake_env({{"TALLER_ALERT_COOLDOWN", "45.5"}}));
  config = std::get_if<monitor_config>(&from_env);
  ASSERT_NE(config, nullptr) << "Paso 5: TALLER_ALERT_COOLDOWN=45.5 es válido; llegó "
                             << show(from_env);
  EXPECT_EQ(config->cooldown_s, 45.5)
      << "Paso 5: TALLER_ALERT_COOLDOWN gana a cooldown_period; llegó " << config->cooldown_s;
  for (const auto& rule : config->rules)
    EXPECT_EQ(rule.repeat_s, 45.5) << "Paso 5: TALLER_ALERT_COOLDOWN=45.5 es el repeat_s de la "
                                   << "regla " << rule.name << "; llegó " << rule.repeat_s;
}

TEST(Paso5_Notificadores, ElEntornoGanaAlFichero) {
  json file = json::parse(R"({
    "channels": {
      "slack": {"webhook_url": "http://fichero.invalid/webhook"},
      "email": {"smtp_server": "relay.fichero", "smtp_port": 2525,
                "from_email": "monitor@example.com", "recipients": ["devops@example.com"]}
    },
    "limits": {"max_connections": 200, "max_per_address": 10, "ping_interval": 15,
               "ping_timeout": 25}
  })");
  const auto env = fake_env({{"TALLER_WEBHOOK_URL", "http://127.0.0.1:9/entorno"},
                             {"TALLER_SMTP_SERVER", "relay.entorno"},
                             {"TALLER_SMTP_PORT", "1025"},
                             {"WEBSOCKET_MAX_CONNECTIONS", "50"},
                             {"TALLER_MAX_PER_ADDRESS", "3"},
                             {"WEBSOCKET_PING_INTERVAL", "5"},
                             {"WEBSOCKET_PING_TIMEOUT", "7"}});
  const auto result = parse_config(file, env);
  const auto* config = std::get_if<monitor_config>(&result);
  ASSERT_NE(config, nullptr) << "Paso 5: fichero y entorno son válidos; llegó " << show(result);
  EXPECT_EQ(config->webhook_url, "http://127.0.0.1:9/entorno")
      << "Paso 5: TALLER_WEBHOOK_URL gana a channels.slack.webhook_url; llegó "
      << config->webhook_url;
  ASSERT_TRUE(config->smtp.has_value()) << "Paso 5: hay servidor SMTP; llegó ninguno";
  EXPECT_EQ(config->smtp->server, "relay.entorno")
      << "Paso 5: TALLER_SMTP_SERVER gana a smtp_server; llegó " << config->smtp->server;
  EXPECT_EQ(config->smtp->port, 1025)
      << "Paso 5: TALLER_SMTP_PORT gana a smtp_port; llegó " << config->smtp->port;
  EXPECT_EQ(config->smtp->recipients, std::vector<std::string>{"devops@example.com"})
      << "Paso 5: los destinatarios siguen siendo los del fichero; llegaron "
      << config->smtp->recipients.size();
  EXPECT_EQ(config->max_connections, 50u)
      << "Paso 5: WEBSOCKET_MAX_CONNECTIONS gana a limits.max_connections; llegó "
      << config->max_connections;
  EXPECT_EQ(config->max_per_address, 3u)
      << "Paso 5: TALLER_MAX_PER_ADDRESS gana a limits.max_per_address; llegó "
      << config->max_per_address;
  EXPECT_EQ(config->ping_interval_s, 5)
      << "Paso 5: WEBSOCKET_PING_INTERVAL gana a limits.ping_interval; llegó "
      << config->ping_interval_s;
  EXPECT_EQ(config->ping_timeout_s, 7)
      << "Paso 5: WEBSOCKET_PING_TIMEOUT gana a limits.ping_timeout; llegó "
      << config->ping_timeout_s;

  // Una variable definida pero vacía también gana: así se apaga el webhook sin
  // tocar el fichero.
  const auto off = parse_config(file, fake_env({{"TALLER_WEBHOOK_URL", ""}}));
  const auto* off_config = std::get_if<monitor_config>(&off);
  ASSERT_NE(off_config, nullptr) << "Paso 5: TALLER_WEBHOOK_URL vacía es válida; llegó "
                                 << show(off);
  EXPECT_EQ(off_config->webhook_url, "")
      << "Paso 5: TALLER_WEBHOOK_URL=\"\" apaga el webhook del fichero; llegó "
      << off_config->webhook_url;
  EXPECT_EQ(off_config->max_connections, 200u)
      << "Paso 5: sin WEBSOCKET_MAX_CONNECTIONS vale el fichero; llegó "
      << off_config->max_connections;
}

TEST(Paso5_Notificadores, LaContrasenaYElSecretoSoloLleganDelEntorno) {
  json file = json::parse(R"({
    "channels": {"email": {"smtp_server": "relay.local", "smtp_user": "alertas",
                           "from_email": "monitor@example.com",
                           "recipients": ["devops@example.com"]}}
  })");
  const auto result = parse_config(
      file, fake_env({{"TALLER_SMTP_PASSWORD", "clave-smtp"}, {"TALLER_JWT_SECRET", "clave-jwt"}}));
  const auto* config = std::get_if<monitor_config>(&result);
  ASSERT_NE(config, nullptr) << "Paso 5: con TALLER_SMTP_PASSWORD el correo es válido; llegó "
                             << show(result);
  ASSERT_TRUE(config->smtp.has_value()) << "Paso 5: hay servidor SMTP; llegó ninguno";
  EXPECT_EQ(config->smtp->user, "alertas")
      << "Paso 5: el usuario SMTP sale del fichero; llegó " << config->smtp->user;
  EXPECT_EQ(config->smtp->password, "clave-smtp")
      << "Paso 5: la contraseña SMTP sale de TALLER_SMTP_PASSWORD; llegó "
      << config->smtp->password;
  EXPECT_EQ(config->jwt_secret, "clave-jwt")
      << "Paso 5: el secreto de los JWT sale de TALLER_JWT_SECRET; llegó " << config->jwt_secret;

  // El usuario SMTP también puede venir del entorno; sin TALLER_JWT_SECRET no hay secreto.
  const auto env_user = parse_config(
      file, fake_env({{"TALLER_SMTP_USER", "otro"}, {"TALLER_SMTP_PASSWORD", "clave-smtp"}}));
  const auto* env_config = std::get_if<monitor_config>(&env_user);
  ASSERT_NE(env_config, nullptr) << "Paso 5: TALLER_SMTP_USER es válido; llegó " << show(env_user);
  ASSERT_TRUE(env_config->smtp.has_value()) << "Paso 5: hay servidor SMTP; llegó ninguno";
  EXPECT_EQ(env_config->smtp->user, "otro")
      << "Paso 5: TALLER_SMTP_USER gana a smtp_user; llegó " << env_config->smtp->user;
  EXPECT_EQ(env_config->jwt_secret, "")
      << "Paso 5: sin TALLER_JWT_SECRET no hay secreto; llegó " << env_config->jwt_secret;

  const auto missing = parse_config(file, fake_env());
  EXPECT_NE(error_of(missing).find("TALLER_SMTP_PASSWORD"), std::string::npos)
      << "Paso 5: un usuario SMTP sin TALLER_SMTP_PASSWORD es un error que nombra la variable; "
         "llegó "
      << show(missing);
}

TEST(Paso5_Notificadores, UnSecretoEnElFicheroEsUnError) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"channels": {"email": {"smtp_server": "relay.local", "smtp_password": "hunter2"}}})",
       "channels.email.smtp_password"},
      {R"({"jwt_secret": "hunter2"})", "jwt_secret"},
      {R"({"users": [{"username": "profe", "password": "hunter2"}]})", "users[0].password"},
  };
  // Aunque el entorno traiga los secretos, el fichero con secretos no se acepta.
  const auto env =
      fake_env({{"TALLER_SMTP_PASSWORD", "clave-smtp"}, {"TALLER_JWT_SECRET", "clave-jwt"}});
  for (const auto& [text, field] : cases) {
    const std::string error = error_of(parse_config(json::parse(text), env));
    EXPECT_NE(error.find(field), std::string::npos)
        << "Paso 5: " << text << " debe dar un error que nombre " << field << "; llegó \"" << error
        << "\"";
    EXPECT_NE(error.find("TALLER_SMTP_PASSWORD, TALLER_JWT_SECRET"), std::string::npos)
        << "Paso 5: el error dice que los secretos solo se leen de variables de entorno "
           "(TALLER_SMTP_PASSWORD, TALLER_JWT_SECRET); llegó \""
        << error << "\"";
    EXPECT_EQ(error.find("hunter2"), std::string::npos)
        << "Paso 5: el error no repite el secreto (acabaría en un log); llegó \"" << error << "\"";
  }
}

TEST(Paso5_Notificadores, UnaClaveDesconocidaEsUnError) {
  const auto typo = parse_config(json::parse(R"({"limits": {"ping_intervall": 5}})"), fake_env());
  EXPECT_NE(error_of(typo).find("limits.ping_intervall"), std::string::npos)
      << "Paso 5: una clave mal escrita no pasa en silencio y el error la nombra; llegó "
      << show(typo);
  const auto top = parse_config(json::parse(R"({"thresold": {"high_cpu": 70}})"), fake_env());
  EXPECT_NE(error_of(top).find("thresold"), std::string::npos)
      << "Paso 5: una clave desconocida en la raíz es un error que la nombra; llegó " << show(top);

  // Con el nombre bueno, en el fichero o en el entorno, sí vale.
  const auto good = parse_config(json::parse(R"({"limits": {"ping_interval": 5}})"),
                                 fake_env({{"WEBSOCKET_PING_TIMEOUT", "8"}}));
  const auto* config = std::get_if<monitor_config>(&good);
  ASSERT_NE(config, nullptr) << "Paso 5: limits.ping_interval es válido; llegó " << show(good);
  EXPECT_EQ(config->ping_interval_s, 5)
      << "Paso 5: limits.ping_interval 5; llegó " << config->ping_interval_s;
  EXPECT_EQ(config->ping_timeout_s, 8)
      << "Paso 5: WEBSOCKET_PING_TIMEOUT=8; llegó " << config->ping_timeout_s;
}

TEST(Paso5_Notificadores, UnNumeroInvalidoEnElEntornoEsUnError) {
  const std::pair<const char*, const char*> cases[] = {
      {"WEBSOCKET_PING_INTERVAL", "veinte"}, {"WEBSOCKET_PING_INTERVAL", " 5"},
      {"WEBSOCKET_PING_TIMEOUT", "0"},       {"WEBSOCKET_MAX_CONNECTIONS", "-5"},
      {"TALLER_MAX_PER_ADDRESS", "12abc"},   {"TALLER_SMTP_PORT", "70000"},
      {"TALLER_ALERT_COOLDOWN", "pronto"},   {"TALLER_ALERT_COOLDOWN", ""},
  };
  for (const auto& [name, value] : cases) {
    const auto result = parse_config(json::object(), fake_env({{name, value}}));
    EXPECT_NE(error_of(result).find(name), std::string::npos)
        << "Paso 5: " << name << "=\"" << value
        << "\" debe dar un error que nombre la variable; llegó " << show(result);
  }
}

TEST(Paso5_Notificadores, SinFicheroValeElEntornoYUnFicheroRotoEsUnError) {
  const auto defaults = load_config(
      "", fake_env({{"TALLER_JWT_SECRET", "clave-jwt"}, {"WEBSOCKET_PING_INTERVAL", "9"}}));
  const auto* config = std::get_if<monitor_config>(&defaults);
  ASSERT_NE(config, nullptr) << "Paso 5: sin fichero valen los valores por omisión; llegó "
                             << show(defaults);
  EXPECT_EQ(rules_json(config->rules), rules_json(default_rules()))
      << "Paso 5: sin fichero, las reglas son default_rules(); llegó "
      << rules_json(config->rules).dump();
  EXPECT_EQ(config->jwt_secret, "clave-jwt")
      << "Paso 5: sin fichero, el entorno sigue contando (TALLER_JWT_SECRET); llegó "
      << config->jwt_secret;
  EXPECT_EQ(config->ping_interval_s, 9)
      << "Paso 5: sin fichero, WEBSOCKET_PING_INTERVAL=9; llegó " << config->ping_interval_s;

  const temp_file broken("roto.json", "{\n  \"limits\": {\n    \"ping_interval\": 20,\n  }\n}\n");
  const auto not_json = load_config(broken.path(), fake_env());
  EXPECT_NE(error_of(not_json).find(broken.path()), std::string::npos)
      << "Paso 5: el error nombra el fichero; llegó " << show(not_json);
  EXPECT_NE(error_of(not_json).find("línea 4, columna 3"), std::string::npos)
      << "Paso 5: el error dice dónde se rompe el JSON (la coma sobrante antes de la línea 4); "
         "llegó "
      << show(not_json);

  const temp_file list("lista.json", "[1, 2]");
  const auto not_object = load_config(list.path(), fake_env());
  EXPECT_NE(error_of(not_object).find("objeto JSON"), std::string::npos)
      << "Paso 5: un fichero que no es un objeto JSON es un error; llegó " << show(not_object);

  const std::string nowhere = (fs::temp_directory_path() / "p03_config_no_existe.json").string();
  const auto missing = load_config(nowhere, fake_env());
  EXPECT_NE(error_of(missing).find(nowhere), std::string::npos)
      << "Paso 5: un fichero que no existe es un error que lo nombra; llegó " << show(missing);
}

}  // namespace
}  // namespace p03::testing
