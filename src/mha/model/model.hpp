#pragma once
// Real transformers: a HuggingFace GPT-2, BERT, Llama, Mistral, Qwen2 or Qwen3
// folder run on a text, every block's attention recorded in a Trace like the
// toy layer's (docs/models.md).
//
//   DIR/config.json              the architecture and sizes (model_config.hpp)
//   DIR/model.safetensors        the weights, mapped (checkpoint.hpp), or the
//                                shards of model.safetensors.index.json
//   DIR/vocab.json + merges.txt  GPT-2's tokenizer;  DIR/vocab.txt  BERT's;
//   DIR/tokenizer.json (+ tokenizer_config.json)  the Llama family's
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "mha/core/matrix.hpp"
#include "mha/core/steps.hpp"
#include "mha/core/trace.hpp"

namespace mha {

struct ModelRequest {
  std::filesystem::path dir;
  std::string text;
  // Token ids to run instead of tokenizing `text` (text then only labels the
  // run): for ids that come from elsewhere, and for tests of the forward pass.
  std::vector<std::int64_t> ids;
  std::optional<std::string> pair;  // BERT: the second sentence (token type 1), --pair
  // What the trace keeps: the softmax weights of these blocks and heads
  // (empty: all), and with `steps` the other steps too (empty: softmax only).
  std::vector<int> layers, heads;
  StepFilter steps;
  bool truncate = false;  // a text longer than the model's positions is cut instead of refused
  // BERT: [PAD] tokens appended up to this many tokens, masked for every
  // query by the attention mask, as in a padded batch (0: none).
  int pad_to = 0;
  int top = 5;            // decoders (GPT-2, Llama, …): how many next-token predictions
  // --probe induction: N > 0 runs the model a second time on N seeded random
  // ids shown twice (model/analysis.hpp) and sets every HeadStats::induction
  // and Trace::induction_probe; 0: no probe.
  int induction_probe = 0;
  std::uint64_t probe_seed = 42;  // --seed
  // Called after each block with (blocks done, blocks in all): the CLI's progress line.
  std::function<void(int, int)> progress;
};

// What the forward pass computed besides the trace, for tests and library users.
struct ModelOutputs {
  Matrix hidden;                    // [n, d]: GPT-2 after ln_f; BERT the last block's output
  std::vector<float> next_logits;   // decoders: [vocab_size], the token after the text
  std::vector<Matrix> layer_means;  // per block: the mean of its heads' A_i [n, n]
};

// A model folder, loaded once (config, mapped weights, tokenizer) and run
// on as many texts as wanted. Throws mha::Error (one line naming the file
// and the place) for a folder that is not a usable checkpoint.
class Model {
 public:
  static Model load(const std::filesystem::path& dir);
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  ~Model();

  // request.dir is not read. Throws mha::Error for a text the model cannot
  // take. `warnings` receives one line per note for stderr (ignored tensors).
  Trace run(const ModelRequest& request, std::vector<std::string>* warnings = nullptr,
            ModelOutputs* outputs = nullptr);
  std::uint64_t file_bytes() const;  // the weights files' total size
  // What every run's trace says of the model (Trace::model) before the
  // run's own parts: the captured blocks and heads, token types, truncation.
  ModelInfo info() const;

 private:
  struct Loaded;
  explicit Model(std::unique_ptr<Loaded> loaded);
  std::unique_ptr<Loaded> loaded_;
};

// Model::load(request.dir).run(request, ...).
Trace run_model(const ModelRequest& request, std::vector<std::string>* warnings = nullptr,
                ModelOutputs* outputs = nullptr);

}  // namespace mha
