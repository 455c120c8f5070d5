#include "mha/text/bpe.hpp"

#include <algorithm>
#include <limits>

#include "mha/core/error.hpp"
#include "mha/text/detail/bpe_common.hpp"
#include "mha/text/unicode.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

namespace {

using text::fail_at;
using text::quote;

// ------------------------------------------------------------ vocab.json

constexpr std::string_view kVocabExpected = "a JSON object of \"token\": id, the ids whole numbers from 0 to 2^31 - 1";
constexpr std::int64_t kMostId = std::numeric_limits<std::int32_t>::max();

// vocab.json is a flat JSON object of string -> whole number. A reader of
// just that, so that every error can name its line.
class VocabReader {
 public:
  VocabReader(std::string_view bytes, const std::string& source) : s_(bytes), source_(source) {}

  template <class Entry>
  void read(Entry entry) {
    skip_space();
    expect('{', "'{' at the start");
    skip_space();
    if (peek() == '}') {
      ++i_;
    } else {
      for (;;) {
        skip_space();
        const std::size_t key_line = line_;
        std::string key = string();
        skip_space();
        expect(':', "':' after a token");
        skip_space();
        entry(std::move(key), number(), key_line);
        skip_space();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect('}', "',' or '}' after an id");
        break;
      }
    }
    skip_space();
    if (i_ < s_.size()) fail("more after the closing '}'");
  }

 private:
  [[noreturn]] void fail(std::string_view problem) const { fail_at(source_, line_, problem, kVocabExpected); }

  int peek() const { return i_ < s_.size() ? static_cast<unsigned char>(s_[i_]) : -1; }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }

  void expect(char c, std::string_view what) {
    if (peek() != static_cast<unsigned char>(c)) fail(i_ < s_.size() ? "no " + std::string(what) : "the text ends before " + std::string(what));
    ++i_;
  }

  unsigned hex4() {
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const int c = peek();
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else fail("a \\u escape without four hex digits");
      v = v * 16 + static_cast<unsigned>(d);
      ++i_;
    }
    return v;
  }

  std::string string() {
    expect('"', "'\"' starting a token");
    std::string out;
    for (;;) {
      const int c = peek();
      if (c < 0) fail("the text ends inside a string");
      if (c == '"') {
        ++i_;
        break;
      }
      if (c < 0x20) fail("a control character inside a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        ++i_;
        continue;
      }
      ++i_;
      const int e = peek();
      ++i_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail("a lone low surrogate \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (peek() != '\\' || i_ + 1 >= s_.size() || s_[i_ + 1] != 'u') fail("a high surrogate without its low half");
            i_ += 2;
            const unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("a high surrogate without its low half");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          out += utf8::encode(static_cast<char32_t>(cp));
          break;
        }
        default: fail("an unknown escape in a string");
      }
    }
    try {
      utf8::decode(out);
    } catch (const InputError&) {
      fail("a token that is not UTF-8");
    }
    return out;
  }

  std::int64_t number() {
    const std::size_t start = i_;
    std::int64_t v = 0;
    while (peek() >= '0' && peek() <= '9') {
      v = v * 10 + (s_[i_] - '0');
      if (v > kMostId) fail("an id above 2^31 - 1");
      ++i_;
    }
    if (i_ == start || peek() == '.' || peek() == 'e' || peek() == 'E') fail("an id that is not a whole number");
    return v;
  }

  std::string_view s_;
  const std::string& source_;
  std::size_t i_ = 0, line_ = 1;
};

// ------------------------------------------------------------ pre-tokenizer

enum class Kind { letter, number, space, other };

Kind kind(char32_t c) {
  if (utf8::is_space(c)) return Kind::space;
  if (text::unicode::is_letter(c)) return Kind::letter;
  if (text::unicode::is_number(c)) return Kind::number;
  return Kind::other;
}

// The end (in code points) of the piece that starts at i.
std::size_t piece_end(const std::vector<utf8::CodePoint>& cps, std::size_t i) {
  const std::size_t n = cps.size();
  auto at = [&](std::size_t k) -> char32_t { return k < n ? cps[k].value : 0; };
  // 's 't 're 've 'm 'll 'd (ASCII, lower case, as the pattern has them)
  if (at(i) == '\'') {
    const char32_t a = at(i + 1), b = at(i + 2);
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return i + 3;
  }
  // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+': an optional ASCII space,
  // then a run of one kind.
  std::size_t j = i;
  if (at(i) == ' ' && i + 1 < n && kind(at(i + 1)) != Kind::space) j = i + 1;
  const Kind k = kind(at(j));
  if (k != Kind::space) {
    std::size_t e = j + 1;
    while (e < n && kind(cps[e].value) == k) ++e;
    return e;
  }
  // '\s+(?!\S)' then '\s+': a run of white space up to the end, or up to
  // (not including) the last one before a non-space; a single one alone.
  std::size_t e = i + 1;
  while (e < n && kind(cps[e].value) == Kind::space) ++e;
  return e == n || e - i == 1 ? e : e - 1;
}

}  // namespace

char32_t ByteBpe::byte_symbol(unsigned char byte) { return text::detail::byte_symbol(byte); }

const std::string* ByteBpe::token_of(std::int64_t id) const {
  const auto it = std::find(ids_.begin(), ids_.end(), id);
  return it == ids_.end() ? nullptr : &names_[static_cast<std::size_t>(it - ids_.begin())];
}

std::string ByteBpe::readable(std::string_view token) {
  std::string bytes;
  for (const char32_t c : utf8::decode_lenient(token, U'?'))
    if (const int b = text::detail::symbol_byte(c); b >= 0) bytes += static_cast<char>(b);
  return text::detail::shown_bytes(bytes);
}

std::vector<std::string_view> ByteBpe::pre_tokenize(std::string_view text) {
  const auto cps = utf8::decode(text, "sentence");
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; i < cps.size();) {
    const std::size_t e = piece_end(cps, i);
    const std::size_t end_byte = e < cps.size() ? cps[e].offset : text.size();
    pieces.push_back(text.substr(cps[i].offset, end_byte - cps[i].offset));
    i = e;
  }
  return pieces;
}

ByteBpe ByteBpe::load(const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt) {
  const std::string vocab = text::read_file(vocab_json, "BPE vocabulary");  // first: errors name it first
  return parse(vocab, vocab_json.string(), text::read_file(merges_txt, "BPE merges"), merges_txt.string());
}

ByteBpe ByteBpe::parse(std::string_view vocab_json, std::string vocab_source, std::string_view merges_txt,
                       std::string merges_source) {
  ByteBpe bpe;
  text::StringMap<std::size_t> line_of;
  VocabReader(vocab_json, vocab_source).read([&](std::string token, std::int64_t id, std::size_t line) {
    const auto [it, fresh] = line_of.try_emplace(token, line);
    if (!fresh)
      fail_at(vocab_source, line, "token " + quote(token) + " again (first on line " + std::to_string(it->second) + ")",
              "each token once");
    bpe.entry_.emplace(token, static_cast<std::uint32_t>(bpe.names_.size()));
    bpe.names_.push_back(std::move(token));
    bpe.ids_.push_back(id);
  });
  for (unsigned b = 0; b < 256; ++b) {
    const std::string symbol = utf8::encode(byte_symbol(static_cast<unsigned char>(b)));
    const auto it = bpe.entry_.find(symbol);
    if (it == bpe.entry_.end()) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", b);
      throw FormatError(vocab_source + ": no token for byte " + hex + " (spelled '" + symbol +
                        "'); expected all 256 byte symbols of GPT-2's byte-level alphabet");
    }
    bpe.byte_entry_[b] = it->second;
  }

  constexpr std::string_view kExpected = "'left right': two vocabulary tokens separated by one space";
  text::StringMap<std::size_t> merge_line;
  std::uint32_t rank = 0;
  for (const auto& raw : text::split_lines(merges_txt)) {
    const std::size_t number = raw.number;
    const std::string_view line = text::without_cr(raw.bytes);
    if (number == 1 && line.substr(0, 8) == "#version") continue;
    text::decode_line(merges_source, {number, line}, kExpected);
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0 || sp + 1 == line.size() ||
        line.find(' ', sp + 1) != std::string_view::npos)
      fail_at(merges_source, number, quote(line) + " is not two tokens", kExpected);
    const std::string_view left = line.substr(0, sp), right = line.substr(sp + 1);
    auto entry = [&](std::string_view token) {
      const auto it = bpe.entry_.find(token);
      if (it == bpe.entry_.end())
        fail_at(merges_source, number, quote(token) + " is not in " + vocab_source, kExpected);
      return it->second;
    };
    const std::uint32_t l = entry(left), r = entry(right);
    const std::string joined = std::string(left) + std::string(right);
    const auto result = bpe.entry_.find(joined);
    if (result == bpe.entry_.end())
      fail_at(merges_source, number, "the merge makes " + quote(joined) + ", which " + vocab_source + " lacks",
              "merges whose result is a vocabulary token");
    const auto [it, fresh] = merge_line.try_emplace(std::string(line), number);
    if (!fresh)
      fail_at(merges_source, number, "merge " + quote(line) + " again (first on line " + std::to_string(it->second) + ")",
              "each merge once");
    bpe.merges_.emplace(text::detail::merge_key(l, r), Merge{rank++, result->second});
  }
  return bpe;
}

// The merges of one piece: its final symbols as vocabulary entries, and in
// `starts` the byte where each begins (plus the end).
std::vector<std::uint32_t> ByteBpe::merge_piece(std::string_view bytes, std::vector<std::size_t>& starts) const {
  std::vector<std::uint32_t> entry(bytes.size());
  starts.resize(bytes.size() + 1);
  for (std::size_t i = 0; i < bytes.size(); ++i) entry[i] = byte_entry_[static_cast<unsigned char>(bytes[i])];
  for (std::size_t i = 0; i <= bytes.size(); ++i) starts[i] = i;
  text::detail::merge_by_rank(entry, starts, merges_);
  return entry;
}

std::vector<Token> ByteBpe::tokenize(std::string_view text) const {
  if (text.empty()) throw no_token_error(text);
  const text::detail::CharIndex index(text);
  std::vector<Token> out;
  std::vector<std::size_t> starts;
  for (std::string_view piece : pre_tokenize(text)) {
    const std::size_t base = static_cast<std::size_t>(piece.data() - text.data());
    const auto entries = merge_piece(piece, starts);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      Token t{names_[entries[k]], base + starts[k], base + starts[k + 1], ids_[entries[k]]};
      t.label = text::detail::label_of(text, index, t.byte_begin, t.byte_end, t.partial);
      out.push_back(std::move(t));
    }
  }
  return out;
}

}  // namespace mha
