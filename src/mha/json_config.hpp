#pragma once
// The run's config as a JSON object, one definition for every file that
// carries it (the trace's "config", the HTML page's data block). Internal to
// the library: nlohmann_json is a private dependency.
#include <nlohmann/json.hpp>

#include "mha/trace.hpp"

namespace mha {

nlohmann::json config_json(const Trace& trace);

}  // namespace mha
