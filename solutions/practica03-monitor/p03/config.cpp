#include "p03/config.hpp"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string_view>
#include <utility>

#include "p03/config_file.hpp"
#include "taller/input.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

// La regla que repite cada error de un secreto encontrado donde no debe.
constexpr std::string_view secrets_rule =
    "los secretos solo se leen de variables de entorno (TALLER_SMTP_PASSWORD, TALLER_JWT_SECRET)";

// Una clave que guarda un secreto: jwt_secret, smtp_password, password...
// (password_hash no: es el hash, no la contraseña).
bool is_secret_key(const std::string& key) {
  if (key == "password_hash") return false;
  return key.find("password") != std::string::npos || key.find("secret") != std::string::npos;
}

// Rechaza cualquier secreto escrito en el fichero, esté donde esté.
void reject_file_secrets(const json& node, const std::string& path) {
  // PASO 5 ▸ Rechaza los secretos escritos en el fichero
  //   Lanza config_error si alguna clave, a cualquier profundidad (objetos y listas), es un
  //   secreto según is_secret_key. El mensaje es "<campo> no se admite en el fichero: " seguido
  //   de secrets_rule, con la ruta entera del campo (channels.email.smtp_password,
  //   users[0].password: mira join), y nunca el valor, que acabaría en un registro.
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      const std::string field = join(path, key);
      if (is_secret_key(key))
        throw config_error{field + " no se admite en el fichero: " + std::string(secrets_rule)};
      reject_file_secrets(value, field);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      reject_file_secrets(node[i], path + "[" + std::to_string(i) + "]");
  }
  //▸ starter
  //| (void)node;
  //| (void)path;
  // FIN PASO 5
}

// El entero de la variable de entorno name, entre 1 y max.
std::int64_t env_integer(const std::string& name, const std::string& text, std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > max)
    throw config_error{name + " debe ser un entero entre 1 y " + std::to_string(max) + "; llegó '" +
                       text + "'"};
  return value;
}

// Los segundos (con decimales) de la variable de entorno name: más que 0 y
// como mucho max_seconds.
double env_seconds(const std::string& name, const std::string& text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() ||
      !(value > 0 && value <= static_cast<double>(max_seconds)))
    throw config_error{name + " debe ser un número de segundos mayor que 0 y como mucho " +
                       std::to_string(max_seconds) + "; llegó '" + text + "'"};
  return value;
}

// El correo de config, creándolo vacío si el fichero no lo traía.
smtp_settings& smtp_of(monitor_config& config) {
  return config.smtp ? *config.smtp : config.smtp.emplace();
}

// Pone encima del fichero las variables de entorno que estén definidas.
void apply_environment(monitor_config& config, const env_lookup& env) {
  // PASO 5 ▸ Aplica el entorno encima del fichero
  //   Cada variable definida gana al fichero; las que faltan no tocan nada. TALLER_WEBHOOK_URL
  //   (vacía, apaga el webhook); TALLER_SMTP_{SERVER,PORT,USER,PASSWORD}, en smtp_of(config);
  //   WEBSOCKET_MAX_CONNECTIONS, TALLER_MAX_PER_ADDRESS, WEBSOCKET_PING_{INTERVAL,TIMEOUT},
  //   TALLER_ALERT_COOLDOWN y TALLER_JWT_SECRET. Los secretos solo llegan por aquí. Los números
  //   pasan por env_integer o env_seconds: si uno no vale, es un error que nombra la variable.
  if (auto url = env("TALLER_WEBHOOK_URL")) config.webhook_url = *url;
  if (auto server = env("TALLER_SMTP_SERVER")) smtp_of(config).server = *server;
  if (auto port = env("TALLER_SMTP_PORT"))
    smtp_of(config).port = static_cast<int>(env_integer("TALLER_SMTP_PORT", *port, max_port));
  if (auto user = env("TALLER_SMTP_USER")) smtp_of(config).user = *user;
  if (auto password = env("TALLER_SMTP_PASSWORD")) smtp_of(config).password = *password;
  if (auto secret = env("TALLER_JWT_SECRET")) config.jwt_secret = *secret;
  if (auto max = env("WEBSOCKET_MAX_CONNECTIONS"))
    config.max_connections = static_cast<std::size_t>(
        env_integer("WEBSOCKET_MAX_CONNECTIONS", *max, max_connections_limit));
  if (auto max = env("TALLER_MAX_PER_ADDRESS"))
    config.max_per_address = static_cast<std::size_t>(
        env_integer("TALLER_MAX_PER_ADDRESS", *max, max_connections_limit));
  if (auto interval = env("WEBSOCKET_PING_INTERVAL"))
    config.ping_interval_s =
        static_cast<int>(env_integer("WEBSOCKET_PING_INTERVAL", *interval, max_seconds));
  if (auto timeout = env("WEBSOCKET_PING_TIMEOUT"))
    config.ping_timeout_s =
        static_cast<int>(env_integer("WEBSOCKET_PING_TIMEOUT", *timeout, max_seconds));
  if (auto cooldown = env("TALLER_ALERT_COOLDOWN"))
    config.cooldown_s = env_seconds("TALLER_ALERT_COOLDOWN", *cooldown);
  //▸ starter
  //| (void)config;
  //| (void)env;
  // FIN PASO 5
}

// Lo que depende del fichero y del entorno juntos: el enfriamiento llega a
// todas las reglas y el correo solo queda si tiene servidor y está completo.
void finish(monitor_config& config) {
  for (auto& rule : config.rules) rule.repeat_s = config.cooldown_s;
  if (config.smtp && config.smtp->server.empty()) config.smtp.reset();
  if (!config.smtp) return;
  const smtp_settings& smtp = *config.smtp;
  if (smtp.from.empty())
    throw config_error{"channels.email.from_email no puede estar vacío si hay servidor SMTP"};
  if (smtp.recipients.empty())
    throw config_error{"channels.email.recipients necesita al menos un destinatario"};
  if (!smtp.user.empty() && smtp.password.empty())
    throw config_error{"TALLER_SMTP_PASSWORD debe tener la contraseña del usuario SMTP '" +
                       smtp.user + "'"};
}

// El motivo de un json::parse_error sin el prefijo "[json.exception...] parse
// error at line 2, column 5: ", que ya se da en español.
std::string parse_reason(const json::parse_error& e) {
  const std::string what = e.what();
  const auto colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// "línea L, columna C" del byte número byte (desde 1) de text, contados como
// los cuenta el parser: un salto de línea deja la columna en 0 y el final del
// texto también cuenta como un carácter leído.
std::string position_of(const std::string& text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t column = 0;
  for (std::size_t i = 0; i < byte; ++i) {
    if (i < text.size() && text[i] == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
  }
  return "línea " + std::to_string(line) + ", columna " + std::to_string(column);
}

}  // namespace

std::optional<std::string> system_env(const std::string& name) {
  // getenv no es seguro si otro hilo cambia el entorno; aquí solo se lee al arrancar.
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::variant<monitor_config, std::string> load_config(const std::string& path,
                                                      const env_lookup& env) {
  if (path.empty()) return parse_config(json::object(), env);
  std::ifstream in(path, std::ios::binary);
  if (!in) return "no se puede abrir el fichero de configuración '" + path + "'";
  // Se lee como mucho un byte más del tope, para saber si lo pasa.
  std::string text(max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_file_bytes)
    return path + " pasa de " + std::to_string(max_file_bytes) + " bytes";
  // parse_config recorre el JSON con recursión: el anidamiento se acota antes.
  if (taller::json_nesting(text) > taller::max_json_depth)
    return path + " anida más de " + std::to_string(taller::max_json_depth) + " niveles";
  json file;
  try {
    file = json::parse(text);
  } catch (const json::parse_error& e) {
    return path + " no es JSON válido (" + position_of(text, e.byte) + "): " + parse_reason(e);
  } catch (const json::exception& e) {
    // Un número que no cabe en un double (1e309) es out_of_range, no parse_error.
    const std::string what = e.what();  // "[json.exception.out_of_range.406] number…"
    return path + " no es JSON válido: " + what.substr(what.find("] ") + 2);
  }
  return parse_config(file, env);
}

std::variant<monitor_config, std::string> parse_config(const json& file, const env_lookup& env) {
  try {
    // Los secretos primero: su error explica la regla, no "clave desconocida".
    reject_file_secrets(file, "");
    monitor_config config = read_file(file);
    apply_environment(config, env);
    finish(config);
    return config;
  } catch (const config_error& e) {
    return e.message;
  }
}

}  // namespace p03
