#pragma once
// heads.png: the corpus's heads at a glance, one panel per statistic (mean
// entropy, mean shares), a row per layer and a column per head.
#include <string>

#include "mha/corpus/aggregate.hpp"
#include "mha/views/png/font.hpp"

namespace mha::corpus {

// PNG bytes; "" when the aggregate has no head (no sentence was usable).
std::string heads_atlas(const Aggregate& aggregate, const png::Font* font);

}  // namespace mha::corpus
