#include "mha/core/config.hpp"

#include <cstdio>
#include <string>

#include "mha/core/error.hpp"

namespace mha {

std::string_view to_string(Positional p) { return kPositionalNames.name(p); }

Positional positional_from_string(std::string_view s) { return kPositionalNames.parse(s); }

std::string format_theta(double theta) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", theta);
  return buf;
}

namespace {

void check_width(const char* name, int value) {
  if (value < 1 || value > Limits::max_d_model)
    throw InputError(std::string(name) + " is " + std::to_string(value) + "; expected 1 to " +
                     std::to_string(Limits::max_d_model));
}

}  // namespace

Config Config::resolved() const {
  check_width("d_model", d_model);
  if (heads < 1 || heads > Limits::max_d_model)
    throw InputError("heads is " + std::to_string(heads) + "; expected 1 to " + std::to_string(Limits::max_d_model));
  Config c = *this;
  if ((c.d_k == 0 || c.d_v == 0) && d_model % heads != 0)
    throw ShapeError("heads (" + std::to_string(heads) + ") must divide d_model (" + std::to_string(d_model) +
                     ") so every head gets d_k = d_model / heads whole feature columns (or give d_k and d_v)");
  if (c.d_k == 0) c.d_k = d_model / heads;
  if (c.d_v == 0) c.d_v = d_model / heads;
  if (c.kdim == 0) c.kdim = d_model;
  if (c.vdim == 0) c.vdim = d_model;
  if (c.kv_heads == 0) c.kv_heads = heads;
  c.validate();
  return c;
}

void Config::validate() const {
  check_width("d_model", d_model);
  check_width("d_k", d_k);
  check_width("d_v", d_v);
  check_width("kdim", kdim);
  check_width("vdim", vdim);
  if (heads < 1 || static_cast<long long>(heads) * d_k > Limits::max_d_model ||
      static_cast<long long>(heads) * d_v > Limits::max_d_model)
    throw InputError("heads x d_k and heads x d_v are " + std::to_string(heads) + " x " + std::to_string(d_k) +
                     " and " + std::to_string(heads) + " x " + std::to_string(d_v) + "; expected at most " +
                     std::to_string(Limits::max_d_model));
  if (kv_heads < 1 || heads % kv_heads != 0)
    throw InputError("kv_heads is " + std::to_string(kv_heads) + "; expected a divisor of heads (" +
                     std::to_string(heads) + ") so each key/value head serves the same number of query heads");
  if (positional == Positional::rope && d_k % 2 != 0)
    throw InputError("--positional rope rotates pairs of features, but d_k is " + std::to_string(d_k) +
                     "; expected an even d_k");
  if (positional == Positional::rope && !(rope_theta > 1.0 && rope_theta <= 1e9))
    throw InputError("rope_theta is " + format_theta(rope_theta) + "; expected a number above 1 and at most 1e9");
}

void Config::validate_tokens(std::size_t n, std::size_t m) const {
  for (std::size_t count : {n, m})
    if (count > static_cast<std::size_t>(Limits::max_tokens))
      throw InputError("sentence has " + std::to_string(count) + " tokens; expected at most " +
                       std::to_string(Limits::max_tokens));
  const auto cells = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(m) * heads;
  if (cells > Limits::max_attention_cells)
    throw InputError(std::to_string(n) + " queries x " + std::to_string(m) + " keys x " + std::to_string(heads) +
                     " heads is too large to trace; expected n*m*heads <= " +
                     std::to_string(Limits::max_attention_cells));
}

}  // namespace mha
