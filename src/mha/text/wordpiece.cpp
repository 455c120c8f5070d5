#include "mha/text/wordpiece.hpp"

#include <algorithm>

#include "mha/core/error.hpp"
#include "mha/text/unicode.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

namespace {

using text::fail_at;
using text::quote;

constexpr std::string_view kExpected = "one token a line, without white space";

// A character of the normalised text and the bytes of the original text it
// came from.
struct Char {
  char32_t cp;
  std::size_t begin, end;
};
using Word = std::vector<Char>;

bool is_whitespace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || text::unicode::is_space_separator(c); }

bool is_control(char32_t c) { return c != '\t' && c != '\n' && c != '\r' && text::unicode::is_other(c); }

// BERT counts every ASCII symbol as punctuation, and P* beyond ASCII.
bool is_punctuation(char32_t c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126) ||
         text::unicode::is_punctuation(c);
}

// BERT's _is_chinese_char: the CJK Unified Ideographs blocks and the
// compatibility ideographs (not kana, not hangul).
bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Python's str.split() after cleaning: the white space left is " " and the
// line and paragraph separators (Zl, Zp), which are neither Zs nor C*.
bool separates(char32_t c) { return c == ' ' || c == 0x2028 || c == 0x2029; }

// Step 1 up to the punctuation split: clean, separate CJK, cut at white space.
std::vector<Word> basic_words(const std::vector<utf8::CodePoint>& cps) {
  std::vector<Word> words(1);
  auto cut = [&] {
    if (!words.back().empty()) words.emplace_back();
  };
  for (const auto& c : cps) {
    const char32_t v = c.value;
    if (v == 0 || v == 0xFFFD || is_control(v)) continue;
    if (is_whitespace(v) || separates(v)) {
      cut();
    } else if (is_cjk(v)) {
      cut();
      words.back().push_back({v, c.offset, c.offset + c.length});
      cut();
    } else {
      words.back().push_back({v, c.offset, c.offset + c.length});
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

Word lower(const Word& w) {
  Word out;
  for (const Char& c : w) {
    if (c.cp == 0x130) {  // İ: Python's full mapping gives i + combining dot above
      out.push_back({U'i', c.begin, c.end});
      out.push_back({0x307, c.begin, c.end});
    } else {
      out.push_back({text::unicode::to_lower(c.cp), c.begin, c.end});
    }
  }
  return out;
}

// NFD (each character decomposed, then marks in canonical order), then
// without the nonspacing marks (Mn).
Word strip_accents(const Word& w) {
  Word nfd;
  for (const Char& c : w)
    for (char32_t d : text::unicode::decompose(c.cp)) nfd.push_back({d, c.begin, c.end});
  auto ccc = [](const Char& c) { return text::unicode::combining_class(c.cp); };
  for (std::size_t i = 0; i < nfd.size();) {
    std::size_t j = i;
    while (j < nfd.size() && ccc(nfd[j]) != 0) ++j;
    if (j > i + 1)
      std::stable_sort(nfd.begin() + static_cast<std::ptrdiff_t>(i), nfd.begin() + static_cast<std::ptrdiff_t>(j),
                       [&](const Char& a, const Char& b) { return ccc(a) < ccc(b); });
    i = j + 1;
  }
  Word out;
  for (const Char& c : nfd)
    if (!text::unicode::is_nonspacing_mark(c.cp)) out.push_back(c);
  return out;
}

// Every punctuation character becomes a word of its own.
void split_punctuation(const Word& w, std::vector<Word>& out) {
  Word current;
  for (const Char& c : w) {
    if (is_punctuation(c.cp)) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
      out.push_back({c});
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
}

Token piece(std::string text, std::int64_t id, const Char* first, const Char* last) {
  std::size_t b = first->begin, e = first->end;
  for (const Char* c = first; c <= last; ++c) b = std::min(b, c->begin), e = std::max(e, c->end);
  return {std::move(text), b, e, id};
}

}  // namespace

WordPiece WordPiece::load(const std::filesystem::path& vocab, WordPieceOptions options) {
  return parse(text::read_file(vocab, "WordPiece vocabulary"), vocab.string(), options);
}

WordPiece WordPiece::parse(std::string_view bytes, std::string source, WordPieceOptions options) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  WordPiece wp;
  wp.options_ = options;
  text::StringMap<std::size_t> line_of;
  for (const auto& raw : text::split_lines(bytes)) {
    const std::size_t number = raw.number;
    const std::string_view line = text::without_cr(raw.bytes);
    const auto cps = text::decode_line(source, {number, line}, kExpected);
    for (const auto& c : cps)
      if (utf8::is_space(c.value) || text::unicode::is_other(c.value))
        fail_at(source, number, "token " + quote(line) + " holds white space or a control character", kExpected);
    wp.longest_ = std::max(wp.longest_, cps.size());
    const auto [it, fresh] = line_of.try_emplace(std::string(line), number);
    if (!fresh)
      fail_at(source, number, "token " + quote(line) + " again (first on line " + std::to_string(it->second) + ")",
              "each token once");
    wp.vocab_.emplace(std::string(line), static_cast<std::int64_t>(number - 1));
  }
  auto need = [&](std::string_view token, std::string_view why) {
    const auto it = wp.vocab_.find(token);
    if (it == wp.vocab_.end())
      throw FormatError(source + ": no " + std::string(token) + " line; expected one, " + std::string(why));
    return it->second;
  };
  wp.unk_ = need("[UNK]", "WordPiece writes it for a word it cannot cover");
  if (options.add_special_tokens) {
    wp.cls_ = need("[CLS]", "special tokens were asked for");
    wp.sep_ = need("[SEP]", "special tokens were asked for");
  }
  return wp;
}

std::vector<Token> WordPiece::tokenize(std::string_view text) const {
  const auto cps = utf8::decode(text, "sentence");
  std::vector<Word> words;
  for (Word& w : basic_words(cps)) {
    if (options_.lower_case) w = lower(w);
    if (options_.strip_accents) w = strip_accents(w);
    split_punctuation(w, words);
  }
  if (words.empty()) throw no_token_error(text);

  std::vector<Token> out;
  if (options_.add_special_tokens) out.push_back({"[CLS]", 0, 0, cls_});
  std::string candidate;
  std::vector<std::size_t> at;  // byte offset of each character in the word's UTF-8
  for (const Word& w : words) {
    const Char* first = w.data();
    const Char* last = w.data() + w.size() - 1;
    if (w.size() > kMostCharsPerWord) {
      out.push_back(piece("[UNK]", unk_, first, last));
      continue;
    }
    std::string spelled;
    at.clear();
    for (const Char& c : w) at.push_back(spelled.size()), spelled += utf8::encode(c.cp);
    at.push_back(spelled.size());
    const std::size_t before = out.size();
    bool covered = true;
    for (std::size_t start = 0; start < w.size() && covered;) {
      covered = false;
      // Longest first, but never longer than the longest token.
      for (std::size_t end = std::min(w.size(), start + longest_); end > start; --end) {
        candidate = start > 0 ? "##" : "";
        candidate.append(spelled, at[start], at[end] - at[start]);
        const auto it = vocab_.find(candidate);
        if (it == vocab_.end()) continue;
        out.push_back(piece(candidate, it->second, first + start, first + end - 1));
        start = end;
        covered = true;
        break;
      }
    }
    if (!covered) {
      out.resize(before);
      out.push_back(piece("[UNK]", unk_, first, last));
    }
  }
  if (options_.add_special_tokens) out.push_back({"[SEP]", text.size(), text.size(), sep_});
  return out;
}

std::int64_t WordPiece::id_of(std::string_view token) const {
  const auto it = vocab_.find(token);
  return it == vocab_.end() ? -1 : it->second;
}

}  // namespace mha
