// Piezas puras con que el colector lee el texto de /proc y /sys y redondea
// sus cifras como psutil. Sin estado y sin red: metrics_collector.cpp las usa.
#pragma once
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

namespace p02 {

// Primera línea de un fichero; nullopt si no se puede abrir o está vacío.
inline std::optional<std::string> read_first_line(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  return line;
}

// Parte un texto en palabras separadas por espacios o tabuladores.
inline std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = text.find_first_not_of(" \t");
  while (start != std::string_view::npos) {
    const std::size_t end = text.find_first_of(" \t", start);
    words.push_back(text.substr(start, end - start));
    start = text.find_first_not_of(" \t", end);
  }
  return words;
}

// Convierte el texto completo a número; nullopt si sobra o falta algo.
template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(text.data(), last, value);
  if (error != std::errc{} || end != last) return std::nullopt;
  return value;
}

// Convierte hasta max_count palabras desde words[first]; nullopt si alguna no es un número.
template <typename T>
std::optional<std::vector<T>> parse_numbers(const std::vector<std::string_view>& words,
                                            std::size_t first, std::size_t max_count) {
  std::vector<T> numbers;
  for (std::size_t i = first; i < words.size() && numbers.size() < max_count; ++i) {
    const auto number = parse_number<T>(words[i]);
    if (!number) return std::nullopt;
    numbers.push_back(*number);
  }
  return numbers;
}

// Un opcional vacío se convierte en null de JSON.
template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Redondea a 1 decimal exactamente como round(x, 1) de Python (to_chars redondea el valor exacto).
inline double round1(double value) {
  char text[64];
  const auto written = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 1);
  if (written.ec != std::errc{}) return value;
  double rounded = value;
  std::from_chars(text, written.ptr, rounded);
  return rounded;
}

// used / total * 100 redondeado a 1 decimal; 0.0 si total es 0 (usage_percent de psutil).
inline double usage_percent(double used, double total) {
  if (total == 0.0) return 0.0;
  return round1(used / total * 100.0);
}

// Bytes por segundo entre dos contadores; 0 si no hay intervalo o el contador se reinició.
inline double per_second(std::uint64_t current, std::uint64_t previous, double seconds) {
  if (seconds <= 0.0 || current < previous) return 0.0;
  return static_cast<double>(current - previous) / seconds;
}

}  // namespace p02
