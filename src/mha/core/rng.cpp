#include "mha/core/rng.hpp"

#include <cmath>

namespace mha {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double SplitMix64::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double SplitMix64::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double SplitMix64::normal() {
  // Marsaglia polar: pick (u, v) uniform in the unit disc (minus the origin);
  // then u·f and v·f with f = sqrt(-2 ln s / s) are two independent N(0, 1).
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = uniform(-1.0, 1.0);
    v = uniform(-1.0, 1.0);
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * deterministic_log(s) / s);  // sqrt is exactly rounded by IEEE 754
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

namespace {
// x = m · 2^e with m in [1/√2, √2); ln x = e·ln 2 + 2·atanh(t), t = (m-1)/(m+1),
// |t| ≤ 0.1716. Returns t and sets e.
double log_reduce(double x, int& e) {
  double m = std::frexp(x, &e);  // exact: m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  return (m - 1.0) / (m + 1.0);
}
}  // namespace

double deterministic_log2(double x) {
  // atanh(t) = t·(1 + t²/3 + t⁴/5 + … + t²²/23) in Horner form: the next
  // term is below 4e-21, at a sixth of deterministic_log's cost.
  int e = 0;
  const double t = log_reduce(x, e), t2 = t * t;
  double series = 1.0 / 23;
  for (int k = 21; k >= 1; k -= 2) series = series * t2 + 1.0 / k;
  constexpr double kLn2 = 0.693147180559945309417232121458176568;
  return static_cast<double>(e) + 2.0 * t * series / kLn2;
}

double deterministic_log(double x) {
  // atanh(t) = t + t³/3 + t⁵/5 + ...  with |t| ≤ 0.1716, so 30 terms are plenty.
  int e = 0;
  const double t = log_reduce(x, e);
  const double t2 = t * t;
  double term = t, sum = 0.0;
  for (int k = 1; k < 60; k += 2) {
    sum += term / k;
    term *= t2;
  }
  constexpr double kLn2 = 0.693147180559945309417232121458176568;
  return static_cast<double>(e) * kLn2 + 2.0 * sum;
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

SplitMix64 stream_for(std::uint64_t seed, std::string_view name) {
  SplitMix64 mixer(seed);
  return SplitMix64(mixer.next() ^ fnv1a64(name));
}

}  // namespace mha
