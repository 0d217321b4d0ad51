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
[[maybe_unused]] void check_family(const prom_family& family) {
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
}

// Escapa un texto para una línea del formato. En HELP se escapan \ y el salto
// de línea; en un valor de etiqueta (quote), también las comillas.
[[maybe_unused]] std::string escape(std::string_view text, bool quote) {
  // TODO PASO 6 ▸ Escapa la ayuda y los valores de etiqueta
  //   \ se escribe \\ y un salto de línea \n (dos caracteres); con quote,
  //   " se escribe \". El resto de caracteres (también UTF-8) pasa tal cual.
  (void)quote;
  return std::string(text);
  // FIN PASO 6
}

// Escribe un valor. Prometheus lo lee con ParseFloat de Go, que acepta casi
// cualquier forma: elegimos la más fácil de leer para una persona.
[[maybe_unused]] std::string format_value(double value) {
  // TODO PASO 6 ▸ Escribe el valor de una muestra
  //   NaN, +Inf y -Inf se escriben así. Un entero por debajo de 1e21 va sin
  //   exponente ni decimales (3, no 3.0 ni 3e+00); el resto, con la forma más
  //   corta que se vuelve a leer igual (std::to_chars): 0.5, 1e+21.
  return std::to_string(value);
  // FIN PASO 6
}

// Escribe una muestra: nombre{etiqueta="valor",…} valor
[[maybe_unused]] std::string format_sample(const std::string& name, const prom_sample& sample) {
  // TODO PASO 6 ▸ Escribe la línea de una muestra
  //   El nombre, las etiquetas entre llaves separadas por comas (sin llaves si
  //   no hay ninguna), un espacio, el valor y el salto de línea.
  (void)sample;
  return name + "\n";
  // FIN PASO 6
}

}  // namespace

std::string format_prometheus(const std::vector<prom_family>& families) {
  // TODO PASO 6 ▸ Escribe las familias de métricas
  //   Para cada familia: compruébala con check_family, escribe "# HELP nombre
  //   ayuda" (ayuda escapada), "# TYPE nombre tipo" y una línea por muestra.
  //   Todas las líneas terminan en \n, también la última.
  (void)families;
  return "";
  // FIN PASO 6
}

// El formato de texto 0.0.4 de Prometheus ("Exposition formats" en su
// documentación) se anuncia con esta versión en el Content-Type.
const char* prometheus_content_type() { return "text/plain; version=0.0.4; charset=utf-8"; }

}  // namespace p03
