#pragma once
// What the GPT-2 and BERT forward passes share (private to src/mha/model):
// the run's context, and the attention sublayer: the toy layer's own steps
// (attention.hpp, project_q … output), so every block records the same
// steps under the same names.
#include <string>
#include <vector>

#include "mha/core/parallel.hpp"
#include "mha/core/attention.hpp"
#include "mha/model/checkpoint.hpp"
#include "mha/model/model.hpp"
#include "mha/model/model_config.hpp"

namespace mha::model_detail {

// A model's tensors, bound once at load: every name looked up and checked
// for dtype and shape before any text is run (Checkpoint::matrix/vector).
// Their dense layers are mha::Linear: y = x·W + b (GPT-2's Conv1D) or
// x·Wᵀ + b (BERT's nn.Linear, transposed).
struct Norm {  // LayerNorm's γ and β
  VectorView gamma, beta;
};
struct Gpt2Block {
  Norm ln_1;
  Linear c_attn;  // [d, 3d]: W_Q | W_K | W_V side by side
  Linear c_proj;  // [d, d]: W_O
  Norm ln_2;
  Linear c_fc;     // [d, d_ff]
  Linear fc_proj;  // [d_ff, d]: mlp.c_proj
};
struct Gpt2Weights {
  MatrixView wte, wpe;  // [V, d], [P, d]
  std::vector<Gpt2Block> blocks;
  Norm ln_f;
};
struct BertBlock {
  Linear query, key, value, attn_out;  // [d, d] each, stored [out, in]: W_Q, W_K, W_V, W_O
  Norm ln_1;                           // attention.output.LayerNorm
  Linear intermediate;                 // [d_ff, d]
  Linear output;                       // [d, d_ff]
  Norm ln_2;                          // output.LayerNorm
};
struct BertWeights {
  MatrixView word, position, token_type;  // [V, d], [P, d], [T, d]
  Norm ln_emb;
  std::vector<BertBlock> blocks;
};
// Llama, Mistral, Qwen2, Qwen3 (nn.Linear layout, [out, in]; BF16/F16 kept
// as stored): h = heads, h_kv = key/value heads, d_k = head_dim.
struct LlamaBlock {
  VectorView input_norm;           // input_layernorm: γ [d]
  Linear q_proj, k_proj, v_proj;   // [h·d_k, d], [h_kv·d_k, d], [h_kv·d_k, d] (+ biases: Qwen2)
  Linear o_proj;                   // [d, h·d_k]
  std::optional<VectorView> q_norm, k_norm;  // Qwen3: γ_q, γ_k [d_k]
  VectorView post_norm;            // post_attention_layernorm: γ [d]
  Linear gate_proj, up_proj;       // [d_ff, d] each
  Linear down_proj;                // [d, d_ff]
};
struct LlamaWeights {
  Checkpoint::Table embed_tokens;  // [V, d]
  std::vector<LlamaBlock> blocks;
  VectorView norm;                 // model.norm: γ [d]
  Linear lm_head;                  // [V, d]: lm_head.weight, or embed_tokens itself when tied
};

Gpt2Weights bind_gpt2(Checkpoint& w, const ModelConfig& c);
LlamaWeights bind_llama(Checkpoint& w, const ModelConfig& c);
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
  std::size_t threads = thread_limit();
  std::vector<double> rope_omega;  // the Llama family: ω_j of each pair (rope_scaling applied)

  // The recorder of block `layer` (unset: the model's input and output),
  // recording what --layers, --heads and --steps chose.
  Recorder recorder(std::optional<int> layer);
  // The block's attention sublayer on its input x [n, d]: the steps
  // project_q … output (attention_steps), recorded like the toy layer's;
  // returns Y [n, d]. The heads' mean A joins layer_means.
  // The Llama family's blocks: with grouped-query heads, RoPE, block
  // `layer`'s sliding window and Qwen3's q/k norm.
  Matrix attend(const Matrix& x, const AttentionLayer& layer, const LayerFormulas& formulas, Recorder& rec,
                int layer_index = 0, std::optional<HeadsSpec::QkNorm> qk_norm = std::nullopt);
  // out = X·W + b (or X·Wᵀ + b), on up to `threads` threads.
  Matrix linear(const Matrix& X, const Linear& W);
  // InputError naming the block when X holds NaN or an infinity.
  void require_finite_block(const Matrix& X, int layer) const;
  void block_done(int layer) const;
};

void gpt2_forward(Forward& f, const Gpt2Weights& w);
void bert_forward(Forward& f, const BertWeights& w);
void llama_forward(Forward& f, const LlamaWeights& w);
// ω_j = θ^(−2j/d_k) for the pairs j of a head, changed as rope_scaling says.
std::vector<double> llama_rope_frequencies(const ModelConfig& c);

}  // namespace mha::model_detail
