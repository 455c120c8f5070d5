#include "mha/corpus/aggregate.hpp"

#include <cmath>

#include "mha/core/detail/json_text.hpp"
#include "mha/core/error.hpp"
#include "mha/views/common/detail/json_config.hpp"

namespace mha::corpus {

using Json = nlohmann::ordered_json;

Bins bins_of(std::string_view field) {
  if (field.ends_with("entropy")) return {0, 16, 64};  // bits: log₂ 65536 keys at the most
  return {0, 1, 20};
}

ModelKey model_key(const ModelInfo& m) {
  return {m.type, m.layers, m.heads, m.d_model, m.vocab_size, m.max_positions};
}

namespace {

// ⌊v·2⁶⁴⌋ toward zero: ldexp is exact, the cut to an integer the same for a
// value wherever it is added.
Exact to_exact(double v) { return static_cast<Exact>(std::ldexp(v, 64)); }
long double from_exact(Exact e) { return std::ldexp(static_cast<long double>(e), -64); }

std::string exact_text(Exact e) {
  const bool negative = e < 0;
  ExactMagnitude u = negative ? -static_cast<ExactMagnitude>(e) : static_cast<ExactMagnitude>(e);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  return negative ? "-" + digits : digits;
}

[[noreturn]] void bad(const std::string& where, const std::string& what) { throw FormatError(where + ": " + what); }

Exact exact_of(const Json& v, const std::string& where) {
  if (!v.is_string()) bad(where, "expected a string of decimal digits (the sum in units of 2^-64)");
  const std::string& s = v.get_ref<const std::string&>();
  const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  if (s.size() == start || s.size() > start + 38 || s.find_first_not_of("0123456789", start) != std::string::npos)
    bad(where, "'" + s + "' is not a whole number of at most 38 digits");
  Exact e = 0;
  for (std::size_t i = start; i < s.size(); ++i) e = e * 10 + (s[i] - '0');
  return start ? -e : e;
}

std::uint64_t count_of(const Json& v, const std::string& where) {
  if (!v.is_number_unsigned()) bad(where, "expected a whole number from 0");
  return v.get<std::uint64_t>();
}

const Json& member(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object()) bad(where, "expected an object");
  const auto it = object.find(key);
  if (it == object.end()) bad(where, std::string("has no \"") + key + "\"");
  return *it;
}

Json parse(std::string_view text, const std::string& where) {
  return detail::parse_json<Json>(
      text, [&](const std::string& key) { bad(where, "the key \"" + key + "\" is there twice"); },
      [&](long long byte, const std::string& reason) {
        bad(where + (byte >= 0 ? " (byte " + std::to_string(byte) + ")" : ""), "not JSON: " + reason);
      });
}

}  // namespace

// The readers and writers of aggregate.cpp, with access to Aggregate's parts.
struct AggregateAccess {
  // One head's statistics as head_stats_json writes them (or a record holds them).
  static void add_head(Aggregate& a, const Json& h, const std::string& where) {
    const Json& layer = member(h, "layer", where);
    const Json& head = member(h, "head", where);
    if (!layer.is_number_integer() || !head.is_number_integer() || layer.get<long>() < 0 || head.get<long>() < 0)
      bad(where, "layer and head: expected whole numbers from 0");
    const std::pair key{layer.get<int>(), head.get<int>()};
    if (key.first >= a.model_.layers || key.second >= a.model_.heads)
      bad(where, "layer " + std::to_string(key.first) + " head " + std::to_string(key.second) + " is not a head of " +
                     a.model_.type + " (" + std::to_string(a.model_.layers) + " × " + std::to_string(a.model_.heads) + ")");
    std::vector<std::string> numbers, labels;
    std::vector<double> values;
    std::vector<std::string> texts;
    for (const auto& [name, v] : h.items()) {
      if (name == "layer" || name == "head" || v.is_array()) continue;  // the key; per-query lists stay per sentence
      if (v.is_number()) {
        const double d = static_cast<float>(v.get<double>());  // a float32 value, as HeadStats holds it
        if (!std::isfinite(d)) bad(where, name + ": expected a finite number");
        numbers.push_back(name);
        values.push_back(d);
      } else if (v.is_string()) {
        labels.push_back(name);
        texts.push_back(v.get<std::string>());
      } else {
        bad(where, name + ": expected a number, a string or a list");
      }
    }
    if (a.numbers_.empty() && a.labels_.empty()) {
      a.numbers_ = numbers;
      a.labels_ = labels;
    } else if (numbers != a.numbers_ || labels != a.labels_) {
      bad(where, "its head statistics have other fields than the first record's");
    }
    const auto max_entropy = std::find(numbers.begin(), numbers.end(), "max_entropy");
    if (max_entropy != numbers.end() && values[static_cast<std::size_t>(max_entropy - numbers.begin())] == 0)
      return;  // no query row had a choice
    HeadTotals& t = slot(a, key);
    ++t.count;
    for (std::size_t i = 0; i < values.size(); ++i) {
      FieldTotals& f = t.numbers[i];
      const double d = values[i];
      f.sum += to_exact(d);
      f.sum_squares += to_exact(d * d);  // exact: 24 × 24 bits
      const Bins b = bins_of(numbers[i]);
      const double at = std::floor((d - b.lo) / (b.hi - b.lo) * b.bins);
      ++f.histogram[static_cast<std::size_t>(std::clamp(at, 0.0, b.bins - 1.0))];
    }
    for (std::size_t i = 0; i < texts.size(); ++i) ++t.labels[i][texts[i]];
  }

  static HeadTotals& slot(Aggregate& a, std::pair<int, int> key) {
    HeadTotals& t = a.heads_[key];
    if (t.numbers.empty()) {
      for (const std::string& name : a.numbers_) t.numbers.push_back({0, 0, std::vector<std::uint64_t>(bins_of(name).bins)});
      t.labels.resize(a.labels_.size());
    }
    return t;
  }

  static Json head_json(const Aggregate& a, std::pair<int, int> key, const HeadTotals& t) {
    Json out = {{"layer", key.first}, {"head", key.second}, {"count", t.count}};
    for (std::size_t i = 0; i < a.numbers_.size(); ++i) {
      const FieldTotals& f = t.numbers[i];
      const long double n = t.count ? static_cast<long double>(t.count) : 1.0L;
      const long double mean = from_exact(f.sum) / n, var = from_exact(f.sum_squares) / n - mean * mean;
      out[a.numbers_[i]] = {{"mean", static_cast<double>(mean)},
                            {"sd", static_cast<double>(std::sqrt(std::max(var, 0.0L)))},
                            {"sum", static_cast<double>(from_exact(f.sum))},
                            {"sum_squares", static_cast<double>(from_exact(f.sum_squares))},
                            {"exact_sum", exact_text(f.sum)},
                            {"exact_sum_squares", exact_text(f.sum_squares)},
                            {"histogram", f.histogram}};
    }
    for (std::size_t i = 0; i < a.labels_.size(); ++i) out[a.labels_[i]] = t.labels[i];
    return out;
  }

  static void read_head(Aggregate& a, const Json& h, const std::string& where) {
    const Json& layer = member(h, "layer", where);
    const Json& head = member(h, "head", where);
    if (!layer.is_number_unsigned() || !head.is_number_unsigned() || layer.get<int>() >= a.model_.layers ||
        head.get<int>() >= a.model_.heads)
      bad(where, "layer and head: expected a head of the model");
    const std::pair key{layer.get<int>(), head.get<int>()};
    if (a.heads_.count(key)) bad(where, "layer " + std::to_string(key.first) + " head " + std::to_string(key.second) + " is there twice");
    HeadTotals& t = slot(a, key);
    t.count = count_of(member(h, "count", where), where + ".count");
    for (std::size_t i = 0; i < a.numbers_.size(); ++i) {
      const std::string at = where + "." + a.numbers_[i];
      const Json& f = member(h, a.numbers_[i].c_str(), where);
      t.numbers[i].sum = exact_of(member(f, "exact_sum", at), at + ".exact_sum");
      t.numbers[i].sum_squares = exact_of(member(f, "exact_sum_squares", at), at + ".exact_sum_squares");
      const Json& histogram = member(f, "histogram", at);
      if (!histogram.is_array() || histogram.size() != t.numbers[i].histogram.size())
        bad(at + ".histogram", "expected " + std::to_string(t.numbers[i].histogram.size()) + " counts");
      for (std::size_t b = 0; b < histogram.size(); ++b)
        t.numbers[i].histogram[b] = count_of(histogram[b], at + ".histogram[" + std::to_string(b) + "]");
    }
    for (std::size_t i = 0; i < a.labels_.size(); ++i) {
      const std::string at = where + "." + a.labels_[i];
      const Json& counts = member(h, a.labels_[i].c_str(), where);
      if (!counts.is_object()) bad(at, "expected an object of counts");
      for (const auto& [value, n] : counts.items()) t.labels[i][value] = count_of(n, at + "." + value);
    }
  }
};

void Aggregate::add_sentence(const Trace& trace) {
  ++sentences_;
  tokens_ += trace.tokens.size();
  for (const HeadStats& h : trace.head_stats) AggregateAccess::add_head(*this, head_stats_json(h), "head statistics");
}

long Aggregate::add_record(std::string_view record, const std::string& where) {
  const Json r = parse(record, where);
  const Json& line = member(r, "line", where);
  const Json& tokens = member(r, "tokens", where);
  const Json& heads = member(r, "heads", where);
  if (!line.is_number_unsigned() || !tokens.is_array() || !heads.is_array())
    bad(where, "expected a sentence record: a whole \"line\", \"tokens\" and \"heads\" lists");
  ++sentences_;
  tokens_ += tokens.size();
  for (const Json& h : heads) AggregateAccess::add_head(*this, h, where);
  return line.get<long>();
}

void Aggregate::merge(const Aggregate& other, const std::string& where) {
  if (!(other.model_ == model_))
    throw InputError(where + ": its model (" + other.model_.type + ", " + std::to_string(other.model_.layers) +
                     " blocks × " + std::to_string(other.model_.heads) + " heads) is not the first file's (" +
                     model_.type + ", " + std::to_string(model_.layers) + " × " + std::to_string(model_.heads) + ")");
  if (numbers_.empty() && labels_.empty()) {
    numbers_ = other.numbers_;
    labels_ = other.labels_;
  } else if (!other.heads_.empty() && (other.numbers_ != numbers_ || other.labels_ != labels_)) {
    throw InputError(where + ": its fields differ from the first file's (another version of mha-explain?)");
  }
  sentences_ += other.sentences_;
  tokens_ += other.tokens_;
  errors_ += other.errors_;
  for (const auto& [key, o] : other.heads_) {
    HeadTotals& t = AggregateAccess::slot(*this, key);
    t.count += o.count;
    for (std::size_t i = 0; i < t.numbers.size(); ++i) {
      t.numbers[i].sum += o.numbers[i].sum;
      t.numbers[i].sum_squares += o.numbers[i].sum_squares;
      for (std::size_t b = 0; b < t.numbers[i].histogram.size(); ++b) t.numbers[i].histogram[b] += o.numbers[i].histogram[b];
    }
    for (std::size_t i = 0; i < t.labels.size(); ++i)
      for (const auto& [value, n] : o.labels[i]) t.labels[i][value] += n;
  }
}

double Aggregate::mean(const HeadTotals& head, std::size_t field) const {
  return head.count ? static_cast<double>(from_exact(head.numbers[field].sum) / static_cast<long double>(head.count)) : 0.0;
}

std::string Aggregate::to_json() const {
  Json model = {{"type", model_.type},         {"layers", model_.layers},         {"heads", model_.heads},
                {"d_model", model_.d_model},   {"vocab_size", model_.vocab_size}, {"max_positions", model_.max_positions}};
  Json fields = Json::object();
  for (const std::string& name : numbers_) {
    const Bins b = bins_of(name);
    fields[name] = {{"kind", "number"}, {"lo", b.lo}, {"hi", b.hi}, {"bins", b.bins}};
  }
  for (const std::string& name : labels_) fields[name] = {{"kind", "label"}};
  std::string out = "{\n  \"schema_version\": 1,\n  \"model\": " + model.dump() + ",\n";
  out += "  \"sentences\": " + std::to_string(sentences_) + ",\n  \"tokens\": " + std::to_string(tokens_) +
         ",\n  \"errors\": " + std::to_string(errors_) + ",\n  \"fields\": " + fields.dump() + ",\n  \"heads\": [";
  bool first = true;
  for (const auto& [key, t] : heads_) {
    out += first ? "\n    " : ",\n    ";
    out += AggregateAccess::head_json(*this, key, t).dump();
    first = false;
  }
  return out + (first ? "]\n}\n" : "\n  ]\n}\n");
}

Aggregate Aggregate::from_json(std::string_view text, const std::string& source) {
  const Json j = parse(text, source);
  const Json& version = member(j, "schema_version", source);
  if (version != 1) bad(source + ": schema_version", "expected 1 (a stats.json of mha-explain corpus)");
  const Json& m = member(j, "model", source);
  const auto whole = [&](const char* key) {
    const Json& v = member(m, key, source + ".model");
    if (!v.is_number_unsigned()) bad(source + ".model." + key, "expected a whole number");
    return v.get<int>();
  };
  const Json& type = member(m, "type", source + ".model");
  if (!type.is_string()) bad(source + ".model.type", "expected a string");
  Aggregate a({type.get<std::string>(), whole("layers"), whole("heads"), whole("d_model"), whole("vocab_size"),
               whole("max_positions")});
  a.sentences_ = count_of(member(j, "sentences", source), source + ".sentences");
  a.tokens_ = count_of(member(j, "tokens", source), source + ".tokens");
  a.errors_ = count_of(member(j, "errors", source), source + ".errors");
  for (const auto& [name, f] : member(j, "fields", source).items()) {
    const Json& kind = member(f, "kind", source + ".fields." + name);
    const Bins b = bins_of(name);
    if (kind == "number" && f.value("lo", -1.0) == b.lo && f.value("hi", -1.0) == b.hi && f.value("bins", -1) == b.bins)
      a.numbers_.push_back(name);
    else if (kind == "label")
      a.labels_.push_back(name);
    else
      bad(source + ".fields." + name, "expected kind \"label\", or \"number\" with lo, hi and bins as this version bins it");
  }
  const Json& heads = member(j, "heads", source);
  if (!heads.is_array()) bad(source + ".heads", "expected a list");
  for (std::size_t i = 0; i < heads.size(); ++i)
    AggregateAccess::read_head(a, heads[i], source + ".heads[" + std::to_string(i) + "]");
  return a;
}

}  // namespace mha::corpus
