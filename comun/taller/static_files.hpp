#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace taller {

// Tipo MIME según la extensión del archivo ("index.html" → "text/html; charset=utf-8").
std::string_view mime_type(std::string_view path);

// Archivos estáticos cargados en memoria al arrancar: servir una página nunca
// lee el disco en el hilo de red. El total está acotado (max_total_bytes).
class static_files {
 public:
  struct file {
    std::shared_ptr<const std::string> body;
    std::string_view mime;
  };

  static_files() = default;
  // Carga cada archivo bajo dir con la URL prefix + ruta relativa ("/static/app.js").
  // Lanza std::runtime_error si el total supera max_total_bytes.
  void load_directory(const std::filesystem::path& dir, const std::string& prefix,
                      std::size_t max_total_bytes = 32 * 1024 * 1024);
  // Un solo archivo con esa URL ("/static/vendor/chart.umd.js"). Lanza
  // std::runtime_error si no se puede leer o si se pasa del límite.
  void load_file(const std::filesystem::path& path, const std::string& url,
                 std::size_t max_total_bytes = 32 * 1024 * 1024);
  // nullptr si la URL no corresponde a ningún archivo.
  const file* find(std::string_view url) const;
  std::size_t size() const { return files_.size(); }
  std::vector<std::string> urls() const;

 private:
  std::map<std::string, file, std::less<>> files_;
  std::size_t total_bytes_ = 0;
};

}  // namespace taller
