// mha-explain against torch.nn.MultiheadAttention: every case in
// tests/reference/torch_cases/ (made by make_torch_cases.py with Debian's
// python3-torch; its README lists them) holds torch's inputs, its weights in
// its own state-dict names and layout (y = x·Wᵀ + b), and what torch
// computed: per-head weights (need_weights=True, average_attn_weights=False)
// and the output. We load the weights through the same path as --weights,
// run our engine on torch's inputs, and require max |Δ| ≤ 1e-5 on both, the
// tolerance issue 3 sets for fp32.
//
// Rows where torch gives NaN (every key masked) follow our documented
// policy instead: weight 0 for every key, so Y = out_proj.bias there.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

#include "mha/core/attention.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/io/weights_file.hpp"
#include "torch_case.hpp"

namespace {

namespace fs = std::filesystem;
using mha::Index;
using mha::Matrix;
using torch_case::matrix_of;

int meta_int(const mha::io::TensorSet& s, const char* key) { return std::stoi(s.metadata.at(key)); }

std::set<int> masked_rows(const mha::io::TensorSet& s) {
  std::set<int> rows;
  const auto it = s.metadata.find("fully_masked_rows");
  if (it == s.metadata.end()) return rows;
  std::stringstream in(it->second);
  for (std::string r; std::getline(in, r, ',');)
    if (!r.empty()) rows.insert(std::stoi(r));
  return rows;
}

}  // namespace

TEST_CASE("every PyTorch reference case agrees to 1e-5", "[torch]") {
  const fs::path dir = fs::path(MHA_SOURCE_DIR) / "tests/reference/torch_cases";
  const std::vector<fs::path> files = torch_case::case_files(dir);
  REQUIRE(files.size() >= 20);  // the script writes 23 cases

  float worst_A = 0, worst_Y = 0;
  for (const auto& file : files) {
    INFO(file.filename().string());
    const mha::io::TensorSet set = mha::io::read_safetensors(file);
    mha::Config c;
    c.d_model = meta_int(set, "embed_dim");
    c.heads = meta_int(set, "num_heads");
    c.kdim = meta_int(set, "kdim");
    c.vdim = meta_int(set, "vdim");
    c.causal = set.metadata.at("causal") == "true";
    c = c.resolved();
    std::vector<std::string> ignored;
    const mha::AttentionWeights w = mha::weights_from_tensors(set, c, &ignored);
    // query, key, value, key_padding_mask and expected.* are not weights.
    CHECK(ignored.size() >= 5);
    CHECK(w.b_Q.has_value() == (set.metadata.at("bias") == "true"));

    const Matrix X = matrix_of(*set.find("query")), X_k = matrix_of(*set.find("key")),
                 X_v = matrix_of(*set.find("value"));
    std::vector<bool> padding;
    if (const auto* p = set.find("key_padding_mask"))
      for (float v : p->data) padding.push_back(v != 0.0f);
    mha::Labels q_labels(static_cast<std::size_t>(X.rows()), "q"), k_labels(static_cast<std::size_t>(X_k.rows()), "k");
    mha::Trace trace;
    const Matrix Y = mha::multi_head_attention({X, X_k, X_v, q_labels, k_labels, padding}, w, c, &trace);

    const std::set<int> nan_rows = masked_rows(set);
    const auto fm = mha::fully_masked_rows(X.rows(), X_k.rows(), c.causal, padding);
    CHECK(std::set<int>(fm.begin(), fm.end()) == nan_rows);

    const auto& expected_A = *set.find("expected.attn_weights");  // [h, L, S]
    const auto& expected_Y = *set.find("expected.output");        // [L, E]
    const Index L = X.rows(), S = X_k.rows();
    float dA = 0, dY = 0;
    for (int i = 0; i < c.heads; ++i) {
      const Matrix& A = trace.find(mha::StepName::softmax, i)->tensor.value;
      for (Index q = 0; q < L; ++q)
        for (Index k = 0; k < S; ++k) {
          const float e = expected_A.data[static_cast<std::size_t>((i * L + q) * S + k)];
          if (nan_rows.count(static_cast<int>(q))) {
            CHECK(std::isnan(e));       // torch: NaN
            CHECK(A(q, k) == 0.0f);     // ours: no attention at all
          } else {
            dA = std::max(dA, std::abs(A(q, k) - e));
          }
        }
    }
    for (Index q = 0; q < L; ++q)
      for (Index j = 0; j < Y.cols(); ++j) {
        const float e = expected_Y.data[static_cast<std::size_t>(q * Y.cols() + j)];
        if (nan_rows.count(static_cast<int>(q)))
          CHECK(Y(q, j) == (w.b_O ? (*w.b_O)(j) : 0.0f));  // C row = 0, so Y row = b_O exactly
        else
          dY = std::max(dY, std::abs(Y(q, j) - e));
      }
    CHECK(dA <= 1e-5f);
    CHECK(dY <= 1e-5f);
    worst_A = std::max(worst_A, dA);
    worst_Y = std::max(worst_Y, dY);
  }
  std::printf("torch reference: %zu cases, max |dA| = %.3g, max |dY| = %.3g\n", files.size(),
              static_cast<double>(worst_A), static_cast<double>(worst_Y));
}
