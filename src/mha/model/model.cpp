#include "mha/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "mha/core/error.hpp"
#include "mha/model/analysis.hpp"
#include "mha/model/detail/forward.hpp"
#include "mha/text/bpe.hpp"
#include "mha/text/hf_tokenizer.hpp"
#include "mha/text/wordpiece.hpp"

namespace mha {

namespace model_detail {

Recorder Forward::recorder(std::optional<int> layer) {
  Capture capture;
  capture.layer = layer;
  capture.steps = request.steps.only.empty() ? StepFilter{{StepName::softmax}} : request.steps;
  capture.heads = request.heads;
  const bool kept = !layer || request.layers.empty() ||
                    std::find(request.layers.begin(), request.layers.end(), *layer) != request.layers.end();
  return Recorder(kept ? &trace : nullptr, capture, labels, labels);
}

Matrix Forward::attend(const Matrix& x, const AttentionLayer& layer, const LayerFormulas& formulas, Recorder& rec,
                       int layer_index, std::optional<HeadsSpec::QkNorm> qk_norm) {
  HeadsSpec spec{config.heads, config.d_k(), config.d_k(), config.type != ModelType::bert, trace.key_padding, threads};
  if (is_llama_family(config.type)) {
    spec.kv_heads = config.key_value_heads();
    spec.rope_theta = config.rope_theta;
    spec.rope_omega = rope_omega;
    if (config.rope_scaling.type != RopeScaling::Type::none)
      spec.rope_note = "θ = " + format_theta(config.rope_theta) + ", " +
                       std::string(to_string(config.rope_scaling.type)) + " scaling";
    spec.window = config.windows[static_cast<std::size_t>(layer_index)];
    if (qk_norm) spec.qk_norm.emplace(*qk_norm);  // (emplaced: Eigen maps cannot be assigned)
  }
  Matrix mean_A;  // mean_i A_i [n, n]
  Matrix Y = attention_steps(x, x, x, layer, formulas, spec, rec, &mean_A);
  layer_means.push_back(std::move(mean_A));
  return Y;
}

Matrix Forward::linear(const Matrix& X, const Linear& W) {
  Matrix out;
  project_all({{X, W, out}}, threads);
  return out;
}

void Forward::require_finite_block(const Matrix& X, int layer) const {
  if (!X.allFinite())
    throw InputError(source + ": block " + std::to_string(layer) +
                     " produced NaN or an infinity; expected finite weights whose products fit in float32");
}

void Forward::block_done(int layer) const {
  if (request.progress) request.progress(layer + 1, config.layers);
}

}  // namespace model_detail

namespace {

using model_detail::Forward;


// Tensors every real checkpoint of the type may hold that the forward pass
// does not use: said nothing about.
bool known_extra(const ModelConfig& c, const std::string& name) {
  const ModelType type = c.type;
  if (is_llama_family(type))  // RoPE's frequencies saved by older transformers; a tied model's copy of embed_tokens
    return name.ends_with(".rotary_emb.inv_freq") || (c.tie_word_embeddings && name == "lm_head.weight");
  if (type == ModelType::gpt2)
    return name.ends_with(".attn.bias") || name.ends_with(".attn.masked_bias") || name == "lm_head.weight";
  return name.starts_with("pooler.") || name.starts_with("cls.") || name == "embeddings.position_ids";
}

void check_vocabulary(std::size_t size, const ModelConfig& c, const std::filesystem::path& file) {
  if (size != static_cast<std::size_t>(c.vocab_size))
    throw FormatError(file.string() + ": has " + std::to_string(size) + " tokens but config.json's vocab_size is " +
                      std::to_string(c.vocab_size) + "; expected the tokenizer this model was trained with");
}

// The tokens of the text (and the pair's), with BERT's token types.
std::vector<Token> tokenize_for(const ModelRequest& r, const ModelConfig& c, const ByteBpe* bpe,
                                const WordPiece* wp, const HfTokenizer* hf, std::vector<int>& types,
                                std::string& text) {
  text = r.text;
  if (c.type != ModelType::bert && r.pair)
    throw InputError("--pair is for BERT's sentence pairs; this is a " + model_title(to_string(c.type)) + " model");
  if (is_llama_family(c.type)) return hf->tokenize(r.text);  // tokenizer.json, with the BOS its template adds
  if (c.type == ModelType::gpt2) return bpe->tokenize(r.text);
  std::vector<Token> tokens = wp->tokenize(r.text);  // [CLS] a … [SEP]
  types.assign(tokens.size(), 0);
  if (r.pair) {
    // [CLS] a … [SEP] b … [SEP]: the pair's own [CLS] dropped, its byte
    // ranges moved past the first text and the space that joins them (the
    // trace's text is "a b"; the token types say where b starts).
    std::vector<Token> second = wp->tokenize(*r.pair);
    const std::size_t shift = r.text.size() + 1;
    for (std::size_t i = 1; i < second.size(); ++i) {
      second[i].byte_begin += shift;
      second[i].byte_end += shift;
      tokens.push_back(std::move(second[i]));
      types.push_back(1);
    }
    text = r.text + " " + *r.pair;
  }
  return tokens;
}

// The tokens `ids` stand for, labelled by `readable` (the tokenizer's text
// for an id); their byte ranges are empty, as they come from no text.
std::vector<Token> tokens_of_ids(const std::vector<std::int64_t>& ids, const std::function<std::string(std::int64_t)>& readable) {
  std::vector<Token> tokens;
  for (const std::int64_t id : ids) {
    const std::string shown = readable(id);
    tokens.push_back(Token{shown, 0, 0, id});
  }
  return tokens;
}

std::vector<Prediction> top_predictions(const std::vector<float>& logits, int top,
                                        const std::function<std::string(std::int64_t)>& readable) {
  // p = softmax(logits) over the whole vocabulary, in double.
  const double m = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float z : logits) sum += std::exp(static_cast<double>(z) - m);
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(std::max(top, 0)), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), [&](int a, int b) {
    return logits[static_cast<std::size_t>(a)] != logits[static_cast<std::size_t>(b)]
               ? logits[static_cast<std::size_t>(a)] > logits[static_cast<std::size_t>(b)]
               : a < b;
  });
  std::vector<Prediction> out;
  for (std::size_t i = 0; i < k; ++i) {
    const int id = order[i];
    const float z = logits[static_cast<std::size_t>(id)];
    out.push_back({id, readable(id), z,
                   static_cast<float>(std::exp(static_cast<double>(z) - m) / sum)});
  }
  return out;
}

std::vector<int> checked_selection(const std::vector<int>& chosen, int count, const char* flag, const char* what) {
  for (int v : chosen)
    if (v < 0 || v >= count)
      throw InputError(std::string(flag) + " names " + what + " " + std::to_string(v) + "; the model has " +
                       std::to_string(count) + " (0 to " + std::to_string(count - 1) + ")");
  std::vector<int> out = chosen;
  if (out.empty()) {
    out.resize(static_cast<std::size_t>(count));
    std::iota(out.begin(), out.end(), 0);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

struct Model::Loaded {
  std::filesystem::path dir;
  std::string source;  // dir as text, for messages
  ModelConfig config;
  Checkpoint weights;
  std::optional<model_detail::Gpt2Weights> gpt2;  // every tensor bound and checked at load
  std::optional<model_detail::BertWeights> bert;
  std::optional<model_detail::LlamaWeights> llama;
  std::optional<ByteBpe> bpe;          // GPT-2
  std::optional<WordPiece> wordpiece;  // BERT
  std::optional<HfTokenizer> hf;       // the Llama family: tokenizer.json
  std::vector<std::string> warnings;   // about the folder (tensors no block uses), for every run

  // The text token `id` stands for, as predictions and labels show it ("#id" without one).
  std::string readable(std::int64_t id) const {
    if (bpe)
      if (const std::string* name = bpe->token_of(id)) return ByteBpe::readable(*name);
    if (hf && hf->token_of(id)) return hf->readable(id);
    return "#" + std::to_string(id);
  }
};

Model::Model(std::unique_ptr<Loaded> loaded) : loaded_(std::move(loaded)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;
std::uint64_t Model::file_bytes() const { return loaded_->weights.bytes(); }

Model Model::load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw IoError(dir.string() + ": " + (std::filesystem::exists(dir, ec) ? "is not a folder" : "no such folder") +
                  "; expected a model folder with config.json and model.safetensors");
  ModelConfig c = read_model_config(dir);
  const char* prefix = c.type == ModelType::gpt2 ? "transformer." : c.type == ModelType::bert ? "bert." : "model.";
  Checkpoint weights = Checkpoint::open(dir, prefix);
  auto m = std::make_unique<Loaded>(Loaded{dir, dir.string(), c, std::move(weights), {}, {}, {}, {}, {}, {}, {}});
  // Every tensor the forward pass reads, looked up and checked now, before
  // any text: a missing or mis-sized one stops the run here.
  if (c.type == ModelType::gpt2)
    m->gpt2.emplace(model_detail::bind_gpt2(m->weights, c));
  else if (c.type == ModelType::bert)
    m->bert.emplace(model_detail::bind_bert(m->weights, c));
  else
    m->llama.emplace(model_detail::bind_llama(m->weights, c));
  std::vector<std::string> ignored;
  for (const auto& name : m->weights.unused())
    if (!known_extra(c, name)) ignored.push_back(name);
  if (!ignored.empty()) {
    std::string list;
    for (std::size_t i = 0; i < ignored.size() && i < 5; ++i) list += (i ? ", " : "") + ignored[i];
    if (ignored.size() > 5) list += ", …";
    m->warnings.push_back("warning: " + dir.string() + ": " + std::to_string(ignored.size()) + " tensor(s) that a " +
                          model_title(to_string(c.type)) + " model does not use were ignored: " + list);
  }
  if (c.type == ModelType::gpt2) {
    m->bpe = ByteBpe::load(dir / "vocab.json", dir / "merges.txt");
    check_vocabulary(m->bpe->size(), c, dir / "vocab.json");
  } else if (c.type == ModelType::bert) {
    WordPieceOptions options;
    options.lower_case = options.strip_accents = c.lower_case;
    options.add_special_tokens = true;
    m->wordpiece = WordPiece::load(dir / "vocab.txt", options);
    check_vocabulary(m->wordpiece->size(), c, dir / "vocab.txt");
  } else {
    // tokenizer.json, and tokenizer_config.json's add_bos_token when it is
    // there. Its ids may stop short of vocab_size (Qwen pads the embedding
    // table to a multiple of 128), never go past it.
    const std::filesystem::path config_file = dir / "tokenizer_config.json";
    std::error_code exists_error;
    if (!std::filesystem::exists(dir / "tokenizer.json", exists_error))
      throw IoError((dir / "tokenizer.json").string() + ": no such file; expected the model's tokenizer in Hugging "
                    "Face tokenizers' format, as the checkpoint's repository has it");
    m->hf = HfTokenizer::load(dir / "tokenizer.json", std::filesystem::exists(config_file, exists_error)
                                                          ? std::optional<std::filesystem::path>(config_file)
                                                          : std::nullopt);
    if (m->hf->size() > static_cast<std::size_t>(c.vocab_size))
      throw FormatError((dir / "tokenizer.json").string() + ": has ids up to " + std::to_string(m->hf->size() - 1) +
                        " but config.json's vocab_size is " + std::to_string(c.vocab_size) +
                        "; expected the tokenizer this model was trained with");
  }
  return Model(std::move(m));
}

Trace run_model(const ModelRequest& request, std::vector<std::string>* warnings, ModelOutputs* outputs) {
  return Model::load(request.dir).run(request, warnings, outputs);
}

ModelInfo Model::info() const {
  const ModelConfig& c = loaded_->config;
  ModelInfo info;
  info.type = std::string(to_string(c.type));
  info.source = loaded_->dir.string();
  info.dtype = loaded_->weights.dtype();
  info.layers = c.layers;
  info.heads = c.heads;
  info.d_model = c.d_model;
  info.d_ff = c.d_ff;
  info.vocab_size = c.vocab_size;
  info.max_positions = c.max_positions;
  info.layer_norm_eps = c.layer_norm_eps;
  if (is_llama_family(c.type)) {
    ModelInfo::Decoder d;
    d.kv_heads = c.key_value_heads();
    d.head_dim = c.d_k();
    d.rope_theta = c.rope_theta;
    d.rope_scaling = std::string(to_string(c.rope_scaling.type));
    d.sliding_windows = c.windows;
    d.tied_embeddings = c.tie_word_embeddings;
    d.qk_norm = c.type == ModelType::qwen3;
    d.torch_dtype = c.torch_dtype;
    d.output_bias = c.o_bias;
    d.rope_factor = c.rope_scaling.type == RopeScaling::Type::none ? 1.0 : c.rope_scaling.factor;
    info.decoder = std::move(d);
  }
  return info;
}

Trace Model::run(const ModelRequest& request, std::vector<std::string>* warnings, ModelOutputs* outputs) {
  const ModelConfig& c = loaded_->config;
  const std::filesystem::path& dir = loaded_->dir;
  const ByteBpe* bpe = loaded_->bpe ? &*loaded_->bpe : nullptr;

  Trace trace;
  std::vector<int> types;
  const auto readable = [&](std::int64_t id) { return loaded_->readable(id); };
  std::vector<Token> tokens;
  if (!request.ids.empty()) {
    if (request.pair) throw InputError("--pair needs a text to tokenize; token ids were given instead");
    tokens = tokens_of_ids(request.ids, readable);
    trace.text = request.text;
    if (c.type == ModelType::bert) types.assign(tokens.size(), 0);
  } else {
    tokens = tokenize_for(request, c, bpe, loaded_->wordpiece ? &*loaded_->wordpiece : nullptr,
                          loaded_->hf ? &*loaded_->hf : nullptr, types, trace.text);
  }
  ModelInfo info = this->info();
  if (tokens.size() > static_cast<std::size_t>(c.max_positions)) {
    if (!request.truncate)
      throw InputError("the text has " + std::to_string(tokens.size()) + " tokens but " + dir.string() +
                       " has " + std::to_string(c.max_positions) + " positions (" +
                       (c.type == ModelType::gpt2 ? "n_positions" : "max_position_embeddings") +
                       " in config.json); shorten it or pass --truncate to keep the first " +
                       std::to_string(c.max_positions));
    Token last = tokens.back();
    tokens.resize(static_cast<std::size_t>(c.max_positions));
    if (c.type == ModelType::bert) tokens.back() = last;  // BERT's sequence still ends with [SEP]
    if (!types.empty()) types.resize(tokens.size());
    info.truncated = true;
  }

  if (request.pad_to > 0) {
    if (c.type != ModelType::bert)
      throw InputError("--pad-to is for BERT, whose vocabulary has [PAD]; this is a " + model_title(to_string(c.type)) +
                       " model");
    if (request.pad_to > c.max_positions || static_cast<std::size_t>(request.pad_to) < tokens.size())
      throw InputError("--pad-to is " + std::to_string(request.pad_to) + "; expected " +
                       std::to_string(tokens.size()) + " (the text's tokens) to " + std::to_string(c.max_positions) +
                       " (the model's positions)");
    const std::int64_t pad = loaded_->wordpiece->id_of("[PAD]");
    if (pad < 0) throw FormatError((dir / "vocab.txt").string() + ": has no [PAD] token; --pad-to needs it");
    trace.key_padding.assign(tokens.size(), false);
    const std::size_t end = trace.text.size();
    while (tokens.size() < static_cast<std::size_t>(request.pad_to)) {
      tokens.push_back(Token{"[PAD]", end, end, pad});
      types.push_back(0);
      trace.key_padding.push_back(true);  // the attention mask: no query looks at it
    }
  }

  trace.config.d_model = c.d_model;
  trace.config.heads = c.heads;
  trace.config.bias = true;
  trace.config.causal = c.type != ModelType::bert;
  trace.config.tokenizer = c.type == ModelType::gpt2 ? TokenizerKind::bpe : TokenizerKind::wordpiece;
  trace.config.positional = Positional::learned;
  if (is_llama_family(c.type)) {
    trace.config.bias = c.qkv_bias;
    trace.config.kv_heads = c.key_value_heads();
    trace.config.d_k = trace.config.d_v = c.d_k();
    trace.config.positional = Positional::rope;
    trace.config.rope_theta = c.rope_theta;
    trace.config.tokenizer = TokenizerKind::hf;
  }
  trace.config = trace.config.resolved();
  trace.config.validate_tokens(tokens.size(), tokens.size());
  Recorder(&trace).tokens(tokens);  // tokenize
  trace.weights_source = dir.string();
  trace.embeddings_source = dir.string();

  info.captured_layers = checked_selection(request.layers, c.layers, "--layers", "block");
  info.captured_heads = checked_selection(request.heads, c.heads, "--heads", "head");
  info.token_types = types;

  Forward f{loaded_->source, c, request, trace, {}, types, trace.token_labels(), {}, {}, {}, 4, {}};
  for (const Token& t : tokens) {
    if (t.id < 0 || t.id >= c.vocab_size)
      throw FormatError(dir.string() + ": token " + t.text + " has id " + std::to_string(t.id) +
                        ", outside the model's vocabulary of " + std::to_string(c.vocab_size));
    f.ids.push_back(t.id);
  }
  if (loaded_->gpt2)
    model_detail::gpt2_forward(f, *loaded_->gpt2);
  else if (loaded_->bert)
    model_detail::bert_forward(f, *loaded_->bert);
  else
    model_detail::llama_forward(f, *loaded_->llama);
  trace.model = std::move(info);
  if (!f.next_logits.empty()) trace.predictions = top_predictions(f.next_logits, request.top, readable);
  // Over every block and all heads, kept or not: what reaches the top.
  trace.rollout = attention_rollout(f.layer_means, trace.token_labels());
  trace.head_stats = all_head_stats(trace);  // of the kept heads
  if (request.induction_probe > 0) {
    // The probe's own run, [2N] ids, its softmax steps only; then A[i, i − N + 1] per kept head.
    ModelRequest probe;
    probe.text = "induction probe";
    probe.ids = induction_probe_ids(c.vocab_size, request.induction_probe, request.probe_seed);
    probe.layers = request.layers;
    probe.heads = request.heads;
    probe.top = 0;
    const Trace p = run(probe);
    for (HeadStats& h : trace.head_stats)
      if (const Step* A = p.find(StepName::softmax, h.head, {}, h.layer))
        h.induction = induction_score(A->tensor.value, request.induction_probe);
    trace.induction_probe = InductionProbe{request.induction_probe, request.probe_seed, probe.ids};
  }

  if (outputs) *outputs = {std::move(f.final_hidden), std::move(f.next_logits), std::move(f.layer_means)};
  if (warnings) warnings->insert(warnings->end(), loaded_->warnings.begin(), loaded_->warnings.end());
  return trace;
}

}  // namespace mha
