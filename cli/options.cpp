#include "options.hpp"

#include <charconv>
#include <cstdlib>
#include <cstdint>
#include <string>
#include <tuple>
#include <unistd.h>

#include "mha/core/error.hpp"

namespace cli {

namespace {

// CLI11 saturates out-of-range integers (--seed -1 would become 2^64 - 1);
// a seed must be written exactly.
const CLI::Validator whole_uint64(
    [](std::string& text) -> std::string {
      std::uint64_t value = 0;
      const char* end = text.data() + text.size();
      const auto [ptr, ec] = std::from_chars(text.data(), end, value);
      if (text.empty() || ec != std::errc() || ptr != end) return "expected a whole number from 0 to 18446744073709551615";
      return "";
    },
    "UINT64");

}  // namespace

void add_options(CLI::App& app, Options& o) {
  app.add_option("text", o.text, "The sentence, e.g. \"我 喜欢 吃 芝士 薯条\" (UTF-8)")->required();
  CLI::Option* model =
      app.add_option("--model", o.model,
                     "A HuggingFace GPT-2 or BERT folder: config.json, model.safetensors (or shards + index), "
                     "vocab.json + merges.txt or vocab.txt; every block's attention is traced (docs/models.md)")
          ->type_name("DIR");
  app.add_option("--layers", o.layers, "With --model: the blocks to keep, e.g. 0,5-11 (default: all)")
      ->type_name("LIST")
      ->needs(model);
  app.add_option("--pair", o.pair, "With a BERT --model: a second sentence (token type 1), after [SEP]")
      ->type_name("TEXT")
      ->needs(model);
  app.add_flag("--truncate", o.truncate, "With --model: cut a text longer than the model's positions instead of refusing it")
      ->needs(model);
  app.add_option("--pad-to", o.pad_to,
                 "With a BERT --model: append [PAD] up to N tokens, hidden from every query by the attention mask "
                 "(as in a padded batch)")
      ->check(CLI::Range(1, 1 << 20))
      ->needs(model);
  app.add_option("--top", o.top, "With a GPT-2 --model: how many next-token predictions to show")
      ->check(CLI::Range(0, 100))
      ->capture_default_str()
      ->needs(model);
  app.add_option("--tokenizer", o.tokenizer,
                 "whitespace: split on spaces; char: one token per character; dict: Chinese words from a dictionary "
                 "(jieba's rules); wordpiece: BERT's vocab.txt; bpe: GPT-2's vocab.json + merges.txt")
      ->check(CLI::IsMember({"whitespace", "char", "dict", "wordpiece", "bpe"}))
      ->capture_default_str();
  app.add_option("--dict", o.dict, "Dictionary for --tokenizer dict, jieba's format (default: the shipped small one)")
      ->type_name("FILE");
  app.add_option("--vocab", o.vocab, "vocab.txt (wordpiece) or vocab.json (bpe)")->type_name("FILE");
  app.add_option("--merges", o.merges, "merges.txt (bpe)")->type_name("FILE");
  app.add_flag("--cased", o.cased, "wordpiece: keep case and accents (for cased models)");
  app.add_flag("--special-tokens", o.special_tokens, "wordpiece: add [CLS] at the start and [SEP] at the end");
  app.add_option("--embeddings", o.embeddings,
                 "Pretrained embedding table: GloVe text, word2vec .bin, .npy (+ --embeddings-vocab), .safetensors or "
                 ".json (docs/embeddings.md); its width sets d_model")
      ->type_name("FILE");
  app.add_option("--embeddings-vocab", o.embeddings_vocab, "Vocabulary of a .npy or .safetensors table: a token a line")
      ->type_name("FILE");
  app.add_option("--oov", o.oov,
                 "Tokens the table lacks: random (their own random vector, and the run says which), zero, unk (the "
                 "table's <unk> row) or error")
      ->check(CLI::IsMember({"random", "zero", "unk", "error"}))
      ->capture_default_str();
  app.add_flag("--oov-lower-case", o.oov_lower_case, "Look a missing token up again lower-cased (GloVe is lower-case)");
  app.add_option("--d-model", o.d_model, "Width of every token vector (1 to 4096; default: from --weights, else 8)")
      ->capture_default_str()
      ->each([&o](const std::string&) { o.d_model_given = true; });
  app.add_option("--heads", o.heads_text,
                 "Number of heads h (default: from --weights metadata, else 2); must divide d-model unless --d-k and "
                 "--d-v are given. With --model: the heads to keep, e.g. 0,3,5-7 (default: all)")
      ->default_str("2")
      ->each([&o](const std::string&) { o.heads_given = true; });
  app.add_option("--d-k", o.d_k, "Width of each head's queries and keys (default d_model / heads)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--d-v", o.d_v, "Width of each head's values and context (default d_model / heads)")
      ->check(CLI::Range(1, 4096));
  app.add_flag("--bias", o.bias, "Random weights get biases b_Q, b_K, b_V, b_O (with --weights: the file decides)");
  app.add_option("--context", o.context,
                 "Cross-attention: queries from the sentence, keys and values from this second text")
      ->type_name("TEXT");
  app.add_option("--pad", o.pad, "Key-padding mask: tokens equal to TOKEN receive no attention (e.g. \"<pad>\")")
      ->type_name("TOKEN");
  app.add_option("--weights", o.weights,
                 "W_Q, W_K, W_V, W_O (and biases) from a .safetensors file, a .json file or a folder of .npy files, "
                 "in mha-explain or PyTorch nn.MultiheadAttention names (see docs/weights.md)")
      ->type_name("FILE|DIR");
  app.add_option("--seed", o.seed, "Seed of the random embeddings and weights (0 to 2^64 - 1)")
      ->check(whole_uint64)
      ->capture_default_str();
  app.add_option("--positional", o.positional, "Positional encoding added to the embeddings")
      ->check(CLI::IsMember({"none", "sinusoidal"}))
      ->capture_default_str();
  app.add_flag("--causal", o.causal, "Causal mask: a token attends only to itself and earlier tokens");
  app.add_option("--json", o.json, "Write the trace as JSON to FILE (see docs/trace.md)")->type_name("FILE");
  app.add_option("--npy", o.npy, "Write every traced tensor as a NumPy .npy file, with index.json, into folder DIR")
      ->type_name("DIR");
  app.add_option("--safetensors", o.safetensors, "Write every traced tensor into one safetensors FILE")
      ->type_name("FILE");
  app.add_option("--steps", o.steps,
                 "Steps the trace exports (--json, --out, --npy, --safetensors) hold, e.g. scores,softmax "
                 "(default: all)")
      ->type_name("LIST");
  app.add_option("--png", o.png, "Write attention heatmaps (PNG) into folder DIR")->type_name("DIR");
  app.add_option("--html", o.html, "Write one self-contained HTML page: head view, matrix view, explanation")
      ->type_name("FILE");
  app.add_option("--out", o.out, "Write explanation.txt, trace.json, view.html and png/ into folder DIR")->type_name("DIR");
  app.add_option("--png-steps", o.png_steps,
                 "Steps drawn as pictures, each per head and all heads: scores, scale, mask, softmax (= weights), "
                 "e.g. scores,softmax")
      ->type_name("LIST")
      ->capture_default_str();
  app.add_option("--png-heads", o.png_heads,
                 "With --model: a picture for each kept head too (all), or only the grids (none); auto: each head "
                 "unless every head of a model with more than 24 was kept (the grids show them all)")
      ->check(CLI::IsMember({"auto", "all", "none"}))
      ->capture_default_str();
  app.add_option("--colormap", o.colormap,
                 "Colour map of the weights (scores always use a blue-white-red map centred on 0)")
      ->check(CLI::IsMember({"viridis", "magma", "inferno", "plasma", "cividis", "gray"}))
      ->capture_default_str();
  app.add_option("--scale", o.scale,
                 "Colour range of the weights: fixed 0 to 1, or auto, 0 to the largest weight shown (long sentences)")
      ->check(CLI::IsMember({"fixed", "auto"}))
      ->capture_default_str();
  app.add_option("--cell", o.cell, "Cell size of the pictures in pixels, 1 to 256; 0 = automatic")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  app.add_option("--font", o.font, "TrueType font for the pictures (default: a CJK font found on the system)")->type_name("FILE");
  app.add_option("--lang", o.lang, "Language of the explanation")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  app.add_option("--precision", o.precision, "Digits after the decimal point in printed matrices")
      ->check(CLI::Range(0, 9))
      ->capture_default_str();
  app.add_option("--max-cols", o.max_cols, "Columns printed per matrix; 0 prints all")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--max-rows", o.max_rows, "Rows printed per matrix; 0 prints all")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_flag("-q,--quiet", o.quiet, "Do not print the explanation");
  app.add_option("--color", o.color,
                 "Heatmaps of the attention weights in colour in the printed explanation: auto (when standard "
                 "output is a terminal and NO_COLOR is unset), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--cells", o.cells,
                 "Heatmap cells: numbers (the weight on its colour) or shades (block characters, also without colour)")
      ->check(CLI::IsMember({"numbers", "shades"}))
      ->capture_default_str();
  app.add_option("--bertviz", o.bertviz,
                 "Write the attention weights and tokens as JSON for bertviz's head_view (see docs/bertviz.md)")
      ->type_name("FILE");
  app.add_option("--report", o.report,
                 "Write a markdown walkthrough of the run to FILE.md, its pictures into png/ beside it")
      ->type_name("FILE.md");
  // What the toy layer is built from; a model's folder decides all of it.
  for (const char* name : {"--weights", "--embeddings", "--embeddings-vocab", "--d-model", "--d-k", "--d-v", "--bias",
                           "--context", "--pad", "--tokenizer", "--dict", "--vocab", "--merges", "--cased",
                           "--special-tokens", "--causal", "--positional", "--seed", "--oov", "--oov-lower-case"})
    app.get_option(name)->excludes(model);
}

mha::Colour pick_colour(std::string_view flag, bool stdout_is_terminal, const char* no_color, const char* colorterm) {
  const bool colour = flag == "always" || (flag == "auto" && stdout_is_terminal && (!no_color || !*no_color));
  if (!colour) return mha::Colour::none;
  const std::string_view term = colorterm ? colorterm : "";
  return term == "truecolor" || term == "24bit" ? mha::Colour::truecolor : mha::Colour::ansi256;
}

std::vector<int> index_list(const std::string& text, const char* flag) {
  std::vector<int> out;
  if (text.empty() || text == "all") return out;
  const auto bad = [&] {
    return mha::InputError(std::string(flag) + " is '" + text +
                           "'; expected indices from 0 and ranges, comma-separated, such as 0,3,5-7, or all");
  };
  const auto number = [&](std::string_view s) {
    int v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v < 0 || v > 100000) throw bad();
    return v;
  };
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const std::size_t dash = item.find('-');
    if (dash == std::string_view::npos) {
      out.push_back(number(item));
    } else {
      const int first = number(item.substr(0, dash)), last = number(item.substr(dash + 1));
      if (last < first) throw bad();
      for (int v = first; v <= last; ++v) out.push_back(v);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

mha::RunPlan to_plan(const Options& o) {
  mha::RunPlan plan;
  plan.text = o.text;
  if (!o.model.empty()) {
    plan.model = o.model;
    plan.model_layers = index_list(o.layers, "--layers");
    plan.model_heads = index_list(o.heads_text, "--heads");
    plan.pair = o.pair;
    plan.truncate = o.truncate;
    plan.pad_to = o.pad_to;
    plan.top = o.top;
  }
  int heads = 0;
  if (o.heads_given && o.model.empty()) {
    const char* end = o.heads_text.data() + o.heads_text.size();
    const auto [ptr, ec] = std::from_chars(o.heads_text.data(), end, heads);
    if (o.heads_text.empty() || ec != std::errc() || ptr != end)
      throw mha::InputError("heads is '" + o.heads_text + "'; expected a whole number from 1 to 4096");
  }
  // 0 in the plan means "not given" (from --weights, else the default), so a
  // 0 the user typed is refused here rather than taken for "not given".
  for (const auto& [given, value, name] : {std::tuple{o.d_model_given, o.d_model, "d_model"},
                                           std::tuple{o.heads_given && o.model.empty(), heads, "heads"}})
    if (given && value < 1)
      throw mha::InputError(std::string(name) + " is " + std::to_string(value) + "; expected 1 to 4096");
  plan.config.d_model = o.d_model_given ? o.d_model : 0;
  plan.config.heads = o.heads_given && o.model.empty() ? heads : 0;
  plan.config.d_k = o.d_k;
  plan.config.d_v = o.d_v;
  plan.config.bias = o.bias;
  plan.config.pad_token = o.pad;
  plan.context = o.context;
  if (!o.weights.empty()) plan.weights = o.weights;
  if (!o.steps.empty()) plan.steps = mha::steps_from_list(o.steps);
  if (!o.npy.empty()) plan.npy_dir = o.npy;
  if (!o.safetensors.empty()) plan.safetensors = o.safetensors;
  plan.config.seed = o.seed;
  plan.config.causal = o.causal;
  plan.config.tokenizer = mha::tokenizer_from_string(o.tokenizer);
  if (!o.dict.empty()) plan.tokenizer.dict = o.dict;
  if (!o.vocab.empty()) plan.tokenizer.vocab = o.vocab;
  if (!o.merges.empty()) plan.tokenizer.merges = o.merges;
  plan.tokenizer.lower_case = !o.cased;
  plan.tokenizer.special_tokens = o.special_tokens;
  if (!o.embeddings.empty()) plan.embeddings = o.embeddings;
  if (!o.embeddings_vocab.empty()) plan.embeddings_vocab = o.embeddings_vocab;
  plan.oov.policy = mha::oov_from_string(o.oov);
  plan.oov.lower_case_fallback = o.oov_lower_case;
  plan.config.positional = mha::positional_from_string(o.positional);
  plan.explain.lang = mha::lang_from_string(o.lang);
  plan.print_explanation = !o.quiet;
  plan.explain.table.precision = o.precision;
  plan.explain.table.max_cols = o.max_cols;
  plan.explain.table.max_rows = o.max_rows;
  // Heatmaps when there is colour, or shades were asked for; otherwise the text stays as it was.
  const mha::Colour colour =
      pick_colour(o.color, isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"), std::getenv("COLORTERM"));
  const mha::Cells cells = mha::cells_from_string(o.cells);
  if (colour != mha::Colour::none || cells == mha::Cells::shades) plan.explain.heatmap = mha::HeatmapStyle{colour, cells};
  if (!o.bertviz.empty()) plan.bertviz = o.bertviz;
  if (!o.report.empty()) plan.report = o.report;
  if (!o.json.empty()) plan.json = o.json;
  if (!o.png.empty()) plan.png_dir = o.png;
  if (!o.html.empty()) plan.html = o.html;
  if (!o.out.empty()) plan.out_dir = o.out;
  if (!o.font.empty()) plan.font = o.font;
  plan.pictures.steps = mha::picture_steps_from_list(o.png_steps);
  plan.pictures.colormap = mha::png::colormap_from_string(o.colormap);
  plan.pictures.scale = mha::picture_scale_from_string(o.scale);
  plan.pictures.cell = o.cell;
  plan.pictures.head_pictures = mha::head_pictures_from_string(o.png_heads);
  return plan;
}

}  // namespace cli
