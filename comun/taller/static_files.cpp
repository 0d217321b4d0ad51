#include "taller/static_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace taller {

std::string_view mime_type(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot);
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void static_files::load_directory(const std::filesystem::path& dir, const std::string& prefix,
                                  std::size_t max_total_bytes) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir))
    throw std::runtime_error("no existe la carpeta de archivos estáticos " + dir.string());
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    load_file(entry.path(), prefix + fs::relative(entry.path(), dir).generic_string(),
              max_total_bytes);
  }
}

void static_files::load_file(const std::filesystem::path& path, const std::string& url,
                             std::size_t max_total_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("no se puede leer " + path.string());
  std::ostringstream body;
  body << in.rdbuf();
  total_bytes_ += body.str().size();
  if (total_bytes_ > max_total_bytes)
    throw std::runtime_error("los archivos estáticos superan el límite de " +
                             std::to_string(max_total_bytes) + " bytes");
  files_[url] = file{std::make_shared<const std::string>(body.str()), mime_type(url)};
}

std::vector<std::string> static_files::urls() const {
  std::vector<std::string> out;
  for (const auto& [url, f] : files_) out.push_back(url);
  return out;
}

const static_files::file* static_files::find(std::string_view url) const {
  auto it = files_.find(url);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace taller
