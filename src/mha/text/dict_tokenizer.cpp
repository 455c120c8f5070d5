#include "mha/text/dict_tokenizer.hpp"

#include <cmath>

#include "mha/core/error.hpp"
#include "mha/text/source.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

namespace {

using text::fail_at;
using text::quote;

constexpr std::int64_t kMostFrequency = 1'000'000'000'000'000;  // 10^15 per word
constexpr std::int64_t kMostTotal = std::int64_t{1} << 53;        // the sum stays exact in a double
constexpr std::string_view kExpected = "'word frequency [tag]' separated by single spaces";

// jieba's re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
bool in_han_block(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FD5) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '+' || c == '#' || c == '&' || c == '.' || c == '_' || c == '%' || c == '-';
}

// jieba's re_eng: one ASCII letter or digit.
bool is_ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Python's \s on str (what jieba's re_skip_default matches): Unicode
// White_Space plus the information separators U+001C..U+001F.
bool is_python_space(char32_t c) { return utf8::is_space(c) || (c >= 0x1C && c <= 0x1F); }

// bytes.strip(): ASCII white space at both ends.
std::string_view strip(std::string_view s) {
  constexpr std::string_view ws = " \t\n\r\v\f";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::int64_t parse_frequency(std::string_view digits, const std::string& source, std::size_t line) {
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
    fail_at(source, line, "frequency " + quote(digits) + " is not a whole number", kExpected);
  std::int64_t value = 0;
  for (char d : digits) {
    value = value * 10 + (d - '0');
    if (value > kMostFrequency)
      fail_at(source, line, "frequency " + quote(digits) + " is too large",
              "a frequency of at most 10^15");
  }
  return value;
}

}  // namespace

DictTokenizer DictTokenizer::load(const std::filesystem::path& path) {
  return parse(text::read_file(path, "dictionary"), path.string());
}

DictTokenizer DictTokenizer::parse(std::string_view bytes, std::string source) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  DictTokenizer dict;
  std::int64_t total = 0;
  for (const auto& [number, raw] : text::split_lines(bytes)) {
    const std::string_view line = strip(raw);
    text::decode_line(source, {number, line}, kExpected);
    const auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) fail_at(source, number, "no frequency after " + quote(line), kExpected);
    const std::string_view word = line.substr(0, sp1);
    std::string_view rest = line.substr(sp1 + 1);
    const auto sp2 = rest.find(' ');
    if (sp2 != std::string_view::npos) {
      const std::string_view tag = rest.substr(sp2 + 1);
      if (tag.empty() || tag.find(' ') != std::string_view::npos)
        fail_at(source, number, "tag " + quote(tag) + " is not one word", kExpected);
      rest = rest.substr(0, sp2);
    }
    const std::int64_t freq = parse_frequency(rest, source, number);
    total += freq;
    if (total > kMostTotal) fail_at(source, number, "the frequencies add up to more than 2^53", "smaller counts");
    // Every prefix (at character boundaries) is known, so that the DAG can
    // stop as soon as a fragment is no prefix of any word; then the word.
    for (const auto& c : utf8::decode(word)) dict.freq_.try_emplace(std::string(word.substr(0, c.offset + c.length)), 0);
    dict.freq_[std::string(word)] = freq;  // a later line for the same word wins, as in jieba
    ++dict.words_;
  }
  if (total == 0)
    throw FormatError(source + ": no word with a frequency above 0; expected at least one 'word frequency' line "
                               "with a positive frequency");
  dict.log_total_ = std::log(static_cast<double>(total));
  return dict;
}

namespace {

// One Han block: the DAG of dictionary words over it and the most likely
// route, as jieba's get_DAG, calc and __cut_DAG_NO_HMM.
void cut_block(const DictTokenizer::Table& freq, double log_total, std::string_view text,
               const utf8::CodePoint* cps, std::size_t n, std::vector<Token>& out) {
  auto begin = [&](std::size_t i) { return cps[i].offset; };
  auto end = [&](std::size_t i) { return cps[i].offset + cps[i].length; };
  // DAG: the words that start at k, as (last character, frequency); k alone
  // with frequency 1 when no word does. Stored flat: edges[first[k] ..
  // first[k+1]), in increasing order of the last character.
  struct Edge {
    std::size_t last;
    std::int64_t freq;
  };
  std::vector<std::size_t> first(n + 1);
  std::vector<Edge> edges;
  for (std::size_t k = 0; k < n; ++k) {
    first[k] = edges.size();
    for (std::size_t i = k; i < n; ++i) {
      const auto it = freq.find(text.substr(begin(k), end(i) - begin(k)));
      if (it == freq.end()) break;  // no word starts with this fragment
      if (it->second > 0) edges.push_back({i, it->second});
    }
    if (edges.size() == first[k]) edges.push_back({k, 1});  // jieba: FREQ.get(char) or 1
  }
  first[n] = edges.size();

  // route[k]: the best log probability of characters k..n-1 and where the
  // first word of that route ends. The sum is formed as jieba forms it,
  // (log f - log total) + rest, so that ties come out the same.
  std::vector<double> best(n + 1, 0.0);
  std::vector<std::size_t> word_end(n + 1, 0);
  for (std::size_t k = n; k-- > 0;) {
    bool have = false;
    for (std::size_t e = first[k]; e < first[k + 1]; ++e) {
      const std::size_t x = edges[e].last;
      const double p = (std::log(static_cast<double>(edges[e].freq)) - log_total) + best[x + 1];
      // Python's max over (p, x) tuples: a tie in p goes to the larger x,
      // and the ends are in increasing order.
      if (!have || p >= best[k]) best[k] = p, word_end[k] = x, have = true;
    }
  }

  // Walk the route; single ASCII letters and digits gather into one token.
  std::size_t buf_begin = 0;
  bool buffering = false;
  auto flush = [&](std::size_t upto) {
    if (buffering) out.push_back({std::string(text.substr(begin(buf_begin), end(upto) - begin(buf_begin))),
                                  begin(buf_begin), end(upto)});
    buffering = false;
  };
  for (std::size_t x = 0; x < n;) {
    const std::size_t y = word_end[x];
    if (y == x && is_ascii_alnum(cps[x].value)) {
      if (!buffering) buf_begin = x, buffering = true;
    } else {
      if (buffering) flush(x - 1);
      out.push_back({std::string(text.substr(begin(x), end(y) - begin(x))), begin(x), end(y)});
    }
    x = y + 1;
  }
  if (buffering) flush(n - 1);
}

}  // namespace

std::vector<Token> DictTokenizer::segment(std::string_view text) const {
  const auto cps = utf8::decode(text, "sentence");
  std::vector<Token> out;
  for (std::size_t i = 0; i < cps.size();) {
    if (in_han_block(cps[i].value)) {
      std::size_t j = i;
      while (j < cps.size() && in_han_block(cps[j].value)) ++j;
      cut_block(freq_, log_total_, text, cps.data() + i, j - i, out);
      i = j;
      continue;
    }
    // Outside Han blocks: "\r\n" together, every other character alone.
    const std::size_t len = cps[i].value == '\r' && i + 1 < cps.size() && cps[i + 1].value == '\n' ? 2 : 1;
    const std::size_t b = cps[i].offset, e = cps[i + len - 1].offset + cps[i + len - 1].length;
    out.push_back({std::string(text.substr(b, e - b)), b, e});
    i += len;
  }
  return out;
}

std::vector<Token> DictTokenizer::tokenize(std::string_view text) const {
  std::vector<Token> words;
  for (auto& t : segment(text)) {
    // Pieces outside Han blocks are one character or "\r\n": white space
    // when their first character is.
    if (!is_python_space(utf8::decode(t.text).front().value)) words.push_back(std::move(t));
  }
  if (words.empty()) throw no_token_error(text);
  return words;
}

}  // namespace mha
