// The tokenizers with a dictionary or a vocabulary (src/mha/text/): dict
// (jieba's rules), wordpiece (BERT) and bpe (GPT-2). Expected outputs are
// worked out by rule in the comments, or come from jieba itself.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "mha/core/error.hpp"
#include "mha/text/bpe.hpp"
#include "mha/text/dict_tokenizer.hpp"
#include "mha/text/source.hpp"
#include "mha/text/tokenizer.hpp"
#include "mha/text/wordpiece.hpp"
#include "mha/text/utf8.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSource = MHA_SOURCE_DIR;

std::vector<std::string> texts(const std::vector<mha::Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.text);
  return out;
}

using Words = std::vector<std::string>;

// Every token's byte range points at its own text in the input.
void check_spans(std::string_view text, const std::vector<mha::Token>& tokens) {
  for (const auto& t : tokens) REQUIRE(text.substr(t.byte_begin, t.byte_end - t.byte_begin) == t.text);
}

const mha::DictTokenizer& small_dict() {
  static const auto dict = mha::DictTokenizer::load(kSource / "samples/dict/zh-small.dict.txt");
  return dict;
}

}  // namespace

// ---------------------------------------------------------------- dict

TEST_CASE("dict: the seed sentence with the shipped dictionary", "[text][dict]") {
  // 我(20000) 喜欢(3000) 吃(3000) 芝士(200) 薯条(150): no other word of the
  // dictionary spans these characters, so the route is forced.
  const auto tokens = small_dict().tokenize("我喜欢吃芝士薯条");
  CHECK(texts(tokens) == Words{"我", "喜欢", "吃", "芝士", "薯条"});
  // Each character is 3 bytes: 喜欢 is bytes 3..9, 薯条 18..24.
  CHECK(tokens[1].byte_begin == 3);
  CHECK(tokens[1].byte_end == 9);
  CHECK(tokens[4].byte_end == 24);
  CHECK(tokens[0].id == -1);  // no vocabulary ids for dict
  // The article's example: 和 (18000) and 培根 (120) are words, 和培根 is not.
  CHECK(texts(small_dict().tokenize("我喜欢吃芝士薯条和培根")) == Words{"我", "喜欢", "吃", "芝士", "薯条", "和", "培根"});
}

TEST_CASE("dict: the route of greatest probability, worked out by hand", "[text][dict]") {
  // Dictionary: 研究 10, 研究生 5, 生命 10, 命 1, 起源 10; total 36.
  // 研究生命 as 研究|生命: log(10/36)+log(10/36) = log(100/1296)
  //          as 研究生|命: log(5/36)+log(1/36)   = log(5/1296): 研究|生命 wins.
  const auto d = mha::DictTokenizer::parse("研究 10\n研究生 5\n生命 10\n命 1\n起源 10\n", "mem");
  CHECK(texts(d.tokenize("研究生命起源")) == Words{"研究", "生命", "起源"});
  // With 研究生 at 1000 (total 1031): 研究生|命 = 1000*1/1031^2 beats
  // 研究|生命 = 10*10/1031^2.
  const auto e = mha::DictTokenizer::parse("研究 10\n研究生 1000\n生命 10\n命 1\n起源 10\n", "mem");
  CHECK(texts(e.tokenize("研究生命起源")) == Words{"研究生", "命", "起源"});
  // A tie: with 甲乙, 丙, 甲 and 乙丙 all at frequency 1 (total 4), 甲乙|丙 and
  // 甲|乙丙 both score log(1/4) + log(1/4), the same double. jieba's max over
  // (score, end) tuples keeps the longer first word, 甲乙.
  const auto t = mha::DictTokenizer::parse("甲乙 1\n丙 1\n甲 1\n乙丙 1\n", "mem");
  CHECK(texts(t.tokenize("甲乙丙")) == Words{"甲乙", "丙"});
}

TEST_CASE("dict: non-Han text follows jieba's blocks", "[text][dict]") {
  const auto& d = small_dict();
  // ASCII letters and digits run together; "." and "-" are Han-block
  // characters that no word covers, so they stand alone; the space, "，" and
  // the emoji are single tokens outside Han blocks.
  const auto seg = d.segment("v1.2 GPT-2，🍟");
  CHECK(texts(seg) == Words{"v1", ".", "2", " ", "GPT", "-", "2", "，", "🍟"});
  check_spans("v1.2 GPT-2，🍟", seg);
  // tokenize is segment without the white space ("\r\n" is one piece).
  CHECK(texts(d.segment("我\r\n吃")) == Words{"我", "\r\n", "吃"});
  CHECK(texts(d.tokenize("我\r\n吃\u3000喝")) == Words{"我", "吃", "喝"});
  // Full-width letters and digits are outside re_han: one token each.
  CHECK(texts(d.tokenize("ＡＢ１")) == Words{"Ａ", "Ｂ", "１"});
  CHECK_THROWS_WITH(d.tokenize(" \t"), Catch::Contains("only white space"));
  CHECK_THROWS_WITH(d.tokenize(""), Catch::Contains("empty"));
  CHECK_THROWS_WITH(d.tokenize("我\xE5"), Catch::Contains("invalid UTF-8 at byte 3"));
}

TEST_CASE("dict: agrees with jieba token for token", "[text][dict]") {
  // tests/data/jieba_cases.json: jieba 0.42.1's cut(text, HMM=False) over
  // 337 sentences (tests/reference/make_jieba_cases.py).
  const auto cases = nlohmann::json::parse(mha::text::read_file(kSource / "tests/data/jieba_cases.json", "test cases"));
  REQUIRE(cases["cases"].size() >= 300);
  std::size_t compared = 0;
  for (const auto& c : cases["cases"]) {
    const std::string text = c["text"];
    INFO(text);
    const auto seg = small_dict().segment(text);
    CHECK(texts(seg) == c["small"].get<Words>());
    check_spans(text, seg);
    ++compared;
  }
  CHECK(compared == cases["cases"].size());

  // jieba's own dict.txt, the file the cases were made with (python3-jieba,
  // which scripts/test.sh installs): without it the test fails, not skips.
  const fs::path full = cases["full_dict"].is_string() ? fs::path(cases["full_dict"].get<std::string>()) : fs::path();
  if (full.empty() || !fs::exists(full) || fs::file_size(full) != cases["full_dict_bytes"].get<std::uintmax_t>())
    FAIL(full << " is not jieba's dict.txt of " << cases["full_dict_bytes"] << " bytes: install python3-jieba "
              "(MHA_TEST_PACKAGES=1 scripts/setup.sh does)");
  const auto dict = mha::DictTokenizer::load(full);
  CHECK(dict.words() == 349046);
  for (const auto& c : cases["cases"]) {
    const std::string text = c["text"];
    INFO(text);
    CHECK(texts(dict.segment(text)) == c["full"].get<Words>());
  }
}

TEST_CASE("dict: a 10 000-character text", "[text][dict]") {
  // The seed sentence 1 250 times over: no word of the dictionary spans the
  // seam 条|我, so each copy is its own 5 words again.
  std::string text;
  for (int i = 0; i < 1250; ++i) text += "我喜欢吃芝士薯条";
  const auto t = small_dict().tokenize(text);
  REQUIRE(t.size() == 6250);
  CHECK(t[6249].text == "薯条");
  CHECK(t[6249].byte_end == 30000);
}

TEST_CASE("dict: a bad dictionary line is one error naming the file and the line", "[text][dict]") {
  using Catch::Contains;
  auto parse = [](std::string_view bytes) { return mha::DictTokenizer::parse(bytes, "my.dict"); };
  CHECK_THROWS_AS(parse("我 1\n喜欢\n"), mha::FormatError);
  CHECK_THROWS_WITH(parse("我 1\n喜欢\n"), Contains("my.dict line 2: no frequency after '喜欢'"));
  CHECK_THROWS_WITH(parse("我 1\n\n"), Contains("my.dict line 2: empty line"));
  CHECK_THROWS_WITH(parse("我 x1\n"), Contains("line 1: frequency 'x1' is not a whole number"));
  CHECK_THROWS_WITH(parse("我 -1\n"), Contains("line 1: frequency '-1'"));
  CHECK_THROWS_WITH(parse("我  1\n"), Contains("line 1: frequency '' is not"));  // two spaces
  CHECK_THROWS_WITH(parse("我 1 n x\n"), Contains("line 1: tag 'n x' is not one word"));
  CHECK_THROWS_WITH(parse("a 1\n\xE6\x88 2\n"), Contains("line 2: not UTF-8"));
  CHECK_THROWS_WITH(parse("我 99999999999999999999\n"), Contains("line 1: frequency '99999999999999999999' is too large"));
  CHECK_THROWS_WITH(parse("我 0\n"), Contains("my.dict: no word with a frequency above 0"));
  CHECK_THROWS_WITH(parse(""), Contains("no word with a frequency above 0"));
  // Accepted as jieba accepts them: CRLF line ends, a tag, a byte-order mark,
  // no newline at the end.
  CHECK(parse("\xEF\xBB\xBF我 1 r\r\n吃 2").words() == 2);
  // The file form names the path.
  CHECK_THROWS_WITH(mha::DictTokenizer::load("/nonexistent/x.dict"), Contains("/nonexistent/x.dict: cannot open"));
}

TEST_CASE("dict: the shipped dictionary is compiled in, byte for byte the file", "[text][dict]") {
  // The library reads no file for it (an installed mha-explain has no source
  // tree): its bytes are samples/dict/zh-small.dict.txt's, 358 words.
  CHECK(mha::shipped_dictionary() == mha::text::read_file(kSource / "samples/dict/zh-small.dict.txt", "dictionary"));
  CHECK(mha::DictTokenizer::parse(mha::shipped_dictionary(), "shipped").words() == 358);
  // --tokenizer dict without --dict uses it.
  mha::TokenizerSpec spec;
  spec.kind = mha::TokenizerKind::dict;
  CHECK(texts(mha::make_tokenizer(spec)("我喜欢吃芝士薯条")) == Words{"我", "喜欢", "吃", "芝士", "薯条"});
}

// ---------------------------------------------------------------- wordpiece

namespace {

// tests/data/text/wordpiece-vocab.txt (made by make_text_vocabs.py there):
//   0 [PAD]  1 [UNK]  2 [CLS]  3 [SEP]  4 the  5 un  6 ##aff  7 ##able
//   8 play  9 ##ing  10 ##s  11 cafe  12 我  13 喜  14 欢  15 ,  16 !  17 '
//   18 t  19 don  20 a  21 ##a  22 hello
const fs::path kTextData = kSource / "tests/data/text";

std::vector<std::int64_t> ids(const std::vector<mha::Token>& tokens) {
  std::vector<std::int64_t> out;
  for (const auto& t : tokens) out.push_back(t.id);
  return out;
}

using Ids = std::vector<std::int64_t>;

mha::WordPiece wordpiece(mha::WordPieceOptions options = {}) { return mha::WordPiece::load(kTextData / "wordpiece-vocab.txt", options); }

}  // namespace

TEST_CASE("wordpiece: greedy longest match first with ## continuations", "[text][wordpiece]") {
  const auto wp = wordpiece();
  CHECK(wp.size() == 23);
  // "unaffable": the longest prefix in the vocabulary is "un", then the
  // longest "##..." is "##aff", then "##able" (BERT's own example).
  const auto t = wp.tokenize("unaffable");
  CHECK(texts(t) == Words{"un", "##aff", "##able"});
  CHECK(ids(t) == Ids{5, 6, 7});
  CHECK(t[1].byte_begin == 2);
  CHECK(t[1].byte_end == 5);
  // "playing plays": play ##ing, play ##s.
  CHECK(ids(wp.tokenize("playing plays")) == Ids{8, 9, 8, 10});
}

TEST_CASE("wordpiece: lower case, accents, punctuation, CJK, controls", "[text][wordpiece]") {
  const auto wp = wordpiece();
  // Lower-cased and without the accent, "Café" is "cafe" (id 11) and covers
  // all 5 bytes (é is 2); "PLAYING!" is play ##ing and "!" on its own.
  const std::string text = "Café PLAYING!";
  const auto t = wp.tokenize(text);
  CHECK(texts(t) == Words{"cafe", "play", "##ing", "!"});
  CHECK(t[0].byte_begin == 0);
  CHECK(t[0].byte_end == 5);
  CHECK(t[2].byte_begin == 10);  // "ING" is bytes 10..13
  CHECK(t[3].byte_begin == 13);
  // The accent as a combining mark (e + U+0301) strips the same way.
  CHECK(ids(wp.tokenize("cafe\u0301")) == Ids{11});
  // Every CJK ideograph is a word of its own: 我 喜 欢 are in the
  // vocabulary, 吃 is not and becomes [UNK] (id 1); each is 3 bytes.
  const auto cjk = wp.tokenize("我喜欢吃");
  CHECK(ids(cjk) == Ids{12, 13, 14, 1});
  CHECK(cjk[3].byte_begin == 9);
  CHECK(cjk[3].byte_end == 12);
  // Punctuation splits a contraction: don ' t.
  CHECK(texts(wp.tokenize("don't")) == Words{"don", "'", "t"});
  // Control and format characters vanish (U+0001, the zero-width joiner);
  // the word still covers their bytes as it spans from h to o.
  const auto hello = wp.tokenize("hel\x01l\u200Do");
  CHECK(texts(hello) == Words{"hello"});
  CHECK(hello[0].byte_end == 9);  // h e l \x01 l (5) + U+200D (3) + o
  // An emoji is neither punctuation nor CJK: a word this vocabulary lacks.
  CHECK(texts(wp.tokenize("🍟 the")) == Words{"[UNK]", "the"});
  // White space of every kind separates: tab, ideographic space, NBSP.
  CHECK(ids(wp.tokenize("the\tthe\u3000the\u00A0the")) == Ids{4, 4, 4, 4});
  CHECK_THROWS_WITH(wp.tokenize(" \x01 "), Catch::Contains("only white space"));
  CHECK_THROWS_WITH(wp.tokenize("\xFF"), Catch::Contains("invalid UTF-8 at byte 0"));
}

TEST_CASE("wordpiece: cased, long words, special tokens", "[text][wordpiece]") {
  // Cased and with accents kept, "Café" is not in the vocabulary.
  CHECK(texts(wordpiece({false, false, false}).tokenize("Café the")) == Words{"[UNK]", "the"});
  // Accents stripped but case kept: "cafÉ" -> "cafE", not in the vocabulary.
  CHECK(texts(wordpiece({false, true, false}).tokenize("cafÉ café")) == Words{"[UNK]", "cafe"});
  // 100 characters is still a word: a, then 99 times ##a. 101 is [UNK].
  const auto hundred = wordpiece().tokenize(std::string(100, 'a'));
  CHECK(hundred.size() == 100);
  CHECK(hundred[99].text == "##a");
  CHECK(hundred[99].byte_begin == 99);
  const auto long_word = wordpiece().tokenize(std::string(101, 'a') + " the");
  CHECK(texts(long_word) == Words{"[UNK]", "the"});
  CHECK(long_word[0].byte_end == 101);
  // A word with one letter the vocabulary cannot cover is one [UNK] whole:
  // "unaffablex" covers "un ##aff ##able" but no "##x".
  CHECK(texts(wordpiece().tokenize("unaffablex")) == Words{"[UNK]"});
  // [CLS] first with the empty range at 0, [SEP] last at the end.
  const auto t = wordpiece({true, true, true}).tokenize("the cafe");
  CHECK(ids(t) == Ids{2, 4, 11, 3});
  CHECK(t.front().byte_end == 0);
  CHECK(t.back().byte_begin == 8);
  CHECK(t.back().byte_end == 8);
}

TEST_CASE("wordpiece: a bad vocabulary line is one error naming the file and the line", "[text][wordpiece]") {
  using Catch::Contains;
  auto parse = [](std::string_view bytes, mha::WordPieceOptions o = {}) { return mha::WordPiece::parse(bytes, "vocab.txt", o); };
  CHECK_THROWS_AS(parse("[UNK]\n\nthe\n"), mha::FormatError);
  CHECK_THROWS_WITH(parse("[UNK]\n\nthe\n"), Contains("vocab.txt line 2: empty line"));
  CHECK_THROWS_WITH(parse("[UNK]\nthe\nthe\n"), Contains("vocab.txt line 3: token 'the' again (first on line 2)"));
  CHECK_THROWS_WITH(parse("[UNK]\nnew york\n"), Contains("line 2: token 'new york' holds white space"));
  CHECK_THROWS_WITH(parse("[UNK]\nx\ty\n"), Contains("line 2: token 'x<U+0009>y' holds white space"));
  CHECK_THROWS_WITH(parse("[UNK]\n\xC3\n"), Contains("line 2: not UTF-8"));
  CHECK_THROWS_WITH(parse("the\n"), Contains("vocab.txt: no [UNK] line"));
  CHECK_THROWS_WITH(parse("[UNK]\n[SEP]\n", {true, true, true}), Contains("vocab.txt: no [CLS] line"));
  // CRLF line ends and a missing final newline are fine; ids stay line - 1.
  CHECK(ids(parse("[UNK]\r\nthe\r\ncafe").tokenize("the cafe")) == Ids{1, 2});
  CHECK_THROWS_WITH(mha::WordPiece::load("/nonexistent/vocab.txt"), Contains("/nonexistent/vocab.txt: cannot open"));
}

// ---------------------------------------------------------------- bpe

namespace {

// GPT-2's bytes_to_unicode, written again here from its rule: printable
// Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') spell themselves, the other 68
// take U+0100, U+0101, ... in byte order.
std::string spelled(unsigned char byte) {
  auto printable = [](unsigned b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
  unsigned before = 0;
  for (unsigned b = 0; b < byte; ++b) before += printable(b) ? 0 : 1;
  return mha::utf8::encode(printable(byte) ? char32_t{byte} : char32_t{0x100 + before});
}

// tests/data/text/bpe-vocab.json and bpe-merges.txt (make_text_vocabs.py):
// the 256 byte symbols with id = byte value (byte b on line b + 2), then one
// token per merge, ids 256 on. The merges, best first (merges.txt line 2 on):
//   256 Ġ t   257 h e   258 Ġt he   259 l l   260 ' ll   261 o n
//   262 d on  263 è Ĭ (the first two bytes of 芝: E8 8A 9D)   264 Ġ Ġ
std::string bpe_vocab_json() { return mha::text::read_file(kTextData / "bpe-vocab.json", "test vocabulary"); }
std::string bpe_merges_txt() { return mha::text::read_file(kTextData / "bpe-merges.txt", "test merges"); }

const mha::ByteBpe& small_bpe() {
  static const auto bpe = mha::ByteBpe::parse(bpe_vocab_json(), "vocab.json", bpe_merges_txt(), "merges.txt");
  return bpe;
}

std::vector<std::string> labels(const std::vector<mha::Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.shown());
  return out;
}

Words pieces(std::string_view text) {
  Words out;
  for (auto p : mha::ByteBpe::pre_tokenize(text)) out.emplace_back(p);
  return out;
}

}  // namespace

TEST_CASE("bpe: the byte alphabet is GPT-2's", "[text][bpe]") {
  // Known spellings from GPT-2's vocabulary: the space is Ġ (U+0120), the
  // newline Ċ (U+010A), 0xAD (soft hyphen, not printable) the last one, Ń
  // (U+0143); 'a' and 'é' (0xE9) spell themselves.
  CHECK(mha::ByteBpe::byte_symbol(' ') == U'Ġ');
  CHECK(mha::ByteBpe::byte_symbol('\n') == U'Ċ');
  CHECK(mha::ByteBpe::byte_symbol(0xAD) == U'Ń');
  CHECK(mha::ByteBpe::byte_symbol('a') == U'a');
  CHECK(mha::ByteBpe::byte_symbol(0xE9) == U'é');
  // The test's own table agrees byte for byte.
  for (unsigned b = 0; b < 256; ++b) CHECK(mha::utf8::encode(mha::ByteBpe::byte_symbol(static_cast<unsigned char>(b))) == spelled(static_cast<unsigned char>(b)));
  CHECK(small_bpe().size() == 265);
  CHECK(small_bpe().merges() == 9);
}

TEST_CASE("bpe: GPT-2's pre-tokenizer pattern", "[text][bpe]") {
  // Contractions (lower-case only), letters with their leading space.
  CHECK(pieces("I'll don't") == Words{"I", "'ll", " don", "'t"});
  CHECK(pieces("DON'T 're") == Words{"DON", "'", "T", " '", "re"});
  // Numbers, symbols: "4.5" is number, symbol, number; "!!" one run.
  CHECK(pieces("abc123 4.5!!") == Words{"abc", "123", " 4", ".", "5", "!!"});
  // White space: a run keeps its last character for the next word; a run at
  // the end stays whole; a lone newline before a word is its own piece.
  CHECK(pieces("a   b") == Words{"a", "  ", " b"});
  CHECK(pieces("a  ") == Words{"a", "  "});
  CHECK(pieces("a\nb") == Words{"a", "\n", "b"});
  CHECK(pieces("a \n b") == Words{"a", " \n", " b"});
  // Real categories: CJK and Greek are letters, Arabic-Indic digits and Ⅻ
  // (Nl) numbers, a combining accent (Mn) and an emoji (So) "other".
  CHECK(pieces("我喜欢 Ελλάδα ١٢٣Ⅻ") == Words{"我喜欢", " Ελλάδα", " ١٢٣Ⅻ"});
  CHECK(pieces("cafe\u0301 🍟🍔") == Words{"cafe", "\u0301", " 🍟🍔"});
  // The ideographic space is white space but not the ASCII space: alone.
  CHECK(pieces("我\u3000你") == Words{"我", "\u3000", "你"});
}

TEST_CASE("bpe: merges by rank", "[text][bpe]") {
  const auto& bpe = small_bpe();
  // "the": (h,e) is the only pair with a merge -> t he. " the": Ġ t h e;
  // (Ġ,t) rank 0 first -> Ġt h e; then (h,e) rank 1 -> Ġt he; then
  // (Ġt,he) rank 2 -> Ġthe.
  const auto t = bpe.tokenize("the the");
  CHECK(texts(t) == Words{"t", "he", "Ġthe"});
  CHECK(ids(t) == Ids{'t', 257, 258});
  CHECK(labels(t) == Words{"t", "he", " the"});
  CHECK(t[2].byte_begin == 3);
  CHECK(t[2].byte_end == 7);
  // "'ll": (l,l) rank 3 -> ' ll; (',ll) rank 4 -> 'll. "'t" has no merge.
  CHECK(texts(bpe.tokenize("I'll don't")) == Words{"I", "'ll", "Ġ", "don", "'", "t"});
  // Three spaces before b: "  " merges (Ġ,Ġ) -> ĠĠ, then " b" is Ġ b.
  CHECK(texts(bpe.tokenize("a   b")) == Words{"a", "ĠĠ", "Ġ", "b"});
  // Overlapping pairs merge left to right: "    " (4 spaces at the end) is
  // ĠĠ ĠĠ; 5 spaces ĠĠ ĠĠ Ġ.
  CHECK(texts(bpe.tokenize("    ")) == Words{"ĠĠ", "ĠĠ"});
  CHECK(texts(bpe.tokenize("     ")) == Words{"ĠĠ", "ĠĠ", "Ġ"});
  // Bytes no merge touches stay single: "12" is 1 2 with ids '1' '2'.
  CHECK(ids(bpe.tokenize("12")) == Ids{'1', '2'});
  CHECK_THROWS_WITH(bpe.tokenize(""), Catch::Contains("empty"));
  CHECK_THROWS_WITH(bpe.tokenize("a\xC3"), Catch::Contains("invalid UTF-8 at byte 1"));
}

TEST_CASE("bpe: labels show the characters, partial tokens are marked", "[text][bpe]") {
  const auto& bpe = small_bpe();
  // 芝 is E8 8A 9D, spelled è Ĭ Ŀ; 士 is E5 A3 AB, spelled å £ «. Only
  // (è,Ĭ) merges: èĬ holds the first two bytes of 芝, Ŀ the last; 士's three
  // bytes stay apart.
  const auto t = bpe.tokenize("芝士");
  CHECK(texts(t) == Words{"èĬ", "Ŀ", "å", "£", "«"});
  CHECK(ids(t) == Ids{263, 0x9D, 0xE5, 0xA3, 0xAB});
  CHECK(labels(t) == Words{"芝…", "…芝", "士…", "…士…", "…士"});
  for (const auto& tok : t) CHECK(tok.partial);
  CHECK(t[0].byte_end == 2);
  CHECK(t[4].byte_begin == 5);
  // An emoji (F0 9F 8D 9F) with no merges: four byte tokens.
  CHECK(labels(bpe.tokenize("🍟")) == Words{"🍟…", "…🍟…", "…🍟…", "…🍟"});
  // Latin too: "é" is C3 A9 and no merge joins them: two partial tokens.
  CHECK(labels(bpe.tokenize("é")) == Words{"é…", "…é"});
  // Tokens of whole characters are not partial: "he" of "the".
  CHECK_FALSE(bpe.tokenize("the")[1].partial);
}

TEST_CASE("bpe: a long unspaced text is fast and exact", "[text][bpe]") {
  // 10 000 CJK characters are one piece of 30 000 bytes; with the heap the
  // merges take well under a second. 芝 芝 ... : every 芝 is èĬ Ŀ.
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "芝";
  const auto t = small_bpe().tokenize(text);
  REQUIRE(t.size() == 20000);
  CHECK(t[19998].text == "èĬ");
  CHECK(t[19999].byte_end == 30000);
}

TEST_CASE("bpe: bad vocab.json and merges.txt lines are one error naming the file and the line", "[text][bpe]") {
  using Catch::Contains;
  const std::string vocab = bpe_vocab_json(), merges = bpe_merges_txt();
  auto with_vocab = [&](const std::string& v) { return mha::ByteBpe::parse(v, "vocab.json", merges, "merges.txt"); };
  auto with_merges = [&](const std::string& m) { return mha::ByteBpe::parse(vocab, "vocab.json", m, "merges.txt"); };
  // vocab.json: line 1 is "{", byte b is on line b + 2.
  std::string v = vocab;
  v.replace(v.find(": 5,"), 4, ": \"5\",");  // byte 5 on line 7
  CHECK_THROWS_AS(with_vocab(v), mha::FormatError);
  CHECK_THROWS_WITH(with_vocab(v), Contains("vocab.json line 7: an id that is not a whole number"));
  v = vocab;
  v.replace(v.find(": 5,"), 4, ": 5.5,");
  CHECK_THROWS_WITH(with_vocab(v), Contains("vocab.json line 7: an id that is not a whole number"));
  CHECK_THROWS_WITH(with_vocab("{\n\"a\": 1,\n\"a\": 2}"), Contains("vocab.json line 3: token 'a' again (first on line 2)"));
  CHECK_THROWS_WITH(with_vocab("{\n\"a\": 1\n\"b\": 2}"), Contains("vocab.json line 3: no ',' or '}' after an id"));
  CHECK_THROWS_WITH(with_vocab("{\n\"a\": 99999999999}"), Contains("line 2: an id above 2^31 - 1"));
  CHECK_THROWS_WITH(with_vocab("{\n\n\"\\ud800\": 1}"), Contains("line 3: a high surrogate without its low half"));
  CHECK_THROWS_WITH(with_vocab("{\"a\": 1"), Contains("line 1: the text ends before ',' or '}'"));
  CHECK_THROWS_WITH(with_vocab("[1, 2]"), Contains("line 1: no '{' at the start"));
  CHECK_THROWS_WITH(with_vocab("{\"\xC3\": 1}"), Contains("line 1: a token that is not UTF-8"));
  CHECK_THROWS_WITH(with_vocab("{\"a\": 1}"), Contains("vocab.json: no token for byte 0x00 (spelled 'Ā')"));
  // merges.txt: line 1 is "#version: 0.2".
  CHECK_THROWS_WITH(with_merges(merges + "h\n"), Contains("merges.txt line 11: 'h' is not two tokens"));
  CHECK_THROWS_WITH(with_merges(merges + "a b c\n"), Contains("merges.txt line 11: 'a b c' is not two tokens"));
  CHECK_THROWS_WITH(with_merges(merges + "a  b\n"), Contains("line 11: 'a  b' is not two tokens"));
  CHECK_THROWS_WITH(with_merges(merges + "a xyz\n"), Contains("line 11: 'xyz' is not in vocab.json"));
  CHECK_THROWS_WITH(with_merges(merges + "a b\n"), Contains("line 11: the merge makes 'ab', which vocab.json lacks"));
  CHECK_THROWS_WITH(with_merges(merges + "h e\n"), Contains("line 11: merge 'h e' again (first on line 3)"));
  CHECK_THROWS_WITH(with_merges("#version: 0.2\n\nh e\n"), Contains("line 2: empty line"));
  CHECK_THROWS_WITH(with_merges("h \xE8\n"), Contains("merges.txt line 1: not UTF-8"));
  // No #version line, CRLF line ends: fine.
  CHECK(with_merges("h e\r\nl l\r\n").merges() == 2);
  CHECK_THROWS_WITH(mha::ByteBpe::load("/nonexistent/vocab.json", "/nonexistent/merges.txt"),
                    Contains("/nonexistent/vocab.json: cannot open"));
}
