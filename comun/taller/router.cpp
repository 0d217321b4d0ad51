#include "taller/router.hpp"

#include "taller/barrier.hpp"
#include "taller/http_session.hpp"
#include "taller/input.hpp"

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

// El primer parámetro de la consulta que, decodificado, no es UTF-8 válido
// (su nombre, o "query" si el nombre tampoco lo es); "" si todos lo son.
std::string bad_query_field(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  for (std::string_view rest = target.substr(q + 1); !rest.empty();) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string name = url_decode(pair.substr(0, eq));
    if (!is_valid_utf8(name)) return "query";
    if (eq != std::string_view::npos && !is_valid_utf8(url_decode(pair.substr(eq + 1))))
      return name.empty() ? "query" : name;
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

// Lo que necesita una respuesta de error cuando la petición ya se entregó.
request head_of(const request& req) {
  request head{req.method(), req.target(), req.version()};
  head.keep_alive(false);  // tras un 500 la conexión se cierra
  return head;
}

}  // namespace

router& router::add(http::verb method, std::string pattern, route_handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back({method, std::move(pattern), std::move(segments), std::move(handler)});
  return *this;
}

router& router::alias(http::verb method, std::string pattern, std::string target) {
  return add(method, std::move(pattern),
             [this, target](request&& req, const route_params& params, http_session& session) {
               std::string to = target;
               for (const auto& [name, value] : params) {
                 const std::string slot = "{" + name + "}", encoded = url_encode(value);
                 for (auto at = to.find(slot); at != std::string::npos;
                      at = to.find(slot, at + encoded.size()))
                   to.replace(at, slot.size(), encoded);
               }
               const std::string_view original = req.target();
               if (const auto query = original.find('?'); query != std::string_view::npos)
                 to += (to.find('?') == std::string::npos ? "?" : "&") +
                       std::string(original.substr(query + 1));
               req.target(to);
               dispatch(std::move(req), session);
             });
}

// Los segmentos {nombre} se decodifican como ruta (RFC 3986): '+' es '+'.
bool router::match(const route& r, const std::vector<std::string>& path, route_params& params) {
  if (r.segments.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = r.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (path[i].empty()) return false;
      params[seg.substr(1, seg.size() - 2)] = url_decode(path[i], /*plus_is_space=*/false);
    } else if (seg != path[i]) {
      return false;
    }
  }
  return true;
}

void router::dispatch(request&& req, http_session& session) const {
  const std::string where(target_path(req.target()));
  const auto path = split_path(where);
  // HEAD responde como GET; http_session quita el cuerpo.
  const http::verb method = req.method() == http::verb::head ? http::verb::get : req.method();
  route_params params;
  std::string allow;  // los métodos de la ruta, si existe con otros
  for (const route& r : routes_) {
    if (!match(r, path, params)) continue;
    if (r.method != method) {
      allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(r.method));
      if (r.method == http::verb::get) allow += ", HEAD";
      continue;
    }
    for (const auto& [name, value] : params)
      if (!is_valid_utf8(value))
        return session.send(
            json_error(req, errors::invalid_parameter, name, name + " no es UTF-8 válido"));
    if (const std::string field = bad_query_field(req.target()); !field.empty())
      return session.send(json_error(req, errors::invalid_parameter, field,
                                     "el parámetro " + field + " no es UTF-8 válido"));
    // La barrera: una excepción del manejador se queda aquí.
    const request head = head_of(req);
    const std::string route_name = std::string(req.method_string()) + " " + r.pattern;
    if (!shielded(route_name, [&] { r.handler(std::move(req), params, session); }) &&
        !session.answered())
      session.send(json_error(head, errors::internal_error, "",
                              "error interno del servidor al atender " + route_name));
    return;
  }
  if (!allow.empty()) {
    auto res =
        json_error(req, errors::method_not_allowed, "",
                   "método " + std::string(req.method_string()) + " no permitido en " + where);
    res.set(http::field::allow, allow);
    return session.send(std::move(res));
  }
  session.send(json_error(req, errors::not_found, "", "no existe la ruta " + where));
}

}  // namespace taller
