// Paso 6 — GET /metrics en el formato de texto 0.0.4 de Prometheus
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "p03/prometheus.hpp"

namespace p03::testing {
namespace {

// La línea de la muestra de un gauge "m" sin etiquetas con ese valor; si no
// aparece, todo el texto (para que el mensaje enseñe lo que llegó).
std::string linea_de(double valor) {
  const std::string texto = format_prometheus({{"m", "ayuda", "gauge", {{{}, valor}}}});
  const std::string cabecera = "# HELP m ayuda\n# TYPE m gauge\n";
  return texto.rfind(cabecera, 0) == 0 ? texto.substr(cabecera.size()) : texto;
}

TEST(Paso6_ApiYMetrics, TextoExactoDeUnCounterYUnGauge) {
  const std::vector<prom_family> familias = {
      {"monitor_http_requests_total",
       "Peticiones HTTP atendidas.",
       "counter",
       {{{{"method", "GET"}, {"code", "200"}}, 1027}, {{{"method", "POST"}, {"code", "401"}}, 3}}},
      {"monitor_cpu_percent", "Uso de CPU en porcentaje.", "gauge", {{{}, 12.5}}},
      {"monitor_sse_clients", "Flujos SSE abiertos.", "gauge", {}},
  };
  const std::string esperado =
      "# HELP monitor_http_requests_total Peticiones HTTP atendidas.\n"
      "# TYPE monitor_http_requests_total counter\n"
      "monitor_http_requests_total{method=\"GET\",code=\"200\"} 1027\n"
      "monitor_http_requests_total{method=\"POST\",code=\"401\"} 3\n"
      "# HELP monitor_cpu_percent Uso de CPU en porcentaje.\n"
      "# TYPE monitor_cpu_percent gauge\n"
      "monitor_cpu_percent 12.5\n"
      "# HELP monitor_sse_clients Flujos SSE abiertos.\n"
      "# TYPE monitor_sse_clients gauge\n";
  const std::string texto = format_prometheus(familias);
  EXPECT_EQ(texto, esperado) << "Paso 6: # HELP, # TYPE y una línea por muestra (sin llaves si no "
                                "hay etiquetas), cada una terminada en \\n; llegó:\n"
                             << texto;
  EXPECT_STREQ(prometheus_content_type(), "text/plain; version=0.0.4; charset=utf-8")
      << "Paso 6: el Content-Type del formato 0.0.4";
}

TEST(Paso6_ApiYMetrics, EscapaLaAyudaYLosValoresDeEtiqueta) {
  const std::vector<prom_family> familias = {
      {"m", "Línea 1\ncon \\ y \"comillas\"", "gauge", {{{{"ruta", "C:\\tmp\n\"x\""}}, 1}}}};
  const std::string esperado =
      "# HELP m Línea 1\\ncon \\\\ y \"comillas\"\n"
      "# TYPE m gauge\n"
      "m{ruta=\"C:\\\\tmp\\n\\\"x\\\"\"} 1\n";
  const std::string texto = format_prometheus(familias);
  EXPECT_EQ(texto, esperado) << "Paso 6: en HELP se escapan \\ y el salto de línea (las comillas "
                                "no); en los valores de etiqueta, también las comillas; llegó:\n"
                             << texto;
}

TEST(Paso6_ApiYMetrics, ValoresEspecialesYEnteros) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::pair<double, const char*> casos[] = {
      {3, "3"},        {0, "0"},         {-2, "-2"},
      {1027, "1027"},  {1e6, "1000000"}, {1048576, "1048576"},
      {0.5, "0.5"},    {12.25, "12.25"}, {0.1, "0.1"},
      {1e21, "1e+21"}, {1e-7, "1e-07"},  {std::numeric_limits<double>::quiet_NaN(), "NaN"},
      {inf, "+Inf"},   {-inf, "-Inf"},
  };
  for (const auto& [valor, texto] : casos) {
    const std::string linea = linea_de(valor);
    EXPECT_EQ(linea, "m " + std::string(texto) + "\n")
        << "Paso 6: el valor " << valor << " se escribe " << texto << "; llegó " << linea;
  }
}

TEST(Paso6_ApiYMetrics, NombresInvalidosLanzan) {
  EXPECT_EQ(format_prometheus({{"a:b_c9", "ayuda", "gauge", {{{{"_x", "1"}, {"Y2", ""}}, 1}}}}),
            "# HELP a:b_c9 ayuda\n# TYPE a:b_c9 gauge\na:b_c9{_x=\"1\",Y2=\"\"} 1\n")
      << "Paso 6: a:b_c9 es un nombre de métrica válido y _x, Y2 de etiqueta";
  for (const char* nombre : {"", "1abc", "con-guion", "con espacio", "ñandú"})
    EXPECT_THROW(format_prometheus({{nombre, "ayuda", "gauge", {{{}, 1}}}}), std::invalid_argument)
        << "Paso 6: \"" << nombre << "\" no cumple [a-zA-Z_:][a-zA-Z0-9_:]*";
  for (const char* etiqueta : {"", "9a", "a:b", "a-b", "a b"})
    EXPECT_THROW(format_prometheus({{"m", "ayuda", "gauge", {{{{etiqueta, "v"}}, 1}}}}),
                 std::invalid_argument)
        << "Paso 6: la etiqueta \"" << etiqueta << "\" no cumple [a-zA-Z_][a-zA-Z0-9_]*";
  EXPECT_THROW(format_prometheus({{"m", "ayuda", "histogram", {{{}, 1}}}}), std::invalid_argument)
      << "Paso 6: solo hay counter y gauge";
}

TEST(Paso6_ApiYMetrics, UnCounterSinTotalLanza) {
  EXPECT_EQ(format_prometheus({{"peticiones_total", "ayuda", "counter", {{{}, 1}}}}),
            "# HELP peticiones_total ayuda\n# TYPE peticiones_total counter\npeticiones_total 1\n")
      << "Paso 6: un counter con nombre terminado en _total";
  EXPECT_THROW(format_prometheus({{"peticiones", "ayuda", "counter", {{{}, 1}}}}),
               std::invalid_argument)
      << "Paso 6: el nombre de un counter termina en _total";
}

}  // namespace
}  // namespace p03::testing
