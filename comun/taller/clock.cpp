#include "taller/clock.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <cstdio>

namespace taller {

double epoch_seconds() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration<double>(now).count();
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string iso_now() { return iso_time(std::chrono::system_clock::now()); }

std::string iso_seconds(double epoch_seconds) {
  using namespace std::chrono;
  // system_clock cuenta nanosegundos en 64 bits: no llega más allá de 2262.
  constexpr double last = 7258118399.0;  // 2199-12-31T23:59:59Z
  const double s = std::isfinite(epoch_seconds) ? std::clamp(epoch_seconds, 0.0, last) : 0.0;
  return iso_time(
      system_clock::time_point(duration_cast<system_clock::duration>(duration<double>(s))));
}

}  // namespace taller
