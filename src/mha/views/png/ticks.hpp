#pragma once
// "Nice" tick values for a colour bar: multiples of 1, 2, 2.5 or 5 times a
// power of ten, as many as fit, with their labels ("0.0", "0.2", ... "1.0").
#include <string>
#include <vector>

namespace mha::png {

struct Tick {
  double value = 0.0;
  std::string text;
};

// Ticks inside [lo, hi] (lo < hi), at most max_ticks (>= 2) of them.
// Deterministic: the same range gives the same ticks and texts.
std::vector<Tick> nice_ticks(double lo, double hi, int max_ticks);

// A value with two decimals, as written inside heatmap cells ("0.25"; never "-0.00").
std::string two_decimals(float value);

}  // namespace mha::png
