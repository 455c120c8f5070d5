#include "mha/text/detail/hf_pretokenize.hpp"

#include <algorithm>
#include <memory>

#include "mha/text/detail/bpe_common.hpp"
#include "mha/text/detail/hf_regex.hpp"
#include "mha/text/unicode.hpp"
#include "mha/text/utf8.hpp"

namespace mha::text::hf {

namespace {

// What a split does with the parts that match (Hugging Face's
// SplitDelimiterBehavior).
enum class Behavior { removed, isolated, merged_with_previous, merged_with_next, contiguous };

struct Part {
  std::size_t b, e;
  bool match;
};

// The parts of s: the matches and the stretches between them, in order,
// covering it all (an empty s is one empty non-match).
std::vector<Part> parts_of(std::size_t size, const std::vector<std::pair<std::size_t, std::size_t>>& matches, bool invert) {
  std::vector<Part> parts;
  std::size_t at = 0;
  for (const auto& [b, e] : matches) {
    if (b < at) continue;
    if (b > at) parts.push_back({at, b, false});
    parts.push_back({b, e, true});
    at = e;
  }
  if (at < size || parts.empty()) parts.push_back({at, size, false});
  if (invert)
    for (auto& p : parts) p.match = !p.match;
  return parts;
}

// The pieces a split keeps, as Hugging Face's NormalizedString::split makes them.
std::vector<std::pair<std::size_t, std::size_t>> keep(const std::vector<Part>& parts, Behavior behavior) {
  std::vector<Part> out;
  bool previous_match = false;
  switch (behavior) {
    case Behavior::isolated:
      for (const auto& p : parts) out.push_back({p.b, p.e, false});
      break;
    case Behavior::removed:
      out = parts;
      break;
    case Behavior::contiguous:
      for (const auto& p : parts) {
        if (p.match == previous_match && !out.empty()) out.back().e = p.e;
        else out.push_back({p.b, p.e, false});
        previous_match = p.match;
      }
      break;
    case Behavior::merged_with_previous:
      for (const auto& p : parts) {
        if (p.match && !previous_match && !out.empty()) out.back().e = p.e;
        else out.push_back({p.b, p.e, false});
        previous_match = p.match;
      }
      break;
    case Behavior::merged_with_next:
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (it->match && !previous_match && !out.empty()) out.back().b = it->b;
        else out.push_back({it->b, it->e, false});
        previous_match = it->match;
      }
      std::reverse(out.begin(), out.end());
      break;
  }
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (const auto& p : out)
    if (!p.match && p.e > p.b) ranges.emplace_back(p.b, p.e);
  return ranges;
}

// Each piece cut by `find` (piece -> matches) and `behavior`.
template <class Find>
void split_all(std::vector<Aligned>& pieces, Behavior behavior, bool invert, Find find) {
  std::vector<Aligned> out;
  for (const Aligned& a : pieces)
    for (const auto& [b, e] : keep(parts_of(a.s.size(), find(a.s), invert), behavior)) out.push_back(a.slice(b, e));
  pieces = std::move(out);
}

Behavior behavior_of(const Node& node) {
  const std::string name = node.string();
  if (name == "Removed") return Behavior::removed;
  if (name == "Isolated") return Behavior::isolated;
  if (name == "MergedWithPrevious") return Behavior::merged_with_previous;
  if (name == "MergedWithNext") return Behavior::merged_with_next;
  if (name == "Contiguous") return Behavior::contiguous;
  node.unsupported("behavior " + name, "Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
}

// Every byte of the piece spelled as its byte symbol ("Ġ" for the space),
// each symbol standing for the input its byte came from.
void to_byte_symbols(Aligned& a) {
  Aligned out;
  out.origin = a.origin;
  for (std::size_t i = 0; i < a.s.size(); ++i)
    out.append(utf8::encode(detail::byte_symbol(static_cast<unsigned char>(a.s[i]))), a.align[i]);
  a = std::move(out);
}

// The characters of s for which `is` holds, each a match of its own.
template <class Is>
std::vector<std::pair<std::size_t, std::size_t>> char_matches(const std::string& s, Is is) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& cp : utf8::decode(s, "normalized text"))
    if (is(cp.value)) out.emplace_back(cp.offset, cp.offset + cp.length);
  return out;
}

void add_steps(const Node& node, PreTokenizer& out) {
  if (node.is_null()) return;
  node.expect_object();
  const std::string type = node.at("type").string();
  if (type == "Sequence") {
    const Node list = node.at("pretokenizers");
    for (std::size_t i = 0; i < list.size(); ++i) add_steps(list.at(i), out);
  } else if (type == "Split") {
    auto regex = pattern_regex(node.at("pattern"));
    const Behavior behavior = behavior_of(node.at("behavior"));
    const bool invert = node.bool_or("invert", false);
    out.emplace_back([regex, behavior, invert](std::vector<Aligned>& pieces) {
      split_all(pieces, behavior, invert, [&](const std::string& s) { return regex->find_all(s); });
    });
  } else if (type == "ByteLevel") {
    // trim_offsets changes only the offsets HF reports, never the ids.
    const bool prefix_space = node.bool_or("add_prefix_space", true), use_regex = node.bool_or("use_regex", true);
    out.emplace_back([prefix_space, use_regex](std::vector<Aligned>& pieces) {
      for (Aligned& a : pieces)
        if (prefix_space && !a.s.empty() && a.s[0] != ' ') a.prepend(" ");
      if (use_regex)
        split_all(pieces, Behavior::isolated, false, [](const std::string& s) { return gpt2_regex().find_all(s); });
      for (Aligned& a : pieces) to_byte_symbols(a);
    });
  } else if (type == "Metaspace") {
    const std::string replacement = node.string_or("replacement", "▁");
    if (utf8::decode(replacement, "replacement").size() != 1) node.at("replacement").fail("must be one character");
    // prepend_scheme: "always", "first" (only the piece at the start of the
    // text) or "never"; files older than it say add_prefix_space instead.
    std::string scheme = node.bool_or("add_prefix_space", true) ? "always" : "never";
    if (node.has("prepend_scheme")) scheme = node.at("prepend_scheme").string();
    if (scheme != "always" && scheme != "first" && scheme != "never")
      node.at("prepend_scheme").unsupported("prepend_scheme " + scheme, "always, first, never");
    const bool split = node.bool_or("split", true);
    auto space = std::make_shared<const Regex>(" ", true, node.source(), node.path());
    auto marker = std::make_shared<const Regex>(replacement, true, node.source(), node.path());
    out.emplace_back([=](std::vector<Aligned>& pieces) {
      for (Aligned& a : pieces) {
        replace_ranges(a, space->find_all(a.s), replacement);
        const bool starts = a.s.compare(0, replacement.size(), replacement) == 0;
        if (!a.s.empty() && !starts && (scheme == "always" || (scheme == "first" && a.origin == 0)))
          a.prepend(replacement);
      }
      if (split)
        split_all(pieces, Behavior::merged_with_next, false, [&](const std::string& s) { return marker->find_all(s); });
    });
  } else if (type == "Digits") {
    const Behavior behavior = node.bool_or("individual_digits", false) ? Behavior::isolated : Behavior::contiguous;
    out.emplace_back([behavior](std::vector<Aligned>& pieces) {
      split_all(pieces, behavior, false, [](const std::string& s) { return char_matches(s, unicode::is_number); });
    });
  } else {
    node.at("type").unsupported("pre_tokenizer " + type, "Sequence, Split, ByteLevel, Metaspace, Digits, null");
  }
}

}  // namespace

PreTokenizer parse_pre_tokenizer(const Node& node) {
  PreTokenizer out;
  add_steps(node, out);
  return out;
}

}  // namespace mha::text::hf
