// Las secciones de monitor.json: thresholds, cooldown_period, channels, users,
// private_channels y limits. Cada valor se comprueba al leerlo, con un error que
// nombra el campo.
#include "p03/config_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "p03/jwt.hpp"
#include "taller/input.hpp"

namespace p03 {

namespace {

using json = nlohmann::json;

// Comprueba que node es un objeto y que solo trae claves de allowed: una clave
// mal escrita ("thresold") no debe pasar en silencio.
void expect_keys(const json& node, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
  const std::string name = path.empty() ? "el fichero de configuración" : path;
  if (!node.is_object())
    throw config_error{name + " debe ser un objeto JSON; llegó " + node.type_name()};
  for (const auto& [key, value] : node.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string known;
    for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
    throw config_error{"clave desconocida '" + join(path, key) + "' (se admiten: " + known + ")"};
  }
}

// Un número finito entre 0 y 100 (un porcentaje).
double percent(const json& value, const std::string& field) {
  if (!value.is_number() || !(value.get<double>() >= 0 && value.get<double>() <= 100))
    throw config_error{field + " debe ser un número entre 0 y 100"};
  return value.get<double>();
}

// Un número mayor que 0 y como mucho max; what dice qué mide ("un número de
// segundos"). El tope evita que un valor enorme dé infinito en otra cuenta.
double positive_number(const json& value, const std::string& field, double max,
                       const std::string& what = "un número") {
  if (!value.is_number() || !(value.get<double>() > 0 && value.get<double>() <= max))
    throw config_error{field + " debe ser " + what + " mayor que 0 y como mucho " +
                       std::to_string(static_cast<std::int64_t>(max))};
  return value.get<double>();
}

// Un entero entre 1 y max.
std::int64_t integer_in(const json& value, const std::string& field, std::int64_t max) {
  std::int64_t number = 0;  // 0 está fuera del rango: queda como "no válido"
  // Primero sin signo: un entero enorme no cabe en int64_t.
  if (value.is_number_unsigned()) {
    const auto big = value.get<std::uint64_t>();
    number = big <= static_cast<std::uint64_t>(max) ? static_cast<std::int64_t>(big) : 0;
  } else if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
  }
  if (number < 1 || number > max)
    throw config_error{field + " debe ser un entero entre 1 y " + std::to_string(max)};
  return number;
}

// Copia en out el texto node[key] si está. Sin caracteres de control: estos
// textos acaban en órdenes SMTP, cabeceras de correo y registros.
void read_text(const json& node, const std::string& path, const char* key, std::string& out) {
  const auto it = node.find(key);
  if (it == node.end()) return;
  if (!it->is_string() || taller::has_control_chars(it->get_ref<const std::string&>()))
    throw config_error{join(path, key) + " debe ser un texto sin caracteres de control"};
  out = it->get<std::string>();
}

// Una lista de como mucho max_list_items textos no vacíos y sin caracteres de control.
std::vector<std::string> text_list(const json& value, const std::string& field) {
  const std::string rule = field + " debe ser una lista de como mucho " +
                           std::to_string(max_list_items) +
                           " textos no vacíos y sin caracteres de control";
  if (!value.is_array() || value.size() > max_list_items) throw config_error{rule};
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        taller::has_control_chars(item.get_ref<const std::string&>()))
      throw config_error{rule};
    out.push_back(item.get<std::string>());
  }
  return out;
}

// La regla por omisión con ese nombre (default_rules() las trae todas).
alert_rule& rule_named(std::vector<alert_rule>& rules, std::string_view name) {
  for (auto& rule : rules)
    if (rule.name == name) return rule;
  throw config_error{"default_rules() no tiene la regla '" + std::string(name) + "'"};
}

// Un porcentaje (cpu, memory): crítico 15 puntos más arriba (sin pasar de 100)
// y se resuelve 10 puntos por debajo (sin bajar de 0).
void set_percent_rule(alert_rule& rule, double warning) {
  rule.warning = warning;
  rule.critical = std::max(warning, std::min(100.0, warning + 15));
  rule.clear = std::max(0.0, warning - 10);
}

// thresholds: cada umbral del fichero es el warning de su regla; los demás
// números de la regla salen de él. Un umbral que no está deja la regla como venía.
void read_thresholds(const json& node, std::vector<alert_rule>& rules) {
  expect_keys(node, "thresholds",
              {"high_cpu", "high_memory", "max_connections", "error_threshold"});
  if (node.contains("high_cpu"))
    set_percent_rule(rule_named(rules, "cpu"), percent(node["high_cpu"], "thresholds.high_cpu"));
  if (node.contains("high_memory"))
    set_percent_rule(rule_named(rules, "memory"),
                     percent(node["high_memory"], "thresholds.high_memory"));
  if (node.contains("max_connections")) {
    alert_rule& rule = rule_named(rules, "connections");
    rule.warning = positive_number(node["max_connections"], "thresholds.max_connections",
                                   max_connections_limit);
    rule.critical = std::round(rule.warning * 1.8);
    rule.clear = rule.warning * 0.8;
  }
  if (node.contains("error_threshold")) {
    alert_rule& rule = rule_named(rules, "errors");
    rule.warning = positive_number(node["error_threshold"], "thresholds.error_threshold",
                                   max_connections_limit);
    rule.critical = rule.warning * 5;
    rule.clear = rule.warning / 2;
  }
}

// ca_file (channels.email y channels.slack): la ruta de un fichero PEM con las
// CA en las que confiar para TLS. Se comprueba al arrancar que se puede leer:
// si no, cada aviso fallaría después con un error menos claro.
void read_ca_file(const json& node, const std::string& path, std::string& out) {
  read_text(node, path, "ca_file", out);
  if (!node.contains("ca_file")) return;
  if (out.empty())
    throw config_error{path +
                       ".ca_file no puede estar vacío (quítalo para usar las CA del sistema)"};
  if (!std::ifstream(out)) throw config_error{path + ".ca_file: no se puede leer '" + out + "'"};
}

// channels.email: el correo queda en config.smtp; si al final no hay servidor
// (ni en el fichero ni en el entorno), finish lo quita.
void read_email(const json& node, monitor_config& config) {
  const std::string path = "channels.email";
  expect_keys(node, path,
              {"levels", "recipients", "smtp_server", "smtp_port", "smtp_user", "from_email",
               "use_tls", "ca_file"});
  smtp_settings smtp;
  read_text(node, path, "smtp_server", smtp.server);
  read_text(node, path, "smtp_user", smtp.user);
  read_text(node, path, "from_email", smtp.from);
  read_ca_file(node, path, smtp.ca_file);
  if (node.contains("smtp_port"))
    smtp.port = static_cast<int>(integer_in(node["smtp_port"], path + ".smtp_port", max_port));
  if (node.contains("recipients"))
    smtp.recipients = text_list(node["recipients"], path + ".recipients");
  if (node.contains("levels")) {
    smtp.levels = text_list(node["levels"], path + ".levels");
    for (const auto& level : smtp.levels)
      if (level != "warning" && level != "critical")
        throw config_error{path + ".levels solo admite \"warning\" y \"critical\"; llegó \"" +
                           level + "\""};
  }
  // use_tls: STARTTLS obligatorio (true) o nada de TLS (false). Si no está,
  // lo decide el notificador: STARTTLS si hay usuario (notifiers.hpp).
  if (node.contains("use_tls")) {
    if (!node["use_tls"].is_boolean())
      throw config_error{path + ".use_tls debe ser true (STARTTLS obligatorio) o false (sin TLS)"};
    smtp.starttls = node["use_tls"].get<bool>();
  }
  config.smtp = std::move(smtp);
}

// channels.slack: la URL del webhook (http:// o https://) y, para https con
// una CA propia, ca_file. username se admite para conservar la
// forma del fichero, pero no se usa: los webhooks entrantes de Slack fijan el
// remitente al crearlos.
void read_slack(const json& node, monitor_config& config) {
  const std::string path = "channels.slack";
  expect_keys(node, path, {"webhook_url", "username", "ca_file"});
  read_text(node, path, "webhook_url", config.webhook_url);
  read_ca_file(node, path, config.webhook_ca_file);
  std::string username;
  read_text(node, path, "username", username);
}

void read_channels(const json& node, monitor_config& config) {
  expect_keys(node, "channels", {"email", "slack"});
  if (node.contains("email")) read_email(node["email"], config);
  if (node.contains("slack")) read_slack(node["slack"], config);
}

// "pbkdf2_sha256$<iteraciones>$<sal>$<hash>" con sal y hash en base64url y un
// hash de 32 bytes: lo que escribe hash_password.
bool is_password_hash(std::string_view stored) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = stored.find('$', start);
    parts.push_back(stored.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts.size() != 4 || parts[0] != "pbkdf2_sha256") return false;
  int iterations = 0;
  const auto [end, ec] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc{} || end != parts[1].data() + parts[1].size() || iterations < 1 ||
      iterations > 10'000'000)
    return false;
  const auto salt = base64url_decode(parts[2]);
  const auto hash = base64url_decode(parts[3]);
  return salt && !salt->empty() && hash && hash->size() == 32;
}

// users: [{"username", "password_hash"}], sin nombres repetidos.
std::vector<user_account> read_users(const json& node) {
  if (!node.is_array() || node.size() > max_list_items)
    throw config_error{"users debe ser una lista de como mucho " + std::to_string(max_list_items) +
                       " usuarios"};
  std::vector<user_account> users;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = "users[" + std::to_string(i) + "]";
    expect_keys(node[i], path, {"username", "password_hash"});
    user_account user;
    read_text(node[i], path, "username", user.username);
    read_text(node[i], path, "password_hash", user.password_hash);
    if (user.username.empty()) throw config_error{path + ".username no puede estar vacío"};
    // El nombre viaja como "sub" en los tokens, y jwt_verify no admite uno más largo.
    if (user.username.size() > max_subject_bytes)
      throw config_error{path + ".username no puede pasar de " + std::to_string(max_subject_bytes) +
                         " bytes"};
    for (const auto& other : users)
      if (other.username == user.username)
        throw config_error{path + ".username '" + user.username + "' está repetido"};
    if (!is_password_hash(user.password_hash))
      throw config_error{path + ".password_hash debe tener la forma " +
                         "pbkdf2_sha256$<iteraciones>$<sal>$<hash> (ver hash_password)"};
    users.push_back(std::move(user));
  }
  return users;
}

void read_limits(const json& node, monitor_config& config) {
  expect_keys(node, "limits",
              {"max_connections", "max_per_address", "ping_interval", "ping_timeout"});
  if (node.contains("max_connections"))
    config.max_connections = static_cast<std::size_t>(
        integer_in(node["max_connections"], "limits.max_connections", max_connections_limit));
  if (node.contains("max_per_address"))
    config.max_per_address = static_cast<std::size_t>(
        integer_in(node["max_per_address"], "limits.max_per_address", max_connections_limit));
  if (node.contains("ping_interval"))
    config.ping_interval_s =
        static_cast<int>(integer_in(node["ping_interval"], "limits.ping_interval", max_seconds));
  if (node.contains("ping_timeout"))
    config.ping_timeout_s =
        static_cast<int>(integer_in(node["ping_timeout"], "limits.ping_timeout", max_seconds));
}

}  // namespace

// Todo lo que dice el fichero, sin mirar todavía el entorno.
monitor_config read_file(const json& file) {
  expect_keys(file, "",
              {"thresholds", "cooldown_period", "channels", "users", "private_channels", "limits"});
  monitor_config config;
  if (file.contains("thresholds")) read_thresholds(file["thresholds"], config.rules);
  if (file.contains("cooldown_period"))
    config.cooldown_s = positive_number(file["cooldown_period"], "cooldown_period", max_seconds,
                                        "un número de segundos");
  if (file.contains("channels")) read_channels(file["channels"], config);
  if (file.contains("users")) config.users = read_users(file["users"]);
  if (file.contains("private_channels")) {
    const auto names = text_list(file["private_channels"], "private_channels");
    config.private_channels = {names.begin(), names.end()};
  }
  if (file.contains("limits")) read_limits(file["limits"], config);
  return config;
}

}  // namespace p03
