#include "p03/prometheus.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace p03 {

namespace {

// [a-zA-Z_:][a-zA-Z0-9_:]* para métricas; para etiquetas, lo mismo sin ':'.
bool is_valid_name(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

// Lanza std::invalid_argument si la familia no se puede escribir tal cual.
void check_family(const prom_family& family) {
  // PASO 6 ▸ Rechaza una familia que Prometheus no podría leer
  //   Lanza std::invalid_argument, con un mensaje en español que nombra la familia, si el nombre
  //   no cumple [a-zA-Z_:][a-zA-Z0-9_:]* (is_valid_name con ':'), si el tipo no es counter ni
  //   gauge, si un counter no termina en _total, o si una etiqueta no cumple
  //   [a-zA-Z_][a-zA-Z0-9_]* (sin ':'). Es un error de programación del servidor, no de un
  //   cliente: mejor descubrirlo en las pruebas que servir un /metrics que Prometheus descarta.
  if (!is_valid_name(family.name, true))
    throw std::invalid_argument("nombre de métrica no válido: \"" + family.name +
                                "\" (debe cumplir [a-zA-Z_:][a-zA-Z0-9_:]*)");
  if (family.type != "counter" && family.type != "gauge")
    throw std::invalid_argument("la métrica " + family.name + " tiene el tipo \"" + family.type +
                                "\"; debe ser counter o gauge");
  if (family.type == "counter" && !family.name.ends_with("_total"))
    throw std::invalid_argument("el counter " + family.name + " debe terminar en _total");
  for (const auto& sample : family.samples)
    for (const auto& [label, value] : sample.labels)
      if (!is_valid_name(label, false))
        throw std::invalid_argument("nombre de etiqueta no válido en " + family.name + ": \"" +
                                    label + "\" (debe cumplir [a-zA-Z_][a-zA-Z0-9_]*)");
  //▸ starter
  //| (void)family;
  // FIN PASO 6
}

// Escapa un texto para una línea del formato. En HELP se escapan \ y el salto
// de línea; en un valor de etiqueta (quote), también las comillas.
std::string escape(std::string_view text, bool quote) {
  // PASO 6 ▸ Escapa la ayuda y los valores de etiqueta
  //   Devuelve text listo para una línea del formato: cada \ pasa a ser \\ y cada salto de línea
  //   los dos caracteres \n; con quote (valores de etiqueta), cada " pasa a ser \". Lo demás,
  //   también el UTF-8, queda igual. Sin esto, un salto de línea partiría la muestra en dos.
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quote)
      out += "\\\"";
    else
      out += c;
  }
  return out;
  //▸ starter
  //| (void)quote;
  //| return std::string(text);
  // FIN PASO 6
}

// Escribe un valor. Prometheus lo lee con ParseFloat de Go, que acepta casi
// cualquier forma: elegimos la más fácil de leer para una persona.
std::string format_value(double value) {
  // PASO 6 ▸ Escribe el valor de una muestra
  //   Devuelve el valor como lo lee Prometheus: NaN, +Inf y -Inf tal cual; un entero por debajo
  //   de 1e21 (en valor absoluto) sin decimales ni exponente (3, no 3.0 ni 3e+00); el resto, con
  //   la forma más corta que se vuelve a leer igual (0.5, 1e+21, 1e-07). Que no dependa del
  //   locale: con otro, std::to_string escribiría una coma decimal.
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const bool integral = std::trunc(value) == value && std::fabs(value) < 1e21;
  const auto end = integral
                       ? std::to_chars(buffer, std::end(buffer), value, std::chars_format::fixed)
                       : std::to_chars(buffer, std::end(buffer), value);
  return std::string(buffer, end.ptr);
  //▸ starter
  //| return std::to_string(value);
  // FIN PASO 6
}

// Escribe una muestra: nombre{etiqueta="valor",…} valor
std::string format_sample(const std::string& name, const prom_sample& sample) {
  // PASO 6 ▸ Escribe la línea de una muestra
  //   Devuelve la línea entera: el nombre, las etiquetas en el orden en que vienen como
  //   {a="x",b="y"} (valores escapados; sin llaves si no hay ninguna), un espacio, el valor
  //   (format_value) y el salto de línea: m{ruta="a"} 1 o m 12.5.
  std::string line = name;
  if (!sample.labels.empty()) {
    line += '{';
    for (std::size_t i = 0; i < sample.labels.size(); ++i) {
      if (i > 0) line += ',';
      line += sample.labels[i].first + "=\"" + escape(sample.labels[i].second, true) + "\"";
    }
    line += '}';
  }
  return line + " " + format_value(sample.value) + "\n";
  //▸ starter
  //| (void)sample;
  //| return name + "\n";
  // FIN PASO 6
}

}  // namespace

std::string format_prometheus(const std::vector<prom_family>& families) {
  // PASO 6 ▸ Escribe las familias de métricas
  //   Devuelve el texto 0.0.4 de las familias, en su orden: por cada una, "# HELP nombre ayuda"
  //   (ayuda escapada, sin tocar las comillas), "# TYPE nombre tipo" y una línea por muestra.
  //   Toda línea acaba en \n, también la última. Una familia que no pasa check_family lanza
  //   std::invalid_argument: es un error de programación y no debe llegar a Prometheus.
  std::string out;
  for (const auto& family : families) {
    check_family(family);
    out += "# HELP " + family.name + " " + escape(family.help, false) + "\n";
    out += "# TYPE " + family.name + " " + family.type + "\n";
    for (const auto& sample : family.samples) out += format_sample(family.name, sample);
  }
  return out;
  //▸ starter
  //| (void)families;
  //| return "";
  // FIN PASO 6
}

// El formato de texto 0.0.4 de Prometheus ("Exposition formats" en su
// documentación) se anuncia con esta versión en el Content-Type.
const char* prometheus_content_type() { return "text/plain; version=0.0.4; charset=utf-8"; }

}  // namespace p03
