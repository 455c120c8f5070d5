// The Llama family: Llama 2/3 (Touvron et al. 2023; HuggingFace's
// LlamaModel), Mistral (Jiang et al. 2023), Qwen2/2.5 and Qwen3 (their
// Qwen2Model / Qwen3Model). For n tokens, d = hidden_size, h query heads,
// h_kv key/value heads, d_k = head_dim, V = vocab_size. Every dense layer is
// nn.Linear: W stored [out, in], y = x·Wᵀ (+ b where the model has one).
//
//   h⁰ = E = W_embed[ids]                                         [n, d]   (no position is added)
//   for each block l:
//     a = RMSNorm₁(hˡ)                                            [n, d]
//     Q = a·W_qᵀ (+ b_q),  K = a·W_kᵀ (+ b_k),  V = a·W_vᵀ (+ b_v)  [n, h·d_k], [n, h_kv·d_k] × 2
//     Qwen3: Q_i ← RMSNorm(Q_i)·γ_q,  K_j ← RMSNorm(K_j)·γ_k        (qk_norm, per head)
//     Q_rot_i = rope(Q_i),  K_rot_j = rope(K_j)   (position t turns pair (p, p + d_k/2) by t·ω_p)
//     A_i = softmax(Q_rot_i·K_rot_jᵀ/√d_k + M),  j = i / (h / h_kv)   [n, n]   (grouped-query)
//       M: causal, and −∞ where q − k ≥ w in a block with sliding window w (Mistral)
//     C_i = A_i·V_j,  Y = [C_0 | … | C_{h−1}]·W_oᵀ,  hˡ′ = hˡ + Y   [n, d]
//     m = RMSNorm₂(hˡ′)
//     hˡ⁺¹ = hˡ′ + (silu(m·W_gateᵀ) ⊙ m·W_upᵀ)·W_downᵀ          [n, d]   (SwiGLU)
//   H = RMSNorm_f(h^L)                                            [n, d]
//   logits = H[n−1]·W_lmᵀ  (W_lm = lm_head, or W_embed when tied)  [V]
#include <cmath>
#include <numbers>

#include "mha/core/embed.hpp"
#include "mha/model/blocks.hpp"
#include "mha/model/detail/forward.hpp"

namespace mha::model_detail {

LlamaWeights bind_llama(Checkpoint& w, const ModelConfig& c) {
  const Index d = c.d_model, ff = c.d_ff, dk = c.d_k();
  const Index q_width = c.heads * dk, kv_width = c.key_value_heads() * dk;
  const auto gamma = [&](const std::string& name, Index size, const char* meaning) {
    return w.vector(name, size, meaning);
  };
  // nn.Linear [out, in], its bias [out] where the model has one.
  const auto dense = [&](const std::string& p, Index out, Index in, const std::string& shape, bool bias,
                         const std::string& bias_shape) {
    const float* b = bias ? w.vector(p + ".bias", out, bias_shape).data() : nullptr;
    return w.linear(p + ".weight", out, in, shape, b, true);
  };
  const Checkpoint::Table E = w.table("embed_tokens.weight", c.vocab_size, d, "[vocab_size, hidden_size]");
  // The output layer: lm_head [V, d], or the embedding table itself when
  // tie_word_embeddings is set (Qwen2.5-0.5B, Llama 3.2 1B). (A Linear holds
  // Eigen maps, which assignment would copy into: it is built once, here.)
  const auto output_layer = [&] {
    if (!c.tie_word_embeddings)
      return w.linear("lm_head.weight", c.vocab_size, d, "[vocab_size, hidden_size] (tie_word_embeddings is false)",
                      nullptr, true);
    return E.half.data ? Linear(E.half, nullptr, true) : Linear(*E.f32, nullptr, true);
  };
  LlamaWeights out{E, {}, gamma("norm.weight", d, "[hidden_size]"), output_layer()};
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "layers." + std::to_string(l) + ".";
    LlamaBlock b{gamma(p + "input_layernorm.weight", d, "[hidden_size]"),
                 dense(p + "self_attn.q_proj", q_width, d, "[heads·head_dim, hidden_size]", c.qkv_bias, "[heads·head_dim]"),
                 dense(p + "self_attn.k_proj", kv_width, d, "[kv_heads·head_dim, hidden_size]", c.qkv_bias,
                       "[kv_heads·head_dim]"),
                 dense(p + "self_attn.v_proj", kv_width, d, "[kv_heads·head_dim, hidden_size]", c.qkv_bias,
                       "[kv_heads·head_dim]"),
                 dense(p + "self_attn.o_proj", d, q_width, "[hidden_size, heads·head_dim]", c.o_bias, "[hidden_size]"),
                 std::nullopt, std::nullopt,
                 gamma(p + "post_attention_layernorm.weight", d, "[hidden_size]"),
                 dense(p + "mlp.gate_proj", ff, d, "[intermediate_size, hidden_size]", c.mlp_bias, "[intermediate_size]"),
                 dense(p + "mlp.up_proj", ff, d, "[intermediate_size, hidden_size]", c.mlp_bias, "[intermediate_size]"),
                 dense(p + "mlp.down_proj", d, ff, "[hidden_size, intermediate_size]", c.mlp_bias, "[hidden_size]")};
    if (c.type == ModelType::qwen3) {
      b.q_norm.emplace(gamma(p + "self_attn.q_norm.weight", dk, "[head_dim]"));
      b.k_norm.emplace(gamma(p + "self_attn.k_norm.weight", dk, "[head_dim]"));
    }
    out.blocks.push_back(std::move(b));
  }
  return out;
}

std::vector<double> llama_rope_frequencies(const ModelConfig& c) {
  std::vector<double> omega = rope_frequencies(c.d_k(), c.rope_theta);  // ω_j = θ^(−2j/d_k)
  const RopeScaling& s = c.rope_scaling;
  if (s.type == RopeScaling::Type::linear) {
    for (double& w : omega) w /= s.factor;  // positions stretched by the factor
  } else if (s.type == RopeScaling::Type::llama3) {
    // Wavelengths 2π/ω longer than the old context / low_freq_factor are
    // slowed by `factor`; shorter than old context / high_freq_factor kept;
    // in between a linear ramp in old_context / wavelength.
    const double old_context = s.original_max_positions;
    const double low_wavelength = old_context / s.low_freq_factor, high_wavelength = old_context / s.high_freq_factor;
    for (double& w : omega) {
      const double wavelength = 2 * std::numbers::pi / w;
      if (wavelength > low_wavelength) {
        w /= s.factor;
      } else if (wavelength >= high_wavelength) {
        const double smooth = (old_context / wavelength - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
        w = (1 - smooth) * w / s.factor + smooth * w;
      }
    }
  }
  return omega;
}

void llama_forward(Forward& f, const LlamaWeights& w) {
  const ModelConfig& c = f.config;
  const std::string q = c.qkv_bias ? " + b_q" : "", k = c.qkv_bias ? " + b_k" : "", v = c.qkv_bias ? " + b_v" : "";
  const LayerFormulas formulas{"Q = a·W_qᵀ" + q, "K = a·W_kᵀ" + k, "V = a·W_vᵀ" + v,
                               std::string("Y = Z·W_oᵀ") + (c.o_bias ? " + b_o" : "")};
  f.rope_omega = llama_rope_frequencies(c);

  Recorder outside = f.recorder(std::nullopt);
  Matrix h = w.embed_tokens.half.data ? embed(w.embed_tokens.half, f.ids) : embed(*w.embed_tokens.f32, f.ids);  // [n, d]
  if (outside.wants(StepName::embed)) outside.features(StepName::embed, std::nullopt, "E", "E[t] = W_embed[id_t]", h);

  for (int l = 0; l < c.layers; ++l) {
    const LlamaBlock& b = w.blocks[static_cast<std::size_t>(l)];
    Recorder rec = f.recorder(l);
    Matrix a = rms_norm(h, b.input_norm, c.layer_norm_eps);  // [n, d]
    if (rec.wants(StepName::rms_norm)) rec.features(StepName::rms_norm, std::nullopt, "a", "a = RMSNorm₁(h)", a);
    std::optional<HeadsSpec::QkNorm> qk;
    if (b.q_norm) qk.emplace(HeadsSpec::QkNorm{*b.q_norm, *b.k_norm, c.layer_norm_eps});
    const Matrix Y = f.attend(a, {b.q_proj, b.k_proj, b.v_proj, b.o_proj}, formulas, rec, l, qk);  // [n, d]
    h += Y;  // the residual: h′ = h + Y
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "h′", "h′ = h + Y", h);

    const Matrix m = rms_norm(h, b.post_norm, c.layer_norm_eps);  // [n, d]
    if (rec.wants(StepName::rms_norm)) rec.features(StepName::rms_norm, std::nullopt, "m", "m = RMSNorm₂(h′)", m);
    Matrix G, U;  // [n, d_ff] each: the gate and the up projection, computed together
    project_all({{m, b.gate_proj, G}, {m, b.up_proj, U}}, f.threads);
    swiglu(G, U);                                  // G = silu(G) ⊙ U
    const Matrix M = f.linear(G, b.down_proj);     // [n, d]
    if (rec.wants(StepName::mlp))
      rec.features(StepName::mlp, std::nullopt, "f", "f = (silu(m·W_gateᵀ) ⊙ m·W_upᵀ)·W_downᵀ", M);
    h += M;
    if (rec.wants(StepName::residual)) rec.features(StepName::residual, std::nullopt, "h", "h = h′ + f", h);
    f.require_finite_block(h, l);
    f.block_done(l);
  }

  f.final_hidden = rms_norm(h, w.norm, c.layer_norm_eps);  // [n, d]
  if (outside.wants(StepName::rms_norm))
    outside.features(StepName::rms_norm, std::nullopt, "H", "H = RMSNorm_f(h)", f.final_hidden);
  // logits = H[n−1]·W_lmᵀ: the last row against every vocabulary entry.
  const Matrix last = f.final_hidden.bottomRows(1);  // [1, d]
  const Matrix logits = f.linear(last, w.lm_head);   // [1, V]
  f.next_logits.assign(logits.data(), logits.data() + logits.size());
}

}  // namespace mha::model_detail
