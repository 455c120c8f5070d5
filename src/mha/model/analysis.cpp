#include "mha/model/analysis.hpp"

#include <algorithm>

#include "mha/core/error.hpp"
#include "mha/core/parallel.hpp"
#include "mha/core/rng.hpp"
#include "mha/text/unicode.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

namespace {

std::string size_text(Index rows, Index cols) {
  std::string s = std::to_string(rows);
  s += " × ";
  s += std::to_string(cols);
  return s;
}

}  // namespace

LabelledMatrix attention_rollout(const std::vector<Matrix>& per_layer_mean_weights, const Labels& labels) {
  const auto n = static_cast<Index>(labels.size());
  if (per_layer_mean_weights.empty()) throw ShapeError("attention rollout needs the weights of at least one layer");
  const Matrix I = Matrix::Identity(n, n);  // [n, n]: the residual path, each token keeps its own vector
  Matrix R;                                 // [n, n]: what reaches each token so far
  for (std::size_t l = 0; l < per_layer_mean_weights.size(); ++l) {
    const Matrix& A = per_layer_mean_weights[l];  // [n, n]: mean over the heads of block l
    if (A.rows() != n || A.cols() != n) {
      std::string msg = "attention rollout: layer ";
      msg += std::to_string(l);
      msg += "'s mean weights are ";
      msg += size_text(A.rows(), A.cols());
      msg += ", expected ";
      msg += size_text(n, n);
      msg += " (one row and column per token)";
      throw ShapeError(msg);
    }
    Matrix A_bar = 0.5f * A + 0.5f * I;                         // [n, n]; a fully masked row becomes ½·I's row
    A_bar.array().colwise() /= A_bar.rowwise().sum().array();  // each row sums to 1 again
    if (l == 0)
      R = std::move(A_bar);  // R = Ā_0
    else
      R = A_bar * R;  // R = Ā_l · R: the later block on the left
  }
  return {std::move(R), labels, labels};
}

bool KeyMask::visible(Index q, Index k) const {
  if (causal && k > q) return false;
  if (window > 0 && q - k >= window) return false;
  return key_padding.empty() || !key_padding[static_cast<std::size_t>(k)];
}

HeadStats head_stats(const Matrix& A, int layer, int head, const std::vector<bool>& separator_keys,
                     const KeyMask& mask) {
  return head_stats(A, layer, head, separator_keys, mask, KeyTokens{});
}

HeadStats head_stats(const Matrix& A, int layer, int head, const std::vector<bool>& separator_keys,
                     const KeyMask& mask, const KeyTokens& keys) {
  const Index n = A.rows(), m = A.cols();  // A: [n, m], m = n
  auto where = [&] {
    std::string w = "head statistics of layer ";
    w += std::to_string(layer);
    w += " head ";
    w += std::to_string(head);
    w += ": ";
    return w;
  };
  auto check_count = [&](const auto& flags, const char* what) {
    if (flags.empty() || static_cast<Index>(flags.size()) == m) return;
    std::string msg = where();
    msg += std::to_string(flags.size());
    msg += what;
    msg += " for ";
    msg += std::to_string(m);
    msg += " keys";
    throw ShapeError(msg);
  };
  if (n != m) throw ShapeError(where() + "the weights are " + size_text(n, m) + ", expected self-attention (n × n)");
  check_count(separator_keys, " separator flags");
  check_count(mask.key_padding, " padding flags");
  check_count(keys.ids, " token ids");
  check_count(keys.punctuation, " punctuation flags");

  auto a = [&](Index q, Index k) { return static_cast<double>(A(q, k)); };  // the means add in double
  HeadStats s;
  s.layer = layer;
  s.head = head;
  s.top_key.assign(static_cast<std::size_t>(n), -1);
  double entropy = 0, max_entropy = 0, previous = 0, self = 0, first = 0, separator = 0, duplicate = 0,
         punctuation = 0;
  int rows = 0, rows_with_previous = 0;  // the rows with a choice; those of them with q ≥ 1
  for (Index q = 0; q < n; ++q) {
    double sum = 0;
    int visible = 0;
    for (Index k = 0; k < n; ++k) {
      if (mask.visible(q, k)) {
        ++visible;
        sum += a(q, k);
      } else if (A(q, k) != 0.0f) {
        throw ShapeError(where() + "A[" + std::to_string(q) + ", " + std::to_string(k) +
                         "] is not 0 but the mask hides that key: the mask does not belong to these weights");
      }
    }
    if (sum == 0) continue;  // every key masked: this row attends nowhere
    Index top = 0;
    for (Index k = 1; k < n; ++k)
      if (A(q, k) > A(q, top)) top = k;  // the first key of the largest weight
    s.top_key[static_cast<std::size_t>(q)] = static_cast<int>(top);
    if (visible < 2) continue;  // no choice: weight 1 on the one key it sees

    ++rows;
    double h = 0;  // H(A[q]) = −Σ_k A[q,k]·log₂ A[q,k]
    for (Index k = 0; k < n; ++k)
      if (const double w = a(q, k); w > 0) h -= w * deterministic_log2(w);
    entropy += h;
    max_entropy += deterministic_log2(visible);  // H of a uniform row over the visible keys
    self += a(q, q);
    first += a(q, 0);
    for (Index k = 0; k < n; ++k)
      if (!separator_keys.empty() && separator_keys[static_cast<std::size_t>(k)]) separator += a(q, k);
    if (q >= 1) {
      previous += a(q, q - 1);
      ++rows_with_previous;
    }
    if (!keys.punctuation.empty())
      for (Index k = 0; k < n; ++k)
        if (keys.punctuation[static_cast<std::size_t>(k)]) punctuation += a(q, k);
    if (!keys.ids.empty()) {
      double same = 0;  // Σ A[q, k] over the earlier visible keys with q's id
      bool any = false;
      for (Index k = 0; k < q; ++k)
        if (keys.ids[static_cast<std::size_t>(k)] == keys.ids[static_cast<std::size_t>(q)] && mask.visible(q, k)) {
          same += a(q, k);
          any = true;
        }
      if (any) {
        duplicate += same;
        ++s.duplicate_rows;
      }
    }
  }
  auto mean = [](double total, int count) { return count ? static_cast<float>(total / count) : 0.0f; };
  s.entropy = mean(entropy, rows);
  s.max_entropy = mean(max_entropy, rows);
  s.previous = mean(previous, rows_with_previous);
  s.self = mean(self, rows);
  s.first = mean(first, rows);
  s.separator = mean(separator, rows);
  s.duplicate = mean(duplicate, s.duplicate_rows);
  s.punctuation = mean(punctuation, rows);

  // The largest share that reaches kRoleShare, the first listed on a tie; else broad or mixed.
  const std::pair<const char*, float> shares[] = {
      {"previous", s.previous}, {"separator", s.separator}, {"first", s.first}, {"self", s.self}};
  const auto* best = &shares[0];
  for (const auto& candidate : shares)
    if (candidate.second > best->second) best = &candidate;
  if (best->second >= kRoleShare)
    s.role = best->first;
  else if (s.max_entropy > 0 && s.entropy >= kBroadFraction * s.max_entropy)
    s.role = "broad";
  else
    s.role = "mixed";
  return s;
}

bool is_punctuation_token(const Token& token) {
  if (token.partial) return false;  // part of a character: not a character of its own
  bool any = false;
  for (const char32_t cp : utf8::decode_lenient(token.shown())) {
    if (text::unicode::is_space_separator(cp) || text::unicode::is_other(cp)) continue;
    if (!text::unicode::is_punctuation(cp)) return false;
    any = true;
  }
  return any;
}

std::vector<std::int64_t> induction_probe_ids(int vocab_size, int N, std::uint64_t seed) {
  if (vocab_size < 1) throw InputError("--probe induction: the model has no vocabulary to draw tokens from");
  if (N < 2) throw InputError("--probe induction: the sequence needs at least 2 tokens, got " + std::to_string(N));
  SplitMix64 rng = stream_for(seed, "induction probe");
  std::vector<std::int64_t> ids(static_cast<std::size_t>(2 * N));
  for (int i = 0; i < N; ++i)  // r_i = next() mod vocab_size
    ids[static_cast<std::size_t>(i)] = ids[static_cast<std::size_t>(i + N)] =
        static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(vocab_size));
  return ids;
}

float induction_score(const Matrix& A, int N) {
  if (N < 2 || A.rows() != 2 * N || A.cols() != 2 * N)
    throw ShapeError("induction score: the weights are " + size_text(A.rows(), A.cols()) + ", expected " +
                     size_text(2 * N, 2 * N) + " (a sequence of " + std::to_string(N) + " tokens shown twice)");
  double sum = 0;  // Σ_{i ∈ [N, 2N)} A[i, i − N + 1]
  for (Index i = N; i < 2 * N; ++i) sum += static_cast<double>(A(i, i - N + 1));
  return static_cast<float>(sum / N);
}

std::optional<float> head_metric(const HeadStats& s, std::size_t m) {
  switch (m) {
    case 0: return s.previous;
    case 1: return s.duplicate;
    case 2: return s.first;
    case 3: return s.self;
    case 4: return s.separator;
    case 5: return s.punctuation;
    case 6: return s.entropy;
    default: return s.induction;
  }
}

std::vector<HeadStats> all_head_stats(const Trace& trace) {
  std::vector<bool> separators;
  if (trace.model && trace.model->type == "bert")
    for (const Token& t : trace.key_tokens()) separators.push_back(t.text == "[SEP]");
  KeyTokens keys;
  for (const Token& t : trace.key_tokens()) {
    keys.ids.push_back(t.id >= 0 ? t.id : static_cast<std::int64_t>(fnv1a64(t.text) >> 1));  // no vocabulary: the text
    keys.punctuation.push_back(is_punctuation_token(t));
  }
  // A block with a sliding window hides more keys: its rows' most even spread is over fewer.
  const auto mask_of = [&](int layer) {
    KeyMask mask{trace.config.causal, trace.key_padding};
    if (trace.model && trace.model->decoder) {
      const std::vector<int>& windows = trace.model->decoder->sliding_windows;
      if (static_cast<std::size_t>(layer) < windows.size()) mask.window = windows[static_cast<std::size_t>(layer)];
    }
    return mask;
  };
  std::vector<const Step*> heads;
  for (const Step& s : trace.steps)
    if (s.name == StepName::softmax && s.layer && s.head) heads.push_back(&s);
  std::stable_sort(heads.begin(), heads.end(), [](const Step* a, const Step* b) {
    return std::pair(*a->layer, *a->head) < std::pair(*b->layer, *b->head);
  });
  // Each head on its own, on up to thread_limit() threads; each writes only its own entry.
  std::vector<HeadStats> out(heads.size());
  parallel_for(heads.size(), thread_limit(), [&](std::size_t i) {
    const Step& s = *heads[i];
    out[i] = head_stats(s.tensor.value, *s.layer, *s.head, separators, mask_of(*s.layer), keys);
  });
  return out;
}

}  // namespace mha
