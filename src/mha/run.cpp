#include "mha/run.hpp"

#include "mha/json_trace.hpp"
#include "mha/output_set.hpp"
#include "mha/pictures.hpp"
#include "mha/pipeline.hpp"
#include "mha/png/font.hpp"

namespace mha {

namespace {

// The font for the pictures: --font if given (an unreadable one is an
// error), else the first system font found, else none with a warning.
std::optional<png::Font> pick_font(const RunPlan& plan, RunResult& result) {
  if (plan.font) return png::Font::load(plan.font->string());
  if (auto path = png::find_system_font()) return png::Font::load(*path);
  result.warnings.push_back(
      "warning: no font found (install fonts-wqy-microhei or pass --font FILE); pictures are drawn without labels");
  return std::nullopt;
}

}  // namespace

RunResult execute(const RunPlan& plan) {
  RunResult result;
  result.trace = explain_sentence(plan.text, plan.config);
  result.explanation = explain(result.trace, plan.explain);

  OutputSet files;
  std::string json;
  if (plan.json || plan.out_dir) json = trace_to_json(result.trace);
  if (plan.json) files.add(*plan.json, json);
  std::vector<std::filesystem::path> png_dirs;
  if (plan.png_dir) png_dirs.push_back(*plan.png_dir);
  if (plan.out_dir) {
    files.add(*plan.out_dir / "explanation.txt", result.explanation);
    files.add(*plan.out_dir / "trace.json", json);
    png_dirs.push_back(*plan.out_dir / "png");
  }
  if (!png_dirs.empty()) {
    const auto font = pick_font(plan, result);
    for (auto& pic : attention_pictures(result.trace, font ? &*font : nullptr))
      for (const auto& dir : png_dirs) files.add(dir / pic.file_name, pic.png);
  }
  result.written = files.paths();
  files.commit();
  return result;
}

}  // namespace mha
