#pragma once
// What the two BPE tokenizers share (GPT-2's vocab.json + merges.txt in
// bpe.cpp, Hugging Face's tokenizer.json in hf_*.cpp): the byte-level
// alphabet, merging a word's symbols by rank, and the labels of tokens that
// cut a character.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mha/text/utf8.hpp"

namespace mha::text::detail {

// GPT-2's bytes_to_unicode: printable Latin-1 ('!'..'~', '¡'..'¬', '®'..'ÿ')
// spells itself, the other 68 bytes take U+0100, U+0101, ... in byte order
// (the space is "Ġ", the newline "Ċ").
char32_t byte_symbol(unsigned char byte);
// The byte a symbol spells, or -1 when it is not one of the 256.
int symbol_byte(char32_t symbol);

// Bytes shown as text: whole UTF-8 characters as themselves, each run of
// bytes that is not whole UTF-8 as one "…" (E8 8A, two of 芝's three, -> "…").
std::string shown_bytes(std::string_view bytes);

// Where each code point of a text starts: `cp_of_byte[b]` is the index in
// `cps` of the code point holding byte b.
struct CharIndex {
  explicit CharIndex(std::string_view text);
  std::vector<utf8::CodePoint> cps;
  std::vector<std::uint32_t> cp_of_byte;
};

// The text bytes [b, e) (b < e) stand for, with "…" on the side where the
// range cuts a character ("芝…", "…芝", "…🍟…"); `partial` says whether it does.
std::string label_of(std::string_view text, const CharIndex& index, std::size_t b, std::size_t e, bool& partial);

// One merge of a pair of symbols: its rank (0 is applied first) and the
// symbol it makes.
struct RankedMerge {
  std::uint32_t rank;
  std::uint32_t result;
};
using MergeTable = std::unordered_map<std::uint64_t, RankedMerge>;
inline std::uint64_t merge_key(std::uint32_t left, std::uint32_t right) { return (std::uint64_t{left} << 32) | right; }

// Merges a word by rank, as OpenAI's encoder.py and Hugging Face's
// Word::merge_all do: the pair whose merge ranks first is merged, leftmost
// first, again and again until no adjacent pair has a merge (a heap, so a
// 10 000-symbol word stays fast). `symbols` are the word's symbols, `starts`
// where each begins (any unit) plus the end; both are replaced by the result.
// `merges` maps merge_key(left, right) to a {rank, result}.
template <class Merges>
void merge_by_rank(std::vector<std::uint32_t>& symbols, std::vector<std::size_t>& starts, const Merges& merges) {
  const std::size_t n = symbols.size();
  std::vector<std::size_t> next(n), prev(n);  // linked list of live symbols; n = none
  std::vector<bool> alive(n, true);
  for (std::size_t i = 0; i < n; ++i) {
    next[i] = i + 1;
    prev[i] = i == 0 ? n : i - 1;
  }
  auto find = [&](std::size_t i) -> const typename Merges::mapped_type* {  // the merge of the pair starting at symbol i
    if (i >= n || !alive[i] || next[i] >= n) return nullptr;
    const auto it = merges.find(merge_key(symbols[i], symbols[next[i]]));
    return it == merges.end() ? nullptr : &it->second;
  };
  using Item = std::pair<std::uint32_t, std::size_t>;  // (rank, left symbol)
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  auto push = [&](std::size_t i) {
    if (const auto* m = find(i)) heap.push({m->rank, i});
  };
  for (std::size_t i = 0; i + 1 < n; ++i) push(i);
  std::vector<std::size_t> batch, made;
  while (!heap.empty()) {
    // All occurrences of the best pair, left to right, in one pass; a pair
    // made in the pass waits for the next one.
    const std::uint32_t rank = heap.top().first;
    batch.clear();
    while (!heap.empty() && heap.top().first == rank) batch.push_back(heap.top().second), heap.pop();
    std::sort(batch.begin(), batch.end());
    made.clear();
    for (std::size_t i : batch) {
      const auto* m = find(i);
      if (!m || m->rank != rank) continue;  // stale: one of the two was merged away
      const std::size_t j = next[i];
      symbols[i] = m->result;
      alive[j] = false;
      next[i] = next[j];
      if (next[j] < n) prev[next[j]] = i;
      made.push_back(i);
    }
    for (std::size_t i : made) {
      if (!alive[i]) continue;
      push(i);
      if (prev[i] < n) push(prev[i]);
    }
  }
  std::vector<std::uint32_t> out;
  std::vector<std::size_t> out_starts;
  for (std::size_t i = 0; i < n; i = next[i]) out.push_back(symbols[i]), out_starts.push_back(starts[i]);
  out_starts.push_back(n == 0 ? (starts.empty() ? 0 : starts.back()) : starts[n]);
  symbols = std::move(out);
  starts = std::move(out_starts);
}


}  // namespace mha::text::detail
