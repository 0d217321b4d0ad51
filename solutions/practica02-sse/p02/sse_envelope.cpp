#include "p02/sse_envelope.hpp"

#include "taller/clock.hpp"
#include "taller/input.hpp"

namespace p02 {

using nlohmann::json;

std::optional<std::string> to_envelope(std::string_view text, const event_mapper& map) {
  if (!text.starts_with("id: ") && !text.starts_with("event: ")) return std::nullopt;
  std::string_view id, name;
  std::string data;
  bool has_data = false;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) break;  // fin del evento
    if (line.starts_with("id: ")) id = line.substr(4);
    if (line.starts_with("event: ")) name = line.substr(7);
    if (line.starts_with("data: ")) {
      if (has_data) data += '\n';
      data += line.substr(6);
      has_data = true;
    }
  }
  if (name.empty()) return std::nullopt;
  json payload = json::parse(data, nullptr, false);
  if (payload.is_discarded()) payload = data;
  std::string event(name);
  if (map) std::tie(event, payload) = map(std::move(event), std::move(payload));
  const json envelope = {{"event", event}, {"data", std::move(payload)}};
  std::string out = id.empty() ? "" : "id: " + std::string(id) + "\n";
  return out + "data: " + taller::to_text(envelope) + "\n\n";
}

frame envelope_writer::convert(const frame& named) {
  if (!named) return named;
  if (named == last_in_) return last_out_;
  auto text = to_envelope(*named, map_);
  last_in_ = named;
  last_out_ = text ? taller::make_frame(std::move(*text)) : named;
  return last_out_;
}

json flat_system_metrics(const json& sample) {
  if (!sample.is_object()) return sample;
  auto number = [&](const char* pointer) {
    const json::json_pointer p(pointer);
    return sample.contains(p) && sample.at(p).is_number() ? sample.at(p).get<double>() : 0.0;
  };
  return {{"cpu_percent", number("/cpu/percent_total")},
          {"memory_percent", number("/memory/percent")},
          {"memory_used_gb", number("/memory/used_mb") / 1024.0},
          {"memory_total_gb", number("/memory/total_mb") / 1024.0},
          {"disk_percent", number("/disk/percent")},
          {"disk_free_gb", number("/disk/free_gb")},
          {"timestamp", taller::iso_seconds(number("/timestamp"))}};
}

}  // namespace p02
