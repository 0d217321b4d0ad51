#include "taller/router.hpp"

#include "taller/http_session.hpp"

namespace taller {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

}  // namespace

router& router::add(http::verb method, std::string pattern, route_handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back({method, std::move(pattern), std::move(segments), std::move(handler)});
  return *this;
}

bool router::match(const route& r, const std::vector<std::string>& path, route_params& params) {
  if (r.segments.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (path[i].empty()) return false;
      params[seg.substr(1, seg.size() - 2)] = url_decode(path[i]);
    } else if (seg != path[i]) {
      return false;
    }
  }
  return true;
}

void router::dispatch(request&& req, http_session& session) const {
  const auto path = split_path(target_path(req.target()));
  route_params params;
  bool other_method = false;
  for (const route& r : routes_) {
    if (!match(r, path, params)) continue;
    if (r.method != req.method()) {
      other_method = true;
      continue;
    }
    return r.handler(std::move(req), params, session);
  }
  const std::string where(target_path(req.target()));
  if (other_method)
    return session.send(json_error(req, http::status::method_not_allowed, "method_not_allowed",
                                   "", "método " + std::string(req.method_string()) +
                                           " no permitido en " + where));
  session.send(json_error(req, http::status::not_found, "not_found", "",
                          "no existe la ruta " + where));
}

}  // namespace taller
