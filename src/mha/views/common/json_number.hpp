#pragma once
// How every JSON view writes a float.
#include <string>

namespace mha {

// Shortest round-trip decimal of a float ("0.25", "-1.5e-07"); "null" for
// −∞, +∞ and NaN, which JSON cannot hold.
std::string json_number(float v);

}  // namespace mha
