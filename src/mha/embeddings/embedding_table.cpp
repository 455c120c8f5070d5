#include "mha/embeddings/embedding_table.hpp"

#include <algorithm>
#include <fstream>

#include "mha/embeddings/detail/parse.hpp"
#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"

namespace mha {

namespace {

constexpr std::size_t kSniff = 4096;  // bytes read to recognise a file without a known extension

std::string first_bytes(const std::filesystem::path& file, std::uintmax_t& size) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw IoError(file.string() + ": is a folder, expected a file");
  if (!std::filesystem::exists(file, ec)) throw IoError(file.string() + ": no such file");
  size = std::filesystem::file_size(file, ec);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file.string() + ": cannot open");
  std::string head(kSniff, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw IoError(file.string() + ": cannot read");
  return head;
}

bool is_binary_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7f;
}

EmbeddingFormat by_content(const std::filesystem::path& file) {
  std::uintmax_t size = 0;
  const std::string head = first_bytes(file, size);
  if (head.starts_with("\x93NUMPY")) return EmbeddingFormat::npy_vocab;
  if (head.size() >= 9) {  // safetensors: a header length that fits the file, then '{'
    const std::uint64_t length = io::detail::load_le(head, 0, 8);
    if (length >= 2 && length <= size - 8 && head[8] == '{') return EmbeddingFormat::safetensors;
  }
  const auto text_start = head.find_first_not_of(" \t\r\n");
  if (text_start != std::string::npos && head[text_start] == '{') return EmbeddingFormat::json;
  // "count dim\n" starts word2vec binary and word2vec text alike: binary
  // values hold control bytes, text never does.
  const auto newline = head.find('\n');
  const std::string_view first_line = std::string_view(head).substr(0, newline);
  const std::string_view rest = newline == std::string::npos ? std::string_view() : std::string_view(head).substr(newline + 1);
  const bool binary_rest = std::any_of(rest.begin(), rest.end(), is_binary_byte);
  const bool binary_head = std::any_of(first_line.begin(), first_line.end(), is_binary_byte);
  if (!binary_head && !binary_rest) return EmbeddingFormat::glove;
  if (!binary_head && binary_rest && first_line.find_first_not_of("0123456789 \r") == std::string_view::npos)
    return EmbeddingFormat::word2vec;
  io::detail::fail(file.string(),
                   "not an embedding table this program reads (accepted: GloVe text .txt/.vec, word2vec binary .bin, "
                   ".npy with a vocabulary file, .safetensors, .json)");
}

}  // namespace

std::string_view to_string(EmbeddingFormat f) {
  switch (f) {
    case EmbeddingFormat::glove: return "GloVe text";
    case EmbeddingFormat::word2vec: return "word2vec binary";
    case EmbeddingFormat::npy_vocab: return ".npy with a vocabulary";
    case EmbeddingFormat::safetensors: return "safetensors";
    case EmbeddingFormat::json: return "JSON";
  }
  return "?";
}

const float* EmbeddingTable::find(std::string_view word) const {
  const auto it = row_of.find(word);
  return it == row_of.end() ? nullptr : vectors.row(static_cast<Index>(it->second)).data();
}

EmbeddingFormat embedding_format_of(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".txt" || ext == ".vec") return EmbeddingFormat::glove;
  if (ext == ".bin") return EmbeddingFormat::word2vec;
  if (ext == ".npy") return EmbeddingFormat::npy_vocab;
  if (ext == ".safetensors") return EmbeddingFormat::safetensors;
  if (ext == ".json") return EmbeddingFormat::json;
  return by_content(file);
}

EmbeddingTable load_embeddings(const std::filesystem::path& file, const std::optional<std::filesystem::path>& vocab,
                               const std::set<std::string>* wanted) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw IoError(file.string() + ": is a folder, expected a file");
  if (!std::filesystem::exists(file, ec)) throw IoError(file.string() + ": no such file");
  const EmbeddingFormat format = embedding_format_of(file);
  const std::string source = file.string();
  const bool takes_vocab = format == EmbeddingFormat::npy_vocab || format == EmbeddingFormat::safetensors;
  if (vocab && !takes_vocab)
    throw InputError(vocab->string() + ": a vocabulary file goes with a .npy or .safetensors table; " + source + " is " +
                     std::string(to_string(format)) + ", which names its rows itself");
  switch (format) {
    case EmbeddingFormat::glove:
    case EmbeddingFormat::word2vec: {
      std::ifstream in(file, std::ios::binary);
      if (!in) throw IoError(source + ": cannot open");
      return format == EmbeddingFormat::glove ? parse_glove(in, source, wanted) : parse_word2vec(in, source, wanted);
    }
    case EmbeddingFormat::npy_vocab: {
      if (!vocab)
        throw InputError(source + " is a .npy matrix: give its vocabulary file too with --embeddings-vocab FILE (one "
                                  "token per line, line 1 naming row 0)");
      const std::string bytes = io::detail::read_file(file), words = io::detail::read_file(*vocab);
      return parse_npy_table(bytes, source, words, vocab->string(), wanted);
    }
    case EmbeddingFormat::safetensors: {
      const std::string bytes = io::detail::read_file(file);
      if (!vocab) return parse_safetensors_table(bytes, source, nullptr, {}, wanted);
      const std::string words = io::detail::read_file(*vocab);
      const std::string_view view = words;
      return parse_safetensors_table(bytes, source, &view, vocab->string(), wanted);
    }
    case EmbeddingFormat::json: return parse_embeddings_json(io::detail::read_file(file), source, wanted);
  }
  throw InputError(source + ": unknown embedding format");
}

void require_dimension(const EmbeddingTable& table, int d_model) {
  if (d_model == table.dim) return;
  std::string m = table.source;
  m += ": vectors of ";
  m += std::to_string(table.dim);
  m += " values (";
  m += table.dim_from;
  m += "), but --d-model is ";
  m += std::to_string(d_model);
  m += "; the table sets d_model: leave --d-model out or give ";
  m += std::to_string(table.dim);
  throw ShapeError(m);
}

}  // namespace mha
