#include "mha/views/png/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mha::png {

namespace {

std::string format(double v, int decimals) {
  char buf[64];
  if (decimals < 0)
    std::snprintf(buf, sizeof buf, "%.3g", v);
  else
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // "-0.0" and friends: a zero is a zero.
  if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace

std::vector<Tick> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<Tick> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return ticks;
  max_ticks = std::max(max_ticks, 2);
  const double span = hi - lo;
  const double raw = span / (max_ticks - 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  // The smallest nice step that gives at most max_ticks ticks inside the range.
  double step = mag * 10.0, mult = 10.0;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    const double count = std::floor(hi / (m * mag) + 1e-9) - std::ceil(lo / (m * mag) - 1e-9) + 1.0;
    if (count <= max_ticks) {
      step = m * mag, mult = m;
      break;
    }
  }
  int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(mag) + 1e-9)));
  if (mult == 2.5 && mag <= 1.0) ++decimals;
  const double biggest = std::max(std::fabs(lo), std::fabs(hi));
  if (decimals > 6 || biggest >= 1e7) decimals = -1;  // %.3g
  const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
  for (double i = first; i <= last && ticks.size() < 64; i += 1.0) {
    double v = i * step;
    if (std::fabs(v) < step * 1e-9) v = 0.0;
    ticks.push_back({std::clamp(v, lo, hi), format(v, decimals)});
  }
  return ticks;
}

std::string two_decimals(float value) { return format(static_cast<double>(value), 2); }

}  // namespace mha::png
