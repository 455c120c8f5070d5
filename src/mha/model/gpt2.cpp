// GPT-2 (Radford et al. 2019; HuggingFace's GPT2Model), for n tokens,
// d = n_embd, h = n_head, d_k = d / h, V = vocab_size, P = n_positions:
//
//   E = W_te[ids],  h⁰ = E + W_pe[0:n]                           [n, d]
//   for each block l:
//     a  = LN₁(hˡ)                                               [n, d]
//     [Q | K | V] = a·W_attn + b_attn    (Conv1D: W_attn [d, 3d]) [n, d] each
//     A_i = softmax(Q_i·K_iᵀ/√d_k + M_causal), C_i = A_i·V_i     [n, n], [n, d_k]
//     Y = [C_0 | … | C_{h−1}]·W_proj + b_proj,  hˡ′ = hˡ + Y      [n, d]
//     hˡ⁺¹ = hˡ′ + gelu_new(LN₂(hˡ′)·W_fc + b_fc)·W_fcproj + b    [n, d]
//   H = LN_f(h^L)                                                [n, d]
//   logits = H[n−1]·W_teᵀ  (the output embedding is W_te itself)  [V]
#include "mha/core/embed.hpp"
#include "mha/model/blocks.hpp"
#include "mha/model/detail/forward.hpp"

namespace mha::model_detail {

Gpt2Weights bind_gpt2(Checkpoint& w, const ModelConfig& c) {
  const Index d = c.d_model, ff = c.d_ff;
  const auto norm = [&](const std::string& p) {
    return Norm{w.vector(p + ".weight", d, "[n_embd]"), w.vector(p + ".bias", d, "[n_embd]")};
  };
  const auto dense = [&](const std::string& p, Index in, Index out, const char* shape, const char* bias_shape) {
    return Linear(w.matrix(p + ".weight", in, out, shape), w.vector(p + ".bias", out, bias_shape).data());
  };
  const MatrixView wte = w.matrix("wte.weight", c.vocab_size, d, "[vocab_size, n_embd]");
  const MatrixView wpe = w.matrix("wpe.weight", c.max_positions, d, "[n_positions, n_embd]");
  std::vector<Gpt2Block> blocks;
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    blocks.push_back({norm(p + "ln_1"), dense(p + "attn.c_attn", d, 3 * d, "[n_embd, 3·n_embd]", "[3·n_embd]"),
                        dense(p + "attn.c_proj", d, d, "[n_embd, n_embd]", "[n_embd]"), norm(p + "ln_2"),
                        dense(p + "mlp.c_fc", d, ff, "[n_embd, n_inner]", "[n_inner]"),
                        dense(p + "mlp.c_proj", ff, d, "[n_inner, n_embd]", "[n_embd]")});
  }
  return {wte, wpe, std::move(blocks), norm("ln_f")};
}

void gpt2_forward(Forward& f, const Gpt2Weights& w) {
  const ModelConfig& c = f.config;
  const Index n = static_cast<Index>(f.ids.size()), d = c.d_model;
  const std::string D = std::to_string(d);

  Recorder outside = f.recorder(std::nullopt);
  Matrix E = embed(w.wte, f.ids);  // [n, d]: E[t] = W_te[id_t]
  Matrix h = position(E, w.wpe);   // [n, d]: h⁰ = E + W_pe[0:n]
  outside.features(StepName::embed, std::nullopt, "E", "E[t] = W_te[id_t]", std::move(E));
  if (outside.wants(StepName::position))
    outside.features(StepName::position, std::nullopt, "h⁰", "h⁰ = E + W_pe[0:" + std::to_string(n) + "]", h);

  // W_Q, W_K, W_V are the three column blocks of W_attn (b_attn likewise).
  const std::string r[3] = {"0:" + D, D + ":" + std::to_string(2 * d), std::to_string(2 * d) + ":" + std::to_string(3 * d)};
  const LayerFormulas formulas{"Q = a·W_attn[:, " + r[0] + "] + b_attn[" + r[0] + "]",
                               "K = a·W_attn[:, " + r[1] + "] + b_attn[" + r[1] + "]",
                               "V = a·W_attn[:, " + r[2] + "] + b_attn[" + r[2] + "]", "Y = Z·W_proj + b_proj"};
  for (int l = 0; l < c.layers; ++l) {
    const Gpt2Block& b = w.blocks[static_cast<std::size_t>(l)];
    Recorder rec = f.recorder(l);
    Matrix a = layer_norm(h, b.ln_1.gamma, b.ln_1.beta, c.layer_norm_eps);  // [n, d]
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "a", "a = LN₁(h)", a);
    const AttentionLayer attention{b.c_attn.columns(0, d), b.c_attn.columns(d, d), b.c_attn.columns(2 * d, d),
                                   b.c_proj};
    const Matrix Y = f.attend(a, attention, formulas, rec);  // [n, d]: project_q … output
    h += Y;  // the residual: h′ = h + Y
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "h′", "h′ = h + Y", h);

    a = layer_norm(h, b.ln_2.gamma, b.ln_2.beta, c.layer_norm_eps);
    if (rec.wants(StepName::layer_norm)) rec.features(StepName::layer_norm, std::nullopt, "m", "m = LN₂(h′)", a);
    Matrix F = f.linear(a, b.c_fc);  // [n, d_ff]
    activate(F, c.activation);
    const Matrix M = f.linear(F, b.fc_proj);  // [n, d]
    if (rec.wants(StepName::mlp))
      rec.features(StepName::mlp, std::nullopt, "f",
                   std::string("f = ") + std::string(to_string(c.activation)) + "(m·W_fc + b_fc)·W_fcproj + b_fcproj",
                   M);
    h += M;
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "h", "h = h′ + f", h);
    f.require_finite_block(h, l);
    f.block_done(l);
  }

  f.final_hidden = layer_norm(h, w.ln_f.gamma, w.ln_f.beta, c.layer_norm_eps);  // [n, d]
  if (outside.wants(StepName::layer_norm))
    outside.features(StepName::layer_norm, std::nullopt, "H", "H = LN_f(h)", f.final_hidden);
  // logits = H[n−1]·W_teᵀ: one row times the whole (tied) embedding table.
  const RowVector logits = f.final_hidden.row(n - 1) * w.wte.transpose();  // [V]
  f.next_logits.assign(logits.data(), logits.data() + logits.size());
}

}  // namespace mha::model_detail
