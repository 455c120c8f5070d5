#pragma once
// The run's config, and a model run's summaries, as JSON objects: one
// definition for every file that carries them (the trace, the HTML page's
// data block). Internal to the library: nlohmann_json is a private dependency.
#include <nlohmann/json.hpp>

#include "mha/core/trace.hpp"
#include "mha/views/common/json_number.hpp"

namespace mha {


nlohmann::json config_json(const Trace& trace);

// A --model run's ModelInfo, one Prediction, one HeadStats: fields in the
// trace's order (docs/trace.md); floats are float32 values held as doubles,
// which json_trace writes back as the shortest float32 text.
nlohmann::ordered_json model_json(const ModelInfo& model);
nlohmann::ordered_json prediction_json(const Prediction& p);
nlohmann::ordered_json head_stats_json(const HeadStats& s);

// A value on one line as the trace writes it: objects {"a": 1, "b": 2},
// arrays [1,2] (numpy-style compact), numbers that are not whole as the
// shortest text of their float32 (json_number), so they keep their bits.
// The trace's head_stats and the corpus's sentences.jsonl write it.
std::string json_one_line(const nlohmann::ordered_json& v);

}  // namespace mha
