// GPT-2 (Radford et al. 2019; HuggingFace's GPT2Model), for n tokens,
// d = n_embd, h = n_head, d_k = d / h, V = vocab_size, P = n_positions:
//
//   h⁰ = W_te[ids] + W_pe[0:n]                                   [n, d]
//   for each block l:
//     a  = LN₁(hˡ)                                               [n, d]
//     [Q | K | V] = a·W_attn + b_attn    (Conv1D: W_attn [d, 3d]) [n, 3d]
//     A_i = softmax(Q_i·K_iᵀ/√d_k + M_causal), C_i = A_i·V_i     [n, n], [n, d_k]
//     hˡ′ = hˡ + [C_0 | … | C_{h−1}]·W_proj + b_proj             [n, d]
//     hˡ⁺¹ = hˡ′ + gelu_new(LN₂(hˡ′)·W_fc + b_fc)·W_fcproj + b    [n, d]
//   H = LN_f(h^L)                                                [n, d]
//   logits = H[n−1]·W_teᵀ  (the output embedding is W_te itself)  [V]
#include "mha/model/blocks.hpp"
#include "mha/model/forward.hpp"

namespace mha::model_detail {

void gpt2_forward(Forward& f) {
  Checkpoint& w = f.weights;
  const ModelConfig& c = f.config;
  const Index n = static_cast<Index>(f.ids.size()), d = c.d_model, ff = c.d_ff;
  const std::string D = std::to_string(d);
  const MatrixView W_te = w.matrix("wte.weight", c.vocab_size, d, "[vocab_size, n_embd]");
  const MatrixView W_pe = w.matrix("wpe.weight", c.max_positions, d, "[n_positions, n_embd]");

  Recorder outside = f.recorder(std::nullopt);
  Matrix E(n, d);  // [n, d]: row t = W_te[id_t]
  for (Index t = 0; t < n; ++t) E.row(t) = W_te.row(f.ids[static_cast<std::size_t>(t)]);
  Matrix h = E + W_pe.topRows(n);  // [n, d]
  outside.features(StepName::embed, std::nullopt, "E", "E[t] = W_te[id_t]", std::move(E));
  if (outside.wants(StepName::position))
    outside.features(StepName::position, std::nullopt, "h⁰", "h⁰ = E + W_pe[0:" + std::to_string(n) + "]", h);

  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    Recorder rec = f.recorder(l);
    const auto vec = [&](const std::string& name, Index size, const char* meaning) {
      return w.vector(p + name, size, meaning);
    };
    Matrix a = layer_norm(h, vec("ln_1.weight", d, "[n_embd]"), vec("ln_1.bias", d, "[n_embd]"), c.layer_norm_eps);
    const Matrix QKV = f.linear(a, w.matrix(p + "attn.c_attn.weight", d, 3 * d, "[n_embd, 3·n_embd]"), false,
                                vec("attn.c_attn.bias", 3 * d, "[3·n_embd]"));  // [n, 3d]
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "a", "a = LN₁(h)", a);
    const std::string r[3] = {"0:" + D, D + ":" + std::to_string(2 * d),
                              std::to_string(2 * d) + ":" + std::to_string(3 * d)};
    const std::string formulas[3] = {"Q = a·W_attn[:, " + r[0] + "] + b_attn[" + r[0] + "]",
                                     "K = a·W_attn[:, " + r[1] + "] + b_attn[" + r[1] + "]",
                                     "V = a·W_attn[:, " + r[2] + "] + b_attn[" + r[2] + "]"};
    const Matrix Z = f.attend(QKV.leftCols(d), QKV.middleCols(d, d), QKV.rightCols(d), rec, formulas);  // [n, d]
    const Matrix Y = f.linear(Z, w.matrix(p + "attn.c_proj.weight", d, d, "[n_embd, n_embd]"), false,
                              vec("attn.c_proj.bias", d, "[n_embd]"));
    rec.features(StepName::output, std::nullopt, "Y", "Y = Z·W_proj + b_proj", Y);
    h += Y;  // the residual: h′ = h + Y
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "h′", "h′ = h + Y", h);

    a = layer_norm(h, vec("ln_2.weight", d, "[n_embd]"), vec("ln_2.bias", d, "[n_embd]"), c.layer_norm_eps);
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "m", "m = LN₂(h′)", a);
    Matrix F = f.linear(a, w.matrix(p + "mlp.c_fc.weight", d, ff, "[n_embd, n_inner]"), false,
                        vec("mlp.c_fc.bias", ff, "[n_inner]"));  // [n, d_ff]
    activate(F, c.activation);
    const Matrix M = f.linear(F, w.matrix(p + "mlp.c_proj.weight", ff, d, "[n_inner, n_embd]"), false,
                              vec("mlp.c_proj.bias", d, "[n_embd]"));  // [n, d]
    rec.features(StepName::mlp, std::nullopt, "f",
                 std::string("f = ") + std::string(to_string(c.activation)) + "(m·W_fc + b_fc)·W_fcproj + b_fcproj", M);
    h += M;
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "h", "h = h′ + f", h);
    f.require_finite_block(h, l);
    f.block_done(l);
  }

  f.final_hidden = layer_norm(h, w.vector("ln_f.weight", d, "[n_embd]"), w.vector("ln_f.bias", d, "[n_embd]"),
                              c.layer_norm_eps);  // [n, d]
  if (outside.wants(StepName::layer_norm))
    outside.features(StepName::layer_norm, std::nullopt, "H", "H = LN_f(h)", f.final_hidden);
  // logits = H[n−1]·W_teᵀ: one row times the whole (tied) embedding table.
  const RowVector logits = f.final_hidden.row(n - 1) * W_te.transpose();  // [V]
  f.next_logits.assign(logits.data(), logits.data() + logits.size());
}

}  // namespace mha::model_detail
