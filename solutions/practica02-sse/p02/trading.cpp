#include "p02/trading.hpp"

#include <cmath>

namespace p02 {

price_simulator::price_simulator(std::uint32_t seed)
    : rng_(seed),
      quotes_{{"ACME", 120.0}, {"GLOBEX", 58.5}, {"INITECH", 210.0}, {"UMBRELLA", 33.2}} {}

std::vector<nlohmann::json> price_simulator::tick() {
  std::normal_distribution<double> step(0.0, 0.01);  // ±1 % típico por tick
  std::uniform_int_distribution<int> volume(100, 5000);
  std::vector<nlohmann::json> out;
  for (auto& q : quotes_) {
    const double old_price = q.price;
    // Redondeo a céntimos para que el precio mostrado sea el que se guarda.
    q.price = std::max(0.01, std::round(old_price * (1.0 + step(rng_)) * 100.0) / 100.0);
    const double change = std::round((q.price - old_price) * 100.0) / 100.0;
    out.push_back({{"symbol", q.symbol},
                   {"price", q.price},
                   {"change", change},
                   {"change_percent", std::round(change / old_price * 10000.0) / 100.0},
                   {"volume", volume(rng_)}});
  }
  return out;
}

}  // namespace p02
