// BERT (Devlin et al. 2019; HuggingFace's BertModel), for n tokens,
// d = hidden_size, h heads, d_k = d / h, d_ff = intermediate_size. The dense
// layers are nn.Linear: W stored [out, in], y = x·Wᵀ + b.
//
//   E = W_word[ids],  X = E + W_pos[0:n] + W_type[types],  x⁰ = LN_emb(X)   [n, d]
//   for each block l:
//     Q = xˡ·W_qᵀ + b_q,  K = xˡ·W_kᵀ + b_k,  V = xˡ·W_vᵀ + b_v        [n, d]
//     A_i = softmax(Q_i·K_iᵀ/√d_k + M_padding), C_i = A_i·V_i          [n, n], [n, d_k]
//     Y = [C_0 | … | C_{h−1}]·W_oᵀ + b_o,  aˡ = LN₁(xˡ + Y)  (post-LN)  [n, d]
//     xˡ⁺¹ = LN₂(aˡ + gelu(aˡ·W_iᵀ + b_i)·W_o2ᵀ + b_o2)                [n, d]
//   H = x^L: the last block's output                                  [n, d]
#include "mha/core/embed.hpp"
#include "mha/model/blocks.hpp"
#include "mha/model/detail/forward.hpp"

namespace mha::model_detail {

BertWeights bind_bert(Checkpoint& w, const ModelConfig& c) {
  const Index d = c.d_model, ff = c.d_ff;
  const auto norm = [&](const std::string& p) {
    return Norm{w.vector(p + ".weight", d, "[hidden_size]"), w.vector(p + ".bias", d, "[hidden_size]")};
  };
  const auto dense = [&](const std::string& p, Index out, Index in, const char* shape, const char* bias_shape) {
    return Linear(w.matrix(p + ".weight", out, in, shape), w.vector(p + ".bias", out, bias_shape).data(), true);
  };
  const MatrixView word = w.matrix("embeddings.word_embeddings.weight", c.vocab_size, d, "[vocab_size, hidden_size]");
  const MatrixView position =
      w.matrix("embeddings.position_embeddings.weight", c.max_positions, d, "[max_position_embeddings, hidden_size]");
  const MatrixView token_type =
      w.matrix("embeddings.token_type_embeddings.weight", c.type_vocab_size, d, "[type_vocab_size, hidden_size]");
  const Norm ln_emb = norm("embeddings.LayerNorm");
  const char* square = "[hidden_size, hidden_size]";
  std::vector<BertBlock> blocks;
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    blocks.push_back({dense(p + "attention.self.query", d, d, square, "[hidden_size]"),
                      dense(p + "attention.self.key", d, d, square, "[hidden_size]"),
                      dense(p + "attention.self.value", d, d, square, "[hidden_size]"),
                      dense(p + "attention.output.dense", d, d, square, "[hidden_size]"),
                      norm(p + "attention.output.LayerNorm"),
                      dense(p + "intermediate.dense", ff, d, "[intermediate_size, hidden_size]", "[intermediate_size]"),
                      dense(p + "output.dense", d, ff, "[hidden_size, intermediate_size]", "[hidden_size]"),
                      norm(p + "output.LayerNorm")});
  }
  return {word, position, token_type, ln_emb, std::move(blocks)};
}

void bert_forward(Forward& f, const BertWeights& w) {
  const ModelConfig& c = f.config;
  const Index n = static_cast<Index>(f.ids.size());  // d = c.d_model

  Recorder outside = f.recorder(std::nullopt);
  Matrix E = embed(w.word, f.ids);     // [n, d]: E[t] = W_word[id_t]
  Matrix X = position(E, w.position);  // [n, d]: E + W_pos[0:n]
  const std::vector<std::int64_t> types(f.token_types.begin(), f.token_types.end());
  X += embed(w.token_type, types);  // + W_type[types]
  outside.features(StepName::embed, std::nullopt, "E", "E[t] = W_word[id_t]", std::move(E));
  if (outside.wants(StepName::position))
    outside.features(StepName::position, std::nullopt, "X", "X = E + W_pos[0:" + std::to_string(n) + "] + W_type[types]",
                     X);
  Matrix x = layer_norm(X, w.ln_emb.gamma, w.ln_emb.beta, c.layer_norm_eps);  // [n, d]
  if (outside.wants(StepName::layer_norm))
    outside.features(StepName::layer_norm, std::nullopt, "x⁰", "x⁰ = LN_emb(X)", x);

  const LayerFormulas formulas{"Q = x·W_queryᵀ + b_query", "K = x·W_keyᵀ + b_key", "V = x·W_valueᵀ + b_value",
                               "Y = Z·W_oᵀ + b_o"};
  for (int l = 0; l < c.layers; ++l) {
    const BertBlock& b = w.blocks[static_cast<std::size_t>(l)];
    Recorder rec = f.recorder(l);
    Matrix Y = f.attend(x, {b.query, b.key, b.value, b.attn_out}, formulas, rec);  // [n, d]: project_q … output
    Y += x;  // the residual, before the LayerNorm (post-LN)
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "x + Y", "x + Y", Y);
    const Matrix a = layer_norm(Y, b.ln_1.gamma, b.ln_1.beta, c.layer_norm_eps);
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "a", "a = LN₁(x + Y)", a);

    Matrix F = f.linear(a, b.intermediate);  // [n, d_ff]
    activate(F, c.activation);
    Matrix M = f.linear(F, b.output);  // [n, d]
    if (rec.wants(StepName::mlp))
      rec.features(StepName::mlp, std::nullopt, "f",
                   std::string("f = ") + std::string(to_string(c.activation)) + "(a·W_iᵀ + b_i)·W_o2ᵀ + b_o2", M);
    M += a;
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "a + f", "a + f", M);
    x = layer_norm(M, b.ln_2.gamma, b.ln_2.beta, c.layer_norm_eps);
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "x′", "x′ = LN₂(a + f)", x);
    f.require_finite_block(x, l);
    f.block_done(l);
  }
  f.final_hidden = std::move(x);
}

}  // namespace mha::model_detail
