// Configuración del monitor: un fichero JSON (monitor.json) con umbrales,
// canales de aviso, usuarios y límites, y encima las variables de entorno.
//
// Dos reglas que el alumno debe ver en el código:
//   - el entorno gana al fichero: el mismo monitor.json sirve en el portátil y
//     en el servidor, y cada máquina cambia solo lo suyo;
//   - los secretos (la contraseña SMTP y el secreto de los JWT) solo se leen
//     del entorno. Un fichero de configuración acaba en el repositorio, en una
//     copia de seguridad o en un mensaje de ayuda; por eso uno que los trae se
//     rechaza, no se usa.
//
// Funciones puras: el entorno se inyecta (env_lookup) y las pruebas pasan un
// mapa en lugar de tocar las variables del proceso.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "p03/alerts.hpp"

namespace p03 {

// El correo de avisos (channels.email). Sin servidor no hay correo.
struct smtp_settings {
  std::string server;    // smtp_server o TALLER_SMTP_SERVER
  int port = 25;         // smtp_port o TALLER_SMTP_PORT
  std::string user;      // smtp_user o TALLER_SMTP_USER; vacío: sin AUTH
  std::string password;  // solo TALLER_SMTP_PASSWORD
  // use_tls: STARTTLS obligatorio (true) o sin TLS (false, un relé local). Sin
  // valor, STARTTLS si hay usuario (smtp_options::starttls).
  std::optional<bool> starttls;
  std::string ca_file;  // ca_file: PEM con las CA en las que confiar; vacío, las del sistema
  std::string from;     // from_email
  std::vector<std::string> recipients;
  std::vector<std::string> levels{"critical"};  // niveles que se envían por correo
};

// Un usuario que puede pedir un token (la contraseña nunca, solo su hash).
struct user_account {
  std::string username;
  std::string password_hash;  // "pbkdf2_sha256$<iteraciones>$<sal>$<hash>" (jwt.hpp)
};

struct monitor_config {
  std::vector<alert_rule> rules = default_rules();  // los umbrales del fichero las ajustan
  double cooldown_s = 300;            // cooldown_period: el repeat_s de todas las reglas
  std::string webhook_url;            // channels.slack.webhook_url; vacío: sin webhook
  std::string webhook_ca_file;        // channels.slack.ca_file: PEM de CA para https://
  std::optional<smtp_settings> smtp;  // solo si hay servidor SMTP
  std::vector<user_account> users;
  std::set<std::string> private_channels;  // canales que piden un token
  std::size_t max_connections = 1000;      // limits.max_connections
  std::size_t max_per_address = 100;       // limits.max_per_address
  int ping_interval_s = 20;                // limits.ping_interval
  int ping_timeout_s = 30;                 // limits.ping_timeout
  std::string jwt_secret;                  // solo TALLER_JWT_SECRET
};

// Busca una variable de entorno; nullopt si no está definida.
using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;

// El entorno del proceso (std::getenv).
std::optional<std::string> system_env(const std::string& name);

// Lee el fichero (con path vacío, solo los valores por omisión), aplica el
// entorno y lo valida todo. Si algo falla devuelve un mensaje en español que
// nombra el campo o la variable: "thresholds.high_cpu debe ser un número entre
// 0 y 100". No lanza excepciones: un fichero de más de 1 MiB, con más de
// taller::max_json_depth niveles, un tipo equivocado, un número fuera de su
// rango o una lista de más de 1000 elementos son un mensaje de error.
std::variant<monitor_config, std::string> load_config(const std::string& path,
                                                      const env_lookup& env = system_env);

// Lo mismo con el JSON ya leído.
std::variant<monitor_config, std::string> parse_config(const nlohmann::json& file,
                                                       const env_lookup& env);

}  // namespace p03
