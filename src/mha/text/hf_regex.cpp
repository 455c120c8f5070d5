#include "mha/text/detail/hf_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "mha/core/error.hpp"

namespace mha::text::hf {

namespace {

std::string message(int code) {
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0) return "error " + std::to_string(code);
  return reinterpret_cast<const char*>(buffer);
}

// A match context with a backtracking limit, so that a pathological pattern
// of a hostile file ends with an error instead of running for hours.
struct Context {
  Context() : context(pcre2_match_context_create(nullptr)) {
    if (context) pcre2_set_match_limit(context, 10'000'000);
  }
  ~Context() { pcre2_match_context_free(context); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  pcre2_match_context* context;
};

}  // namespace

struct Regex::Code {
  explicit Code(pcre2_code* c) : code(c) {}
  ~Code() { pcre2_code_free(code); }
  Code(const Code&) = delete;
  Code& operator=(const Code&) = delete;
  pcre2_code* code;
};

Regex::Regex(const std::string& pattern, bool literal, const std::string& source, const std::string& path)
    : where_(source + ": " + path) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  const std::uint32_t options = PCRE2_UTF | (literal ? PCRE2_LITERAL : PCRE2_UCP);  // LITERAL refuses UCP
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error,
                                   &offset, nullptr);
  if (!code)
    throw FormatError(where_ + ": not a valid regular expression at offset " + std::to_string(offset) + ": " +
                      message(error));
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // where JIT is missing, the interpreter runs the same pattern
  code_ = std::make_shared<const Code>(code);
}

std::vector<std::pair<std::size_t, std::size_t>> Regex::find_all(std::string_view text) const {
  thread_local Context context;
  std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> data(
      pcre2_match_data_create_from_pattern(code_->code, nullptr), pcre2_match_data_free);
  if (!data) throw std::bad_alloc();
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  std::size_t at = 0;
  while (at <= text.size()) {
    const int rc = pcre2_match(code_->code, subject, text.size(), at, PCRE2_NO_UTF_CHECK, data.get(), context.context);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) throw InputError(where_ + ": the regular expression gave up on the text: " + message(rc));
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
    const std::size_t begin = ovector[0], end = ovector[1];
    out.emplace_back(begin, end);
    if (end > begin) {
      at = end;
      continue;
    }
    // An empty match: go on after the next character.
    at = end + 1;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return out;
}

std::shared_ptr<const Regex> pattern_regex(const Node& pattern) {
  pattern.expect_object();
  const bool literal = pattern.has("String");
  if (!literal && !pattern.has("Regex")) pattern.fail("must be {\"String\": …} or {\"Regex\": …}");
  const Node p = pattern.at(literal ? "String" : "Regex");
  return std::make_shared<const Regex>(p.string(), literal, p.source(), p.path());
}

const Regex& gpt2_regex() {
  static const Regex regex(R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)", false,
                           "GPT-2's pre-tokenizer", "pattern");
  return regex;
}

}  // namespace mha::text::hf
