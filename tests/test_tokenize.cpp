#include <catch2/catch.hpp>

#include "mha/error.hpp"
#include "mha/tokenize.hpp"
#include "mha/utf8.hpp"

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
  CHECK(mha::utf8::fit("芝士薯条", 5) == "芝士…");  // 4 columns + the ellipsis
}
