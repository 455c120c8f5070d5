#include "mha/views/common/index_list.hpp"

namespace mha {

std::string index_list(const std::vector<int>& v) {
  bool consecutive = v.size() > 2;
  for (std::size_t i = 1; i < v.size(); ++i) consecutive = consecutive && v[i] == v[i - 1] + 1;
  if (consecutive) return std::to_string(v.front()) + "–" + std::to_string(v.back());
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(v[i]);
  }
  return out;
}

}  // namespace mha
