#pragma once
// Aggregate: a corpus's head statistics summed per (layer, head), so that
// aggregates of parts merge into the aggregate of the whole (docs/corpus.md,
// stats.json; its JSON Schema is docs/corpus-stats.schema.json).
//
// The fields are those of a HeadStats as the trace writes it
// (views/common head_stats_json), read generically: every number becomes a
// field with a count, a sum, a sum of squares and a histogram; every string
// (the role) a table of counts of its values; layer and head are the key, and
// top_key (one entry per query) stays in sentences.jsonl. A field added to
// HeadStats and head_stats_json flows into stats.json with no change here.
//
// Sums are exact: each value v is held as the integer ⌊v·2⁶⁴⌋ (v² likewise;
// a float's square is exact in double), added in 128 bits, so that any order
// of adding and merging gives the same bits (stats.json keeps the integers
// as "exact_sum" and "exact_sum_squares", and merge reads those).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mha/core/trace.hpp"

namespace mha::corpus {

__extension__ typedef __int128 Exact;  // a sum in units of 2⁻⁶⁴
__extension__ typedef unsigned __int128 ExactMagnitude;

// The fixed bins of a field's histogram: `bins` of equal width over
// [lo, hi]; a value outside goes to the first or last bin. Entropies (a field
// named "…entropy", in bits) get 64 bins over [0, 16]; every other field is
// a share: 20 bins over [0, 1].
struct Bins {
  double lo = 0, hi = 1;
  int bins = 20;
};
Bins bins_of(std::string_view field);

struct FieldTotals {
  Exact sum = 0, sum_squares = 0;
  std::vector<std::uint64_t> histogram;  // Bins::bins counts
};

struct HeadTotals {
  std::uint64_t count = 0;                 // sentences in which this head had a row with a choice
  std::vector<FieldTotals> numbers;        // one per Aggregate::numbers(), in that order
  std::vector<std::map<std::string, std::uint64_t>> labels;  // one per Aggregate::labels(): value → count
};

// What stats.json says of the model: shards merge only when these agree.
struct ModelKey {
  std::string type;
  int layers = 0, heads = 0, d_model = 0, vocab_size = 0, max_positions = 0;
  friend bool operator==(const ModelKey&, const ModelKey&) = default;
};
ModelKey model_key(const ModelInfo& info);

class Aggregate {
 public:
  explicit Aggregate(ModelKey model = {}) : model_(std::move(model)) {}

  // A sentence's head statistics (trace.head_stats). A head whose
  // max_entropy is 0 had no query row with a choice (a one-token text) and
  // is not counted for that sentence.
  void add_sentence(const Trace& trace);
  // One record of sentences.jsonl (as sentence_record wrote it); returns its
  // "line". Throws FormatError naming `where` for a record that is not one.
  long add_record(std::string_view record, const std::string& where);
  void add_error() { ++errors_; }
  // Adds another aggregate. Throws InputError naming `where` when its model
  // or its fields differ from this one's.
  void merge(const Aggregate& other, const std::string& where);

  // stats.json; and back (FormatError naming `source` and the place).
  std::string to_json() const;
  static Aggregate from_json(std::string_view text, const std::string& source);

  const ModelKey& model() const { return model_; }
  const std::vector<std::string>& numbers() const { return numbers_; }
  const std::vector<std::string>& labels() const { return labels_; }
  const std::map<std::pair<int, int>, HeadTotals>& heads() const { return heads_; }
  std::uint64_t sentences() const { return sentences_; }
  // The mean of number field `field` of a head (0 for a head never counted).
  double mean(const HeadTotals& head, std::size_t field) const;

 private:
  friend struct AggregateAccess;  // aggregate.cpp's readers and writers
  ModelKey model_;
  std::vector<std::string> numbers_, labels_;  // field names, in head_stats_json's order
  std::map<std::pair<int, int>, HeadTotals> heads_;
  std::uint64_t sentences_ = 0, tokens_ = 0, errors_ = 0;
};

}  // namespace mha::corpus
