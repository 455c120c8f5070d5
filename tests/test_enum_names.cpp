// One table per enum (core/enum_names.hpp) gives to_string, the parser and
// the command line's allowed values; and a RunPlan's defaults are the
// library's own.
#include <catch2/catch.hpp>

#include "mha/core/config.hpp"
#include "mha/core/error.hpp"
#include "mha/core/steps.hpp"
#include "mha/core/token.hpp"
#include "mha/embeddings/oov.hpp"
#include "mha/explain/lang.hpp"
#include "mha/run.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/views/png/colormap.hpp"
#include "mha/views/terminal/heatmap.hpp"

namespace {

// Every choosable name parses back to the value it names, and that value's
// name is the name; returns how many names were choosable.
template <class E, std::size_t N>
std::size_t round_trips(const mha::EnumNames<E, N>& table) {
  std::size_t n = 0;
  for (const std::string& name : table.choices()) {
    CHECK(table.name(table.parse(name)) == name);
    ++n;
  }
  return n;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const mha::InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

}  // namespace

TEST_CASE("enum names: every choosable name of every table reads back to itself", "[enum_names]") {
  CHECK(round_trips(mha::kStepNames) == 20);  // the 15 steps of the layer (rope included), Qwen3 qk_norm and a model block's 4
  CHECK(round_trips(mha::kTokenizerNames) == 6);  // whitespace, char, dict, wordpiece, bpe, hf
  CHECK(round_trips(mha::kPositionalNames) == 3);  // none, sinusoidal, rope; learned is a model's own table
  CHECK(round_trips(mha::kLangNames) == 2);
  CHECK(round_trips(mha::kCellsNames) == 2);
  CHECK(round_trips(mha::png::kColormapNames) == 6);  // the sequential maps, not the scores' RdBu_r
  CHECK(round_trips(mha::kPictureScaleNames) == 2);
  CHECK(round_trips(mha::kHeadPicturesNames) == 3);
  CHECK(round_trips(mha::kOovNames) == 4);
}

TEST_CASE("enum names: the library's functions are the tables' and keep the names the trace records",
          "[enum_names]") {
  // Names the trace JSON and the command line have always used.
  CHECK(mha::to_string(mha::TokenizerKind::character) == "char");
  CHECK(mha::to_string(mha::Positional::learned) == "learned");
  CHECK(mha::png::to_string(mha::png::Colormap::rdbu_r) == "RdBu_r");
  CHECK(mha::to_string(mha::PictureScale::automatic) == "auto");
  CHECK(mha::to_string(mha::StepName::split_heads) == "split_heads");
  CHECK(mha::tokenizer_from_string("bpe") == mha::TokenizerKind::bpe);
  CHECK(mha::lang_from_string("zh") == mha::Lang::zh);
  CHECK(mha::cells_from_string("shades") == mha::Cells::shades);
  CHECK(mha::kAllSteps.front() == mha::StepName::tokenize);
  CHECK(mha::kAllSteps.back() == mha::StepName::mlp);
  CHECK(mha::kTokenizerNames.choices() == std::vector<std::string>{"whitespace", "char", "dict", "wordpiece", "bpe", "hf"});
}

TEST_CASE("enum names: an unknown name is one line naming it and every choice", "[enum_names]") {
  CHECK(message_of([] { mha::lang_from_string("fr"); }) == "unknown language 'fr'; expected en or zh");
  // Printed but not choosable: refused like any unknown name.
  CHECK(message_of([] { mha::positional_from_string("learned"); }) ==
        "unknown positional encoding 'learned'; expected none, sinusoidal or rope");
  CHECK(message_of([] { mha::png::colormap_from_string("RdBu_r"); }) ==
        "unknown colour map 'RdBu_r'; expected viridis, magma, inferno, plasma, cividis or gray");
  // A choice's note is said after it.
  CHECK(message_of([] { mha::picture_scale_from_string("log"); }) ==
        "unknown colour scale 'log'; expected fixed (weights 0 to 1) or auto (0 to the 99th percentile of the "
        "weights shown)");
  // A newline typed stays out of the message, which stays one line.
  CHECK(message_of([] { mha::tokenizer_from_string("a\nb"); }) ==
        "unknown tokenizer 'a?b'; expected whitespace, char, dict, wordpiece, bpe or hf");
}

TEST_CASE("run plan: sizes not given are Config{}'s, the rest of a plan's defaults the views' own",
          "[enum_names][run]") {
  mha::RunPlan plan;
  CHECK(plan.layer.config.d_model == 0);  // 0: not given, so a --weights file may decide
  CHECK(plan.layer.config.heads == 0);
  CHECK(plan.layer.config.seed == mha::Config{}.seed);
  CHECK(plan.pictures.steps == mha::PictureOptions{}.steps);
  plan.layer.request.text = "a b";
  plan.print_explanation = false;
  const mha::RunResult result = mha::execute(plan);
  CHECK(result.written.empty());
  CHECK(result.trace.config.d_model == 8);  // Config{}'s width
  CHECK(result.trace.config.heads == 2);    // and heads
  CHECK(result.trace.config.d_model == mha::Config{}.d_model);
  CHECK(result.trace.config.heads == mha::Config{}.heads);
}
