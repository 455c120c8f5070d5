#pragma once
// A corpus as lines (docs/corpus.md): JSON Lines, one object a line
// ({"id": "s1", "text": "…", "pair": "…"}; "id" a string or a whole number,
// the line number when absent; "pair" for BERT), or plain text, one sentence
// a line, its id its line number. The input is JSON Lines when its first
// line that is not blank starts with '{'.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace mha::corpus {

// The lines of a file, or of standard input for "-", without their "\n"
// (or "\r\n"), counted from 1, with the bytes read so far (for progress).
class LineSource {
 public:
  // Throws IoError naming the file when it cannot be opened.
  explicit LineSource(const std::filesystem::path& path);
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;
  bool next(std::string& line);  // false at the end; throws IoError on a read error
  long line_number() const { return line_; }
  std::uint64_t bytes_read() const { return bytes_; }
  std::uint64_t bytes_total() const { return total_; }  // 0: not known (standard input, a pipe)
  const std::string& name() const { return name_; }

 private:
  std::ifstream file_;
  std::istream* in_ = nullptr;
  std::string name_;
  long line_ = 0;
  std::uint64_t bytes_ = 0, total_ = 0;
};

enum class LineFormat { unknown, json_lines, plain };

// One line made ready for the model, or why it cannot be.
struct CorpusLine {
  long line = 0;
  std::string id;  // as JSON text: "\"s1\"" or 17; "" when the line has none readable
  std::string text;
  std::optional<std::string> pair;
  // Set for a line that cannot be used: its kind ("invalid_utf8",
  // "bad_json", "empty_text"; the run adds "refused" for a text the model
  // refused, such as one longer than its positions without --truncate) and
  // a one-line reason.
  std::string error_kind, error;
};

// `format` is fixed by the first line that is not blank (unknown until then).
CorpusLine read_line(std::string_view raw, long number, LineFormat& format);

}  // namespace mha::corpus
