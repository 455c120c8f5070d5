#include "mha/text/detail/hf_normalize.hpp"

#include <algorithm>
#include <memory>

#include "mha/text/detail/hf_regex.hpp"
#include "mha/text/unicode.hpp"
#include "mha/text/utf8.hpp"

namespace mha::text::hf {

Span Aligned::cover(std::size_t b, std::size_t e) const {
  Span out{0, 0};
  bool any = false;
  for (std::size_t i = b; i < e; ++i) {
    const Span& span = align[i];
    if (span.begin == span.end) continue;
    if (!any) out = span, any = true;
    out.begin = std::min(out.begin, span.begin);
    out.end = std::max(out.end, span.end);
  }
  if (!any && b < e) out = Span{align[b].begin, align[b].begin};  // inserted text only
  if (!any && b >= e) out = Span{origin, origin};
  return out;
}

Aligned Aligned::slice(std::size_t b, std::size_t e) const {
  Aligned out;
  out.s = s.substr(b, e - b);
  out.align.assign(align.begin() + static_cast<std::ptrdiff_t>(b), align.begin() + static_cast<std::ptrdiff_t>(e));
  out.origin = b < e ? cover(b, e).begin : origin;
  return out;
}

void Aligned::append(std::string_view bytes, Span from) {
  s.append(bytes);
  align.insert(align.end(), bytes.size(), from);
}

void Aligned::prepend(std::string_view bytes) {
  const std::uint32_t at = align.empty() ? origin : cover(0, s.size()).begin;
  s.insert(0, bytes);
  align.insert(align.begin(), bytes.size(), Span{at, at});
}

Aligned aligned_input(std::string_view text, std::size_t b, std::size_t e) {
  Aligned a;
  a.s = std::string(text.substr(b, e - b));
  a.align.resize(e - b);
  for (std::size_t i = b; i < e; ++i) a.align[i - b] = Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)};
  a.origin = static_cast<std::uint32_t>(b);
  return a;
}

void replace_ranges(Aligned& a, const std::vector<std::pair<std::size_t, std::size_t>>& matches,
                    std::string_view content) {
  Aligned out;
  out.origin = a.origin;
  std::size_t at = 0;
  for (const auto& [b, e] : matches) {
    if (b < at || e <= b) continue;  // empty matches replace nothing
    out.s.append(a.s, at, b - at);
    out.align.insert(out.align.end(), a.align.begin() + static_cast<std::ptrdiff_t>(at),
                     a.align.begin() + static_cast<std::ptrdiff_t>(b));
    out.append(content, a.cover(b, e));
    at = e;
  }
  out.s.append(a.s, at, std::string::npos);
  out.align.insert(out.align.end(), a.align.begin() + static_cast<std::ptrdiff_t>(at), a.align.end());
  a = std::move(out);
}

namespace {

// Unicode normalization one grapheme cluster at a time (composition and
// reordering never cross one): a cluster it leaves alone keeps its byte
// alignment; one it changes stands, every output byte, for the whole cluster.
void normalize_form(Aligned& a, unicode::Form form) {
  const auto cps = utf8::decode(a.s, "normalized text");
  Aligned out;
  out.origin = a.origin;
  std::int32_t state = 0;
  std::size_t start = 0;  // code point index where the cluster began
  for (std::size_t k = 0; k < cps.size(); ++k) {
    const bool last = k + 1 == cps.size();
    if (!last && !unicode::grapheme_break(cps[k].value, cps[k + 1].value, state)) continue;
    const std::size_t b = cps[start].offset, e = cps[k].offset + cps[k].length;
    const std::string_view cluster = std::string_view(a.s).substr(b, e - b);
    const std::string normalized = unicode::normalize(cluster, form);
    if (normalized == cluster) {
      out.s.append(cluster);
      out.align.insert(out.align.end(), a.align.begin() + static_cast<std::ptrdiff_t>(b),
                       a.align.begin() + static_cast<std::ptrdiff_t>(e));
    } else {
      out.append(normalized, a.cover(b, e));
    }
    start = k + 1;
  }
  a = std::move(out);
}

// Each character through `map`, which gives its replacement (UTF-8); the
// characters it leaves alone keep their byte alignment.
template <class Map>
void per_char(Aligned& a, Map map) {
  Aligned out;
  out.origin = a.origin;
  for (const auto& cp : utf8::decode(a.s, "normalized text")) {
    const std::string to = map(cp.value);
    if (std::string_view(a.s).substr(cp.offset, cp.length) == to) {
      out.s.append(to);
      out.align.insert(out.align.end(), a.align.begin() + static_cast<std::ptrdiff_t>(cp.offset),
                       a.align.begin() + static_cast<std::ptrdiff_t>(cp.offset + cp.length));
    } else {
      out.append(to, a.cover(cp.offset, cp.offset + cp.length));
    }
  }
  a = std::move(out);
}

void lowercase(Aligned& a) {
  per_char(a, [](char32_t c) { return utf8::encode(unicode::to_lower(c)); });
}

void strip(Aligned& a, bool left, bool right) {
  const auto cps = utf8::decode(a.s, "normalized text");
  std::size_t b = 0, e = cps.size();
  while (left && b < e && utf8::is_space(cps[b].value)) ++b;
  while (right && e > b && utf8::is_space(cps[e - 1].value)) --e;
  const std::size_t from = b < cps.size() ? cps[b].offset : a.s.size();
  const std::size_t to = e > 0 && e > b ? cps[e - 1].offset + cps[e - 1].length : from;
  const std::uint32_t origin = a.origin;
  a = a.slice(from, to);
  if (a.s.empty()) a.origin = origin;
}

void add_steps(const Node& node, Normalizer& out) {
  if (node.is_null()) return;
  node.expect_object();
  const std::string type = node.at("type").string();
  if (type == "Sequence") {
    const Node list = node.at("normalizers");
    for (std::size_t i = 0; i < list.size(); ++i) add_steps(list.at(i), out);
  } else if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
    const auto form = type == "NFC" ? unicode::Form::nfc : type == "NFD" ? unicode::Form::nfd
                      : type == "NFKC" ? unicode::Form::nfkc : unicode::Form::nfkd;
    out.emplace_back([form](Aligned& a) { normalize_form(a, form); });
  } else if (type == "Lowercase") {
    out.emplace_back(lowercase);
  } else if (type == "Strip") {
    const bool left = node.bool_or("strip_left", true), right = node.bool_or("strip_right", true);
    out.emplace_back([left, right](Aligned& a) { strip(a, left, right); });
  } else if (type == "Prepend") {
    const std::string prefix = node.at("prepend").string();
    out.emplace_back([prefix](Aligned& a) {
      if (!a.s.empty()) a.prepend(prefix);
    });
  } else if (type == "Replace") {
    auto regex = pattern_regex(node.at("pattern"));
    const std::string content = node.at("content").string();
    out.emplace_back([regex, content](Aligned& a) { replace_ranges(a, regex->find_all(a.s), content); });
  } else {
    node.at("type").unsupported("normalizer " + type,
                                "NFC, NFKC, NFD, NFKD, Sequence, Prepend, Replace, Lowercase, Strip, null");
  }
}

}  // namespace

Normalizer parse_normalizer(const Node& node) {
  Normalizer out;
  add_steps(node, out);
  return out;
}

}  // namespace mha::text::hf
