#include "mha/corpus/lines.hpp"

#include <iostream>

#include "mha/core/detail/json_text.hpp"
#include "mha/core/error.hpp"
#include "mha/text/utf8.hpp"

namespace mha::corpus {

LineSource::LineSource(const std::filesystem::path& path) : name_(path == "-" ? "standard input" : path.string()) {
  if (path == "-") {
    in_ = &std::cin;
    return;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(name_ + ": is a folder; expected a corpus file");
  file_.open(path, std::ios::binary);
  if (!file_) throw IoError(name_ + ": cannot be opened for reading; expected a corpus file (JSON Lines or text)");
  in_ = &file_;
  if (std::filesystem::is_regular_file(path, ec)) total_ = std::filesystem::file_size(path, ec);
}

bool LineSource::next(std::string& line) {
  if (!std::getline(*in_, line)) {
    if (in_->bad()) throw IoError(name_ + ": read failed after line " + std::to_string(line_));
    return false;
  }
  ++line_;
  bytes_ += line.size() + 1;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

struct LineError {
  const char* kind;
  std::string reason;
};

}  // namespace

CorpusLine read_line(std::string_view raw, long number, LineFormat& format) {
  CorpusLine out;
  out.line = number;
  const auto fail = [&](const char* kind, std::string reason) {
    out.error_kind = kind;
    out.error = std::move(reason);
    return out;
  };
  try {
    (void)utf8::decode(raw, "the line");
  } catch (const InputError& e) {  // re-worded with its kind
    return fail("invalid_utf8", e.what());
  }
  if (format == LineFormat::unknown && !blank(raw))
    format = raw.find_first_not_of(" \t") != std::string_view::npos && raw[raw.find_first_not_of(" \t")] == '{'
                 ? LineFormat::json_lines
                 : LineFormat::plain;
  if (format != LineFormat::json_lines) {
    out.id = std::to_string(number);
    if (blank(raw)) return fail("empty_text", "the line is blank; expected a sentence");
    out.text = raw;
    return out;
  }
  if (blank(raw)) return fail("empty_text", "the line is blank; expected a JSON object with \"text\"");
  nlohmann::json j;
  try {
    j = detail::parse_json<nlohmann::json>(
        raw, [](const std::string& key) { throw LineError{"bad_json", "the key \"" + key + "\" is there twice"}; },
        [](long long byte, const std::string& reason) {
          throw LineError{"bad_json", "not JSON at byte " + std::to_string(byte) + ": " + reason};
        });
  } catch (const LineError& e) {
    return fail(e.kind, e.reason);
  }
  if (!j.is_object()) return fail("bad_json", "expected a JSON object, got " + detail::json_kind(j.type()));
  if (const auto id = j.find("id"); id == j.end()) {
    out.id = std::to_string(number);
  } else if (id->is_string() || id->is_number_integer()) {
    out.id = id->dump();
  } else {
    return fail("bad_json", "\"id\" is " + detail::json_kind(id->type()) + "; expected a string or a whole number");
  }
  const auto text = j.find("text");
  if (text == j.end()) return fail("bad_json", "no \"text\"; expected {\"id\": …, \"text\": \"…\"}");
  if (!text->is_string()) return fail("bad_json", "\"text\" is " + detail::json_kind(text->type()) + "; expected a string");
  if (const auto pair = j.find("pair"); pair != j.end()) {
    if (!pair->is_string()) return fail("bad_json", "\"pair\" is " + detail::json_kind(pair->type()) + "; expected a string");
    out.pair = pair->get<std::string>();
  }
  out.text = text->get<std::string>();
  if (blank(out.text)) return fail("empty_text", "\"text\" is empty; expected a sentence");
  return out;
}

}  // namespace mha::corpus
