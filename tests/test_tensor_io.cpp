// Tensor files (src/mha/io): safetensors, npy and tensor JSON. Known byte
// layouts decode to the numbers the format descriptions promise, our writers
// read back bit for bit, and every malformed input is one FormatError line
// that names the file and what was wrong. The committed sample files are
// written by tests/data/tensors/make_tensor_files.py, by hand from the specs.
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

#include "mha/core/error.hpp"
#include "mha/io/npy.hpp"
#include "mha/io/read_tensors.hpp"
#include "mha/io/safetensors.hpp"
#include "mha/io/tensor_json.hpp"

namespace io = mha::io;
using Catch::Contains;
using Catch::StartsWith;

namespace {

const std::filesystem::path kData = MHA_TENSOR_DATA_DIR;
constexpr float kInf = std::numeric_limits<float>::infinity();

std::string le(std::uint64_t v, int bytes) {
  std::string s;
  for (int i = 0; i < bytes; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
  return s;
}

std::string f32(std::initializer_list<float> values) {
  std::string s;
  for (float v : values) s += le(std::bit_cast<std::uint32_t>(v), 4);
  return s;
}

std::string u16(std::initializer_list<std::uint16_t> values) {
  std::string s;
  for (auto v : values) s += le(v, 2);
  return s;
}

// A safetensors file: header length, header text, data buffer.
std::string st(const std::string& header, const std::string& data = "") { return le(header.size(), 8) + header + data; }

// An npy file around a header dict (no padding needed by readers).
std::string npy(const std::string& dict, const std::string& data, int major = 1) {
  return std::string("\x93NUMPY") + static_cast<char>(major) + '\0' + le(dict.size(), major == 1 ? 2 : 4) + dict + data;
}

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

// The message of the FormatError that f throws; fails the test when it throws
// nothing or something else, or when the message is more than one line.
std::string format_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const mha::FormatError& e) {
    const std::string m = e.what();
    CHECK(m.find('\n') == std::string::npos);
    return m;
  } catch (const std::exception& e) {
    FAIL("expected mha::FormatError, got: " << e.what());
  }
  FAIL("expected mha::FormatError, nothing was thrown");
  return {};
}

std::string st_error(const std::string& bytes) {
  return format_error([&] { io::parse_safetensors(bytes, "w.safetensors"); });
}
std::string npy_error(const std::string& bytes) {
  return format_error([&] { io::parse_npy(bytes, "w.npy", "w"); });
}
std::string json_error(const std::string& text) {
  return format_error([&] { io::parse_tensor_json(text, "w.json"); });
}

// Bit-for-bit equality, so that NaN, -0 and infinities count too.
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

std::vector<io::Tensor> sample_tensors() {
  // Values that a lossy path would change: -0, the smallest subnormal,
  // infinities, a NaN with a payload, 0.1 (not a short binary fraction).
  io::Tensor special{"special", io::DType::F32, {2, 4}, {}};
  special.data = {-0.0f, std::bit_cast<float>(0x00000001u), kInf, -kInf, std::bit_cast<float>(0x7fc00123u), 0.1f,
                  -3.5f, 65504.0f};
  return {special,
          io::Tensor{"scalar", io::DType::F32, {}, {42.0f}},
          io::Tensor{"empty", io::DType::F32, {0, 3}, {}},
          io::Tensor{"cube", io::DType::F32, {2, 1, 2}, {1, 2, 3, 4}}};
}

}  // namespace

TEST_CASE("dtype names are the safetensors spellings and sizes are bytes per element", "[tensor_io]") {
  CHECK(io::to_string(io::DType::BF16) == "BF16");
  CHECK(io::dtype_from_string("F64") == io::DType::F64);
  CHECK_FALSE(io::dtype_from_string("f32").has_value());  // case matters, as in safetensors
  CHECK(io::dtype_size(io::DType::F16) == 2);
  CHECK(io::dtype_size(io::DType::F64) == 8);
  CHECK(io::shape_string({3, 4}) == "[3, 4]");
  CHECK(io::shape_string({}) == "[]");
}

TEST_CASE("element_count is the product of the shape and refuses overflow", "[tensor_io]") {
  CHECK(io::element_count({}) == 1u);  // a scalar holds one value
  CHECK(io::element_count({3, 4}) == 12u);
  // A zero makes the product 0 even when the other entries would overflow.
  CHECK(io::element_count({std::int64_t{1} << 62, std::int64_t{1} << 62, 0}) == 0u);
  CHECK_FALSE(io::element_count({std::int64_t{1} << 30, std::int64_t{1} << 30}).has_value());  // 2^60 > 2^58
  CHECK_FALSE(io::element_count({-1}).has_value());
}

TEST_CASE("rows and cols are for 2-D tensors only", "[tensor_io]") {
  const io::Tensor m{"W", io::DType::F32, {2, 3}, {1, 2, 3, 4, 5, 6}};
  CHECK(m.rows() == 2);
  CHECK(m.cols() == 3);
  const io::Tensor v{"b", io::DType::F32, {3}, {1, 2, 3}};
  CHECK_THROWS_AS(v.rows(), mha::ShapeError);
  CHECK_THROWS_WITH(v.cols(), Contains("\"b\"") && Contains("[3]") && Contains("2-D"));
  io::TensorSet set{"s", {m, v}, {}};
  REQUIRE(set.find("b") != nullptr);
  CHECK(set.find("b")->shape == std::vector<std::int64_t>{3});
  CHECK(set.find("c") == nullptr);
}

// --- safetensors --------------------------------------------------------

TEST_CASE("safetensors F16 bits decode exactly, subnormals and specials included", "[tensor_io]") {
  // binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits.
  const auto t = io::parse_safetensors(
      st(R"({"h":{"dtype":"F16","shape":[10],"data_offsets":[0,20]}})",
         u16({0x3C00, 0xC000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x8000, 0x7C00, 0xFC00, 0x7E00})),
      "h.safetensors");
  const auto& d = t.tensors.at(0).data;
  CHECK(t.tensors[0].dtype == io::DType::F16);
  CHECK(d[0] == 1.0f);                                 // exponent 15 = 2^0, mantissa 0
  CHECK(d[1] == -2.0f);                                // sign set, exponent 16
  CHECK(d[2] == std::ldexp(1.0f, -24));                // smallest subnormal: 1 x 2^-24
  CHECK(d[3] == std::ldexp(1023.0f, -24));             // largest subnormal
  CHECK(d[4] == std::ldexp(1.0f, -14));                // smallest normal
  CHECK(d[5] == 65504.0f);                             // largest finite half
  CHECK((d[6] == 0.0f && std::signbit(d[6])));         // -0 keeps its sign
  CHECK(d[7] == kInf);
  CHECK(d[8] == -kInf);
  CHECK(std::isnan(d[9]));
}

TEST_CASE("safetensors BF16 is the upper half of a float32 and F64 rounds to nearest", "[tensor_io]") {
  const auto set = io::parse_safetensors(
      st(R"({"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]},)"
         R"("d":{"dtype":"F64","shape":[4],"data_offsets":[10,42]}})",
         u16({0x3F80, 0xC0A0, 0x7F80, 0x0001, 0x7FC0}) + le(std::bit_cast<std::uint64_t>(0.1), 8) +
             le(std::bit_cast<std::uint64_t>(1e300), 8) + le(std::bit_cast<std::uint64_t>(1e-50), 8) +
             le(std::bit_cast<std::uint64_t>(1.0 / 3.0), 8)),
      "b.safetensors");
  const auto& b = set.tensors.at(0).data;
  CHECK(b[0] == 1.0f);                         // 0x3F800000
  CHECK(b[1] == -5.0f);                        // 0xC0A00000
  CHECK(b[2] == kInf);                         // 0x7F800000
  CHECK(b[3] == std::ldexp(1.0f, -133));       // 0x00010000: float subnormal 2^-149 x 2^16
  CHECK(std::isnan(b[4]));
  const auto& d = set.tensors.at(1).data;
  CHECK(d[0] == 0.1f);                         // nearest float to 0.1
  CHECK(d[1] == kInf);                         // beyond FLT_MAX rounds to infinity
  CHECK(d[2] == 0.0f);                         // below half the smallest subnormal rounds to 0
  CHECK(d[3] == 1.0f / 3.0f);
}

TEST_CASE("write_safetensors then parse_safetensors gives the same bits, shapes, order and metadata", "[tensor_io]") {
  const auto tensors = sample_tensors();
  const std::map<std::string, std::string> meta{{"format", "pt"}, {"made_by", "test"}};
  const std::string bytes = io::write_safetensors(tensors, meta);
  // Layout: u64 header length, padded to a multiple of 8; then 4 bytes a value.
  const std::uint64_t n = static_cast<unsigned char>(bytes[0]) | (static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[1])) << 8);
  CHECK(n % 8 == 0);
  CHECK(bytes.size() == 8 + n + 4 * (8 + 1 + 0 + 4));
  const auto back = io::parse_safetensors(bytes, "round.safetensors");
  CHECK(back.source == "round.safetensors");
  CHECK(back.metadata == meta);
  REQUIRE(back.tensors.size() == tensors.size());
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    INFO(tensors[i].name);
    CHECK(back.tensors[i].name == tensors[i].name);
    CHECK(back.tensors[i].dtype == io::DType::F32);
    CHECK(back.tensors[i].shape == tensors[i].shape);
    CHECK(same_bits(back.tensors[i].data, tensors[i].data));
  }
}

TEST_CASE("write_safetensors refuses tensors it cannot write", "[tensor_io]") {
  CHECK_THROWS_AS(io::write_safetensors({io::Tensor{"W", io::DType::F32, {2, 2}, {1, 2, 3}}}), mha::ShapeError);
  const io::Tensor a{"a", io::DType::F32, {1}, {1}};
  CHECK_THROWS_AS(io::write_safetensors({a, a}), mha::InputError);
  CHECK_THROWS_AS(io::write_safetensors({io::Tensor{"__metadata__", io::DType::F32, {1}, {1}}}), mha::InputError);
  CHECK_THROWS_AS(io::write_safetensors({io::Tensor{"bad\xff", io::DType::F32, {1}, {1}}}), mha::InputError);
}

TEST_CASE("the committed safetensors samples read as make_tensor_files.py wrote them", "[tensor_io]") {
  const auto small = io::read_safetensors(kData / "small.safetensors");
  REQUIRE(small.tensors.size() == 2);
  CHECK(small.tensors[0].name == "W_Q");  // file order, not alphabetical
  CHECK(small.tensors[0].shape == std::vector<std::int64_t>{2, 3});
  CHECK(small.tensors[0].data == std::vector<float>{-1, -0.5f, 0, 0.5f, 1, 1.5f});  // 0.5 i - 1
  CHECK(small.tensors[1].data == std::vector<float>{1, 2, 3});
  CHECK(small.metadata.at("format") == "pt");
  const auto dtypes = io::read_safetensors(kData / "dtypes.safetensors");
  const auto& half = dtypes.find("half")->data;
  CHECK(half[0] == 1.0f);
  CHECK(half[1] == -2.0f);
  CHECK(half[2] == std::ldexp(1.0f, -24));
  CHECK(half[3] == kInf);
  CHECK(half[4] == -kInf);
  CHECK(std::isnan(half[5]));
  CHECK(dtypes.find("bf")->data == std::vector<float>{1.0f, -5.0f});
  CHECK(dtypes.find("wide")->dtype == io::DType::F64);
  CHECK(dtypes.find("wide")->data[0] == 0.1f);
  CHECK(dtypes.find("wide")->data[1] == -2.5f);
  CHECK(dtypes.find("wide")->data[2] == kInf);
}

TEST_CASE("safetensors files cut short anywhere are format errors", "[tensor_io]") {
  const std::string whole = file_bytes(kData / "small.safetensors");
  const std::size_t header_end = 8 + static_cast<unsigned char>(whole[0]);
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{8}, std::size_t{30}, header_end,
                          header_end + 3, whole.size() - 1}) {
    INFO("cut at " << cut);
    CHECK_THAT(st_error(whole.substr(0, cut)), StartsWith("w.safetensors: "));
  }
  CHECK_THAT(st_error(whole.substr(0, 5)), Contains("has 5 bytes"));
  CHECK_THAT(st_error(whole.substr(0, 30)), Contains("header length 192") && Contains("past the end"));
  // Cut inside the data: the last tensor's offsets reach past the buffer.
  CHECK_THAT(st_error(whole.substr(0, whole.size() - 1)),
             Contains("\"b_Q\"") && Contains("[24, 36]") && Contains("past the end of the data buffer, which has 35"));
  CHECK_THAT(format_error([] { io::read_safetensors(kData / "bad_truncated.safetensors"); }),
             Contains("bad_truncated.safetensors: ") && Contains("\"b_Q\""));
  CHECK_THAT(format_error([] { io::read_safetensors(kData / "bad_header_past_end.safetensors"); }),
             Contains("header length 1000"));
}

TEST_CASE("safetensors headers that are not a JSON object are format errors", "[tensor_io]") {
  CHECK_THAT(st_error(st("{\"a\": [1,}")), Contains("header is not valid JSON at byte 17"));  // 8 + 9: the '}'
  CHECK_THAT(st_error(st("[1, 2]")), Contains("header must be a JSON object") && Contains("an array"));
  CHECK_THAT(st_error(st("")), Contains("not valid JSON"));
  CHECK_THAT(st_error(st("{\"x\": \"\xff\"}")), Contains("not valid JSON"));  // header must be UTF-8
  CHECK_THAT(st_error(st(R"({"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"a":{}})", f32({1}))),
             Contains("key \"a\" twice"));
  // Padding spaces after the object are allowed.
  CHECK(io::parse_safetensors(st("{}      "), "w").tensors.empty());
}

TEST_CASE("safetensors entries missing or mistyping dtype, shape or data_offsets are format errors", "[tensor_io]") {
  CHECK_THAT(st_error(st(R"({"W":[1]})")), Contains("tensor \"W\": header entry must be an object"));
  CHECK_THAT(st_error(st(R"({"W":{"shape":[1],"data_offsets":[0,4]}})", f32({1}))), Contains("tensor \"W\": header entry has no \"dtype\""));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","data_offsets":[0,4]}})", f32({1}))), Contains("no \"shape\""));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[1]}})", f32({1}))), Contains("no \"data_offsets\""));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", f32({1}))),
             Contains("dtype must be a string") && Contains("an integer"));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":"1","data_offsets":[0,4]}})", f32({1}))),
             Contains("tensor \"W\": shape must be an array of non-negative integers, got a string"));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[2,-3],"data_offsets":[0,4]}})", f32({1}))),
             Contains("tensor \"W\": shape[1] must be a non-negative integer, got -3"));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", f32({1}))),
             Contains("shape[0] must be a non-negative integer, got a number"));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", f32({1}))),
             Contains("data_offsets must be [begin, end], got 1 numbers"));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", f32({1}))),
             Contains("[4, 0] end before they begin"));
  CHECK_THAT(st_error(st(R"({"__metadata__":{"k":1}})")), Contains("\"__metadata__\".\"k\" must be a string"));
  CHECK_THAT(st_error(st(R"({"__metadata__":[]})")), Contains("\"__metadata__\" must be an object of strings"));
}

TEST_CASE("safetensors sizes and offsets are checked before anything is allocated", "[tensor_io]") {
  // The example of the brief: 96 bytes for a 3x4 F32 tensor, which needs 48.
  CHECK(st_error(st(R"({"in_proj_weight":{"dtype":"F32","shape":[3,4],"data_offsets":[0,96]}})", std::string(96, '\0'))) ==
        "w.safetensors: tensor \"in_proj_weight\": data_offsets [0, 96] hold 96 bytes but F32 shape [3, 4] needs 48");
  // 2^60 elements: more than any file could hold; an error, not bad_alloc.
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[1073741824,1073741824],"data_offsets":[0,4]}})", f32({1}))),
             Contains("shape [1073741824, 1073741824] has more than 2^58 elements"));
  // Consistent sizes, but far past the buffer.
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}})", f32({1}))),
             Contains("past the end of the data buffer, which has 4 bytes"));
  CHECK_THAT(st_error(st(R"({"W":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551615]}})")),
             Contains("data_offsets[1] must be a non-negative integer, got 18446744073709551615"));
  // Two tensors over the same bytes, a gap, and bytes after the last tensor.
  CHECK_THAT(st_error(st(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                         f32({1}))),
             Contains("overlap those of tensor"));
  CHECK_THAT(st_error(st(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", f32({1, 2}))),
             Contains("bytes 0 to 4 of the data buffer belong to no tensor"));
  CHECK_THAT(st_error(st(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", f32({1, 2}))),
             Contains("4 bytes after the last tensor"));
}

TEST_CASE("safetensors dtypes other than F16, BF16, F32, F64 are refused by name", "[tensor_io]") {
  CHECK_THAT(format_error([] { io::read_safetensors(kData / "bad_int8.safetensors"); }),
             Contains("bad_int8.safetensors: tensor \"counts\": dtype \"I8\" is not supported (accepted: F16, BF16, F32, F64)"));
  for (const char* dtype : {"I64", "BOOL", "U8", "F8_E4M3", "f32"}) {
    INFO(dtype);
    CHECK_THAT(st_error(st(std::string(R"({"W":{"dtype":")") + dtype + R"(","shape":[],"data_offsets":[0,0]}})")),
               Contains(std::string("dtype \"") + dtype + "\" is not supported"));
  }
}

// --- npy ----------------------------------------------------------------

TEST_CASE("write_npy then parse_npy gives the same bits and shape; the data is 64-byte aligned", "[tensor_io]") {
  for (const auto& t : sample_tensors()) {
    INFO(t.name);
    const std::string bytes = io::write_npy(t);
    CHECK(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));  // version 1.0
    const std::size_t data_start = 10 + (static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8));
    CHECK(data_start % 64 == 0);
    CHECK(bytes[data_start - 1] == '\n');  // numpy ends the header with a newline
    CHECK(bytes.size() - data_start == 4 * t.data.size());
    const auto back = io::parse_npy(bytes, "round.npy", t.name);
    CHECK(back.dtype == io::DType::F32);
    CHECK(back.shape == t.shape);
    CHECK(same_bits(back.data, t.data));
  }
  // The dict is numpy's own spelling: a 1-tuple keeps its comma, () is a scalar.
  CHECK_THAT(io::write_npy({"v", io::DType::F32, {5}, {1, 2, 3, 4, 5}}),
             Contains("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"));
  CHECK_THAT(io::write_npy({"s", io::DType::F32, {}, {1}}), Contains("'shape': (), }"));
  CHECK_THROWS_AS(io::write_npy({"W", io::DType::F32, {2, 2}, {1}}), mha::ShapeError);
}

TEST_CASE("write_npy switches to format 2.0 only when the header passes 65535 bytes", "[tensor_io]") {
  // 30000 dimensions of 1 spell "1, " 30000 times: about 90000 header bytes.
  const io::Tensor t{"deep", io::DType::F32, std::vector<std::int64_t>(30000, 1), {2.5f}};
  const std::string bytes = io::write_npy(t);
  CHECK(bytes[6] == 2);
  const std::size_t header = static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8) |
                             (static_cast<std::size_t>(static_cast<unsigned char>(bytes[10])) << 16);
  CHECK((12 + header) % 64 == 0);
  const auto back = io::parse_npy(bytes, "deep.npy", "deep");
  CHECK(back.shape.size() == 30000);
  CHECK(back.data == std::vector<float>{2.5f});
}

TEST_CASE("the committed npy samples read as make_tensor_files.py wrote them", "[tensor_io]") {
  const std::vector<float> one_to_six{1, 2, 3, 4, 5, 6};
  const auto m = io::read_npy(kData / "matrix.npy");
  CHECK(m.name == "matrix");  // the file stem
  CHECK(m.shape == std::vector<std::int64_t>{2, 3});
  CHECK(m.data == one_to_six);
  // Stored column by column (1 4 2 5 3 6) as float64: read back row-major.
  const auto f = io::read_npy(kData / "fortran.npy");
  CHECK(f.dtype == io::DType::F64);
  CHECK(f.shape == std::vector<std::int64_t>{2, 3});
  CHECK(f.data == one_to_six);
  CHECK(io::read_npy(kData / "big_endian.npy").data == std::vector<float>{1.5f, -2.0f, 0.25f});
  const auto h = io::read_npy(kData / "half_v2.npy");  // version 2.0, float16
  CHECK(h.dtype == io::DType::F16);
  CHECK(h.data == std::vector<float>{1.0f, 2.0f});
  const auto s = io::read_npy(kData / "scalar_v3.npy");  // version 3.0, shape ()
  CHECK(s.shape.empty());
  CHECK(s.data == std::vector<float>{7.0f});
  const auto dir = io::read_npy_dir(kData / "npy_dir");  // a.npy before b.npy; notes.txt passed over
  REQUIRE(dir.tensors.size() == 2);
  CHECK(dir.tensors[0].name == "a");
  CHECK(dir.tensors[0].shape == std::vector<std::int64_t>{1, 2});
  CHECK(dir.tensors[1].data == std::vector<float>{10, 20});
}

TEST_CASE("npy fortran_order transposes any number of dimensions into row-major", "[tensor_io]") {
  // Shape (2, 3, 4) in Fortran order: element (i, j, k) sits at i + 2j + 6k.
  // Give it the value 100i + 10j + k, so each value names its own index.
  std::vector<float> fortran(24);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) fortran[static_cast<std::size_t>(i + 2 * j + 6 * k)] = static_cast<float>(100 * i + 10 * j + k);
  std::string data;
  for (float v : fortran) data += f32({v});
  const auto t = io::parse_npy(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", data), "c.npy", "c");
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) CHECK(t.data[static_cast<std::size_t>(12 * i + 4 * j + k)] == static_cast<float>(100 * i + 10 * j + k));
}

TEST_CASE("npy headers in the other spellings numpy and Python allow are read", "[tensor_io]") {
  // Python 2 numpy wrote (2L,); keys in another order, double quotes, no trailing comma.
  CHECK(io::parse_npy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }", f32({1, 2})), "p", "p").shape ==
        std::vector<std::int64_t>{2});
  const auto t = io::parse_npy(npy("{\"shape\": (1, 1), \"fortran_order\": False, \"descr\": \"=f4\"}\n", f32({3})), "q", "q");
  CHECK(t.data == std::vector<float>{3});
  CHECK(io::parse_npy(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (), }", std::string("\x3f\xf8\0\0\0\0\0\0", 8)), "b", "b")
            .data == std::vector<float>{1.5f});  // 0x3FF8000000000000 = 1.5, big-endian
}

TEST_CASE("npy files with a bad preamble or a truncated or overlong body are format errors", "[tensor_io]") {
  const std::string whole = file_bytes(kData / "matrix.npy");
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{9}, std::size_t{40}, std::size_t{128}, whole.size() - 1}) {
    INFO("cut at " << cut);
    CHECK_THAT(npy_error(whole.substr(0, cut)), StartsWith("w.npy: "));
  }
  CHECK_THAT(npy_error(whole.substr(0, 9)), Contains("has 9 bytes, too few"));
  CHECK_THAT(npy_error(whole.substr(0, 40)), Contains("npy header length 118 (bytes 8-9) runs past the end of the file, which has 40 bytes"));
  CHECK_THAT(npy_error(whole.substr(0, whole.size() - 1)),
             Contains("data has 23 bytes but \"<f4\" shape [2, 3] needs 24 (the file is truncated)"));
  CHECK_THAT(npy_error(whole + "x"), Contains("data has 25 bytes") && Contains("extra bytes"));
  CHECK_THAT(format_error([] { io::read_npy(kData / "bad_truncated.npy"); }),
             Contains("bad_truncated.npy: data has 20 bytes but \"<f4\" shape [2, 3] needs 24"));
  CHECK_THAT(format_error([] { io::read_npy(kData / "bad_magic.npy"); }), Contains("bad_magic.npy: bytes 0-5 are not the npy magic"));
  std::string v4 = whole;
  v4[6] = 4;
  CHECK_THAT(npy_error(v4), Contains("npy version 4.0 (bytes 6-7) is not supported (accepted: 1.0, 2.0, 3.0)"));
  CHECK_THAT(npy_error(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", f32({1}), 2).substr(0, 11)),
             Contains("too few for the header length of npy version 2.0"));
}

TEST_CASE("npy header dicts outside the strict grammar are format errors naming the byte", "[tensor_io]") {
  const auto bad = [](const std::string& dict) { return npy_error(npy(dict, f32({1}))); };
  CHECK_THAT(bad("'descr': '<f4'}"), Contains("npy header at byte 10: expected '{' opening the header dict, got \"'\""));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
             Contains("npy header at byte 66: unknown key \"extra\" (allowed: 'descr', 'fortran_order', 'shape')"));  // 10 + 56
  CHECK_THAT(bad("{'descr': '<f4', 'shape': (1,)}"), Contains("npy header has no 'fortran_order' key"));
  CHECK_THAT(bad("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"),
             Contains("npy header at byte 27: key \"descr\" appears twice"));  // 10 + 17
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}"), Contains("expected True or False"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}"), Contains("expected ',' after the only dimension, as in (5,)"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"), Contains("expected a tuple of non-negative integers"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1 1)}"), Contains("expected ',' or ')' in the shape tuple"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}"), Contains("a dimension below 2^63"));
  CHECK_THAT(bad("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"), Contains("structured dtypes are not supported"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x"), Contains("only spaces and a newline after the closing '}'"));
  CHECK_THAT(bad("{'descr': '<f4\n', 'fortran_order': False, 'shape': (1,)}"), Contains("expected a closing '"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)"), Contains("got the end of the header"));
  CHECK_THAT(bad("{'descr': '<i4', 'fortran_order': False, 'shape': (1,)}"),
             Contains("w.npy: npy header: descr \"<i4\" is not supported (accepted: '<f2', '<f4', '<f8'"));
  CHECK_THAT(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824, 1073741824)}"),
             Contains("shape [1073741824, 1073741824] has more than 2^58 elements"));
}

TEST_CASE("read_npy_dir needs a folder with .npy files", "[tensor_io]") {
  const auto empty = std::filesystem::temp_directory_path() / "mha_tensor_io_empty_dir";
  std::filesystem::create_directories(empty);
  CHECK_THAT(format_error([&] { io::read_npy_dir(empty); }), Contains("mha_tensor_io_empty_dir: the folder has no .npy files"));
  std::filesystem::remove(empty);
  CHECK_THROWS_AS(io::read_npy_dir(kData / "no_such_folder"), mha::IoError);
}

// --- tensor JSON --------------------------------------------------------

TEST_CASE("tensor JSON nested arrays, scalars and the shape-and-data form", "[tensor_io]") {
  const auto nested = io::read_tensor_json(kData / "nested.json");
  REQUIRE(nested.tensors.size() == 3);
  CHECK(nested.tensors[0].name == "W_Q");  // file order
  CHECK(nested.tensors[0].shape == std::vector<std::int64_t>{2, 2});
  CHECK(nested.tensors[0].data == std::vector<float>{1, 2, 3, 4});
  CHECK(nested.tensors[0].dtype == io::DType::F32);  // JSON has no dtype: recorded as F32
  CHECK(nested.tensors[1].data == std::vector<float>{0.5f, -0.5f});
  CHECK(nested.tensors[2].shape.empty());  // "scale": 0.125 is a scalar
  CHECK(nested.tensors[2].data == std::vector<float>{0.125f});
  const auto flat = io::read_tensor_json(kData / "flat.json");
  CHECK(flat.find("W_K")->shape == std::vector<std::int64_t>{2, 2});
  CHECK(flat.find("W_K")->data == std::vector<float>{1, 2, 3, 4});
  CHECK(flat.find("empty")->shape == std::vector<std::int64_t>{0, 3});
  CHECK(flat.find("empty")->data.empty());
  // Empty arrays have the shapes numpy gives them; numbers round to nearest float.
  const auto e = io::parse_tensor_json(R"({"a": [], "b": [[], []], "c": [0.1, 16777217]})", "e.json");
  CHECK(e.tensors[0].shape == std::vector<std::int64_t>{0});
  CHECK(e.tensors[1].shape == std::vector<std::int64_t>{2, 0});
  CHECK(e.tensors[2].data == std::vector<float>{0.1f, 16777216.0f});  // 2^24 + 1 is not a float: ties to even
}

TEST_CASE("tensor JSON that is ragged, not numbers or not an object is a format error with its JSON path", "[tensor_io]") {
  CHECK_THAT(format_error([] { io::read_tensor_json(kData / "bad_ragged.json"); }),
             Contains("bad_ragged.json: at W_Q[3]: expected 3 entries like W_Q[0], got 2"));
  CHECK_THAT(json_error(R"({"W": [[1, 2], 3]})"), Contains("at W[1]: expected 2 entries like W[0], got an integer"));
  CHECK_THAT(json_error(R"({"W": [[[1], [2]], [[3], [4, 5]]]})"), Contains("at W[1][1]: expected 1 entries like W[0][0], got 2"));
  CHECK_THAT(json_error(R"({"W": [[1, null]]})"), Contains("w.json: at W[0][1]: expected a number, got null"));
  CHECK_THAT(json_error(R"({"W": [1, "2"]})"), Contains("at W[1]: expected a number, got a string"));
  CHECK_THAT(json_error(R"({"W": [[1], [[2]]]})"), Contains("at W[1][0]: expected a number, got an array"));
  CHECK_THAT(json_error(R"({"W": true})"), Contains("at W: expected nested arrays of numbers") && Contains("got a boolean"));
  CHECK_THAT(json_error(R"({"W": [1e39]})"), Contains("at W[0]: 1e+39 is outside the float range"));
  CHECK_THAT(json_error(R"([1, 2])"), Contains("w.json: the file must be a JSON object"));
  CHECK_THAT(json_error("{\"W\": [1, 2,]}"), Contains("w.json: the file is not valid JSON at byte 12"));
  CHECK_THAT(json_error(R"({"W": [1], "W": [2]})"), Contains("key \"W\" twice"));
  CHECK_THAT(json_error(std::string(100, '[') + std::string(100, ']')), Contains("must be a JSON object"));
  CHECK_THAT(json_error("{\"W\": " + std::string(100, '[') + "1" + std::string(100, ']') + "}"),
             Contains("at W: arrays nested deeper than 64 levels"));
}

TEST_CASE("tensor JSON shape-and-data entries are checked against each other", "[tensor_io]") {
  CHECK_THAT(json_error(R"({"W": {"shape": [2, 3], "data": [1, 2, 3, 4, 5]}})"),
             Contains("at W.data: has 5 numbers but shape [2, 3] needs 6"));
  CHECK_THAT(json_error(R"({"W": {"shape": [2, -3], "data": []}})"),
             Contains("at W.shape[1] must be a non-negative integer, got -3"));
  CHECK_THAT(json_error(R"({"W": {"shape": [1073741824, 1073741824], "data": [1]}})"), Contains("has more than 2^58 elements"));
  CHECK_THAT(json_error(R"({"W": {"shape": [1], "data": [null]}})"), Contains("at W.data[0]: expected a number, got null"));
  CHECK_THAT(json_error(R"({"W": {"shape": [1], "data": [1], "dtype": "F32"}})"), Contains("at W: unexpected key \"dtype\""));
  CHECK_THAT(json_error(R"({"W": {"data": [1]}})"), Contains("at W: no \"shape\""));
  CHECK_THAT(json_error(R"({"W": {"shape": [1], "data": 1}})"), Contains("at W.data: expected an array of numbers, got an integer"));
}

// --- choosing the format ------------------------------------------------

TEST_CASE("read_tensors picks the format by folder, extension or first bytes", "[tensor_io]") {
  CHECK(io::read_tensors(kData / "npy_dir").tensors.size() == 2);
  CHECK(io::read_tensors(kData / "small.safetensors").metadata.at("format") == "pt");
  CHECK(io::read_tensors(kData / "small_renamed.bin").tensors.at(0).name == "W_Q");  // sniffed
  CHECK(io::read_tensors(kData / "nested.json").tensors.size() == 3);
  const auto one = io::read_tensors(kData / "matrix.npy");
  CHECK(one.tensors.at(0).name == "matrix");
  CHECK_THAT(format_error([] { io::read_tensors(kData / "bad_unknown_format.txt"); }),
             Contains("bad_unknown_format.txt: not a tensor file") && Contains(".safetensors, .npy or .json file, or a folder of .npy files"));
  CHECK_THROWS_AS(io::read_tensors(kData / "missing.safetensors"), mha::IoError);
  CHECK_THROWS_WITH(io::read_safetensors(kData / "missing.safetensors"), Contains("missing.safetensors: cannot open"));
  CHECK_THROWS_AS(io::read_npy(kData / "missing.npy"), mha::IoError);
  CHECK_THROWS_AS(io::read_tensor_json(kData / "npy_dir"), mha::IoError);  // a folder is not a file
}

TEST_CASE("every one-byte corruption of valid files is read or refused with a FormatError", "[tensor_io]") {
  // A small exhaustive fuzz: no other exception, no crash (the sanitizer
  // build and the libFuzzer targets in fuzz/ go further).
  const auto parse = [](const std::string& name, const std::string& b) {
    if (name.ends_with(".npy")) return io::TensorSet{name, {io::parse_npy(b, name, "x")}, {}};
    if (name.ends_with(".json")) return io::parse_tensor_json(b, name);
    return io::parse_safetensors(b, name);
  };
  for (const std::string name : {"small.safetensors", "matrix.npy", "nested.json"}) {
    const std::string whole = file_bytes(kData / name);
    for (std::size_t i = 0; i < whole.size(); ++i)
      for (int v : {0x00, 0x01, 0x22, 0x5b, 0x7f, 0xff}) {
        std::string b = whole;
        b[i] = static_cast<char>(v);
        try {
          for (const auto& t : parse(name, b).tensors) CHECK(t.data.size() == io::element_count(t.shape));
        } catch (const mha::FormatError& e) {
          CHECK_THAT(std::string(e.what()), StartsWith(name + ": "));
        }
      }
  }
}
