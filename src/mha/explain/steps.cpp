// A step in full, for a toy run and a --model run alike: its heading,
// meaning, the parameters it uses, its result and one number of it worked out
// from the steps before (the trace's own numbers re-added, never recomputed
// attention).
#include <algorithm>
#include <cmath>

#include "mha/core/trace_queries.hpp"
#include "mha/explain/detail/build.hpp"

namespace mha::explain_detail {

namespace {

// "softmax · layer 3 · head 5"; a toy run's steps have no layer.
std::string step_heading(const Step& step) {
  std::string name(to_string(step.name));
  if (step.layer) {
    name += " · layer ";
    name += std::to_string(*step.layer);
  }
  if (step.head) {
    name += " · head ";
    name += std::to_string(*step.head);
  }
  return name;
}

}  // namespace

Section Builder::numbered(StepName step, std::string heading, std::string formula) {
  Section s;
  s.part = Part::step;
  s.number = ++number;
  s.step = step;
  s.heading = std::move(heading);
  s.formula = std::move(formula);
  return s;
}

void Builder::tokens(Section& section, const std::string& meaning) {
  section.blocks.emplace_back(Paragraph{meaning});
  auto list = [](const std::vector<Token>& tokens, bool ids, std::string label) {
    TokenList l{std::move(label), {}};
    for (std::size_t i = 0; i < tokens.size(); ++i) l.tokens.push_back({i, tokens[i].shown(), ids ? tokens[i].id : std::int64_t{-1}});
    return l;
  };
  section.blocks.emplace_back(list(trace.tokens, trace.is_model(), {}));
  section.blocks.emplace_back(Note{fill(w.tokens_count, vars)});
  if (trace.cross()) section.blocks.emplace_back(list(trace.context_tokens, false, w.context_tokens));
}

Section Builder::step(const Step& s) {
  Section sec = numbered(s.name, step_heading(s), s.formula);
  sec.symbol = s.symbol;
  sec.shape = std::pair{s.tensor.value.rows(), s.tensor.value.cols()};
  sec.layer = s.layer;
  sec.head = s.head;
  if (std::string m = step_meaning(trace, s, w, vars); !m.empty()) sec.blocks.emplace_back(Paragraph{std::move(m)});
  MatrixBlock result;
  result.matrix = &s.tensor;
  result.symbol = s.symbol;
  if (s.name == StepName::softmax) {
    sec.blocks.emplace_back(Paragraph{w.row_sums});
    const Vars head = head_vars(trace, *s.head);
    result.caption = fill(w.weights_table, head);
    result.weights = weights_with_masked_cells(trace, *s.head, s.layer);
    result.heatmap_caption = fill(w.heatmap, head);
    sec.figure = result.caption;
  }
  // A model's steps inside a block show no parameters: those are the checkpoint's, not in the trace.
  for (const std::string& p : s.layer ? std::vector<std::string>{} : step_parameters(s)) {
    if (const Parameter* par = trace.parameter(p)) {
      MatrixBlock m;
      m.matrix = &par->tensor;
      m.symbol = parameter_symbol(p);
      m.parameter = true;
      sec.blocks.emplace_back(std::move(m));
      result.named = true;
    }
  }
  sec.blocks.emplace_back(std::move(result));
  if (auto example = worked(s)) sec.blocks.emplace_back(std::move(*example));
  return sec;
}

// "(a)(b) + (c)(d) + … (N more)": the first terms of a dot product.
std::string Builder::terms(const std::vector<std::pair<float, float>>& t) const {
  std::string s;
  const std::size_t shown = t.size() <= 6 ? t.size() : 4;
  for (std::size_t j = 0; j < shown; ++j)
    s += (j ? " + " : "") + std::string("(") + num(t[j].first) + ")(" + num(t[j].second) + ")";
  if (t.size() > shown) s += " + … (" + fill(w.more_terms, {{"n", std::to_string(t.size() - shown)}}) + ")";
  return s;
}

// One number of the step recomputed from the steps before it, for the last
// token, when the trace holds those steps (a model run keeps what --steps chose).
std::optional<Worked> Builder::worked(const Step& s) const {
  if (!s.head) {
    if (s.name == StepName::rms_norm) return rms_example(s);
    if (!s.layer && (s.name == StepName::project_q || s.name == StepName::output)) return product(s);
    return std::nullopt;
  }
  const std::string si = std::to_string(*s.head);
  const Index q = last();
  auto find = [&](StepName n, const std::string& symbol = {}) { return trace.find(n, s.head, symbol, s.layer); };
  const std::string at = "[" + tok(q) + ", " + ktok(0) + "]";
  std::vector<std::pair<float, float>> t;
  switch (s.name) {
    case StepName::scores: {  // with RoPE the scores read the rotated Q_rot_i and K_rot_i
      const bool rotated = find(StepName::rope, "Q_rot_" + si) != nullptr;
      const std::string Q = rotated ? "Q_rot_" + si : "Q_" + si, K = rotated ? "K_rot_" + si : "K_" + si;
      const StepName from = rotated ? StepName::rope : StepName::split_heads;
      const Step* Qi = find(from, Q);
      const Step* Ki = find(from, K);
      if (!Qi || !Ki) return std::nullopt;
      for (Index j = 0; j < Qi->tensor.value.cols(); ++j) t.emplace_back(Qi->tensor.value(q, j), Ki->tensor.value(0, j));
      return Worked{w.worked,
                    {"S_" + si + at, "Σ_j " + Q + "[" + tok(q) + ", j]·" + K + "[" + ktok(0) + ", j]", terms(t),
                     num(s.tensor.value(q, 0))},
                    " = "};
    }
    case StepName::rope:
      return rope_example(s);
    case StepName::scale: {
      const Step* S = find(StepName::scores);
      if (!S) return std::nullopt;
      return Worked{w.worked,
                    {s.symbol + at, num(S->tensor.value(q, 0)) + " / " + vars.at("sqrt_dk"), num(s.tensor.value(q, 0))},
                    " = "};
    }
    case StepName::softmax: {
      const Step* logits = find(StepName::mask);
      if (!logits) logits = find(StepName::scale);
      if (!logits) return std::nullopt;
      return softmax_example(logits->tensor.value, s.tensor.value, q);
    }
    case StepName::context: {
      const Step* A = find(StepName::softmax);
      const Step* Vi = find(StepName::split_heads, "V_" + si);
      if (!A || !Vi) return std::nullopt;
      for (Index k = 0; k < Vi->tensor.value.rows(); ++k) t.emplace_back(A->tensor.value(q, k), Vi->tensor.value(k, 0));
      const std::string& col = s.tensor.col_labels[0];
      return Worked{w.worked,
                    {"C_" + si + "[" + tok(q) + ", " + col + "]",
                     "Σ_k A_" + si + "[" + tok(q) + ", k]·V_" + si + "[k, " + col + "]", terms(t),
                     num(s.tensor.value(q, 0))},
                    " = "};
    }
    default:
      return std::nullopt;
  }
}

// Q[q, 0] = Σ_j X[q, j]·W_Q[j, 0] (or Y from Z and W_O), for the last token.
std::optional<Worked> Builder::product(const Step& s) const {
  const bool out = s.name == StepName::output;
  const Step* in = trace.find(out ? StepName::concat : StepName::position);
  const Parameter* W = trace.parameter(out ? "W_O" : "W_Q");
  if (!in || !W) return std::nullopt;
  const Index q = s.tensor.value.rows() - 1;
  std::vector<std::pair<float, float>> t;
  for (Index j = 0; j < W->tensor.value.rows(); ++j) t.emplace_back(in->tensor.value(q, j), W->tensor.value(j, 0));
  const Parameter* b = trace.parameter(out ? "b_O" : "b_Q");
  const std::string plus_b = b ? " + " + b->name + "[0]" : "";
  return Worked{w.worked,
                {s.symbol + "[" + tok(q) + ", 0]", "Σ_j " + in->symbol + "[" + tok(q) + ", j]·" + W->name + "[j, 0]" + plus_b,
                 terms(t) + (b ? " + (" + num(b->tensor.value(0, 0)) + ")" : ""), num(s.tensor.value(q, 0))},
                " = "};
}

// RoPE's first pair (0, d_k/2) of the followed token (its query, or its key):
// turned by the angle t·θ^0 = t radians (also under llama3 rope_scaling, which
// keeps the fast pairs' frequencies).
std::optional<Worked> Builder::rope_example(const Step& s) const {
  // Linear rope_scaling divides ω_0 by a factor the trace does not keep: no worked pair then.
  if (trace.model && trace.model->decoder && trace.model->decoder->rope_scaling == "linear") return std::nullopt;
  const bool key = s.symbol.starts_with("K");
  const std::string si = std::to_string(*s.head), from = (key ? "K_" : "Q_") + si;
  const Step* in = trace.find(StepName::split_heads, s.head, from, s.layer);
  if (!in) return std::nullopt;
  const Matrix& x = in->tensor.value;
  const Index t = std::min(last(), x.rows() - 1), half = x.cols() / 2;
  const std::string name = key ? ktok(t) : tok(t);
  const double angle = static_cast<double>(t);
  const auto c = static_cast<float>(std::cos(angle)), sn = static_cast<float>(std::sin(angle));
  const std::string row = "[" + name + ", ", h = std::to_string(half);
  return Worked{w.worked + w.list_sep +
                    fill(w.rope_pair, {{"half", h}, {"tok", name}, {"t", std::to_string(t)}, {"angle", num(static_cast<float>(angle))}}),
                {"cos = " + num(c) + ", sin = " + num(sn),
                 s.symbol + row + "0] = " + from + row + "0]·cos − " + from + row + h + "]·sin = (" + num(x(t, 0)) +
                     ")(" + num(c) + ") − (" + num(x(t, half)) + ")(" + num(sn) + ") = " + num(s.tensor.value(t, 0)),
                 s.symbol + row + h + "] = " + from + row + h + "]·cos + " + from + row + "0]·sin = (" +
                     num(x(t, half)) + ")(" + num(c) + ") + (" + num(x(t, 0)) + ")(" + num(sn) + ") = " +
                     num(s.tensor.value(t, half))},
                "; "};
}

// max, exp(row − max), their sum, divided by it: the last token's row.
Worked Builder::softmax_example(const Matrix& logits, const Matrix& A, Index q) const {
  std::string lead = w.worked + " (" + tok(q) + ")";
  const float m = logits.row(q).maxCoeff();
  if (!std::isfinite(m)) return Worked{std::move(lead), {w.row_masked}, ""};
  std::string e = "[", a = "[";
  double sum = 0;
  for (Index k = 0; k < logits.cols(); ++k) {
    const double x = std::isinf(logits(q, k)) ? 0.0 : std::exp(static_cast<double>(logits(q, k) - m));
    sum += x;
    if (k) e += ", ", a += ", ";
    e += num(static_cast<float>(x));
    a += num(A(q, k));
  }
  return Worked{std::move(lead),
                {"max = " + num(m), "exp(row − max) = " + e + "]", "sum = " + num(static_cast<float>(sum)),
                 "÷ sum = " + a + "]"},
                "; "};
}

}  // namespace mha::explain_detail
