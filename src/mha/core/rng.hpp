#pragma once
// Our own random numbers, so the same seed gives the same bytes on every
// machine and standard library (std::normal_distribution does not).
//
//   SplitMix64 (Steele, Lea & Flood 2014): 64-bit state, +0x9E3779B97F4A7C15
//   per step, then the "mix13" finaliser. Seed 0 yields 0xE220A8397B1DCDAF first.
//   uniform():  top 53 bits / 2^53, in [0, 1).
//   normal():   Marsaglia's polar method; its logarithm is our own
//               (deterministic_log) so no libm difference can leak in.
#include <cstdint>
#include <string_view>

namespace mha {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();                      // [0, 1)
  double uniform(double lo, double hi);  // [lo, hi)
  double normal();                       // N(0, 1)

 private:
  std::uint64_t state_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Natural logarithm of x > 0 from +, -, *, / only (IEEE-exact operations),
// accurate to a few ulp: the same result on every machine.
double deterministic_log(double x);
// log₂ x the same way, with a shorter series (to 4e-21): for the entropies
// of model/analysis.hpp, millions at a time.
double deterministic_log2(double x);

// 64-bit FNV-1a of bytes: used to give every token (and every named weight
// matrix) its own random stream that does not depend on the sentence.
std::uint64_t fnv1a64(std::string_view bytes);

// A stream for `name` under `seed`: SplitMix64(mix(seed) ^ fnv1a64(name)).
SplitMix64 stream_for(std::uint64_t seed, std::string_view name);

}  // namespace mha
