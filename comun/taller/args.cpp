#include "taller/args.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <stdexcept>

namespace taller {

cli_args::cli_args(std::string program, std::string summary, std::vector<flag_spec> flags,
                   std::vector<std::string> positional)
    : program_(std::move(program)),
      summary_(std::move(summary)),
      flags_(std::move(flags)),
      positional_names_(std::move(positional)) {
  for (const auto& f : flags_) {
    values_[f.name] = f.is_switch ? "0" : f.default_value;
    switches_[f.name] = f.is_switch;
  }
}

bool cli_args::parse(int argc, char** argv, std::ostream& err) {
  auto fail = [&](const std::string& msg) {
    err << "error: " << msg << "\n\n" << usage();
    exit_code_ = 2;
    return false;
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      err << usage();
      exit_code_ = 0;
      return false;
    }
    if (arg.rfind("--", 0) != 0) {
      positional_values_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    if (switches_.count(name) && switches_[name]) {
      values_[name] = "1";
      continue;
    }
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return fail("falta el valor de --" + name);
    }
    if (!values_.count(name)) return fail("opción desconocida --" + name);
    values_[name] = value;
  }
  if (positional_values_.size() != positional_names_.size())
    return fail("se esperaban " + std::to_string(positional_names_.size()) +
                " argumentos y llegaron " + std::to_string(positional_values_.size()));
  return true;
}

std::string cli_args::str(const std::string& name) const { return values_.at(name); }

namespace {

// Lee un número de tipo T en [min, max]; si no, lanza std::invalid_argument
// con un mensaje en español ("un entero", "un número").
template <class T>
T parse_in_range(const std::string& name, const std::string& text, T min, T max, const char* kind) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max) {
    std::ostringstream msg;
    msg << "--" << name << " debe ser " << kind << " entre " << min << " y " << max << " (llegó \""
        << text << "\")";
    throw std::invalid_argument(msg.str());
  }
  return v;
}

}  // namespace

long long cli_args::integer(const std::string& name, long long min, long long max) const {
  return parse_in_range(name, values_.at(name), min, max, "un entero");
}

double cli_args::number(const std::string& name, double min, double max) const {
  return parse_in_range(name, values_.at(name), min, max, "un número");
}

std::string cli_args::usage() const {
  std::ostringstream out;
  out << "uso: " << program_;
  for (const auto& p : positional_names_) out << ' ' << p;
  out << " [opciones]\n" << summary_ << "\n\nopciones:\n";
  std::size_t width = 0;
  for (const auto& f : flags_) width = std::max(width, f.name.size());
  for (const auto& f : flags_) {
    out << "  --" << f.name << std::string(width - f.name.size() + 2, ' ') << f.help;
    if (!f.default_value.empty() && !f.is_switch)
      out << " (por omisión: " << f.default_value << ")";
    out << '\n';
  }
  out << "  --help" << std::string(width > 4 ? width - 4 + 2 : 2, ' ') << "muestra esta ayuda\n";
  return out.str();
}

}  // namespace taller
