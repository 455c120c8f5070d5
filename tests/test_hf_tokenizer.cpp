// HfTokenizer (src/mha/text/hf_tokenizer.hpp): Hugging Face's tokenizer.json.
// Each stage on a hand-made file whose ids follow from its rules, worked out
// in the comments; the real Qwen3 / Llama 3 files and the tiny fixtures are
// checked against Hugging Face's own tokenizers by CTest hf_tokenizer_agrees.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mha/core/error.hpp"
#include "mha/text/hf_tokenizer.hpp"

namespace {

using Ids = std::vector<std::int64_t>;

struct File {
  std::string model, normalizer = "null", pre = "null", post = "null", added = "[]", decoder = "null";
  std::string json() const {
    return "{\"version\": \"1.0\", \"added_tokens\": " + added + ", \"normalizer\": " + normalizer +
           ", \"pre_tokenizer\": " + pre + ", \"post_processor\": " + post + ", \"decoder\": " + decoder +
           ", \"model\": " + model + "}";
  }
  mha::HfTokenizer load(std::optional<std::string> config = std::nullopt) const {
    const std::string j = json();
    return config ? mha::HfTokenizer::parse(j, "t.json", *config, "c.json") : mha::HfTokenizer::parse(j, "t.json");
  }
};

std::string bpe(const std::string& vocab, const std::string& merges, const std::string& extra = "") {
  return "{\"type\": \"BPE\", \"vocab\": {" + vocab + "}, \"merges\": [" + merges + "]" + extra + "}";
}

Ids ids(const mha::HfTokenizer& t, std::string_view text, bool special = true) {
  Ids out;
  for (const auto& token : t.tokenize(text, special)) out.push_back(token.id);
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> spans(const mha::HfTokenizer& t, std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& token : t.tokenize(text)) out.emplace_back(token.byte_begin, token.byte_end);
  return out;
}

std::string error_of(const File& f) {
  try {
    f.load();
  } catch (const mha::FormatError& e) {
    return e.what();
  }
  return "no error";
}

// The 256 byte symbols of GPT-2's alphabet with id = byte ("a" 97, "Ġ" 32),
// and `extra` entries after them.
std::string byte_vocab(const std::string& extra) {
  std::string v;
  for (unsigned b = 0; b < 256; ++b) {
    std::string s;
    const auto printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    unsigned shifted = 0;
    for (unsigned k = 0; k < b; ++k) shifted += !((k >= 0x21 && k <= 0x7E) || (k >= 0xA1 && k <= 0xAC) || k >= 0xAE);
    const char32_t c = printable ? b : 0x100 + shifted;
    if (c < 0x80) s = std::string(1, static_cast<char>(c));
    else s = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
    if (s == "\"" || s == "\\") s = "\\" + s;
    v += "\"" + s + "\": " + std::to_string(b) + ", ";
  }
  return v + extra;
}

const std::string kAbc = R"("a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4, "bc": 5)";

}  // namespace

TEST_CASE("hf BPE: merges by rank, in both of tokenizer.json's forms", "[hf]") {
  // "a b" (rank 0) then "ab c" (rank 1): abc is one token (4); "cab" is c + ab.
  const auto strings = File{bpe(kAbc, R"("a b", "ab c")")}.load();
  const auto pairs = File{bpe(kAbc, R"(["a", "b"], ["ab", "c"])")}.load();
  CHECK(ids(strings, "abc") == Ids{4});
  CHECK(ids(pairs, "abc") == Ids{4});
  CHECK(ids(pairs, "cab") == Ids{2, 3});
  // "b c" ranked first takes b before "a b" can: a + bc, and no merge joins those.
  CHECK(ids(File{bpe(kAbc, R"("b c", "a b", "ab c")")}.load(), "abc") == Ids{0, 5});
  CHECK(strings.size() == 6);
  CHECK(*strings.token_of(3) == "ab");
  CHECK(strings.id_of("abc") == 4);
  CHECK(strings.id_of("zz") == -1);
  CHECK(strings.token_of(6) == nullptr);
}

TEST_CASE("hf BPE: byte_fallback spells a missing character as <0xNN>, labelled by the part of it they hold", "[hf]") {
  // 你 is E4 BD A0: not in the vocabulary, so its three byte tokens 2, 3, 4.
  const File f{bpe(R"("a": 0, "<0xA0>": 2, "<0xE4>": 3, "<0xBD>": 4)", "", R"(, "byte_fallback": true)"),
               "null", "null", "null", "[]", R"({"type": "ByteFallback"})"};
  const auto t = f.load();
  const auto tokens = t.tokenize("a你");
  REQUIRE(ids(t, "a你") == Ids{0, 3, 4, 2});
  CHECK(tokens[1].text == "<0xE4>");
  CHECK(tokens[1].label == "你…");
  CHECK(tokens[2].label == "…你…");
  CHECK(tokens[3].label == "…你");
  CHECK(tokens[3].partial);
  CHECK_FALSE(tokens[0].partial);
  CHECK(spans(t, "a你") == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 2}, {2, 3}, {3, 4}});
  CHECK(t.readable(3) == "…");  // one byte that is not a whole character
}

TEST_CASE("hf BPE: unk_token, with and without fuse_unk; a missing character without either is dropped", "[hf]") {
  // x and y are not in the vocabulary: one <unk> (0) for the run when fused, one each when not.
  const std::string vocab = R"("<unk>": 0, "a": 1)";
  CHECK(ids(File{bpe(vocab, "", R"(, "unk_token": "<unk>", "fuse_unk": true)")}.load(), "axya") == Ids{1, 0, 1});
  CHECK(ids(File{bpe(vocab, "", R"(, "unk_token": "<unk>", "fuse_unk": false)")}.load(), "axya") == Ids{1, 0, 0, 1});
  CHECK(ids(File{bpe(vocab, "")}.load(), "axya") == Ids{1, 1});
}

TEST_CASE("hf BPE: ignore_merges takes a word that is in the vocabulary whole (Llama 3)", "[hf]") {
  // hello (5) has no merge path: with ignore_merges it is taken whole, without it he + ll + o.
  const std::string vocab = R"("h": 0, "e": 1, "l": 2, "o": 3, "he": 4, "hello": 5, "ll": 6)";
  CHECK(ids(File{bpe(vocab, R"("h e", "l l")", R"(, "ignore_merges": true)")}.load(), "hello") == Ids{5});
  CHECK(ids(File{bpe(vocab, R"("h e", "l l")", R"(, "ignore_merges": false)")}.load(), "hello") == Ids{4, 6, 3});
}

TEST_CASE("hf BPE: what is refused names the file, the path and what is supported", "[hf]") {
  CHECK(error_of(File{bpe(kAbc, "", R"(, "continuing_subword_prefix": "##")")}) ==
        "t.json: model.continuing_subword_prefix: continuing_subword_prefix '##' is not supported; supported: null or \"\"");
  CHECK(error_of(File{bpe(kAbc, "", R"(, "dropout": 0.1)")}).find("model.dropout: dropout is not supported") != std::string::npos);
  CHECK(error_of(File{R"({"type": "Unigram", "vocab": []})"}) ==
        "t.json: model.type: model type Unigram is not supported; supported: BPE");
  CHECK(error_of(File{bpe(kAbc, R"("a x")")}) == "t.json: model.merges[0]: 'x' is not in model.vocab");
  CHECK(error_of(File{bpe(kAbc, R"("a c")")}) == "t.json: model.merges[0]: the merge makes 'ac', which model.vocab lacks");
  CHECK(error_of(File{bpe(R"("a": 0, "b": 0)", "")}) == "t.json: model.vocab['b']: id 0 is given twice (also to 'a')");
  CHECK(error_of(File{bpe(kAbc, "\"a b c\"")}) == "t.json: model.merges[0]: 'a b c' is not two tokens separated by one space");
}

TEST_CASE("hf file errors: truncated, not an object, a key twice, unsupported stages", "[hf]") {
  auto fails = [](std::string_view json) {
    try {
      mha::HfTokenizer::parse(json, "t.json");
    } catch (const mha::FormatError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string whole = File{bpe(kAbc, "")}.json();
  CHECK(fails(whole.substr(0, 40)).rfind("t.json: not valid JSON at byte 40: ", 0) == 0);
  CHECK(fails("[1, 2]") == "t.json: must be a JSON object {...}, got an array");
  CHECK(fails(R"({"model": {}, "model": {}})") == "t.json: the key 'model' is twice in one object");
  File f{bpe(kAbc, "")};
  f.normalizer = R"({"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "BertNormalizer"}]})";
  CHECK(error_of(f) == "t.json: normalizer.normalizers[1].type: normalizer BertNormalizer is not supported; supported: "
                       "NFC, NFKC, NFD, NFKD, Sequence, Prepend, Replace, Lowercase, Strip, null");
  File g{bpe(kAbc, "")};
  g.pre = R"({"type": "Whitespace"})";
  CHECK(error_of(g).rfind("t.json: pre_tokenizer.type: pre_tokenizer Whitespace is not supported; supported: Sequence", 0) == 0);
  File h{bpe(kAbc, "")};
  h.post = R"({"type": "RobertaProcessing"})";
  CHECK(error_of(h).rfind("t.json: post_processor.type: post_processor RobertaProcessing is not supported", 0) == 0);
  File a{bpe(kAbc, "")};
  a.added = R"([{"id": 7, "content": "<x>"}, {"id": 7, "content": "<y>"}])";
  CHECK(error_of(a) == "t.json: added_tokens[1].id: id 7 is given twice (also to '<x>')");
}

TEST_CASE("hf Split: a bad regex is one line with the path and PCRE2's message and offset", "[hf]") {
  File f{bpe(kAbc, "")};
  f.pre = R"({"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "a(b"}, "behavior": "Isolated"}]})";
  CHECK(error_of(f) == "t.json: pre_tokenizer.pretokenizers[0].pattern.Regex: not a valid regular expression at "
                       "offset 3: missing closing parenthesis");
  f.pre = R"({"type": "Split", "pattern": {"Regex": "a"}, "behavior": "Sideways"})";
  CHECK(error_of(f) == "t.json: pre_tokenizer.behavior: behavior Sideways is not supported; supported: Removed, "
                       "Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
}

TEST_CASE("hf Split: the five behaviors and invert, as Hugging Face's split.rs cuts \"a-b\"", "[hf]") {
  // ignore_merges and a vocabulary of whole pieces: each pre-token is one id.
  const std::string vocab = R"("a": 0, "-": 1, "b": 2, "a-": 3, "-b": 4, "--": 5, "a--b": 6)";
  auto with = [&](const std::string& behavior, bool invert = false) {
    File f{bpe(vocab, "", R"(, "ignore_merges": true)")};
    f.pre = R"({"type": "Split", "pattern": {"String": "-"}, "behavior": ")" + behavior + "\", \"invert\": " +
            (invert ? "true" : "false") + "}";
    return f.load();
  };
  CHECK(ids(with("Isolated"), "a-b") == Ids{0, 1, 2});            // a | - | b
  CHECK(ids(with("Removed"), "a-b") == Ids{0, 2});                // a | b
  CHECK(ids(with("MergedWithPrevious"), "a-b") == Ids{3, 2});     // a- | b
  CHECK(ids(with("MergedWithNext"), "a-b") == Ids{0, 4});         // a | -b
  CHECK(ids(with("Contiguous"), "a--b") == Ids{0, 5, 2});         // a | -- | b
  CHECK(ids(with("Isolated"), "a--b") == Ids{0, 1, 1, 2});        // a | - | - | b
  CHECK(ids(with("Removed", true), "a-b") == Ids{1});             // inverted: a and b are the matches, removed
}

TEST_CASE("hf Split with Unicode properties (PCRE2 UCP) and Digits", "[hf]") {
  // \p{N}+ isolates 12 and ４５ (full-width digits are N too): ab | 12 | 你 | ４５
  const std::string vocab = R"("ab": 0, "12": 1, "你": 2, "４５": 3, "1": 4, "2": 5, "a": 6, "b": 7)";
  File f{bpe(vocab, "", R"(, "ignore_merges": true)")};
  f.pre = R"({"type": "Split", "pattern": {"Regex": "\\p{N}+"}, "behavior": "Isolated", "invert": false})";
  CHECK(ids(f.load(), "ab12你４５") == Ids{0, 1, 2, 3});
  // Digits: individual_digits true cuts 1 | 2, false keeps the run 12.
  f.pre = R"({"type": "Digits", "individual_digits": true})";
  CHECK(ids(f.load(), "ab12") == Ids{0, 4, 5});
  f.pre = R"({"type": "Digits", "individual_digits": false})";
  CHECK(ids(f.load(), "ab12") == Ids{0, 1});
}

TEST_CASE("hf ByteLevel: bytes as GPT-2's symbols, add_prefix_space, GPT-2's regex", "[hf]") {
  // Byte symbols have id = byte ("a" 97, "Ġ" 32), "Ġb" is 256 by the merge "Ġ b".
  auto with = [](bool prefix, bool regex) {
    File f{bpe(byte_vocab(R"("Ġb": 256, "aĠ": 257)"), R"("a Ġ", "Ġ b")")};
    f.pre = std::string(R"({"type": "ByteLevel", "add_prefix_space": )") + (prefix ? "true" : "false") +
            ", \"use_regex\": " + (regex ? "true" : "false") + "}";
    f.decoder = R"({"type": "ByteLevel"})";
    return f.load();
  };
  CHECK(ids(with(false, true), "a b") == Ids{97, 256});      // pieces "a" " b": the merge "a Ġ" cannot cross them
  CHECK(ids(with(false, false), "a b") == Ids{257, 98});     // one piece "aĠb": "a Ġ" ranks first
  CHECK(ids(with(true, true), "a b") == Ids{32, 97, 256});   // " a" " b"
  const auto t = with(false, true);
  CHECK(t.readable(256) == " b");
  // 芝 (E8 8A 9D) has no merges here: three tokens, each a part of it.
  const auto tokens = t.tokenize("芝");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].text == "è");
  CHECK(tokens[0].label == "芝…");
  CHECK(tokens[1].label == "…芝…");
  CHECK(tokens[2].label == "…芝");
  CHECK(t.readable(0xE8) == "…");
}

TEST_CASE("hf Metaspace: replacement, prepend_scheme always / first / never, the old add_prefix_space, split", "[hf]") {
  // ▁a 3 and ▁b 4 by merges; a▁ (6) ranks first, so it shows whether ▁ splits.
  const std::string vocab = R"("▁": 0, "a": 1, "b": 2, "▁a": 3, "▁b": 4, "<x>": 5, "a▁": 6)";
  auto with = [&](const std::string& options) {
    File f{bpe(vocab, R"("a ▁", "▁ a", "▁ b")")};
    f.pre = R"({"type": "Metaspace", "replacement": "▁")" + options + "}";
    f.added = R"([{"id": 5, "content": "<x>", "special": true, "normalized": false}])";
    f.decoder = R"({"type": "Metaspace", "replacement": "▁"})";
    return f.load();
  };
  CHECK(ids(with(R"(, "prepend_scheme": "always", "split": true)"), "a b") == Ids{3, 4});     // ▁a | ▁b
  CHECK(ids(with(R"(, "prepend_scheme": "never", "split": true)"), "a b") == Ids{1, 4});      // a | ▁b
  CHECK(ids(with(R"(, "add_prefix_space": false)"), "a b") == Ids{1, 4});                     // the old key: never
  CHECK(ids(with(R"(, "prepend_scheme": "always", "split": false)"), "a b") == Ids{0, 6, 2}); // ▁ a▁ b in one word
  // "first": only the piece at the start of the text gets ▁; after <x> it does not.
  CHECK(ids(with(R"(, "prepend_scheme": "first", "split": true)"), "a b") == Ids{3, 4});
  CHECK(ids(with(R"(, "prepend_scheme": "first", "split": true)"), "<x>a b") == Ids{5, 1, 4});
  CHECK(ids(with(R"(, "prepend_scheme": "always", "split": true)"), "<x>a b") == Ids{5, 3, 4});
  CHECK(with(R"(, "prepend_scheme": "always")").readable(4) == " b");
}

TEST_CASE("hf normalizers: NFC/NFD/NFKC/NFKD, Lowercase, Strip, and offsets of the input", "[hf]") {
  auto with = [](const std::string& normalizer, const std::string& vocab) {
    File f{bpe(vocab, "")};
    f.normalizer = normalizer;
    return f.load();
  };
  // e + U+0301 (3 bytes) composes to é: one token covering both characters.
  const auto nfc = with(R"({"type": "NFC"})", R"("é": 0)");
  CHECK(ids(nfc, "e\xCC\x81") == Ids{0});
  CHECK(spans(nfc, "e\xCC\x81") == std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}});
  // é decomposes to e + U+0301: two tokens, each spanning the whole é it came from.
  const auto nfd = with(R"({"type": "NFD"})", R"("e": 0, "\u0301": 1)");
  CHECK(ids(nfd, "é") == Ids{0, 1});
  CHECK(spans(nfd, "xé") == std::vector<std::pair<std::size_t, std::size_t>>{{1, 3}, {1, 3}});
  CHECK(ids(with(R"({"type": "NFKC"})", R"("f": 0, "i": 1)"), "ﬁ") == Ids{0, 1});  // the ligature ﬁ is f i
  CHECK(ids(with(R"({"type": "NFKD"})", R"("1": 0)"), "①") == Ids{0});
  CHECK(ids(with(R"({"type": "Lowercase"})", R"("a": 0, "b": 1)"), "AB") == Ids{0, 1});
  // Strip: "  a  " is "a", at byte 2 of the input.
  const auto strip = with(R"({"type": "Strip", "strip_left": true, "strip_right": true})", R"("a": 0)");
  CHECK(ids(strip, "  a  ") == Ids{0});
  CHECK(spans(strip, "  a  ") == std::vector<std::pair<std::size_t, std::size_t>>{{2, 3}});
}

TEST_CASE("hf normalizers: Llama 2's Prepend + Replace, and Replace with a regex", "[hf]") {
  // "a b" -> "▁a▁b": ▁a (3) from the prepended ▁ and a, ▁b (4) from the space and b.
  File f{bpe(R"("▁": 0, "a": 1, "b": 2, "▁a": 3, "▁b": 4, "_": 5, "c": 6)", R"("▁ a", "▁ b")")};
  f.normalizer = R"({"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                    {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]})";
  const auto t = f.load();
  CHECK(ids(t, "a b") == Ids{3, 4});
  // ▁a stands for "a" (the ▁ was inserted), ▁b for " b".
  CHECK(spans(t, "a b") == std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 3}});
  CHECK(t.tokenize("a b")[1].label == " b");
  // A lone prepended ▁ (no merge "▁ c") stands for no input: an empty range before the text.
  CHECK(ids(t, "c") == Ids{0, 6});
  CHECK(spans(t, "c") == std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}, {0, 1}});
  CHECK(t.tokenize("c")[0].label == "▁");  // its readable(): this file has no decoder, so the entry itself
  // Regex: every run of white space becomes one "_" (5).
  f.normalizer = R"({"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": "_"})";
  CHECK(ids(f.load(), "a \t\n b") == Ids{1, 5, 2});
}

TEST_CASE("hf added_tokens: longest first, single_word, lstrip/rstrip, normalized, never split by the model", "[hf]") {
  File f{bpe(R"("a": 0, "b": 1, " ": 2, "[": 3, "X": 4, "]": 5, "c": 6, "x": 7)", "")};
  f.added = R"([{"id": 10, "content": "[X]"}, {"id": 11, "content": "[X]b", "normalized": false},
                {"id": 12, "content": "ab", "single_word": true, "normalized": false},
                {"id": 13, "content": "<m>", "lstrip": true, "rstrip": true, "normalized": false}])";
  f.normalizer = R"({"type": "Lowercase"})";
  const auto t = f.load();
  CHECK(ids(t, "[X]b") == Ids{11});              // [X]b is longer than [X]
  CHECK(ids(t, "cab ab") == Ids{6, 0, 1, 2, 12});  // the first "ab" is inside a word: single_word skips it
  CHECK(ids(t, "a <m> b") == Ids{0, 13, 1});      // <m> takes the spaces on both sides
  CHECK(spans(t, "a <m> b")[1] == std::pair<std::size_t, std::size_t>{1, 6});
  // [X] is normalized: it is looked for after Lowercase, which makes "[x]" of it,
  // so the text "[x]" has it and "[X]" (upper case) becomes [x] first too.
  CHECK(ids(t, "[x]") == Ids{3, 7, 5});
  CHECK(t.readable(13) == "<m>");
}

TEST_CASE("hf post_processor: TemplateProcessing's BOS/EOS, add_special_tokens, tokenizer_config.json", "[hf]") {
  File f{bpe(R"("<s>": 1, "</s>": 2, "a": 3)", "")};
  f.added = R"([{"id": 1, "content": "<s>", "special": true, "normalized": false},
                {"id": 2, "content": "</s>", "special": true, "normalized": false}])";
  f.post = R"({"type": "Sequence", "processors": [{"type": "ByteLevel"}, {"type": "TemplateProcessing",
    "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
    "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}}]})";
  const auto t = f.load();
  CHECK(ids(t, "aa") == Ids{1, 3, 3});
  CHECK(ids(t, "aa", false) == Ids{3, 3});
  CHECK(spans(t, "a").front() == std::pair<std::size_t, std::size_t>{0, 0});
  CHECK(t.bos_id() == std::optional<std::int64_t>{1});
  CHECK(t.tokenize("a").front().label == "<s>");
  // tokenizer_config.json as Llama's: add_bos_token false drops <s>, add_eos_token true adds </s> (at the end, empty).
  const auto eos = f.load(R"({"add_bos_token": false, "add_eos_token": true, "bos_token": "<s>",
                              "eos_token": {"content": "</s>", "lstrip": false}})");
  CHECK(ids(eos, "a") == Ids{3, 2});
  CHECK(spans(eos, "a").back() == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK_FALSE(eos.bos_id());
  CHECK(eos.eos_id() == std::optional<std::int64_t>{2});
  // A config without either key leaves the template alone (Qwen's, Llama 3's).
  CHECK(ids(f.load(R"({"bos_token": "<s>"})"), "a") == Ids{1, 3});
  try {
    f.load(R"({"add_bos_token": true, "bos_token": "<nope>"})");
    FAIL("no error");
  } catch (const mha::FormatError& e) {
    CHECK(std::string(e.what()) == "c.json: bos_token: '<nope>' is not a token of the tokenizer");
  }
}

TEST_CASE("hf tokenize: invalid UTF-8 and empty text are InputErrors", "[hf]") {
  const auto t = File{bpe(kAbc, "")}.load();
  CHECK_THROWS_AS(t.tokenize(""), mha::InputError);
  CHECK_THROWS_AS(t.tokenize("a\xFF"), mha::InputError);
}

TEST_CASE("hf fixtures: the tiny qwen2 file splits <|im_start|> out whole and labels by the input", "[hf]") {
  const auto t = mha::HfTokenizer::load(std::string(MHA_SOURCE_DIR) + "/tests/data/hf-tokenizers/qwen2/tokenizer.json",
                                        std::string(MHA_SOURCE_DIR) + "/tests/data/hf-tokenizers/qwen2/tokenizer_config.json");
  CHECK(t.size() == 423);  // 420 vocabulary entries and the 3 added tokens 420..422 (README.md of the folder)
  CHECK_FALSE(t.bos_id());
  const auto tokens = t.tokenize("<|im_start|>user");
  REQUIRE(tokens.size() >= 2);
  CHECK(tokens[0].id == 421);
  CHECK(tokens[0].label == "<|im_start|>");
  std::string joined;
  for (std::size_t k = 1; k < tokens.size(); ++k) joined += tokens[k].label;
  CHECK(joined == "user");
}

TEST_CASE("hf decoder: ByteFallback turns <0xNN> back into its byte (fuzz regression)", "[hf]") {
  // fuzz_hf_tokenizer found the hex digits read through a pointer into a
  // destroyed temporary (AddressSanitizer: stack-use-after-scope). <0x41> is
  // "A"; <0xE8> alone is not whole UTF-8, so "…"; <0xZZ> is no byte and stays.
  File f{bpe(R"("<0x41>": 0, "<0xE8>": 1, "<0xZZ>": 2)", "", R"(, "byte_fallback": true)")};
  f.decoder = R"({"type": "Sequence", "decoders": [{"type": "ByteFallback"}, {"type": "Fuse"}]})";
  const auto t = f.load();
  CHECK(t.readable(0) == "A");
  CHECK(t.readable(1) == "…");
  CHECK(t.readable(2) == "<0xZZ>");
  CHECK(ids(t, "A") == Ids{0});
}
