// Coste de una llamada a sample() sobre el /proc real de esta máquina.
// Comparar con benchmarks/psutil_sample.py, que mide lo mismo con psutil.
#include "p02/metrics_collector.hpp"

#include <benchmark/benchmark.h>

namespace {

void BM_MetricsCollectorSample(benchmark::State& state) {
  p02::metrics_collector collector;  // raíz "/", statvfs y relojes reales
  collector.sample();                // la primera muestra solo fija la referencia
  for (auto _ : state) {
    nlohmann::json snapshot = collector.sample();
    benchmark::DoNotOptimize(snapshot);
  }
}
BENCHMARK(BM_MetricsCollectorSample)->Unit(benchmark::kMicrosecond);

// Lo mismo, incluyendo convertir la muestra a texto JSON (lo que se enviaría por SSE).
void BM_MetricsCollectorSampleDump(benchmark::State& state) {
  p02::metrics_collector collector;
  collector.sample();
  for (auto _ : state) {
    std::string text = collector.sample().dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_MetricsCollectorSampleDump)->Unit(benchmark::kMicrosecond);

}  // namespace
