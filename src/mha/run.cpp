#include "mha/run.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "mha/core/parallel.hpp"
#include "mha/embeddings/embedding_table.hpp"
#include "mha/explain/document.hpp"
#include "mha/views/bertviz/bertviz.hpp"
#include "mha/views/exports/export_tensors.hpp"
#include "mha/views/html/html_view.hpp"
#include "mha/io/read_tensors.hpp"
#include "mha/views/json/json_trace.hpp"
#include "mha/io/output_set.hpp"
#include "mha/views/pictures/pictures.hpp"
#include "mha/views/report/report.hpp"
#include "mha/views/png/font.hpp"
#include "mha/io/weights_file.hpp"

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

// "layer<L>-head<H>-<step>.png", "layer<L>-all-heads-<step>.png",
// "layers-x-heads-<step>.png" or "rollout.png": the names this tool gives
// its pictures.
bool is_picture_name(std::string_view name) {
  if (name == "rollout.png") return true;
  auto digits = [&](std::string_view prefix) {
    if (!name.starts_with(prefix)) return false;
    name.remove_prefix(prefix.size());
    const std::size_t n = name.find_first_not_of("0123456789");
    if (n == 0 || n == std::string_view::npos) return false;
    name.remove_prefix(n);
    return true;
  };
  if (name.starts_with("layers-x-heads-"))
    name.remove_prefix(15);
  else if (!digits("layer"))
    return false;
  else if (name.starts_with("-all-heads-"))
    name.remove_prefix(11);
  else if (digits("-head") && name.starts_with("-"))
    name.remove_prefix(1);
  else
    return false;
  if (!name.ends_with(".png")) return false;
  name.remove_suffix(4);
  return !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
}

// Pictures an earlier run left in `dir` that this run does not write again
// (an earlier run with more heads): only names this tool gives its pictures.
std::vector<std::filesystem::path> stale_pictures(const std::filesystem::path& dir,
                                                  const std::vector<Picture>& pictures) {
  std::vector<std::filesystem::path> stale;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!it->is_regular_file(ec) || !is_picture_name(name)) continue;
    if (std::none_of(pictures.begin(), pictures.end(), [&](const Picture& p) { return p.file_name == name; }))
      stale.push_back(it->path());
  }
  std::sort(stale.begin(), stale.end());
  return stale;
}

// The trace of the plan: a model's, or the toy layer's with its weights
// from the file or drawn, sizes from the config, else from the files, else
// Config{}'s.
Trace compute(const RunPlan& plan, RunResult& result) {
  if (plan.model) return run_model(*plan.model, &result.warnings);
  const LayerPlan& layer = plan.layer;
  AttentionRequest request = layer.request;
  TokenizerSpec spec = layer.tokenizer;
  spec.kind = layer.config.tokenizer;
  request.tokenizer = make_tokenizer(spec);
  Config config = layer.config;
  std::optional<EmbeddingTable> table;
  if (layer.embeddings) {
    // Only the rows this run can use are kept: the file is streamed.
    std::vector<std::string> words;
    for (const std::string* text : {&request.text, request.context ? &*request.context : nullptr})
      if (text)
        for (const Token& t : request.tokenizer(*text)) words.push_back(t.text);
    const std::set<std::string> wanted = words_to_keep(words, request.oov);
    table = load_embeddings(*layer.embeddings, layer.embeddings_vocab, &wanted);
    request.embeddings = &*table;
  }
  std::optional<io::TensorSet> set;
  if (layer.weights) {
    set = io::read_tensors(*layer.weights);
    config = sizes_from_weights(*set, config);
  }
  if (config.d_model == 0 && table) config.d_model = table->dim;  // the table's width sets d_model
  if (config.d_model == 0) config.d_model = Config{}.d_model;
  if (config.heads == 0) config.heads = Config{}.heads;
  if (set) {
    const Config resolved = config.resolved();
    std::vector<std::string> ignored;
    request.weights = weights_from_tensors(*set, resolved, &ignored);
    request.weights_source = layer.weights->string();
    for (const auto& name : ignored)
      result.warnings.push_back("warning: " + set->source + ": tensor \"" + name + "\" is not an attention weight; ignored");
  }
  return run_attention(request, config);
}

}  // namespace

RunResult execute(const RunPlan& plan) {
  if (plan.threads > 0) set_thread_limit(static_cast<std::size_t>(plan.threads));
  RunResult result;
  result.trace = compute(plan, result);
  for (const auto& note : result.trace.notes) result.warnings.push_back("note: " + note);  // the embedding table's
  // The explanation, built once; the text, the page and the report each lay it out.
  std::optional<Document> doc;
  if (plan.print_explanation || plan.out_dir || plan.html || plan.report)
    doc = explanation(result.trace, plan.explain.lang, plan.explain.table);
  if (plan.print_explanation || plan.out_dir) result.explanation = explanation_text(*doc, plan.explain);
  // Files never hold escape codes, whatever the terminal was given.
  const bool coloured = plan.explain.heatmap && plan.explain.heatmap->colour != Colour::none;
  const std::string plain = plan.out_dir && coloured ? explanation_text(*doc, without_colour(plan.explain))
                                                     : result.explanation;

  OutputSet files;
  std::string json;
  if (plan.json || plan.out_dir) json = trace_to_json(result.trace, plan.steps);
  if (plan.npy_dir)
    for (auto& [name, bytes] : trace_to_npy_files(result.trace, plan.steps)) files.add(*plan.npy_dir / name, std::move(bytes));
  if (plan.safetensors) files.add(*plan.safetensors, trace_to_safetensors(result.trace, plan.steps));
  if (plan.json) files.add(*plan.json, json);
  if (plan.html || plan.out_dir) {
    const std::string page = trace_to_html(result.trace, *doc, plan.explain.table);
    if (result.trace.is_model() && page.size() > (std::size_t{40} << 20))
      result.warnings.push_back("warning: the HTML page is " + std::to_string(page.size() >> 20) +
                                " MB, slow to open in a browser; --layers and --heads keep fewer heads");
    if (plan.html) files.add(*plan.html, page);
    if (plan.out_dir) files.add(*plan.out_dir / "view.html", page);
  }
  if (plan.bertviz) files.add(*plan.bertviz, trace_to_bertviz(result.trace));
  std::vector<std::filesystem::path> png_dirs;
  if (plan.png_dir) png_dirs.push_back(*plan.png_dir);
  if (plan.out_dir) {
    files.add(*plan.out_dir / "explanation.txt", plain);
    files.add(*plan.out_dir / "trace.json", json);
    png_dirs.push_back(*plan.out_dir / "png");
  }
  // The report's pictures go into its picture_dir (png/) beside it (once, if --png or --out names that folder too).
  ReportOptions report;
  report.lang = plan.explain.lang;
  report.table = plan.explain.table;
  const auto report_pngs = plan.report ? plan.report->parent_path() / report.picture_dir : std::filesystem::path();
  if (plan.report && std::none_of(png_dirs.begin(), png_dirs.end(), [&](const auto& d) {
        return (d / "").lexically_normal() == (report_pngs / "").lexically_normal();  // "png/" is "png"
      }))
    png_dirs.push_back(report_pngs);
  std::vector<Picture> pictures;
  if (!png_dirs.empty()) {
    const auto font = pick_font(plan, result);
    pictures = attention_pictures(result.trace, font ? &*font : nullptr, plan.pictures);
    for (auto& w : picture_warnings(result.trace, plan.pictures)) result.warnings.push_back(std::move(w));
    for (const auto& dir : png_dirs) {
      for (const auto& pic : pictures) files.add(dir / pic.file_name, pic.png);
      for (const auto& old : stale_pictures(dir, pictures)) {
        files.remove(old);
        result.removed.push_back(old);
      }
    }
  }
  if (plan.report) {
    for (const auto& pic : pictures) report.pictures.push_back(pic.file_name);
    files.add(*plan.report, report_markdown(*doc, report));
  }
  result.written = files.paths();
  files.commit();
  return result;
}

}  // namespace mha
