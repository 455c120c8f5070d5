#pragma once
// What a real model's attention does, read off its softmax weights: one
// head's habits (head_stats) and how the tokens mix over all blocks
// (attention_rollout). Views call these; they never recompute attention.
//
// Symbols: n query tokens, m key tokens (m = n: a model run is
// self-attention), L blocks, A = one head's softmax weights [n, m].
//
//   H(A[q])  = −Σ_k A[q,k]·log₂ A[q,k]        bits, 0·log 0 = 0
//   Ā_l      = rownorm(½·mean_h A_l,h + ½·I)   [n, n]
//   R        = Ā_{L−1} · … · Ā_1 · Ā_0          [n, n]
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

#include "mha/core/matrix.hpp"
#include "mha/core/trace.hpp"

namespace mha {

// Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in
// Transformers"). per_layer_mean_weights[l] is block l's weights averaged over
// ALL its heads, [n, n]; labels names the n tokens. Each block's ½·I stands
// for the residual connection that carries a token's own vector past the
// attention. The last block multiplies from the left, so R[q, k] is how much
// of input token k reaches token q's vector at the top; each row of R sums to
// 1. A row of zeros (a query with every key masked) becomes the identity row
// (that token keeps its own vector). Throws ShapeError for no layers, a matrix
// that is not n × n, or labels that do not count n.
LabelledMatrix attention_rollout(const std::vector<Matrix>& per_layer_mean_weights, const Labels& labels);

// Which keys a query row could see, from the mask, not from the weights: a
// visible key can still get a weight that rounds to 0, and then it still
// counts towards the most even spread the row could have had.
struct KeyMask {
  bool causal = false;            // query q sees keys 0..q
  std::vector<bool> key_padding;  // one per key, true = seen by no query; empty = no padding
  int window = 0;                 // sliding window w (Mistral): keys with q − k ≥ w are hidden; 0: none
  bool visible(Index q, Index k) const;
};

// The role head_stats gives a head, from its shares and entropy:
//   "previous"   previous ≥ kRoleShare   the token just before (GPT-2's classic positional head)
//   "separator"  separator ≥ kRoleShare  BERT's [SEP]: a place to park attention the head does not need
//   "first"      first ≥ kRoleShare      token 0: GPT-2's first token, BERT's [CLS]; the same parking
//   "self"       self ≥ kRoleShare       the token itself
//   "broad"      none of those, and entropy ≥ kBroadFraction·max_entropy:
//                spread nearly evenly, an average of the context
//   "mixed"      none of these
// When several shares reach kRoleShare (they can: at q = 1 the previous token
// is the first), the largest wins, and on a tie the one listed first.
//
// kRoleShare: more than half of a row's weight on average goes to that one
// place, so most of what the head hands on comes from there.
inline constexpr float kRoleShare = 0.5f;
// kBroadFraction: within 10% of the entropy of a uniform row over the visible
// keys; such a head averages rather than picks.
inline constexpr float kBroadFraction = 0.9f;

// What head `head` of block `layer` does, from its weights A [n, n].
// separator_keys: n flags (or empty: none), true for the [SEP] keys.
// The means (entropy, max_entropy and the shares) are over the rows that have
// a choice: at least two keys the mask lets them see, and weights that do not
// sum to 0. A row with one visible key (GPT-2's first token) gives it weight
// 1 whatever the head does, and would add to both self and first; a row with
// every key masked attends nowhere. top_key is set for every row with weight
// (−1 for the others). max_entropy is the mean of log₂(visible keys). Throws
// ShapeError when A is not square, when separator_keys or mask.key_padding
// does not count n, or when A gives weight to a key the mask hides (the mask
// does not belong to A).
HeadStats head_stats(const Matrix& A, int layer, int head, const std::vector<bool>& separator_keys,
                     const KeyMask& mask);

// What the token metrics need of the keys (one entry per key, or empty: that
// metric stays 0). ids: the vocabulary ids, for `duplicate`; punctuation: true
// for the keys whose text is punctuation (is_punctuation_token), for
// `punctuation`. The five-argument head_stats above passes none.
struct KeyTokens {
  std::vector<std::int64_t> ids;
  std::vector<bool> punctuation;
};
//   duplicate(q)   = Σ_{k<q, id_k = id_q, k visible} A[q,k]   mean over the rows with a choice that have such a k
//   punctuation(q) = Σ_{k punctuation} A[q,k]                  mean over the rows with a choice
// Throws ShapeError when ids or punctuation does not count n.
HeadStats head_stats(const Matrix& A, int layer, int head, const std::vector<bool>& separator_keys,
                     const KeyMask& mask, const KeyTokens& keys);

// A token is punctuation when its readable text (Token::shown()), white space
// (Zs) and control/format characters (C*) left out, is not empty and every
// code point of it is in Unicode's P* categories: "," ".", "Ġ," (shown ","),
// "。", "##."; not "[SEP]", "a.", or a piece holding part of a UTF-8 character.
bool is_punctuation_token(const Token& token);

// The induction probe (TransformerLens's induction detector): N ids drawn
// from [0, vocab_size) by our PRNG (core/rng.hpp) with `seed`, shown twice:
// [r_0 … r_{N−1} r_0 … r_{N−1}], 2N ids. Throws InputError when vocab_size < 1
// or N < 2.
std::vector<std::int64_t> induction_probe_ids(int vocab_size, int N, std::uint64_t seed);
// A head's induction score on that sequence: the mean over the second copy,
// i ∈ [N, 2N), of A[i, i − N + 1], the weight on the token that followed i's
// first occurrence. A is [2N, 2N]; throws ShapeError otherwise.
float induction_score(const Matrix& A, int N);

// head_stats for every softmax step of the trace that has a layer and a head,
// ordered by (layer, head): the mask from the trace's config (causal) and key
// padding, separator keys the tokens whose text is "[SEP]" (BERT only).
std::vector<HeadStats> all_head_stats(const Trace& trace);

// The attention sink (Xiao et al. 2023, "Efficient Streaming Language Models
// with Attention Sinks"): trained decoders pour much of many heads' weight onto
// the first token, which every query sees. A head is a sink head when its
// `first` share, mean A[q, 0] over the rows that have a choice (q ≥ 1 under
// the causal mask: row 0 sees only key 0), is at least kSinkShare, the same
// "more than half on one place" as the roles. Such a head's role is "first"
// unless another share is larger; the explanation names the sink heads of a
// Llama-family run.
inline constexpr float kSinkShare = kRoleShare;
inline bool is_sink(const HeadStats& s) { return s.first >= kSinkShare; }

// The head metrics of docs/heads.md, by their HeadStats (and JSON) field
// names, in the order the explanation ranks them and the pictures are drawn.
inline constexpr std::string_view kHeadMetrics[] = {"previous",    "duplicate", "first",  "self", "separator",
                                                    "punctuation", "entropy",   "induction"};
inline constexpr std::size_t kHeadMetricCount = std::size(kHeadMetrics);
// Metric kHeadMetrics[m] of a head; unset for induction without the probe.
std::optional<float> head_metric(const HeadStats& s, std::size_t m);

// The six roles, in the order above (for counting them).
inline constexpr std::string_view kRoles[] = {"previous", "separator", "first", "self", "broad", "mixed"};

}  // namespace mha
