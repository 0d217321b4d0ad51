// Simulador de cotizaciones para el flujo de demostración /sse/trading: un
// paseo aleatorio reproducible (la misma semilla da los mismos precios).
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace p02 {

class price_simulator {
 public:
  explicit price_simulator(std::uint32_t seed);
  // Un evento price_update por símbolo: {symbol, price, change, change_percent, volume}.
  std::vector<nlohmann::json> tick();

 private:
  struct quote {
    std::string symbol;
    double price;
  };
  std::mt19937 rng_;
  std::vector<quote> quotes_;
};

}  // namespace p02
