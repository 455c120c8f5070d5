#pragma once
// A folder of tests/data/hf against the expectations beside its checkpoint
// (expected.safetensors, written by tests/reference/make_hf_cases.py or
// make_llama_cases.py from torch float64 forwards): per case, the token ids,
// every block's and head's attention weights, the last hidden states and,
// for decoders, the next-token logits. Returns the largest |Δ| seen.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "mha/io/safetensors.hpp"
#include "mha/model/model.hpp"

namespace hf_reference {

inline const mha::io::Tensor& tensor(const mha::io::TensorSet& set, const std::string& name) {
  const mha::io::Tensor* t = set.find(name);
  REQUIRE(t != nullptr);
  return *t;
}

// by_ids: run the case's stored ids instead of tokenizing its text.
inline float check_folder(const std::filesystem::path& dir, bool by_ids = false) {
  const std::string folder = dir.filename().string();
  const mha::io::TensorSet expected = mha::io::read_safetensors(dir / "expected.safetensors");
  const auto cases = nlohmann::json::parse(expected.metadata.at("cases"));
  float worst = 0;
  for (std::size_t j = 0; j < cases.size(); ++j) {
    const std::string key = "case" + std::to_string(j) + ".";
    INFO(folder << " case " << j << ": " << cases[j]["text"].get<std::string>());
    mha::ModelRequest request;
    request.dir = dir;
    request.text = cases[j]["text"].get<std::string>();
    if (by_ids) request.ids = cases[j]["ids"].get<std::vector<std::int64_t>>();
    if (!cases[j]["pair"].is_null()) request.pair = cases[j]["pair"].get<std::string>();
    if (cases[j].contains("pad_to")) request.pad_to = cases[j]["pad_to"].get<int>();  // [PAD] keys masked
    mha::ModelOutputs out;
    const mha::Trace trace = mha::run_model(request, nullptr, &out);

    const auto& ids = tensor(expected, key + "input_ids");
    REQUIRE(trace.tokens.size() == ids.data.size());
    for (std::size_t t = 0; t < ids.data.size(); ++t) CHECK(trace.tokens[t].id == static_cast<std::int64_t>(ids.data[t]));
    if (const auto* types = expected.find(key + "token_type_ids"))
      for (std::size_t t = 0; t < types->data.size(); ++t)
        CHECK(trace.model->token_types[t] == static_cast<int>(types->data[t]));

    const auto& A = tensor(expected, key + "attentions");  // [layers, heads, n, n]
    const std::int64_t L = A.shape[0], H = A.shape[1], n = A.shape[2];
    REQUIRE(trace.model->layers == L);
    REQUIRE(trace.model->heads == H);
    for (int l = 0; l < L; ++l)
      for (int h = 0; h < H; ++h) {
        const mha::Step* s = trace.find(mha::StepName::softmax, h, {}, l);
        REQUIRE(s != nullptr);
        for (std::int64_t q = 0; q < n; ++q)
          for (std::int64_t k = 0; k < n; ++k) {
            const float want = A.data[static_cast<std::size_t>(((l * H + h) * n + q) * n + k)];
            worst = std::max(worst, std::abs(s->tensor.value(q, k) - want));
          }
      }
    const auto& hidden = tensor(expected, key + "last_hidden_state");  // [n, d]
    REQUIRE(out.hidden.rows() == hidden.shape[0]);
    REQUIRE(out.hidden.cols() == hidden.shape[1]);
    for (std::size_t i = 0; i < hidden.data.size(); ++i)
      worst = std::max(worst, std::abs(out.hidden.data()[i] - hidden.data[i]));
    if (const auto* logits = expected.find(key + "next_token_logits")) {
      REQUIRE(out.next_logits.size() == logits->data.size());
      for (std::size_t i = 0; i < logits->data.size(); ++i)
        worst = std::max(worst, std::abs(out.next_logits[i] - logits->data[i]));
      REQUIRE(!trace.predictions.empty());
    }
  }
  return worst;
}

}  // namespace hf_reference
