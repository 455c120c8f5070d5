// Vocabulary files: one token per line, line 1 naming row 0 of the matrix.
#include "mha/embeddings/detail/parse.hpp"
#include "mha/embeddings/table_builder.hpp"
#include "mha/io/detail/io_detail.hpp"

namespace mha {

std::vector<std::string> parse_vocab(std::string_view bytes, const std::string& source) {
  using embeddings::at;
  using io::detail::fail;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);  // a byte-order mark
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t newline = bytes.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    std::string_view token = bytes.substr(pos, end - pos);
    if (token.ends_with('\r')) token.remove_suffix(1);
    pos = end + 1;
    const std::string where = at("line", words.size() + 1);
    if (token.empty()) fail(source, where + ": empty; expected one token per line (line i names row i - 1)");
    if (token.find_first_of(" \t") != std::string_view::npos)
      fail(source, where + ": " + embeddings::shown(token) +
                       " holds a space or a tab; expected one token per line and nothing else");
    embeddings::require_utf8(token, source, where);
    words.emplace_back(token);
  }
  if (words.empty()) fail(source, "empty; expected one token per line (line i names row i - 1)");
  return words;
}

}  // namespace mha
