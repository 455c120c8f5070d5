#pragma once
// What the GPT-2 and BERT forward passes share (private to src/mha/model):
// the run's context, and the attention sublayer built from the toy layer's
// own steps (attention.hpp), so every block records the same steps.
#include <string>
#include <vector>

#include "mha/core/attention.hpp"
#include "mha/model/checkpoint.hpp"
#include "mha/model/model.hpp"
#include "mha/model/model_config.hpp"

namespace mha::model_detail {

// A model's tensors, bound once at load: every name looked up and checked
// for dtype and shape before any text is run (Checkpoint::matrix/vector).
struct Dense {  // y = x·W + b (GPT-2's Conv1D) or x·Wᵀ + b (BERT's nn.Linear)
  MatrixView W;
  VectorView b;
};
struct Norm {  // LayerNorm's γ and β
  VectorView gamma, beta;
};
struct Gpt2Block {
  Norm ln_1;
  Dense c_attn;  // [d, 3d]
  Dense c_proj;  // [d, d]
  Norm ln_2;
  Dense c_fc;      // [d, d_ff]
  Dense fc_proj;   // [d_ff, d]: mlp.c_proj
};
struct Gpt2Weights {
  MatrixView wte, wpe;  // [V, d], [P, d]
  std::vector<Gpt2Block> blocks;
  Norm ln_f;
};
struct BertBlock {
  Dense query, key, value, attn_out;  // [d, d] each, stored [out, in]
  Norm ln_1;                          // attention.output.LayerNorm
  Dense intermediate;                 // [d_ff, d]
  Dense output;                       // [d, d_ff]
  Norm ln_2;                          // output.LayerNorm
};
struct BertWeights {
  MatrixView word, position, token_type;  // [V, d], [P, d], [T, d]
  Norm ln_emb;
  std::vector<BertBlock> blocks;
};
Gpt2Weights bind_gpt2(Checkpoint& w, const ModelConfig& c);
BertWeights bind_bert(Checkpoint& w, const ModelConfig& c);

struct Forward {
  const std::string& source;  // the model's folder, for messages
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
  Matrix linear(const Matrix& X, const Dense& dense, bool transposed);
  // InputError naming the block when X holds NaN or an infinity.
  void require_finite_block(const Matrix& X, int layer) const;
  void block_done(int layer) const;
};

void gpt2_forward(Forward& f, const Gpt2Weights& w);
void bert_forward(Forward& f, const BertWeights& w);

}  // namespace mha::model_detail
