#include "mha/config.hpp"

#include <string>

#include "mha/error.hpp"

namespace mha {

std::string_view to_string(Positional p) { return p == Positional::none ? "none" : "sinusoidal"; }

Positional positional_from_string(std::string_view s) {
  if (s == "none") return Positional::none;
  if (s == "sinusoidal") return Positional::sinusoidal;
  throw InputError("unknown positional encoding '" + std::string(s) + "'; expected none or sinusoidal");
}

void Config::validate() const {
  if (d_model < 1 || d_model > Limits::max_d_model)
    throw InputError("d_model is " + std::to_string(d_model) + "; expected 1 to " +
                     std::to_string(Limits::max_d_model));
  if (heads < 1 || heads > d_model)
    throw InputError("heads is " + std::to_string(heads) + "; expected 1 to d_model (" + std::to_string(d_model) +
                     ")");
  if (d_model % heads != 0)
    throw ShapeError("heads (" + std::to_string(heads) + ") must divide d_model (" + std::to_string(d_model) +
                     ") so every head gets d_k = d_model / heads whole feature columns");
}

void Config::validate_tokens(std::size_t n) const {
  if (n > static_cast<std::size_t>(Limits::max_tokens))
    throw InputError("sentence has " + std::to_string(n) + " tokens; expected at most " +
                     std::to_string(Limits::max_tokens));
  const auto cells = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n) * heads;
  if (cells > Limits::max_attention_cells)
    throw InputError(std::to_string(n) + " tokens x " + std::to_string(n) + " x " + std::to_string(heads) +
                     " heads is too large to trace; expected n*n*heads <= " +
                     std::to_string(Limits::max_attention_cells));
}

}  // namespace mha
