// BERT (Devlin et al. 2019; HuggingFace's BertModel), for n tokens,
// d = hidden_size, h heads, d_k = d / h, d_ff = intermediate_size. The dense
// layers are nn.Linear: W stored [out, in], y = x·Wᵀ + b.
//
//   x⁰ = LN_emb(W_word[ids] + W_pos[0:n] + W_type[types])              [n, d]
//   for each block l:
//     Q = xˡ·W_qᵀ + b_q,  K = xˡ·W_kᵀ + b_k,  V = xˡ·W_vᵀ + b_v        [n, d]
//     A_i = softmax(Q_i·K_iᵀ/√d_k + M_padding), C_i = A_i·V_i          [n, n], [n, d_k]
//     aˡ = LN₁(xˡ + [C_0 | … | C_{h−1}]·W_oᵀ + b_o)   (post-LN)        [n, d]
//     xˡ⁺¹ = LN₂(aˡ + gelu(aˡ·W_iᵀ + b_i)·W_o2ᵀ + b_o2)                [n, d]
//   H = x^L: the last block's output                                  [n, d]
#include "mha/model/blocks.hpp"
#include "mha/model/forward.hpp"

namespace mha::model_detail {

void bert_forward(Forward& f) {
  Checkpoint& w = f.weights;
  const ModelConfig& c = f.config;
  const Index n = static_cast<Index>(f.ids.size()), d = c.d_model, ff = c.d_ff;
  const MatrixView W_word = w.matrix("embeddings.word_embeddings.weight", c.vocab_size, d, "[vocab_size, hidden_size]");
  const MatrixView W_pos =
      w.matrix("embeddings.position_embeddings.weight", c.max_positions, d, "[max_position_embeddings, hidden_size]");
  const MatrixView W_type =
      w.matrix("embeddings.token_type_embeddings.weight", c.type_vocab_size, d, "[type_vocab_size, hidden_size]");
  const auto vec = [&](const std::string& name, Index size, const char* meaning) { return w.vector(name, size, meaning); };

  Recorder outside = f.recorder(std::nullopt);
  Matrix E(n, d);  // [n, d]: row t = W_word[id_t]
  for (Index t = 0; t < n; ++t) E.row(t) = W_word.row(f.ids[static_cast<std::size_t>(t)]);
  Matrix X = E + W_pos.topRows(n);  // [n, d]
  for (Index t = 0; t < n; ++t) X.row(t) += W_type.row(f.token_types[static_cast<std::size_t>(t)]);
  outside.features(StepName::embed, std::nullopt, "E", "E[t] = W_word[id_t]", std::move(E));
  if (outside.wants(StepName::position))
    outside.features(StepName::position, std::nullopt, "X", "X = E + W_pos[0:" + std::to_string(n) + "] + W_type[types]",
                     X);
  Matrix x = layer_norm(X, vec("embeddings.LayerNorm.weight", d, "[hidden_size]"),
                        vec("embeddings.LayerNorm.bias", d, "[hidden_size]"), c.layer_norm_eps);
  if (outside.wants(StepName::layer_norm))
    outside.features(StepName::layer_norm, std::nullopt, "x⁰", "x⁰ = LN_emb(X)", x);

  const std::string S = std::to_string(d);
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    Recorder rec = f.recorder(l);
    const auto dense = [&](const std::string& name, Index out, Index in, const char* meaning) {
      return w.matrix(p + name + ".weight", out, in, meaning);
    };
    const char* square = "[hidden_size, hidden_size]";
    Matrix Q = f.linear(x, dense("attention.self.query", d, d, square), true, vec(p + "attention.self.query.bias", d, "[hidden_size]"));
    Matrix K = f.linear(x, dense("attention.self.key", d, d, square), true, vec(p + "attention.self.key.bias", d, "[hidden_size]"));
    Matrix V = f.linear(x, dense("attention.self.value", d, d, square), true, vec(p + "attention.self.value.bias", d, "[hidden_size]"));
    const std::string formulas[3] = {"Q = x·W_queryᵀ + b_query", "K = x·W_keyᵀ + b_key", "V = x·W_valueᵀ + b_value"};
    const Matrix Z = f.attend(std::move(Q), std::move(K), std::move(V), rec, formulas);  // [n, d]
    Matrix Y = f.linear(Z, dense("attention.output.dense", d, d, square), true,
                        vec(p + "attention.output.dense.bias", d, "[hidden_size]"));
    rec.features(StepName::output, std::nullopt, "Y", "Y = Z·W_oᵀ + b_o", Y);
    Y += x;  // the residual, before the LayerNorm (post-LN)
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "x + Y", "x + Y", Y);
    const Matrix a = layer_norm(Y, vec(p + "attention.output.LayerNorm.weight", d, "[hidden_size]"),
                                vec(p + "attention.output.LayerNorm.bias", d, "[hidden_size]"), c.layer_norm_eps);
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "a", "a = LN₁(x + Y)", a);

    Matrix F = f.linear(a, dense("intermediate.dense", ff, d, "[intermediate_size, hidden_size]"), true,
                        vec(p + "intermediate.dense.bias", ff, "[intermediate_size]"));  // [n, d_ff]
    activate(F, c.activation);
    Matrix M = f.linear(F, dense("output.dense", d, ff, "[hidden_size, intermediate_size]"), true,
                        vec(p + "output.dense.bias", d, "[hidden_size]"));  // [n, d]
    rec.features(StepName::mlp, std::nullopt, "f",
                 std::string("f = ") + std::string(to_string(c.activation)) + "(a·W_iᵀ + b_i)·W_o2ᵀ + b_o2", M);
    M += a;
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "a + f", "a + f", M);
    x = layer_norm(M, vec(p + "output.LayerNorm.weight", d, "[hidden_size]"),
                   vec(p + "output.LayerNorm.bias", d, "[hidden_size]"), c.layer_norm_eps);
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "x′", "x′ = LN₂(a + f)", x);
    f.require_finite_block(x, l);
    f.block_done(l);
  }
  f.final_hidden = std::move(x);
}

}  // namespace mha::model_detail
