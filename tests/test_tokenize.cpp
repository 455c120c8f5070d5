#include <catch2/catch.hpp>

#include "mha/core/error.hpp"
#include "mha/core/rng.hpp"
#include "mha/text/tokenize.hpp"
#include "mha/text/utf8.hpp"

using mha::TokenizerKind;

static std::vector<std::string> texts(std::string_view s, TokenizerKind k = TokenizerKind::whitespace) {
  std::vector<std::string> out;
  for (const auto& t : mha::tokenize(s, k)) out.push_back(t.text);
  return out;
}

TEST_CASE("whitespace tokenizer on the seed sentence", "[tokenize]") {
  const auto tokens = mha::tokenize("我 喜欢 吃 芝士 薯条", TokenizerKind::whitespace);
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[1].text == "喜欢");
  // 我 is 3 bytes, then a space: 喜欢 starts at byte 4 and is 6 bytes long.
  CHECK(tokens[1].byte_begin == 4);
  CHECK(tokens[1].byte_end == 10);
}

TEST_CASE("whitespace tokenizer: runs of spaces, tabs, ideographic space, mixed scripts", "[tokenize]") {
  CHECK(texts("  I\tlove  薯条\u3000and café ") == std::vector<std::string>{"I", "love", "薯条", "and", "café"});
  CHECK(texts("Ελληνικά русский 日本語 🍟") == std::vector<std::string>{"Ελληνικά", "русский", "日本語", "🍟"});
}

TEST_CASE("char tokenizer: one token per code point, spaces dropped", "[tokenize]") {
  CHECK(texts("我 喜欢", TokenizerKind::character) == std::vector<std::string>{"我", "喜", "欢"});
  CHECK(texts("a🍟é", TokenizerKind::character) == std::vector<std::string>{"a", "🍟", "é"});
}

TEST_CASE("invalid UTF-8 names the byte offset", "[tokenize]") {
  // "我" (3 bytes) + space + a lone continuation byte at offset 4.
  CHECK_THROWS_WITH(mha::tokenize("我 \x80", TokenizerKind::whitespace),
                    Catch::Contains("invalid UTF-8 at byte 4"));
  CHECK_THROWS_AS(mha::tokenize("ab\xC0\xAF", TokenizerKind::whitespace), mha::InputError);  // overlong '/'
  CHECK_THROWS_WITH(mha::tokenize("ab\xC0\xAF", TokenizerKind::whitespace), Catch::Contains("byte 2"));
  CHECK_THROWS_WITH(mha::tokenize("\xED\xA0\x80", TokenizerKind::whitespace), Catch::Contains("surrogate"));
  CHECK_THROWS_WITH(mha::tokenize("x\xE5\x96", TokenizerKind::whitespace), Catch::Contains("cut short"));
  CHECK_THROWS_WITH(mha::tokenize("\xF4\x90\x80\x80", TokenizerKind::whitespace), Catch::Contains("U+10FFFF"));
}

TEST_CASE("empty and blank sentences are errors", "[tokenize]") {
  CHECK_THROWS_WITH(mha::tokenize("", TokenizerKind::whitespace), Catch::Contains("empty"));
  CHECK_THROWS_WITH(mha::tokenize(" \t\u3000 ", TokenizerKind::character), Catch::Contains("only white space"));
}

TEST_CASE("terminal width: CJK is two columns, combining marks zero", "[utf8]") {
  CHECK(mha::utf8::width("喜欢") == 4);
  CHECK(mha::utf8::width("abc") == 3);
  CHECK(mha::utf8::width("e\u0301") == 1);
  CHECK(mha::utf8::width("\U0001F44D\U0001F3FD") == 2);  // 👍🏽: thumbs up (2) + skin tone (drawn merged, 0)
  CHECK(mha::utf8::fit("芝士薯条", 5) == "芝士…");  // 4 columns + the ellipsis
}

TEST_CASE("wrap: lines fit, break at spaces or between CJK characters", "[utf8]") {
  const std::string en = "Each token is looked up in an embedding table: one row of numbers.";
  const auto lines = mha::utf8::wrap(en, 20);
  std::string joined;
  for (const auto& l : lines) {
    CHECK(mha::utf8::width(l) <= 20);
    joined += (joined.empty() ? "" : " ") + l;
  }
  CHECK(joined == en);  // only the spaces at the breaks are gone
  // 10 CJK characters are 20 columns: at 9 columns, 4 characters a line.
  CHECK(mha::utf8::wrap("多头切分的是特征列而", 9) ==
        std::vector<std::string>{"多头切分", "的是特征", "列而"});
  // Closing punctuation never starts a line, an opening bracket never ends
  // one: "等，" (4 columns) moves down together instead of leaving "，" alone.
  CHECK(mha::utf8::wrap("固定的正弦（Vaswani 等，2017）", 22) ==
        std::vector<std::string>{"固定的正弦（Vaswani", "等，2017）"});
  CHECK(mha::utf8::wrap("一二（三", 6) == std::vector<std::string>{"一二", "（三"});
}

TEST_CASE("printable: controls and bidi overrides are shown, not obeyed", "[tokenize]") {
  // U+202E (right-to-left override) would reverse the rest of a terminal
  // line; U+0001 and U+009B (a C1 control: CSI) could drive the terminal.
  CHECK(mha::utf8::printable("a\x01" "b") == "a<U+0001>b");
  CHECK(mha::utf8::printable("\u202Ertl") == "<U+202E>rtl");
  CHECK(mha::utf8::printable("x\u009By") == "x<U+009B>y");
  // Ordinary text, CJK, emoji with a skin tone and a zero-width joiner stay.
  CHECK(mha::utf8::printable("我 喜欢 👍🏽 a\u200Db é") == "我 喜欢 👍🏽 a\u200Db é");
}

TEST_CASE("random bytes: tokens or an InputError, never anything else", "[tokenize]") {
  // 20 000 random byte strings, biased towards UTF-8 lead and continuation
  // bytes so that many are almost valid. Valid ones must round-trip: the
  // tokens' byte ranges point at their own text.
  mha::SplitMix64 g(1);
  const unsigned char alphabet[] = {' ', 'a', 0x80, 0xBF, 0xC2, 0xC0, 0xE4, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 0x00};
  int valid = 0, invalid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s(g.next() % 12, '\0');
    for (auto& c : s) c = static_cast<char>(alphabet[g.next() % sizeof alphabet]);
    for (auto kind : {TokenizerKind::whitespace, TokenizerKind::character}) {
      try {
        for (const auto& t : mha::tokenize(s, kind)) REQUIRE(s.substr(t.byte_begin, t.byte_end - t.byte_begin) == t.text);
        ++valid;
      } catch (const mha::InputError&) {
        ++invalid;
      }
    }
  }
  // Both outcomes must be exercised. With seed 1 this gives 846 valid and
  // 39 154 invalid (most random strings break UTF-8 or are blank); the
  // bounds leave room without letting either side vanish.
  CHECK(valid > 500);
  CHECK(invalid > 30000);
}

TEST_CASE("decode_lenient: each byte that starts no valid sequence becomes the replacement", "[utf8]") {
  // "a", a stray continuation byte, "我" (3 bytes), a lead byte cut short by
  // "b", then a 4-byte lead at the very end: a ? 我 ? b ?
  const std::u32string got = [] {
    const auto v = mha::utf8::decode_lenient("a\x80\xE6\x88\x91\xE6" "b\xF0");
    return std::u32string(v.begin(), v.end());
  }();
  CHECK(got == U"a?我?b?");
  CHECK(mha::utf8::decode_lenient("").empty());
}
