// The JSON trace holds enough to recompute every number. These tests read a
// trace back with nlohmann::json and redo the whole layer from its parameters
// alone, in double precision, as an outside reader would.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "mha/views/common/json_number.hpp"
#include "mha/views/json/json_trace.hpp"
#include "mha/pipeline.hpp"

using nlohmann::json;
using Mat = Eigen::MatrixXd;

namespace {

Mat read(const json& tensor) {
  const auto& v = tensor.at("values");
  Mat m(tensor.at("shape")[0].get<int>(), tensor.at("shape")[1].get<int>());
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      const json& x = v[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
      m(r, c) = x.is_null() ? -std::numeric_limits<double>::infinity() : x.get<double>();
    }
  return m;
}

const json& step(const json& trace, const std::string& name, int head = -1, const std::string& symbol = "") {
  for (const auto& s : trace.at("steps"))
    if (s.at("step") == name && (head < 0 ? s.at("head").is_null() : s.at("head") == head) &&
        (symbol.empty() || s.at("symbol") == symbol))
      return s;
  FAIL("no step " << name << " head " << head);
  throw;
}

const json& param(const json& trace, const std::string& name) {
  for (const auto& p : trace.at("parameters"))
    if (p.at("name") == name) return p;
  FAIL("no parameter " << name);
  throw;
}

Mat softmax_rows(const Mat& s) {
  Mat a(s.rows(), s.cols());
  for (Eigen::Index r = 0; r < s.rows(); ++r) {
    const double m = s.row(r).maxCoeff();
    for (Eigen::Index c = 0; c < s.cols(); ++c) a(r, c) = std::exp(s(r, c) - m);
    a.row(r) /= a.row(r).sum();
  }
  return a;
}

}  // namespace

TEST_CASE("JSON numbers are the shortest text that reads back as the same float", "[json]") {
  CHECK(mha::json_number(0.25f) == "0.25");
  CHECK(mha::json_number(0.1f) == "0.1");
  CHECK(std::strtof(mha::json_number(0.1f).c_str(), nullptr) == 0.1f);
  CHECK(mha::json_number(-INFINITY) == "null");
  CHECK(mha::json_number(NAN) == "null");
}

TEST_CASE("the trace recomputes from its own parameters", "[json]") {
  for (bool causal : {false, true}) {
    mha::Config cfg;
    cfg.causal = causal;
    cfg.d_model = 12;
    cfg.heads = 3;
    const json t = json::parse(mha::trace_to_json(mha::explain_sentence("我 喜欢 吃 芝士 薯条 和 芝士", cfg)));

    CHECK(t.at("schema_version") == 2);
    CHECK(t.at("config").at("d_k") == 4);
    CHECK(t.at("config").at("causal") == causal);
    REQUIRE(t.at("tokens").size() == 7);
    CHECK(t.at("tokens")[6].at("text") == "芝士");

    // embed: E[t] = embedding row of token t, looked up by its text.
    const json& table = param(t, "embedding");
    CHECK(table.at("rows").size() == 6);  // 芝士 appears twice, stored once
    const Mat emb = read(table);
    Mat E(7, 12);
    for (int i = 0; i < 7; ++i) {
      const auto& rows = table.at("rows");
      const auto it = std::find(rows.begin(), rows.end(), t.at("tokens")[static_cast<std::size_t>(i)].at("text"));
      E.row(i) = emb.row(it - rows.begin());
    }
    CHECK((E - read(step(t, "embed"))).cwiseAbs().maxCoeff() == 0.0);

    const Mat X = E + read(param(t, "positional_encoding"));
    CHECK((X - read(step(t, "position"))).cwiseAbs().maxCoeff() < 1e-6);
    const Mat Q = X * read(param(t, "W_Q")), K = X * read(param(t, "W_K")), V = X * read(param(t, "W_V"));
    CHECK((Q - read(step(t, "project_q"))).cwiseAbs().maxCoeff() < 1e-5);

    Mat Z(7, 12);
    for (int i = 0; i < 3; ++i) {
      // Recompute head i from the trace's own Q_i and K_i ...
      const Mat Qi = read(step(t, "split_heads", i, "Q_" + std::to_string(i)));
      const Mat Ki = read(step(t, "split_heads", i, "K_" + std::to_string(i)));
      CHECK((Qi - Q.middleCols(4 * i, 4)).cwiseAbs().maxCoeff() < 1e-5);
      Mat S = Qi * Ki.transpose() / 2.0;  // √d_k = 2
      if (causal)
        for (int r = 0; r < 7; ++r)
          for (int c = r + 1; c < 7; ++c) S(r, c) = -INFINITY;
      const Mat A = softmax_rows(S);
      // ... and it gives the trace's weights, to float rounding.
      CHECK((A - read(step(t, "softmax", i))).cwiseAbs().maxCoeff() < 1e-6);
      if (causal) CHECK(step(t, "mask", i).at("values")[0][1].is_null());  // −∞ is written as null
      Z.middleCols(4 * i, 4) = A * V.middleCols(4 * i, 4);
    }
    const Mat Y = Z * read(param(t, "W_O"));
    CHECK((Y - read(step(t, "output"))).cwiseAbs().maxCoeff() < 1e-5);
  }
}

TEST_CASE("steps appear in pipeline order with their documented names", "[json]") {
  mha::Config cfg;
  cfg.heads = 1;
  const json t = json::parse(mha::trace_to_json(mha::explain_sentence("a b", cfg)));
  std::vector<std::string> names;
  for (const auto& s : t.at("steps")) names.push_back(s.at("step"));
  CHECK(names == std::vector<std::string>{"embed", "position", "project_q", "project_k", "project_v", "split_heads",
                                          "split_heads", "split_heads", "scores", "scale", "softmax", "context",
                                          "concat", "output"});
}
