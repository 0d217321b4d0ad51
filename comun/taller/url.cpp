#include "taller/url.hpp"

#include <charconv>

namespace taller {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

// Un '%' mal formado se deja tal cual: la validación del valor lo rechazará.
std::string url_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
               hex_value(in[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (url_decode(pair.substr(0, eq)) == name)
      return eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string url_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (const char c : in) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0x0F];
    }
  }
  return out;
}

std::string http_url::text() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (https ? "https://" : "http://") + (ipv6 ? '[' + host + ']' : host) + ':' +
         std::to_string(port) + target;
}

std::optional<http_url> parse_http_url(std::string_view url, std::string* why) {
  const auto fail = [why](const char* reason) {
    if (why) *why = reason;
    return std::nullopt;
  };
  http_url out;
  if (url.starts_with("https://")) {
    out.https = true;
    out.port = 443;
    url.remove_prefix(std::string_view("https://").size());
  } else if (url.starts_with("http://")) {
    url.remove_prefix(std::string_view("http://").size());
  } else {
    return fail("la URL debe empezar por http:// o https://");
  }
  url = url.substr(0, url.find('#'));
  // La autoridad (host:puerto) acaba donde empieza la ruta o la consulta.
  const auto slash = url.find_first_of("/?");
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos)
    out.target = (url[slash] == '?' ? "/" : "") + std::string(url.substr(slash));
  const auto bracket = authority.rfind(']');
  if (const auto colon = authority.rfind(':');
      colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const std::string_view port = authority.substr(colon + 1);
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (error != std::errc{} || end != port.data() + port.size() || out.port < 1 ||
        out.port > 65535)
      return fail("el puerto debe ser un número de 1 a 65535");
    authority = authority.substr(0, colon);
  }
  if (authority.size() >= 2 && authority.front() == '[' && authority.back() == ']')
    authority = authority.substr(1, authority.size() - 2);
  out.host = authority;
  if (out.host.empty()) return fail("falta el host");
  return out;
}

}  // namespace taller
