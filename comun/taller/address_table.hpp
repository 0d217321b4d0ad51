// Cuántas conexiones de cada dirección IP están en un estado dado (por
// ejemplo, esperando una petición HTTP), con un máximo por dirección. Solo
// desde el hilo de red. Una dirección sin conexiones sale de la tabla: su
// tamaño está acotado por las conexiones abiertas, no por las que pasaron.
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>

namespace taller {

class address_table {
 public:
  explicit address_table(std::size_t max_per_address) : max_(max_per_address) {}
  // Cuenta una conexión más de ip; false (y no cuenta) si ya tiene el máximo.
  bool try_add(const std::string& ip) {
    std::size_t& n = counts_[ip];
    if (n >= max_) {
      if (n == 0) counts_.erase(ip);
      return false;
    }
    ++n;
    return true;
  }
  void remove(const std::string& ip) {
    auto it = counts_.find(ip);
    if (it == counts_.end()) return;
    if (--it->second == 0) counts_.erase(it);
  }
  std::size_t count(const std::string& ip) const {
    auto it = counts_.find(ip);
    return it == counts_.end() ? 0 : it->second;
  }
  std::size_t addresses() const { return counts_.size(); }
  std::size_t max_per_address() const { return max_; }

 private:
  std::size_t max_;
  std::unordered_map<std::string, std::size_t> counts_;
};

}  // namespace taller
