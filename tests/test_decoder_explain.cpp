// The explanation of a Llama-family --model run (explain/explanation_decoder.cpp)
// on tests/data/hf's tiny checkpoints, run from token ids: which query heads
// share which key/value head, the KV cache, RMSNorm's worked row, the sliding
// window, the attention sink rule, and the Chinese text.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "mha/explain/document.hpp"
#include "mha/model/analysis.hpp"
#include "mha/model/model.hpp"

namespace {

const std::filesystem::path kHf = std::filesystem::path(MHA_SOURCE_DIR) / "tests/data/hf";

// With steps, only layer 0 is captured: a model run shows a block's steps in full for one layer.
mha::Trace run(const char* folder, const std::string& steps = {}) {
  mha::ModelRequest request;
  request.dir = kHf / folder;
  request.ids = {1, 2, 3, 4, 5, 6};
  if (!steps.empty()) {
    request.steps = mha::steps_from_list(steps);
    request.layers = {0};
  }
  return mha::run_model(request);
}

const mha::Section* section(const mha::Document& doc, const std::string& heading) {
  for (const mha::Section& s : doc.sections)
    if (s.heading == heading) return &s;
  return nullptr;
}

template <class T>
const T* first_block(const mha::Section& s) {
  for (const mha::Block& b : s.blocks)
    if (const T* t = std::get_if<T>(&b)) return t;
  return nullptr;
}

// The document's words, unwrapped: headings, paragraphs and table rows ("label:  item  item"), a line each.
void words_of(const mha::Section& s, std::string& out) {
  out += s.heading + "\n";
  for (const mha::Block& b : s.blocks) {
    if (const auto* p = std::get_if<mha::Paragraph>(&b)) out += p->text + "\n";
    if (const auto* r = std::get_if<mha::Rows>(&b))
      for (const mha::Rows::Row& row : r->rows) {
        out += row.label + ":";
        for (const std::string& item : row.items) out += "  " + item;
        out += "\n";
      }
  }
  for (const mha::Section& sub : s.subsections) words_of(sub, out);
}

std::string text(const mha::Trace& trace, mha::Lang lang) {
  const mha::Document doc = mha::explanation(trace, lang, {});
  std::string out = doc.config + "\n";
  for (const std::string& p : doc.paragraphs) out += p + "\n";
  for (const mha::Section& s : doc.sections) words_of(s, out);
  return out;
}

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("llama-tiny's key/value table: query heads 0, 1 read key/value head 0, heads 2, 3 head 1", "[decoder_explain]") {
  // 4 query heads, 2 key/value heads: query head i reads i / (4 / 2).
  const mha::Trace trace = run("llama-tiny");
  const mha::Document doc = mha::explanation(trace, mha::Lang::en, {});
  const mha::Section* gqa = section(doc, "Which query heads share a key/value head");
  REQUIRE(gqa != nullptr);
  const mha::Rows* rows = first_block<mha::Rows>(*gqa);
  REQUIRE(rows != nullptr);
  REQUIRE(rows->rows.size() == 2);
  CHECK(rows->rows[0].label == "key/value head 0");
  CHECK(rows->rows[0].items == std::vector<std::string>{"query head 0", "query head 1"});
  CHECK(rows->rows[1].label == "key/value head 1");
  CHECK(rows->rows[1].items == std::vector<std::string>{"query head 2", "query head 3"});
}

TEST_CASE("the KV cache per token: 2 · layers · kv_heads · head_dim against 2 · layers · heads · head_dim", "[decoder_explain]") {
  // llama-tiny: 2 layers, 2 key/value heads, 4 query heads, head_dim 8, F32:
  // 2·2·2·8 = 64 numbers = 256 bytes, against 2·2·4·8 = 128; half the memory.
  const std::string llama = text(run("llama-tiny"), mha::Lang::en);
  CHECK(has(llama, "2 · 2 · 2 · 8 = 64 numbers (256 bytes in F32)"));
  CHECK(has(llama, "2 · 2 · 4 · 8 = 128"));
  CHECK(has(llama, "2 times less memory"));
  // mistral-tiny is multi-query (1 key/value head), F16: 2·2·1·8 = 32 numbers = 64 bytes, 4 times less.
  const std::string mistral = text(run("mistral-tiny-f16"), mha::Lang::en);
  CHECK(has(mistral, "Multi-query attention"));
  CHECK(has(mistral, "2 · 2 · 1 · 8 = 32 numbers (64 bytes in F16)"));
  CHECK(has(mistral, "4 times less memory"));
}

TEST_CASE("RMSNorm's worked row recomputes from the trace: mean of squares, root, scaled entry", "[decoder_explain]") {
  const mha::Trace trace = run("qwen3-tiny-sharded", "embed,rms_norm,residual");
  const mha::Document doc = mha::explanation(trace, mha::Lang::en, {});
  // m = RMSNorm₂(h′) of layer 0, last token: its input is layer 0's residual h′.
  const mha::Matrix& h = trace.find(mha::StepName::residual, std::nullopt, "h′", 0)->tensor.value;
  const auto x = h.row(h.rows() - 1).cast<double>();
  const double ms = x.squaredNorm() / static_cast<double>(x.size());
  const double root = std::sqrt(ms + 1e-6);  // qwen3-tiny's rms_norm_eps
  const mha::Worked* worked = nullptr;
  for (const mha::Section& s : doc.sections)
    for (const mha::Section& sub : s.subsections)
      if (sub.step == mha::StepName::rms_norm && sub.symbol == "m" && sub.layer == 0) worked = first_block<mha::Worked>(sub);
  for (const mha::Section& s : doc.sections)
    if (s.step == mha::StepName::rms_norm && s.symbol == "m" && s.layer == 0 && !worked) worked = first_block<mha::Worked>(s);
  REQUIRE(worked != nullptr);
  REQUIRE(worked->parts.size() == 4);
  CHECK(worked->lead == "worked example (row " + trace.tokens[5].shown() + " of h′)");  // id 6 as tokenizer.json spells it
  CHECK(has(worked->parts[0], "/ 32 = " + mha::format_number(static_cast<float>(ms), 3)));
  CHECK(has(worked->parts[1], "= " + mha::format_number(static_cast<float>(root), 3)));
  CHECK(has(worked->parts[2], "= " + mha::format_number(static_cast<float>(x(0) / root), 3)));
  const float m0 = trace.find(mha::StepName::rms_norm, std::nullopt, "m", 0)->tensor.value(5, 0);
  CHECK(has(worked->parts[3], "= " + mha::format_number(m0, 3) + ", γ[0] = "));
}

TEST_CASE("mistral-tiny's sliding window: token 5 sees tokens 2–5 (w = 4)", "[decoder_explain]") {
  const std::string en = text(run("mistral-tiny-f16"), mha::Lang::en);
  CHECK(has(en, "Sliding window in layers 0, 1: a query sees only the last w = 4 tokens"));
  CHECK(has(en, "at position 5 sees tokens 2–5"));  // 5 − 4 + 1 = 2
  // The head statistics know the window: rows q = 1..5 see 2, 3, 4, 4, 4 keys, so the most even
  // spread is (1 + log₂3 + 2 + 2 + 2) / 5 = 1.717 bits, not (log₂2 + … + log₂6) / 5 = 2.0 without it.
  const mha::Trace trace = run("mistral-tiny-f16");
  const std::vector<mha::HeadStats> stats = mha::all_head_stats(trace);
  CHECK(stats.front().max_entropy == Approx((1 + std::log2(3.0) + 6) / 5).epsilon(1e-5));
}

TEST_CASE("the attention sink: heads whose first share is at least 50% are named, others are not", "[decoder_explain]") {
  mha::HeadStats s;
  s.first = 0.5f;
  CHECK(mha::is_sink(s));  // kSinkShare = kRoleShare = 0.5: half of a row's weight or more
  s.first = 0.49f;
  CHECK_FALSE(mha::is_sink(s));

  mha::Trace trace = run("llama-tiny");
  trace.head_stats = mha::all_head_stats(trace);
  for (const mha::HeadStats& h : trace.head_stats) REQUIRE(h.first < 0.5f);  // the tiny random model has no sink
  CHECK(has(text(trace, mha::Lang::en), "No head here does"));
  trace.head_stats[1].first = 0.62f;  // layer 0 head 1, as a trained model's sink head would be
  const std::string en = text(trace, mha::Lang::en);
  CHECK(has(en, "Attention sink: 1 of the 8 heads put on average at least 50%"));
  CHECK(has(en, "layer 0 head 1 (62%)"));
  CHECK(has(text(trace, mha::Lang::zh), "第 0 层头 1（62%）"));
}

TEST_CASE("the Llama family's explanation in Chinese: RMSNorm, RoPE, grouped-query heads, SwiGLU", "[decoder_explain]") {
  const std::string zh = text(run("qwen2-tiny-bf16", "mlp"), mha::Lang::zh);
  CHECK(has(zh, "RMSNorm：不减均值的层归一化"));
  CHECK(has(zh, "RoPE：把位置变成查询和键的旋转"));
  CHECK(has(zh, "键/值头 1:  查询头 2  查询头 3"));
  CHECK(has(zh, "前馈子层，一个 SwiGLU"));
  CHECK(has(zh, "qwen2 的下一个词元"));
  CHECK_FALSE(has(zh, "GPT-2 的下一个词元"));
  const std::string llama = text(run("llama-tiny"), mha::Lang::zh);
  CHECK(has(llama, "rope_scaling 是 llama3"));  // llama-tiny's config has llama3 scaling
  const std::string qwen3 = text(run("qwen3-tiny-sharded"), mha::Lang::en);
  CHECK(has(qwen3, "Qwen3's q/k norm"));
  CHECK_FALSE(has(text(run("qwen2-tiny-bf16"), mha::Lang::en), "Qwen3's q/k norm"));
}

TEST_CASE("RoPE's worked pair in a llama3-scaled block: pair 0 turns by t radians, as the trace has it", "[decoder_explain]") {
  // llama3 rope_scaling keeps the fast pairs' frequencies, ω_0 = 1: the worked example's angle t·θ^0 = t
  // must reproduce the trace's Q_rot from its Q (token 5, head 3, d_k = 8: pair (0, 4)).
  mha::ModelRequest request;
  request.dir = kHf / "llama-tiny";
  request.ids = {1, 2, 3, 4, 5, 6};
  request.steps = mha::steps_from_list("split_heads,rope");
  request.layers = {0};
  request.heads = {3};
  const mha::Trace trace = mha::run_model(request);
  const mha::Matrix& Q = trace.find(mha::StepName::split_heads, 3, "Q_3", 0)->tensor.value;
  const mha::Matrix& R = trace.find(mha::StepName::rope, 3, "Q_rot_3", 0)->tensor.value;
  const float c = static_cast<float>(std::cos(5.0)), s = static_cast<float>(std::sin(5.0));
  CHECK(R(5, 0) == Approx(Q(5, 0) * c - Q(5, 4) * s).margin(1e-5));
  CHECK(R(5, 4) == Approx(Q(5, 4) * c + Q(5, 0) * s).margin(1e-5));
  const std::string en = text(trace, mha::Lang::en);
  CHECK(has(en, "query head i reads columns i·8 … (i+1)·8 − 1 of Q, and the columns of its key/value head"));
  const mha::Document doc = mha::explanation(trace, mha::Lang::en, {});
  const mha::Worked* worked = nullptr;
  for (const mha::Section& sec : doc.sections)
    for (const mha::Section& sub : sec.subsections)
      if (sub.step == mha::StepName::rope && sub.symbol == "Q_rot_3") worked = first_block<mha::Worked>(sub);
  REQUIRE(worked != nullptr);
  CHECK(has(worked->lead, "pair (0, 4) of token " + trace.tokens[5].shown() + " at position 5: angle = 5·θ^0 = 5.000 rad"));
  CHECK(has(worked->parts[1], "= " + mha::format_number(R(5, 0), 3)));
}
