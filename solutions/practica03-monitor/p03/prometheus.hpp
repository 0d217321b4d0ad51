// El formato de texto de Prometheus, versión 0.0.4: lo que sirve GET /metrics.
// Función pura: recibe las familias de métricas y devuelve el texto.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace p03 {

// Una muestra: sus etiquetas (nombre, valor) y su valor.
struct prom_sample {
  std::vector<std::pair<std::string, std::string>> labels;
  double value;
};

// Una familia: nombre, ayuda, tipo ("counter" o "gauge") y sus muestras. El
// nombre de un counter termina en _total.
struct prom_family {
  std::string name, help, type;
  std::vector<prom_sample> samples;
};

// "# HELP …", "# TYPE …" y una línea nombre{etiqueta="valor",…} valor por
// muestra, para cada familia. Lanza std::invalid_argument si un nombre de
// métrica o de etiqueta no es válido, si el tipo no es counter ni gauge o si
// un counter no termina en _total: eso es un error de programación.
std::string format_prometheus(const std::vector<prom_family>& families);

// La cabecera Content-Type de ese texto.
const char* prometheus_content_type();

}  // namespace p03
