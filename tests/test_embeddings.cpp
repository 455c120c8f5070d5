// Pretrained embedding tables (src/mha/embeddings): every format reads the
// numbers its description promises, `wanted` keeps only those rows, the first
// of two equal words wins with a note, and every malformed input is one
// FormatError line naming the file and the line (text) or byte (binary).
// The committed files are written by tests/data/embeddings/make_embedding_files.py,
// by hand from the format descriptions.
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>

#include "mha/core/embed.hpp"
#include "mha/embeddings/byte_stream.hpp"
#include "mha/embeddings/embedding_table.hpp"
#include "mha/embeddings/oov.hpp"
#include "mha/embeddings/detail/parse.hpp"
#include "mha/core/error.hpp"
#include "mha/io/npy.hpp"
#include "mha/io/safetensors.hpp"

using Catch::Contains;
using Catch::StartsWith;

namespace {

const std::filesystem::path kData = MHA_EMBEDDING_DATA_DIR;

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

// The message of the error of type E that f throws; fails the test when it
// throws nothing or something else, or when the message is not one line.
template <class E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    const std::string m = e.what();
    CHECK(m.find('\n') == std::string::npos);
    return m;
  } catch (const std::exception& e) {
    FAIL("expected another mha::Error, got: " << e.what());
  }
  FAIL("expected an mha::Error, nothing was thrown");
  return {};
}

std::string load_error(const std::string& name, const std::optional<std::filesystem::path>& vocab = std::nullopt) {
  return error_of<mha::FormatError>([&] { mha::load_embeddings(kData / name, vocab, nullptr); });
}

std::vector<float> row(const mha::EmbeddingTable& t, std::string_view word) {
  const float* r = t.find(word);
  if (!r) return {};
  return {r, r + t.dim};
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
  return true;
}

// A temporary folder, removed with its files at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string name = "mha_embeddings_";
    name += std::to_string(std::random_device{}());
    path = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path copy(const std::string& name, const std::string& as) const {
    std::filesystem::copy_file(kData / name, path / as, std::filesystem::copy_options::overwrite_existing);
    return path / as;
  }
};

// glove.txt's rows (see make_embedding_files.py), which several files repeat.
void check_glove_rows(const mha::EmbeddingTable& t) {
  CHECK(t.dim == 3);
  CHECK(t.vocabulary_size == 4);
  CHECK(t.vectors.rows() == 4);
  CHECK(row(t, "the") == std::vector<float>{0.5f, -1.25f, 3.0f});  // exact in binary
  // "0.1" rounds to the nearest float, 0.1f; "-0" keeps its sign.
  CHECK(same_bits(row(t, "cat"), {0.1f, 2.0f, -0.0f}));
  CHECK(row(t, "sat") == std::vector<float>{-0.5f, 0.25f, 0.001f});  // 1e-3 rounds to 0.001f
  CHECK(row(t, "on") == std::vector<float>{1, 2, 3});
  CHECK(t.find("dog") == nullptr);
  CHECK(t.notes.empty());
}

}  // namespace

TEST_CASE("GloVe text without a header: the dimension comes from the first row", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "glove.txt", std::nullopt, nullptr);
  check_glove_rows(t);
  CHECK(t.format == mha::EmbeddingFormat::glove);
  CHECK(t.dim_from == "line 1");
}

TEST_CASE("GloVe text with a count-dim header (fastText .vec) reads the same rows", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "header.vec", std::nullopt, nullptr);
  check_glove_rows(t);
  CHECK(t.dim_from == "the header (line 1)");
}

TEST_CASE("GloVe text tolerates a BOM, CRLF, tabs, extra spaces, blank lines and no final newline", "[embeddings]") {
  check_glove_rows(mha::load_embeddings(kData / "messy.txt", std::nullopt, nullptr));
}

TEST_CASE("GloVe words may be any UTF-8 without spaces, CJK included", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "cjk.txt", std::nullopt, nullptr);
  CHECK(t.dim == 2);
  CHECK(row(t, "猫") == std::vector<float>{1, 0});
  CHECK(row(t, "犬") == std::vector<float>{0, 1});
  CHECK(row(t, "日本語") == std::vector<float>{0.5f, -0.5f});
}

TEST_CASE("wanted keeps only those rows but counts every row of the file", "[embeddings]") {
  const std::set<std::string> wanted{"cat", "on", "dog"};
  const auto t = mha::load_embeddings(kData / "glove.txt", std::nullopt, &wanted);
  CHECK(t.vocabulary_size == 4);  // all rows, kept or not
  CHECK(t.vectors.rows() == 2);   // "dog" is not in the file
  CHECK(t.find("the") == nullptr);
  CHECK(row(t, "on") == std::vector<float>{1, 2, 3});
  CHECK(same_bits(row(t, "cat"), {0.1f, 2.0f, -0.0f}));

  // Rows not wanted are counted, not parsed: their numbers are not read...
  CHECK(mha::parse_glove("the 1 x 3\ncat 4 5 6\n", "g.txt", &wanted).vectors.rows() == 1);
  // ...but their length still has to agree.
  CHECK(error_of<mha::FormatError>([&] { mha::parse_glove("the 1 2\ncat 4 5 6\n", "g.txt", &wanted); }) ==
        "g.txt: line 2: \"cat\" has 3 values; expected 2, as line 1 says");
}

TEST_CASE("a word twice: the first row wins and a note names both lines", "[embeddings]") {
  const auto t = mha::parse_glove(file_bytes(kData / "duplicates.txt"), "d.txt", nullptr);
  CHECK(row(t, "cat") == std::vector<float>{1, 1});  // line 1, not line 3
  CHECK(t.vocabulary_size == 3);
  CHECK(t.vectors.rows() == 2);
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0] == "d.txt: line 3: \"cat\" appears again (first at line 1); the first wins");
}

TEST_CASE("GloVe rows that cross the 1 MiB reading chunks are read whole", "[embeddings]") {
  // 4000 rows of 64 values, about 1.3 MB: rows are cut at the chunk borders.
  // Value j of row i is (i * 64 + j) / 4, exact in float and in decimal.
  auto word = [](int i) {
    std::string w = "w";
    w += std::to_string(i);
    return w;
  };
  std::string text;
  for (int i = 0; i < 4000; ++i) {
    text += word(i);
    for (int j = 0; j < 64; ++j) {
      text += ' ';
      text += std::to_string((i * 64 + j) / 4.0);
    }
    text += '\n';
  }
  REQUIRE(text.size() > (std::size_t{1} << 20));
  const auto t = mha::parse_glove(text, "big.txt", nullptr);
  CHECK(t.vocabulary_size == 4000);
  bool all = true;
  for (int i = 0; i < 4000; i += 7) {
    const auto r = row(t, word(i));
    for (int j = 0; j < 64; ++j) all = all && r.size() == 64 && r[static_cast<std::size_t>(j)] == static_cast<float>(i * 64 + j) / 4;
  }
  CHECK(all);
}

TEST_CASE("ByteStream gives the same lines and bytes whatever its chunk size", "[embeddings]") {
  const std::string bytes = "ab\r\n\ncdef\nlast line without newline";
  for (std::size_t chunk : {1, 2, 3, 7, 64}) {
    std::istringstream in(bytes);
    mha::embeddings::ByteStream s(in, "s", chunk);
    std::vector<std::string> lines;
    while (auto l = s.line(100)) lines.emplace_back(*l);
    CHECK(lines == std::vector<std::string>{"ab\r", "", "cdef", "last line without newline"});
    CHECK(s.line_number() == 4);
    CHECK(s.offset() == bytes.size());

    std::istringstream in2(bytes);
    mha::embeddings::ByteStream b(in2, "s", chunk);
    CHECK(b.until('\n', 10) == std::string_view("ab\r"));
    CHECK(b.take(1) == "\n");
    CHECK(b.offset() == 5);
    CHECK(b.until('x', 3) == std::nullopt);  // "cdef\nlast..." has no x within 3 bytes
    CHECK(b.buffered() > 3);
    CHECK(b.take(1000).size() == bytes.size() - 5);  // fewer only at the end
    CHECK(b.at_end());
  }
}

TEST_CASE("word2vec binary: header, then word, space, float32 values, optional newline", "[embeddings]") {
  for (const char* name : {"w2v.bin", "w2v_no_newlines.bin"}) {
    const auto t = mha::load_embeddings(kData / name, std::nullopt, nullptr);
    CHECK(t.format == mha::EmbeddingFormat::word2vec);
    CHECK(t.dim == 2);
    CHECK(t.dim_from == "the header (byte 0)");
    CHECK(t.vocabulary_size == 3);
    CHECK(row(t, "the") == std::vector<float>{0.5f, -1.25f});
    CHECK(row(t, "猫") == std::vector<float>{1, 2});
    CHECK(same_bits(row(t, "cat"), {0.1f, -0.0f}));  // Python packed 0.1 as its nearest float32
  }
  const std::set<std::string> wanted{"猫"};
  const auto t = mha::load_embeddings(kData / "w2v.bin", std::nullopt, &wanted);
  CHECK(t.vectors.rows() == 1);
  CHECK(t.vocabulary_size == 3);
}

TEST_CASE("word2vec binary cut at any byte is an error naming the offset", "[embeddings]") {
  const std::string bytes = file_bytes(kData / "w2v.bin");
  // Every prefix but the whole file and the file without its last '\n' (optional) is truncated.
  for (std::size_t n = 0; n + 1 < bytes.size(); ++n) {
    const std::string m = error_of<mha::FormatError>([&] { mha::parse_word2vec(bytes.substr(0, n), "w.bin", nullptr); });
    CHECK_THAT(m, StartsWith("w.bin: "));
    if (n == 0)
      CHECK(m == "w.bin: empty; expected a header line \"<rows> <dim>\" (word2vec binary)");
    else if (n > 4)  // past the header, the message names a byte
      CHECK_THAT(m, StartsWith("w.bin: byte ") && Contains("truncated"));
  }
  CHECK(mha::parse_word2vec(bytes.substr(0, bytes.size() - 1), "w.bin", nullptr).vocabulary_size == 3);
  // Header 4 bytes, row 1 13 bytes, "猫 " 4 bytes: row 2's values start at byte 21.
  CHECK(load_error("bad_truncated.bin") ==
        (kData / "bad_truncated.bin").string() +
            ": byte 21: row 2 (\"猫\") needs 2 float32 values, 8 bytes; the file ends after 5 (it is truncated)");
  CHECK(error_of<mha::FormatError>([&] { mha::parse_word2vec(bytes + "x", "w.bin", nullptr); }) ==
        "w.bin: byte 43: expected the end of the file after the 3 rows the header announces, found more bytes");
}

TEST_CASE("word2vec binary: bad headers, words and values", "[embeddings]") {
  auto error = [](const std::string& bytes) {
    return error_of<mha::FormatError>([&] { mha::parse_word2vec(bytes, "w.bin", nullptr); });
  };
  CHECK(error("3 x\n") == "w.bin: byte 0: expected a header line \"<rows> <dim>\" (word2vec binary), got \"3 x\"");
  CHECK(error("0 2\n") == "w.bin: byte 0: the header announces 0 rows; expected at least one");
  CHECK(error("1 0\n") == "w.bin: byte 0: the header gives 0 values a row; expected 1 to 65536");
  CHECK(error("1 1\n a") == "w.bin: byte 4: row 1 of 1: a space where a word should start");
  CHECK(error("1 1\nc\xff ") ==
        "w.bin: byte 4: row 1 of 1: the word \"c?\" is not valid UTF-8 at its byte 1 (byte that never starts a "
        "character); expected UTF-8 text");
  std::string bad = "1 2\nw ";  // then 1.0f and a quiet NaN, little-endian
  const std::uint32_t one = std::bit_cast<std::uint32_t>(1.0f), quiet_nan = 0x7fc00000u;
  for (std::uint32_t v : {one, quiet_nan})
    for (int i = 0; i < 4; ++i) bad += static_cast<char>((v >> (8 * i)) & 0xff);
  CHECK(error(bad) == "w.bin: byte 10: value 2 of row 1 (\"w\") is NaN; expected finite numbers");
}

TEST_CASE("malformed GloVe text: one line naming the file, the line and what was expected", "[embeddings]") {
  const std::string dir = kData.string() + "/";
  CHECK(load_error("bad_ragged.txt") == dir + "bad_ragged.txt: line 2: \"cat\" has 2 values; expected 3, as line 1 says");
  CHECK(load_error("bad_number.txt") == dir +
                                            "bad_number.txt: line 2: value 2 of \"cat\", \"x2\", is not a number; "
                                            "expected a finite decimal number such as -0.418");
  CHECK(load_error("bad_nan.txt") == dir +
                                         "bad_nan.txt: line 2: value 2 of \"cat\", \"nan\", is not a finite number; "
                                         "expected a finite decimal number such as -0.418");
  CHECK(load_error("bad_header_rows.vec") ==
        dir + "bad_header_rows.vec: the file ends after 2 rows (line 3); the header (line 1) announces 3");
  CHECK(load_error("bad_header_dim.vec") ==
        dir + "bad_header_dim.vec: line 2: \"the\" has 2 values; expected 3, as the header (line 1) says");
  CHECK(load_error("bad_utf8.txt") == dir +
                                          "bad_utf8.txt: line 2: the word \"ca?\" is not valid UTF-8 at its byte 2 "
                                          "(byte that never starts a character); expected UTF-8 text");
  CHECK(load_error("empty.txt") == dir + "empty.txt: no rows; expected lines \"word v1 ... vd\" (GloVe text)");

  auto error = [](const std::string& text) {
    return error_of<mha::FormatError>([&] { mha::parse_glove(text, "g.txt", nullptr); });
  };
  CHECK(error("1 2\nthe 1 2\ncat 3 4\n") == "g.txt: line 3: one row more than the 1 the header (line 1) announces");
  CHECK(error("0 2\n") == "g.txt: line 1: the header announces 0 rows; expected at least one");
  CHECK(error("2 2\n") == "g.txt: the header (line 1) announces rows but none follow");
  CHECK(error("\n\n2 2\n\n") == "g.txt: the header (line 3) announces rows but none follow");
  CHECK(error("the\n") == "g.txt: line 1: \"the\" has no values; expected \"word v1 ... vd\"");
  CHECK(error(" the 1\n") == "g.txt: line 1: starts with a space; expected the word first");
  CHECK(error("the 1e39\n") ==
        "g.txt: line 1: value 1 of \"the\", \"1e39\", is outside the float range; expected a finite decimal number "
        "such as -0.418");
  CHECK(error("a 1\n\n\nb 1 inf\n") == "g.txt: line 4: \"b\" has 2 values; expected 1, as line 1 says");
  CHECK(error("a 1\nb -inf\n") ==
        "g.txt: line 2: value 1 of \"b\", \"-inf\", is not a finite number; expected a finite decimal number such as "
        "-0.418");
  // Too small for a normal float: rounds (to a subnormal or zero) as strtof would.
  CHECK(mha::parse_glove("a 1e-50 -1e-45\n", "g.txt", nullptr).find("a")[0] == 0.0f);
}

TEST_CASE(".npy matrix with a vocabulary file: line 1 names row 0", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "emb.npy", kData / "emb.vocab.txt", nullptr);
  CHECK(t.format == mha::EmbeddingFormat::npy_vocab);
  CHECK(t.dim == 2);
  CHECK(t.dim_from == "shape [3, 2]");
  CHECK(row(t, "the") == std::vector<float>{0.5f, -1.25f});
  CHECK(row(t, "cat") == std::vector<float>{0.1f, 2});
  CHECK(same_bits(row(t, "猫"), {1, -0.0f}));

  const std::string dir = kData.string() + "/";
  CHECK(load_error("emb.npy", kData / "short.vocab.txt") ==
        dir + "short.vocab.txt: 2 tokens, but the matrix of " + dir + "emb.npy has 3 rows; expected one token a row");
  CHECK(load_error("emb.npy", kData / "bad_vocab_space.txt") ==
        dir + "bad_vocab_space.txt: line 2: \"cat 12\" holds a space or a tab; expected one token per line and nothing else");
  CHECK(load_error("emb.npy", kData / "bad_vocab_blank.txt") ==
        dir + "bad_vocab_blank.txt: line 2: empty; expected one token per line (line i names row i - 1)");
  CHECK(error_of<mha::InputError>([&] { mha::load_embeddings(kData / "emb.npy", std::nullopt, nullptr); }) ==
        dir + "emb.npy is a .npy matrix: give its vocabulary file too with --embeddings-vocab FILE (one token per line, line 1 naming row 0)");
}

TEST_CASE("matrix tables refuse NaN and infinite values, naming the row and the word", "[embeddings]") {
  const mha::io::Tensor m{"m", mha::io::DType::F32, {2, 2}, {1, 2, 3, std::numeric_limits<float>::infinity()}};
  CHECK(error_of<mha::FormatError>([&] { mha::parse_npy_table(mha::io::write_npy(m), "e.npy", "a\nb\n", "v.txt", nullptr); }) ==
        "e.npy: the matrix row 1 (\"b\"), value 1: infinite; expected finite numbers");
  // As in the streamed formats, only the rows kept must be finite.
  const std::set<std::string> wanted{"a"};
  CHECK(mha::parse_npy_table(mha::io::write_npy(m), "e.npy", "a\nb\n", "v.txt", &wanted).vectors.rows() == 1);
}

TEST_CASE("vocabulary duplicates: the first row wins, the note names the vocabulary lines", "[embeddings]") {
  const std::string npy = file_bytes(kData / "emb.npy");
  const auto t = mha::parse_npy_table(npy, "e.npy", "cat\ndog\ncat\n", "v.txt", nullptr);
  CHECK(row(t, "cat") == std::vector<float>{0.5f, -1.25f});
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0] == "v.txt: line 3: \"cat\" appears again (first at line 1); the first wins");
  CHECK(mha::parse_vocab("a\r\nb", "v.txt") == std::vector<std::string>{"a", "b"});  // CRLF, no final newline
}

TEST_CASE("safetensors: the tensor weight or embeddings or the only matrix, tokens from metadata or a file", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "emb.safetensors", std::nullopt, nullptr);
  CHECK(t.format == mha::EmbeddingFormat::safetensors);
  CHECK(row(t, "the") == std::vector<float>{0.5f, -1.25f});
  CHECK(row(t, "猫") == std::vector<float>{1, 0});
  CHECK(t.notes.empty());

  const auto plain = mha::load_embeddings(kData / "emb_plain.safetensors", kData / "emb.vocab.txt", nullptr);
  CHECK(row(plain, "cat") == std::vector<float>{0.1f, 2});
  CHECK(plain.dim_from == "shape [3, 2]");

  const std::string dir = kData.string() + "/";
  CHECK(load_error("emb_plain.safetensors") ==
        dir + "emb_plain.safetensors: no vocabulary: give a vocabulary file (one token per line) or store the tokens "
              "as a JSON list in __metadata__ \"vocab\"");
  // The vocabulary file wins over the metadata, and a note says so.
  const auto both = mha::load_embeddings(kData / "emb.safetensors", kData / "emb.vocab.txt", nullptr);
  REQUIRE(both.notes.size() == 1);
  CHECK_THAT(both.notes[0], Contains("the tokens come from " + dir + "emb.vocab.txt"));

  const std::vector<mha::io::Tensor> two{{"a", mha::io::DType::F32, {1, 2}, {1, 2}}, {"b", mha::io::DType::F32, {1, 2}, {3, 4}}};
  CHECK(error_of<mha::FormatError>([&] {
          mha::parse_safetensors_table(mha::io::write_safetensors(two, {{"vocab", "[\"x\"]"}}), "t.st", nullptr, {}, nullptr);
        }) == "t.st: no tensor named \"embeddings\" or \"weight\" and 2 2-D tensors (\"a\", \"b\"); expected one of those "
              "names or a single 2-D tensor");
  // "embeddings" is taken before "weight", whatever the order in the file.
  const std::vector<mha::io::Tensor> named{{"weight", mha::io::DType::F32, {1, 2}, {1, 2}},
                                           {"embeddings", mha::io::DType::F32, {1, 2}, {3, 4}}};
  const auto e = mha::parse_safetensors_table(mha::io::write_safetensors(named, {{"vocab", "[\"x\"]"}}), "t.st",
                                              nullptr, {}, nullptr);
  CHECK(row(e, "x") == std::vector<float>{3, 4});
  const std::vector<mha::io::Tensor> one{{"weight", mha::io::DType::F32, {1, 2}, {1, 2}}};
  CHECK(error_of<mha::FormatError>([&] {
          mha::parse_safetensors_table(mha::io::write_safetensors(one, {{"vocab", "[7]"}}), "t.st", nullptr, {}, nullptr);
        }) == "t.st __metadata__ \"vocab\": entry 0: expected a non-empty string (a token), got 7");
}

TEST_CASE("JSON: an object of word -> list of numbers", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "emb.json", std::nullopt, nullptr);
  CHECK(t.format == mha::EmbeddingFormat::json);
  CHECK(t.dim == 2);
  CHECK(t.dim_from == "at \"the\"");
  CHECK(same_bits(row(t, "猫"), {1, -0.0f}));
  CHECK(row(t, "cat") == std::vector<float>{0.1f, 2});  // JSON 0.1 rounds to 0.1f

  const std::string dir = kData.string() + "/";
  CHECK(load_error("bad_ragged.json") ==
        dir + "bad_ragged.json: at \"cat\": expected a list of 2 numbers (as \"the\" has), got shape [1]");
  auto error = [](const std::string& text) {
    return error_of<mha::FormatError>([&] { mha::parse_embeddings_json(text, "e.json", nullptr); });
  };
  CHECK(error("{}") == "e.json: no words; expected {\"word\": [v1, ..., vd], ...}");
  CHECK(error("{\"a\": [[1]]}") == "e.json: at \"a\": expected a list of numbers [v1, ..., vd], got shape [1, 1]");
  // A key twice is ambiguous in JSON: an error, not a note.
  CHECK_THAT(error("{\"a\": [1], \"a\": [2]}"), Contains("has the key \"a\" twice"));
}

TEST_CASE("the format comes from the extension, else from the first bytes", "[embeddings]") {
  TempDir tmp;
  CHECK(mha::embedding_format_of(tmp.copy("glove.txt", "g.data")) == mha::EmbeddingFormat::glove);
  CHECK(mha::embedding_format_of(tmp.copy("header.vec", "h.data")) == mha::EmbeddingFormat::glove);
  CHECK(mha::embedding_format_of(tmp.copy("w2v.bin", "w.data")) == mha::EmbeddingFormat::word2vec);
  CHECK(mha::embedding_format_of(tmp.copy("emb.npy", "n.data")) == mha::EmbeddingFormat::npy_vocab);
  CHECK(mha::embedding_format_of(tmp.copy("emb.safetensors", "s.data")) == mha::EmbeddingFormat::safetensors);
  CHECK(mha::embedding_format_of(tmp.copy("emb.json", "j.data")) == mha::EmbeddingFormat::json);
  check_glove_rows(mha::load_embeddings(tmp.path / "g.data", std::nullopt, nullptr));

  std::ofstream(tmp.path / "junk.data", std::ios::binary) << std::string("\x01\x02junk", 6);
  CHECK(error_of<mha::FormatError>([&] { mha::load_embeddings(tmp.path / "junk.data", std::nullopt, nullptr); }) ==
        (tmp.path / "junk.data").string() +
            ": not an embedding table this program reads (accepted: GloVe text .txt/.vec, word2vec binary .bin, "
            ".npy with a vocabulary file, .safetensors, .json)");
  CHECK_THAT(error_of<mha::IoError>([&] { mha::load_embeddings(tmp.path / "none.txt", std::nullopt, nullptr); }),
             Contains("none.txt: no such file"));
  CHECK_THAT(error_of<mha::InputError>([&] { mha::load_embeddings(kData / "glove.txt", kData / "emb.vocab.txt", nullptr); }),
             Contains("a vocabulary file goes with a .npy or .safetensors table"));
}

TEST_CASE("a dimension that disagrees with --d-model names the file and where the dimension came from", "[embeddings]") {
  const auto t = mha::load_embeddings(kData / "header.vec", std::nullopt, nullptr);
  mha::require_dimension(t, 3);  // agrees: nothing thrown
  CHECK(error_of<mha::ShapeError>([&] { mha::require_dimension(t, 8); }) ==
        (kData / "header.vec").string() +
            ": vectors of 3 values (the header (line 1)), but --d-model is 8; the table sets d_model: leave --d-model "
            "out or give 3");
}

TEST_CASE("embed_tokens: found rows, and each --oov policy for the missing", "[embeddings][oov]") {
  const auto table = mha::parse_glove(file_bytes(kData / "glove.txt"), "g.txt", nullptr);
  const std::vector<std::string> tokens{"The", "cat", "qux", "qux"};

  mha::OovOptions options;  // the default: random, exact case
  CHECK(options.policy == mha::Oov::random);
  auto e = mha::embed_tokens(table, tokens, options);
  CHECK(e.E.rows() == 4);
  CHECK(e.E.cols() == 3);
  CHECK(same_bits({e.E(1, 0), e.E(1, 1), e.E(1, 2)}, {0.1f, 2.0f, -0.0f}));  // "cat" is its row
  CHECK(e.missing == std::vector<std::size_t>{0, 2, 3});
  // A missing token gets the same vector it would get without a table.
  CHECK(e.E.row(2) == mha::random_embedding("qux", 3, 0));
  CHECK(e.E.row(3) == e.E.row(2));
  REQUIRE(e.notes.size() == 2);
  CHECK(e.notes[0] ==
        "3 of 4 tokens not in g.txt (4 words): \"The\", \"qux\"; they get random vectors (N(0, 1) from seed 0), "
        "which carry no learned meaning (--oov random)");
  CHECK(e.notes[1] == "\"The\": in g.txt only lower-cased; --oov-lower-case would use those rows");

  options.lower_case_fallback = true;
  options.policy = mha::Oov::zero;
  e = mha::embed_tokens(table, tokens, options);
  CHECK(e.E.row(0) == mha::RowVector(mha::RowVector::Map(table.find("the"), 3)));  // the row of "the"
  CHECK(e.lower_cased == std::vector<std::size_t>{0});
  CHECK(e.missing == std::vector<std::size_t>{2, 3});
  CHECK(e.E.row(2).isZero(0));
  CHECK(e.notes[0] == "2 of 4 tokens not in g.txt (4 words): \"qux\"; they get zero vectors (--oov zero)");
  CHECK(e.notes[1] == "1 of 4 tokens found only lower-cased in g.txt: \"The\" (--oov-lower-case)");

  options.policy = mha::Oov::error;
  CHECK(error_of<mha::InputError>([&] { mha::embed_tokens(table, tokens, options); }) ==
        "2 of 4 tokens not in g.txt (4 words): \"qux\"; --oov random, zero or unk would go on");
  options.policy = mha::Oov::unk;
  CHECK(error_of<mha::InputError>([&] { mha::embed_tokens(table, tokens, options); }) ==
        "2 of 4 tokens not in g.txt (4 words): \"qux\"; --oov unk takes the row of an unknown-word token, but none of "
        "<unk>, [UNK], <UNK>, unk is in the table");
  const auto with_unk = mha::parse_glove("cat 1 2\n[UNK] 7 8\n", "u.txt", nullptr);
  e = mha::embed_tokens(with_unk, {"cat", "dog"}, options);
  CHECK(e.unknown_word == "[UNK]");
  CHECK(e.E(1, 0) == 7.0f);
  CHECK(e.E(1, 1) == 8.0f);
  CHECK(e.notes[0] == "1 of 2 tokens not in u.txt (2 words): \"dog\"; they get the row of \"[UNK]\" (--oov unk)");
}

TEST_CASE("words_to_keep holds every row embed_tokens may use", "[embeddings][oov]") {
  mha::OovOptions options;
  CHECK(mha::words_to_keep({"The", "cat"}, options) == std::set<std::string>{"The", "the", "cat"});
  options.policy = mha::Oov::unk;
  CHECK(mha::words_to_keep({"a"}, options) == std::set<std::string>{"a", "<unk>", "[UNK]", "<UNK>", "unk"});
  // Loading with those words and embedding gives the rows of a full load.
  const std::vector<std::string> tokens{"The", "sat"};
  options.policy = mha::Oov::random;
  options.lower_case_fallback = true;
  const auto keep = mha::words_to_keep(tokens, options);
  const auto part = mha::load_embeddings(kData / "glove.txt", std::nullopt, &keep);
  const auto full = mha::load_embeddings(kData / "glove.txt", std::nullopt, nullptr);
  CHECK(mha::embed_tokens(part, tokens, options).E == mha::embed_tokens(full, tokens, options).E);
}

TEST_CASE("lower_case covers ASCII, Latin-1, Greek and Cyrillic capitals", "[embeddings][oov]") {
  CHECK(mha::lower_case("The CAT") == "the cat");
  CHECK(mha::lower_case("ÀÉÎÕÜ×Þ") == "àéîõü×þ");  // × (U+00D7) has no lower case
  CHECK(mha::lower_case("ΑΒΓΩ") == "αβγω");
  CHECK(mha::lower_case("ЯЁЖ") == "яёж");
  CHECK(mha::lower_case("猫 ß") == "猫 ß");
  CHECK(mha::lower_case("A\xff") == "a\xff");  // not UTF-8: only A-Z
  CHECK(mha::oov_from_string("unk") == mha::Oov::unk);
  CHECK(error_of<mha::InputError>([] { mha::oov_from_string("skip"); }) ==
        "unknown --oov policy 'skip'; expected random, zero, unk or error");
}
