#pragma once
// What the GPT-2 and BERT forward passes share (private to src/mha/model):
// the run's context, and the attention sublayer built from the toy layer's
// own steps (attention.hpp), so every block records the same steps.
#include <string>
#include <vector>

#include "mha/attention.hpp"
#include "mha/model/checkpoint.hpp"
#include "mha/model/model.hpp"
#include "mha/model/model_config.hpp"

namespace mha::model_detail {

struct Forward {
  Checkpoint& weights;
  const ModelConfig& config;
  const ModelRequest& request;
  Trace& trace;
  std::vector<std::int64_t> ids;  // one per token, < vocab_size
  std::vector<int> token_types;   // BERT: one per token
  Labels labels;                  // the tokens as shown
  std::vector<Matrix> layer_means;  // per block: the mean over its heads of A_i (for rollout)
  Matrix final_hidden;               // set by the forward: [n, d] after the last block (GPT-2: after ln_f)
  std::vector<float> next_logits;    // GPT-2: logits of the token after the text, [vocab_size]
  std::size_t threads = 4;

  // The recorder of block `layer` (unset: the model's input and output),
  // recording what --layers, --heads and --steps chose.
  Recorder recorder(std::optional<int> layer);
  // The block's attention from its projections Q, K, V [n, d]: heads, A_i,
  // C_i and Z [n, d], recorded like the toy layer's; the heads' mean A
  // joins layer_means. formulas: how Q, K and V were computed.
  Matrix attend(Matrix Q, Matrix K, Matrix V, Recorder& rec, const std::string (&formulas)[3]);
  // out = X·W + b (or X·Wᵀ + b), on up to `threads` threads.
  Matrix linear(const Matrix& X, MatrixView W, bool transposed, VectorView b);
  // InputError naming the block when X holds NaN or an infinity.
  void require_finite_block(const Matrix& X, int layer) const;
  void block_done(int layer) const;
};

void gpt2_forward(Forward& f);
void bert_forward(Forward& f);

}  // namespace mha::model_detail
