#pragma once
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace taller {

// Una opción de línea de órdenes: --nombre valor.
struct flag_spec {
  std::string name;           // sin los guiones: "port"
  std::string default_value;  // "" = sin valor por omisión
  std::string help;           // en español, para el uso
  bool is_switch = false;     // true: "--demo" sin valor (vale "1" si aparece)
};

// Analizador mínimo de opciones "--nombre valor" / "--nombre=valor".
// Los valores se validan al leerlos: integer() y number() lanzan
// std::invalid_argument con un mensaje en español que main muestra con el uso.
class cli_args {
 public:
  cli_args(std::string program, std::string summary, std::vector<flag_spec> flags,
           std::vector<std::string> positional = {});

  // false si hay que salir: --help (exit 0) o error (exit 2, mensaje ya escrito).
  bool parse(int argc, char** argv, std::ostream& err);
  int exit_code() const { return exit_code_; }

  std::string str(const std::string& name) const;
  // Un interruptor (is_switch): ¿apareció en la línea de órdenes?
  bool flag(const std::string& name) const { return values_.at(name) == "1"; }
  long long integer(const std::string& name, long long min, long long max) const;
  double number(const std::string& name, double min, double max) const;
  const std::vector<std::string>& positional() const { return positional_values_; }
  std::string usage() const;

 private:
  std::string program_, summary_;
  std::vector<flag_spec> flags_;
  std::vector<std::string> positional_names_, positional_values_;
  std::map<std::string, std::string> values_;
  std::map<std::string, bool> switches_;
  int exit_code_ = 0;
};

}  // namespace taller
