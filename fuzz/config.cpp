// fuzz_config: p03::load_config, la configuración del monitor. La entrada es
// el texto de monitor.json y, tras el primer NUL, variables de entorno
// separadas por NUL: el primer byte de cada una elige la variable (de las que
// lee el cargador) y el resto es su valor. El texto se escribe en un fichero
// temporal, como lo lee el servidor al arrancar, y el entorno se inyecta.
//
// Propiedades: load_config no lanza; si acepta, todo está dentro de sus topes
// (conexiones, segundos, puerto, reglas coherentes y finitas, correo completo)
// y los secretos vienen solo del entorno; si el fichero trae una clave secreta,
// la rechaza; el mensaje de error nunca repite un secreto; y leer el fichero
// da lo mismo que parse_config con el JSON ya leído.
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "check.hpp"
#include "p03/config.hpp"
#include "p03/jwt.hpp"
#include "taller/input.hpp"

namespace {

using json = nlohmann::json;

// Las variables que lee config.cpp (apply_environment).
constexpr std::array<const char*, 11> variables{
    "TALLER_WEBHOOK_URL",        "TALLER_SMTP_SERVER",     "TALLER_SMTP_PORT",
    "TALLER_SMTP_USER",          "TALLER_SMTP_PASSWORD",   "TALLER_JWT_SECRET",
    "WEBSOCKET_MAX_CONNECTIONS", "TALLER_MAX_PER_ADDRESS", "WEBSOCKET_PING_INTERVAL",
    "WEBSOCKET_PING_TIMEOUT",    "TALLER_ALERT_COOLDOWN"};

std::string config_path;  // el fichero temporal (uno por proceso)

// Los secretos llevan delante un carácter de control que ningún mensaje del
// cargador escribe por sí mismo: si el mensaje de error contiene el secreto
// entero, es que lo ha repetido (salvo que el secreto esté también en el
// fichero o en otra variable, que sí pueden salir en el mensaje).
const std::string secret_mark = "\x1f";
bool is_secret(const std::string& name) {
  return name == "TALLER_JWT_SECRET" || name == "TALLER_SMTP_PASSWORD";
}

void write_file(std::string_view text) {
  std::FILE* f = std::fopen(config_path.c_str(), "wb");
  fuzz::check(f != nullptr, "se puede escribir el fichero temporal");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

// ¿Hay en el JSON una clave secreta (con "password" o "secret", salvo password_hash)?
bool has_secret_key(const json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key != "password_hash" &&
          (key.find("password") != std::string::npos || key.find("secret") != std::string::npos))
        return true;
      if (has_secret_key(value)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& item : node)
      if (has_secret_key(item)) return true;
  }
  return false;
}

bool finite(double x) { return std::isfinite(x); }

void check_accepted(const p03::monitor_config& c, const std::map<std::string, std::string>& env) {
  fuzz::check(c.max_connections >= 1 && c.max_connections <= 1'000'000,
              "max_connections en su rango");
  fuzz::check(c.max_per_address >= 1 && c.max_per_address <= 1'000'000,
              "max_per_address en su rango");
  fuzz::check(c.ping_interval_s >= 1 && c.ping_interval_s <= 86'400, "ping_interval en su rango");
  fuzz::check(c.ping_timeout_s >= 1 && c.ping_timeout_s <= 86'400, "ping_timeout en su rango");
  fuzz::check(finite(c.cooldown_s) && c.cooldown_s > 0, "cooldown finito y mayor que 0");
  for (const auto& r : c.rules) {
    fuzz::check(finite(r.warning) && finite(r.critical) && finite(r.clear) && finite(r.for_s) &&
                    finite(r.repeat_s),
                "los números de las reglas son finitos (to_json no da null)");
    fuzz::check(r.clear <= r.warning && r.warning <= r.critical, "clear ≤ warning ≤ critical");
    fuzz::check(r.repeat_s == c.cooldown_s, "el cooldown llega a todas las reglas");
  }
  if (c.smtp) {
    fuzz::check(!c.smtp->server.empty(), "sin servidor SMTP no hay correo");
    fuzz::check(c.smtp->port >= 1 && c.smtp->port <= 65'535, "puerto SMTP en su rango");
    fuzz::check(!c.smtp->from.empty() && !c.smtp->recipients.empty(), "el correo está completo");
    fuzz::check(c.smtp->user.empty() || !c.smtp->password.empty(),
                "un usuario SMTP tiene contraseña");
    for (const auto& level : c.smtp->levels)
      fuzz::check(level == "warning" || level == "critical", "niveles de correo conocidos");
  }
  std::set<std::string> names;
  for (const auto& u : c.users) {
    fuzz::check(!u.username.empty() && names.insert(u.username).second,
                "usuarios con nombre y sin repetir");
    fuzz::check(u.username.size() <= p03::max_subject_bytes, "el nombre cabe en el sub de un JWT");
  }
  // Los secretos solo llegan del entorno.
  const auto secret = env.find("TALLER_JWT_SECRET");
  fuzz::check(c.jwt_secret == (secret == env.end() ? "" : secret->second),
              "el secreto JWT es el del entorno");
  const auto password = env.find("TALLER_SMTP_PASSWORD");
  if (c.smtp && password == env.end())
    fuzz::check(c.smtp->password.empty(), "la contraseña SMTP solo llega del entorno");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  char name[] = "/tmp/fuzz_config_XXXXXX";
  const int fd = mkstemp(name);
  fuzz::check(fd >= 0, "se puede crear el fichero temporal");
  close(fd);
  config_path = name;
  std::atexit([] { std::remove(config_path.c_str()); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const auto nul = input.find('\0');
  const std::string_view file_text = input.substr(0, nul);

  // El entorno: cada trozo tras un NUL es <byte de variable><valor>.
  std::map<std::string, std::string> env;
  for (std::string_view rest = nul == std::string_view::npos ? "" : input.substr(nul + 1);
       !rest.empty();) {
    const auto end = rest.find('\0');
    const std::string_view item = rest.substr(0, end);
    if (!item.empty()) {
      const std::string name = variables[static_cast<unsigned char>(item[0]) % variables.size()];
      env[name] = (is_secret(name) ? secret_mark : "") + std::string(item.substr(1));
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  const p03::env_lookup lookup = [&env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };

  write_file(file_text);
  const auto loaded = p03::load_config(config_path, lookup);

  if (const auto* error = std::get_if<std::string>(&loaded)) {
    fuzz::check(!error->empty(), "un error de configuración tiene mensaje");
    // El mensaje acaba en la consola y en registros: nunca repite un secreto.
    for (const char* name : {"TALLER_JWT_SECRET", "TALLER_SMTP_PASSWORD"}) {
      const auto it = env.find(name);
      if (it == env.end() || it->second.size() < secret_mark.size() + 4) continue;
      bool elsewhere = file_text.find(it->second) != std::string_view::npos;
      for (const auto& [other, value] : env)
        elsewhere = elsewhere || (other != name && value.find(it->second) != std::string::npos);
      if (!elsewhere)
        fuzz::check(error->find(it->second) == std::string::npos, "el error no repite un secreto");
    }
  } else {
    check_accepted(std::get<p03::monitor_config>(loaded), env);
  }

  // Lo mismo con el JSON ya leído (parse_config), si el texto es JSON.
  const auto parsed = taller::parse_json(file_text);
  if (!parsed) return 0;
  if (has_secret_key(parsed.value))
    fuzz::check(std::holds_alternative<std::string>(loaded), "un secreto en el fichero se rechaza");
  const auto again = p03::parse_config(parsed.value, lookup);
  fuzz::check(again.index() == loaded.index(), "load_config y parse_config coinciden");
  if (const auto* e1 = std::get_if<std::string>(&loaded))
    fuzz::check(*e1 == std::get<std::string>(again),
                "load_config y parse_config dan el mismo error");
  return 0;
}
