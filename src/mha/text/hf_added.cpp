#include "mha/text/detail/hf_added.hpp"

#include <algorithm>

#include "mha/text/unicode.hpp"
#include "mha/text/utf8.hpp"

namespace mha::text::hf {

namespace {

bool is_word_char(char32_t c) { return c == '_' || unicode::is_letter(c) || unicode::is_number(c); }

// The code point that ends at byte `end` / starts at `begin` (valid UTF-8).
char32_t char_before(std::string_view s, std::size_t end) {
  std::size_t b = end - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
  return utf8::decode(s.substr(b, end - b), "text").front().value;
}
char32_t char_at(std::string_view s, std::size_t begin) {
  std::size_t e = begin + 1;
  while (e < s.size() && (static_cast<unsigned char>(s[e]) & 0xC0) == 0x80) ++e;
  return utf8::decode(s.substr(begin, e - begin), "text").front().value;
}

// Unicode white space before `end` (lstrip) / from `begin` on (rstrip).
std::size_t space_before(std::string_view s, std::size_t end, std::size_t floor) {
  while (end > floor && utf8::is_space(char_before(s, end))) {
    std::size_t b = end - 1;
    while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    end = b;
  }
  return std::max(end, floor);
}
std::size_t space_after(std::string_view s, std::size_t begin) {
  while (begin < s.size() && utf8::is_space(char_at(s, begin))) {
    ++begin;
    while (begin < s.size() && (static_cast<unsigned char>(s[begin]) & 0xC0) == 0x80) ++begin;
  }
  return begin;
}

}  // namespace

AddedTokens AddedTokens::parse(const Node& node) {
  AddedTokens out;
  if (node.is_null()) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const Node entry = node.at(i);
    entry.expect_object();
    AddedToken t{entry.at("id").id(), entry.at("content").string()};
    if (t.content.empty()) entry.at("content").fail("an added token must not be empty");
    t.single_word = entry.bool_or("single_word", false);
    t.lstrip = entry.bool_or("lstrip", false);
    t.rstrip = entry.bool_or("rstrip", false);
    t.normalized = entry.bool_or("normalized", true);
    t.special = entry.bool_or("special", false);
    out.tokens_.push_back(std::move(t));
    out.by_length_.push_back(static_cast<int>(i));
  }
  std::stable_sort(out.by_length_.begin(), out.by_length_.end(), [&](int a, int b) {
    return out.tokens_[static_cast<std::size_t>(a)].content.size() > out.tokens_[static_cast<std::size_t>(b)].content.size();
  });
  return out;
}

std::vector<Segment> AddedTokens::split(std::string_view text, bool normalized) const {
  std::vector<Segment> out;
  std::size_t done = 0;  // the text before it is in `out`
  std::size_t i = 0;
  bool any = false;
  for (const auto& t : tokens_) any = any || t.normalized == normalized;
  while (any && i < text.size()) {
    // Leftmost, then longest: the first token (longest first) that starts here.
    int found = -1;
    for (const int k : by_length_) {
      const AddedToken& t = tokens_[static_cast<std::size_t>(k)];
      if (t.normalized != normalized || text.compare(i, t.content.size(), t.content) != 0) continue;
      const std::size_t e = i + t.content.size();
      if (t.single_word && ((i > 0 && is_word_char(char_before(text, i))) || (e < text.size() && is_word_char(char_at(text, e)))))
        continue;
      found = k;
      break;
    }
    if (found < 0) {
      ++i;
      continue;
    }
    const AddedToken& t = tokens_[static_cast<std::size_t>(found)];
    std::size_t b = i, e = i + t.content.size();
    if (t.lstrip) b = space_before(text, b, done);
    if (t.rstrip) e = space_after(text, e);
    if (b > done) out.push_back({done, b, -1});
    out.push_back({b, e, found});
    done = i = e;
  }
  if (done < text.size()) out.push_back({done, text.size(), -1});
  return out;
}

}  // namespace mha::text::hf
