#include "taller/http.hpp"

#include "taller/input.hpp"

namespace taller {

response json_response(const request& req, http::status status, const nlohmann::json& body) {
  response res{status, req.version()};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  // replace: un texto con UTF-8 inválido no tumba el servidor.
  res.body() = to_text(body);
  res.prepare_payload();
  return res;
}

response json_error(const request& req, const error_kind& kind, std::string_view field,
                    std::string_view message) {
  nlohmann::ordered_json body{{"error", kind.code}};
  if (!field.empty()) body["field"] = field;
  body["message"] = message;
  return json_response(req, static_cast<http::status>(kind.status), body);
}

response file_response(const request& req, const static_files::file& file) {
  response res{http::status::ok, req.version()};
  res.set(http::field::content_type, file.mime);
  res.set(http::field::cache_control, "no-cache");  // tras editar, recargar basta
  res.keep_alive(req.keep_alive());
  res.body() = *file.body;
  res.prepare_payload();
  return res;
}

std::optional<nlohmann::json> parse_json_body(const request& req, response* error) {
  auto parsed = parse_json(req.body());
  if (!parsed) {
    *error = json_error(req, errors::invalid_json, "body", "el cuerpo " + parsed.error);
    return std::nullopt;
  }
  auto& body = parsed.value;
  if (!body.is_object()) {
    *error = json_error(req, errors::invalid_json, "body", "el cuerpo debe ser un objeto JSON");
    return std::nullopt;
  }
  return body;
}

std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  return ec ? std::string() : ep.address().to_string() + ":" + std::to_string(ep.port());
}

}  // namespace taller
