// fuzz_url: las funciones puras que leen lo que llega en la URL y en el texto
// de un mensaje: url_decode, query_param, target_path, los parámetros de /ws
// (p01::parse_ws_params, p01::is_valid_channel) y las comprobaciones de
// entrada de comun/taller/input.hpp (UTF-8, anidamiento, parse_json).
#include <string>

#include "check.hpp"
#include "p01/query.hpp"
#include "taller/input.hpp"
#include "taller/url.hpp"

namespace {

// Un canal válido según la regla escrita: de 1 a 64 de [A-Za-z0-9_-].
bool channel_rule(std::string_view c) {
  if (c.empty() || c.size() > 64) return false;
  for (char ch : c)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '_' || ch == '-'))
      return false;
  return true;
}

void fuzz_url_parts(std::string_view target) {
  // target_path: un prefijo del target sin '?'.
  const std::string_view path = taller::target_path(target);
  fuzz::check(target.substr(0, path.size()) == path, "target_path devuelve un prefijo");
  fuzz::check(path.find('?') == std::string_view::npos, "target_path no contiene '?'");

  // url_decode nunca alarga el texto, y sin '%' ni '+' lo deja igual.
  const std::string decoded = taller::url_decode(target);
  fuzz::check(decoded.size() <= target.size(), "url_decode no alarga");
  if (target.find_first_of("%+") == std::string_view::npos)
    fuzz::check(decoded == target, "url_decode sin %/+ es la identidad");

  // query_param: sin '?' no hay parámetros; con valor, nunca más largo que el target.
  for (const char* name : {"channel", "user_id", "token", "limit", "metric_type", ""}) {
    const auto value = taller::query_param(target, name);
    if (target.find('?') == std::string_view::npos)
      fuzz::check(!value, "query_param sin '?' no encuentra nada");
    if (value) fuzz::check(value->size() <= target.size(), "query_param no alarga");
  }

  // parse_ws_params: o es válido, o nombra el campo que falla.
  const p01::ws_params p = p01::parse_ws_params(target);
  if (p.ok()) {
    fuzz::check(p01::is_valid_channel(p.channel), "un /ws válido tiene un canal válido");
    fuzz::check(p.user_id.size() <= 64, "un /ws válido tiene user_id de 64 como mucho");
  } else {
    fuzz::check(p.error_field == "channel" || p.error_field == "user_id",
                "el error de /ws nombra channel o user_id");
    fuzz::check(!p.error_message.empty(), "el error de /ws tiene mensaje");
  }
  fuzz::check(p01::is_valid_channel(target) == channel_rule(target),
              "is_valid_channel sigue la regla de 1 a 64 de [A-Za-z0-9_-]");
}

void fuzz_input_checks(std::string_view text) {
  const std::size_t nesting = taller::json_nesting(text);
  const auto parsed = taller::parse_json(text);
  if (!parsed) {
    fuzz::check(!parsed.error.empty(), "parse_json explica por qué falla");
    return;
  }
  // Lo que parse_json acepta: anidamiento acotado y texto en UTF-8 (RFC 8259 §8.1).
  // Todo el texto, también tras un NUL (hallazgos/url-nul-corta-el-json).
  fuzz::check(nesting <= taller::max_json_depth, "parse_json respeta max_json_depth");
  fuzz::check(text.find('\0') == std::string_view::npos, "parse_json rechaza un NUL");
  fuzz::check(taller::is_valid_utf8(text), "parse_json solo acepta UTF-8 válido");
  // Serializarlo da un texto que se vuelve a leer igual.
  const std::string dumped = parsed.value.dump();
  fuzz::check(taller::is_valid_utf8(dumped), "el JSON serializado es UTF-8");
  fuzz::check(taller::json_nesting(dumped) == taller::json_nesting(text),
              "serializar no cambia el anidamiento");
  const auto again = taller::parse_json(dumped);
  fuzz::check(again && again.value == parsed.value, "dump y parse_json dan el mismo valor");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::init_barrier();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  fuzz_url_parts(text);
  fuzz_input_checks(text);
  return 0;
}
