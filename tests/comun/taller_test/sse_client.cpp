#include "taller_test/sse_client.hpp"

#include <httplib.h>

namespace taller::testing {

nlohmann::json sse_message::json() const {
  auto j = nlohmann::json::parse(data, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

namespace {

// Un evento sin nombre cuyo data es exactamente {"event": texto, "data": …} (la
// forma de los prototipos) se lee como el evento con nombre de dentro.
void unwrap_envelope(sse_message& m) {
  if (m.event != "message") return;
  const auto j = nlohmann::json::parse(m.data, nullptr, false);
  if (!j.is_object() || j.size() != 2 || !j.contains("data") || !j.contains("event") ||
      !j["event"].is_string())
    return;
  m.event = j["event"].get<std::string>();
  m.data = j["data"].dump();
  m.enveloped = true;
}

}  // namespace

struct sse_client::shared {
  std::mutex mutex;
  std::condition_variable changed;
  int status = 0;
  httplib::Headers headers;
  bool headers_ready = false;
  bool ended = false;
  bool stop = false;
  std::deque<sse_message> messages;
  std::string raw_start;
  // Estado del analizador (líneas terminadas en \n; el servidor no usa \r).
  std::string line;
  sse_message current;
  bool has_data = false;
  httplib::Client* client = nullptr;
};

sse_client::~sse_client() { close(); }

void sse_client::on_bytes(const char* data, std::size_t size) {
  auto& s = *shared_;
  std::lock_guard lock(s.mutex);
  if (s.raw_start.size() < 256) s.raw_start.append(data, std::min<std::size_t>(size, 256));
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] != '\n') {
      s.line += data[i];
      continue;
    }
    std::string line = std::move(s.line);
    s.line.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {  // fin de evento
      if (s.has_data) {
        if (!s.current.data.empty() && s.current.data.back() == '\n') s.current.data.pop_back();
        unwrap_envelope(s.current);
        s.messages.push_back(s.current);
      }
      s.current = sse_message{};
      s.has_data = false;
    } else if (line[0] == ':') {
      s.messages.push_back(sse_message{"", "", line.substr(1), true});
    } else {
      const auto colon = line.find(':');
      const std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      if (field == "event") s.current.event = value;
      if (field == "id") s.current.id = value;
      if (field == "data") {
        s.current.data += value + "\n";
        s.has_data = true;
      }
    }
  }
  s.changed.notify_all();
}

bool sse_client::open(unsigned short port, const std::string& path,
                      std::map<std::string, std::string> headers,
                      std::chrono::milliseconds timeout) {
  shared_ = std::make_shared<shared>();
  auto s = shared_;
  thread_ = std::thread([this, s, port, path, headers] {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(3, 0);
    client.set_read_timeout(30, 0);
    {
      std::lock_guard lock(s->mutex);
      if (s->stop) return;
      s->client = &client;
    }
    httplib::Headers h{{"Accept", "text/event-stream"}};
    for (const auto& [k, v] : headers) h.emplace(k, v);
    client.Get(
        path, h,
        [s](const httplib::Response& res) {
          std::lock_guard lock(s->mutex);
          s->status = res.status;
          s->headers = res.headers;
          s->headers_ready = true;
          s->changed.notify_all();
          return true;
        },
        [this, s](const char* data, std::size_t size) {
          if (s->stop) return false;
          on_bytes(data, size);
          return true;
        });
    std::lock_guard lock(s->mutex);
    s->client = nullptr;
    s->ended = true;
    s->headers_ready = true;
    s->changed.notify_all();
  });
  std::unique_lock lock(s->mutex);
  return s->changed.wait_for(lock, timeout, [&] { return s->headers_ready; }) && s->status != 0;
}

int sse_client::status() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->status;
}

std::string sse_client::header(const std::string& name) const {
  std::lock_guard lock(shared_->mutex);
  auto it = shared_->headers.find(name);
  return it == shared_->headers.end() ? "" : it->second;
}

std::optional<sse_message> sse_client::next_matching(bool comment, const std::string& event,
                                                     std::chrono::milliseconds timeout) {
  if (!shared_) return std::nullopt;
  auto& s = *shared_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(s.mutex);
  while (true) {
    while (!s.messages.empty()) {
      sse_message m = std::move(s.messages.front());
      s.messages.pop_front();
      if (m.comment == comment && (comment || event.empty() || m.event == event)) return m;
    }
    if (s.ended) return std::nullopt;
    if (s.changed.wait_until(lock, deadline) == std::cv_status::timeout && s.messages.empty())
      return std::nullopt;
  }
}

std::optional<sse_message> sse_client::next(std::chrono::milliseconds timeout) {
  return next_matching(false, "", timeout);
}

std::optional<sse_message> sse_client::next_of(const std::string& event,
                                               std::chrono::milliseconds timeout) {
  return next_matching(false, event, timeout);
}

std::optional<sse_message> sse_client::next_comment(std::chrono::milliseconds timeout) {
  return next_matching(true, "", timeout);
}

std::string sse_client::raw_start() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->raw_start;
}

bool sse_client::ended() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->ended;
}

void sse_client::close() {
  if (!shared_) return;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stop = true;
    if (shared_->client) shared_->client->stop();
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace taller::testing
