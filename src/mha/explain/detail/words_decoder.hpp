#pragma once
// The Llama family's words (words_decoder_tables.cpp), filled into each
// language's Words by words_tables.cpp. Private to explain/.
#include "mha/explain/words.hpp"

namespace mha::explain_detail {

void english_decoder(Words& w);
void chinese_decoder(Words& w);
// The head metrics' words (words_metrics_tables.cpp), the same fields in both.
void english_metrics(Words& w);
void chinese_metrics(Words& w);

}  // namespace mha::explain_detail
