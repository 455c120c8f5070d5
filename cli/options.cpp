#include "options.hpp"

#include <charconv>
#include <cstdlib>
#include <cstdint>
#include <limits>
#include <string>
#include <unistd.h>

#include "mha/core/error.hpp"
#include "mha/core/version.hpp"

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
    "");

// A validator without its description: the option's help says the range.
CLI::Validator quiet(CLI::Validator v) { return v.description(""); }

// "{a,b,c}": the value of an option that takes one of these names.
std::string choice_label(const std::vector<std::string>& choices) {
  std::string label = "{";
  for (const auto& c : choices) label += (label.size() > 1 ? "," : "") + c;
  return label + "}";
}

constexpr int kMaxInt = std::numeric_limits<int>::max();

const std::vector<std::string> kColorChoices = {"auto", "always", "never"};

// An option that takes one of the names of a library enum's table: the
// names allowed, the default shown, and the value set, all from the table.
template <class E, std::size_t N>
CLI::Option* add_choice(CLI::App& app, const std::string& flag, E& target, const mha::EnumNames<E, N>& names,
                        const std::string& help) {
  const std::vector<std::string> choices = names.choices();
  return app
      .add_option_function<std::string>(
          flag, [&target, &names](const std::string& name) { target = names.parse(name); }, help)
      ->check(quiet(CLI::IsMember(choices)))
      ->type_name(choice_label(choices))
      ->default_str(std::string(names.name(target)));
}

// A whole number from lo to hi (the help says so); its default is shown
// when it is one of them (0 for "d_model / heads" is not).
CLI::Option* add_number(CLI::App& app, const std::string& flag, int& target, int lo, int hi, const std::string& type,
                        const std::string& help) {
  CLI::Option* option = app.add_option(flag, target, help)->check(quiet(CLI::Range(lo, hi)))->type_name(type);
  if (target >= lo && target <= hi) option->capture_default_str();
  return option;
}

// A path option; an empty value leaves it unset, as if not given.
CLI::Option* add_path(CLI::App& app, const std::string& flag, std::optional<std::filesystem::path>& target,
                      const std::string& type, const std::string& help) {
  return app
      .add_option_function<std::string>(
          flag, [&target](const std::string& path) { if (!path.empty()) target = path; }, help)
      ->type_name(type);
}

// --d-model and --heads into the layer's config. 0 there means "not given"
// (from --weights, else the library's default), so a 0 the user typed is
// refused here rather than taken for "not given".
void set_sizes(mha::Config& config, const std::optional<int>& d_model, const std::optional<std::string>& heads) {
  const std::string up_to = std::to_string(mha::Limits::max_d_model);
  if (d_model) {
    if (*d_model < 1) throw mha::InputError("d_model is " + std::to_string(*d_model) + "; expected 1 to " + up_to);
    config.d_model = *d_model;
  }
  if (heads) {
    const char* end = heads->data() + heads->size();
    const auto [ptr, ec] = std::from_chars(heads->data(), end, config.heads);
    if (heads->empty() || ec != std::errc() || ptr != end)
      throw mha::InputError("heads is '" + *heads + "'; expected a whole number from 1 to " + up_to);
    if (config.heads < 1)
      throw mha::InputError("heads is " + std::to_string(config.heads) + "; expected 1 to " + up_to);
  }
}

}  // namespace

// CLI11 puts a blank line before each group and another after it: one is enough.
std::string HelpFormatter::make_group(std::string group, bool is_positional,
                                      std::vector<const CLI::Option*> opts) const {
  std::string out = (is_positional ? "\n" : "") + group + ":\n";
  for (const CLI::Option* opt : opts) out += make_option(opt, is_positional);
  return out;
}

std::string HelpFormatter::make_positionals(const CLI::App* app) const {
  return CLI::Formatter::make_positionals(app) + "\n";
}

std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
  if (opt->get_type_size() == 0) return "";  // a flag
  std::string out = " " + opt->get_type_name();
  if (!opt->get_default_str().empty()) out += "=" + opt->get_default_str();
  if (opt->get_required()) out += " REQUIRED";
  return out;
}

void add_options(CLI::App& app, Options& o) {
  mha::RunPlan& plan = o.plan;
  mha::LayerPlan& layer = plan.layer;
  mha::Config& config = layer.config;
  const mha::Config defaults;  // the library's sizes and seed, for the help

  app.add_option("text", o.text, "The sentence, e.g. \"我 喜欢 吃 芝士 薯条\" (UTF-8)")->required();

  app.option_defaults()->group("Text in (not with --model)");
  add_choice(app, "--tokenizer", config.tokenizer, mha::kTokenizerNames,
             "Tokens: split on spaces, one per character, Chinese words from a\n"
             "dictionary (jieba's rules), BERT's vocab.txt, GPT-2's vocab.json or a\n"
             "Hugging Face tokenizer.json (Qwen, Llama, Mistral)");
  add_path(app, "--dict", layer.tokenizer.dict, "FILE", "jieba-format dictionary for dict (default: the shipped one)");
  add_path(app, "--vocab", layer.tokenizer.vocab, "FILE", "vocab.txt (wordpiece), vocab.json (bpe) or tokenizer.json (hf)");
  add_path(app, "--merges", layer.tokenizer.merges, "FILE", "merges.txt (bpe)");
  app.add_flag_callback("--cased", [&layer] { layer.tokenizer.lower_case = false; },
                        "wordpiece: keep case and accents (cased models)");
  app.add_flag("--special-tokens", layer.tokenizer.special_tokens, "wordpiece: [CLS] first and [SEP] last");
  add_path(app, "--embeddings", layer.embeddings, "FILE",
           "Pretrained vectors: GloVe, word2vec .bin, .npy, .safetensors or\n"
           ".json (docs/embeddings.md); their width is d_model");
  add_path(app, "--embeddings-vocab", layer.embeddings_vocab, "FILE",
           "The tokens of a .npy or .safetensors table, one a line");
  add_choice(app, "--oov", layer.request.oov.policy, mha::kOovNames,
             "A token the table lacks: its own random vector (the run says which),\n"
             "zeros, the table's <unk> row, or an error");
  app.add_flag("--oov-lower-case", layer.request.oov.lower_case_fallback,
               "Look a missing token up again lower-cased (GloVe is lower-case)");

  app.option_defaults()->group("The layer (not with --model)");
  app.add_option("--d-model", o.d_model,
                 "Width of every token vector, 1 to " + std::to_string(mha::Limits::max_d_model) +
                     "\n(default: from --weights or --embeddings, else " + std::to_string(defaults.d_model) + ")")
      ->type_name("N");
  app.add_option("--heads", o.heads,
                 "Number of heads h, dividing d_model unless --d-k and --d-v are given\n"
                 "(default: " + std::to_string(defaults.heads) + "; with --weights: num_heads of its metadata, else\n"
                 "required); with --model: the heads to keep, e.g. 0,3,5-7 (default: all)")
      ->type_name("N|LIST");
  add_number(app, "--d-k", config.d_k, 1, mha::Limits::max_d_model, "N",
             "Width of each head's queries and keys (default: d_model / heads)");
  add_number(app, "--d-v", config.d_v, 1, mha::Limits::max_d_model, "N",
             "Width of each head's values and context (default: d_model / heads)");
  add_number(app, "--kv-heads", config.kv_heads, 1, mha::Limits::max_d_model, "N",
             "Key/value heads, dividing --heads: grouped-query attention, query\n"
             "head i reads key/value head i / (heads / N); 1: multi-query (default: heads)");
  app.add_flag("--bias", config.bias, "Random weights get biases b_Q, b_K, b_V, b_O (--weights: the file decides)");
  add_path(app, "--weights", layer.weights, "FILE|DIR",
           "W_Q, W_K, W_V, W_O (and biases) from .safetensors, .json or a folder\n"
           "of .npy, in our or PyTorch's names (docs/weights.md; default: random)");
  app.add_option("--seed", config.seed, "Seed of the random embeddings and weights, 0 to 2^64 - 1")
      ->check(whole_uint64)
      ->type_name("N")
      ->capture_default_str();
  add_choice(app, "--positional", config.positional, mha::kPositionalNames,
             "Positional encoding: added to the embeddings, or rope: each head's\n"
             "queries and keys turned by position x frequency");
  app.add_option("--rope-theta", o.rope_theta,
                 "With --positional rope: RoPE's base θ, pair j of a head turns by\nposition·θ^(−2j/d_k); above 1, at most 1e9")
      ->type_name("X")
      ->default_str(mha::format_theta(defaults.rope_theta));
  app.add_flag("--causal", config.causal, "Causal mask: a token attends only to itself and earlier tokens");
  app.add_option("--context", layer.request.context, "Cross-attention: keys and values from this second text")
      ->type_name("TEXT");
  app.add_option("--pad", config.pad_token, "Key-padding mask: keys whose token is TOKEN get no attention")
      ->type_name("TOKEN");

  app.option_defaults()->group("Real models");
  CLI::Option* model = app.add_option_function<std::string>(
                              "--model", [&o](const std::string& dir) { o.model.dir = dir; },
                              "A HuggingFace GPT-2, BERT, Llama, Mistral, Qwen2 or Qwen3 folder:\n"
                              "every block's attention is traced instead of the layer (docs/models.md)")
                           ->type_name("DIR");
  app.add_option("--layers", o.layers, "The blocks to keep, e.g. 0,5-11 (default: all)")
      ->type_name("LIST");
  app.add_option("--pair", o.model.pair, "BERT: a second sentence (token type 1), after [SEP]")
      ->type_name("TEXT");
  app.add_flag("--truncate", o.model.truncate, "Cut a text longer than the model's positions instead of refusing it");
  add_number(app, "--pad-to", o.model.pad_to, 1, 1 << 20, "N",
             "BERT: [PAD] up to N tokens, masked as in a padded batch");
  add_number(app, "--top", o.model.top, 0, 100, "K", "Decoders (GPT-2, Llama, Qwen, …): how many next-token predictions to show, 0 to 100");

  app.add_option("--probe", o.probe,
                 "induction: also run the model on 32 random ids shown twice (--seed)\n"
                 "and give each head its induction score (docs/heads.md)")
      ->check(quiet(CLI::IsMember(std::vector<std::string>{"induction"})))
      ->type_name("induction");

  app.option_defaults()->group("Outputs");
  add_path(app, "--out", plan.out_dir, "DIR", "explanation.txt, trace.json, view.html and png/ into DIR");
  add_path(app, "--json", plan.json, "FILE", "The trace as JSON (docs/trace.md)");
  add_path(app, "--html", plan.html, "FILE", "One self-contained page: head view, matrix view, explanation");
  add_path(app, "--report", plan.report, "FILE.md", "A markdown walkthrough, its pictures in png/ beside it");
  add_path(app, "--npy", plan.npy_dir, "DIR", "Every traced tensor as a NumPy .npy file, with index.json");
  add_path(app, "--safetensors", plan.safetensors, "FILE", "Every traced tensor in one safetensors file");
  app.add_option("--steps", o.steps,
                 "Steps --json, --out, --npy and --safetensors hold, e.g. scores,softmax\n"
                 "(default: all; with --model: softmax)")
      ->type_name("LIST");
  add_path(app, "--bertviz", plan.bertviz, "FILE", "Weights and tokens as JSON for bertviz's head_view");
  add_number(app, "--threads", plan.threads, 0, 4096, "N",
             "Threads of the computation, 1 to 4096; 0: MHA_THREADS, else every core");

  app.option_defaults()->group("Pictures (--png, --out, --report)");
  add_path(app, "--png", plan.png_dir, "DIR", "Attention heatmaps (PNG) into DIR");
  std::string drawn;  // the library's default steps
  for (const mha::StepName step : plan.pictures.steps)
    drawn += (drawn.empty() ? "" : ",") + std::string(mha::to_string(step));
  app.add_option("--png-steps", o.png_steps,
                 "Steps drawn, per head and all heads: scores, scale, mask, softmax (or\n"
                 "weights)")
      ->type_name("LIST")
      ->default_str(drawn);
  add_choice(app, "--png-heads", plan.pictures.head_pictures, mha::kHeadPicturesNames,
             "With --model: a picture per kept head too, or grids only; auto: per\n"
             "head, unless every head of a model with more than 24 was kept");
  add_choice(app, "--colormap", plan.pictures.colormap, mha::png::kColormapNames,
             "Colour map of the weights (scores: blue-white-red, centred on 0)");
  add_choice(app, "--scale", plan.pictures.scale, mha::kPictureScaleNames,
             "Colour range of the weights: 0 to 1, or auto, 0 to their 99th percentile");
  add_number(app, "--cell", plan.pictures.cell, 0, 256, "PX", "Cell size in pixels, 1 to 256; 0: automatic");
  add_path(app, "--font", plan.font, "FILE", "TrueType font of the labels (default: a CJK font of the system)");

  app.option_defaults()->group("The explanation");
  app.add_flag_callback("-q,--quiet", [&plan] { plan.print_explanation = false; }, "Do not print the explanation");
  add_choice(app, "--lang", plan.explain.lang, mha::kLangNames, "Language of the explanation (also --html, --report)");
  add_number(app, "--precision", plan.explain.table.precision, 0, 9, "N", "Digits after the decimal point, 0 to 9");
  add_number(app, "--max-cols", plan.explain.table.max_cols, 0, kMaxInt, "N", "Columns printed per matrix; 0: all");
  add_number(app, "--max-rows", plan.explain.table.max_rows, 0, kMaxInt, "N", "Rows printed per matrix; 0: all");
  app.add_option("--color", o.color,
                 "Heatmaps of the weights in colour; auto: when standard output is a\n"
                 "terminal and NO_COLOR is unset")
      ->check(quiet(CLI::IsMember(kColorChoices)))
      ->type_name(choice_label(kColorChoices))
      ->capture_default_str();
  add_choice(app, "--cells", o.cells, mha::kCellsNames,
             "Heatmap cells: the weight on its colour, or block characters (shown\n"
             "also without colour)");

  // What the toy layer is built from; a model's folder decides all of it.
  for (const char* name : {"--weights", "--embeddings", "--embeddings-vocab", "--d-model", "--d-k", "--d-v", "--bias",
                           "--context", "--pad", "--tokenizer", "--dict", "--vocab", "--merges", "--cased",
                           "--special-tokens", "--causal", "--positional", "--rope-theta", "--kv-heads",
                           "--oov", "--oov-lower-case"})
    app.get_option(name)->excludes(model);
  for (const char* name : {"--layers", "--pair", "--truncate", "--pad-to", "--top", "--probe"})
    app.get_option(name)->needs(model);

  app.footer(
      "Examples:\n"
      "  The seed sentence, every step with every number:\n"
      "    mha-explain \"我 喜欢 吃 芝士 薯条\"\n"
      "  In Chinese, and explanation.txt, trace.json, view.html and png/ into run/:\n"
      "    mha-explain \"我 喜欢 吃 芝士 薯条\" --lang zh --out run\n"
      "  One token per character, four heads, a causal mask:\n"
      "    mha-explain \"我喜欢吃芝士薯条\" --tokenizer char --heads 4 --causal\n"
      "  PyTorch weights in, every traced tensor out as .npy:\n"
      "    mha-explain \"a b c\" --weights mha.safetensors --heads 12 --npy npy\n"
      "  A real GPT-2, its first and last blocks, as pictures:\n"
      "    mha-explain --model gpt2 \"The cat sat on the mat\" --layers 0,11 --png png\n"
      "\n"
      "Commands: mha-explain corpus --help (a model over many sentences),\n"
      "mha-explain merge --help (their stats.json files as one; docs/corpus.md).\n"
      "\n"
      "README.md and docs/ say more.");
}

void configure(CLI::App& app, Options& o) {
  app.name("mha-explain");
  app.description("mha-explain: multi-head attention, step by step, with every number, a JSON trace and heatmaps");
  app.set_version_flag("--version", std::string("mha-explain ") + mha::kVersion);
  app.formatter(std::make_shared<HelpFormatter>());
  add_options(app, o);
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

// --probe induction: 32 ids shown twice, TransformerLens's detector's length order.
constexpr int kInductionProbeLength = 32;

mha::RunPlan to_plan(Options o) {
  mha::RunPlan plan = std::move(o.plan);
  const bool model = !o.model.dir.empty();
  if (model) {
    o.model.text = std::move(o.text);
    o.model.layers = index_list(o.layers, "--layers");
    o.model.heads = index_list(o.heads.value_or(""), "--heads");
    // With --model, --seed seeds the probe's sequence and nothing else.
    if (o.probe.empty() && plan.layer.config.seed != mha::Config{}.seed)
      throw mha::InputError("--seed with --model seeds --probe induction's sequence; expected --probe induction too");
    if (o.probe == "induction") o.model.induction_probe = kInductionProbeLength;
    o.model.probe_seed = plan.layer.config.seed;
  } else {
    plan.layer.request.text = std::move(o.text);
    set_sizes(plan.layer.config, o.d_model, o.heads);
    if (o.rope_theta) {
      if (plan.layer.config.positional != mha::Positional::rope)
        throw mha::InputError("--rope-theta sets RoPE's base; expected it with --positional rope");
      plan.layer.config.rope_theta = *o.rope_theta;  // its range: Config::validate
    }
  }
  if (!o.steps.empty()) plan.steps = mha::steps_from_list(o.steps);
  if (o.png_steps) plan.pictures.steps = mha::picture_steps_from_list(*o.png_steps);
  // Heatmaps when there is colour, or shades were asked for; otherwise the text stays as it was.
  const mha::Colour colour =
      pick_colour(o.color, isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"), std::getenv("COLORTERM"));
  if (colour != mha::Colour::none || o.cells == mha::Cells::shades)
    plan.explain.heatmap = mha::HeatmapStyle{colour, o.cells};
  if (model) {
    o.model.steps = plan.steps;  // --steps: what each kept block records, as well as what the exports hold
    plan.model = std::move(o.model);
  }
  return plan;
}

}  // namespace cli
