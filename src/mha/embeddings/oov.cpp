#include "mha/embeddings/oov.hpp"

#include <algorithm>

#include "mha/core/embed.hpp"
#include "mha/embeddings/table_builder.hpp"
#include "mha/core/error.hpp"
#include "mha/text/utf8.hpp"

namespace mha {

namespace {

using embeddings::shown;

constexpr std::size_t kListed = 8;  // missing words named in a message; the rest are counted

char32_t lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;     // À-Þ, not ×
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;  // Α-Ω
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // А-Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                // Ѐ-Џ
  return c;
}

// `"Qux", "zzz"` and "and 3 more" past kListed: the distinct words of `at`.
std::string word_list(const std::vector<std::string>& tokens, const std::vector<std::size_t>& at) {
  std::vector<std::string_view> words;
  for (std::size_t t : at)
    if (std::find(words.begin(), words.end(), tokens[t]) == words.end()) words.push_back(tokens[t]);
  std::string s;
  for (std::size_t i = 0; i < std::min(words.size(), kListed); ++i) {
    if (i > 0) s += ", ";
    s += shown(words[i]);
  }
  if (words.size() > kListed) {
    s += " and ";
    s += std::to_string(words.size() - kListed);
    s += " more";
  }
  return s;
}

std::string count_of(std::size_t k, std::size_t n) {
  std::string s = std::to_string(k);
  s += " of ";
  s += std::to_string(n);
  s += n == 1 ? " token" : " tokens";
  return s;
}

}  // namespace

std::string_view to_string(Oov p) { return kOovNames.name(p); }

Oov oov_from_string(std::string_view policy) { return kOovNames.parse(policy); }

std::string lower_case(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  try {
    for (const auto& cp : utf8::decode(text)) out += utf8::encode(lower(cp.value));
  } catch (const InputError&) {  // not UTF-8: only A-Z
    out.assign(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 0x20);
  }
  return out;
}

std::set<std::string> words_to_keep(const std::vector<std::string>& tokens, const OovOptions& options) {
  std::set<std::string> words;
  for (const auto& t : tokens) {
    words.insert(t);
    words.insert(lower_case(t));  // also without the fallback: a note says when it would help
  }
  if (options.policy == Oov::unk)
    for (auto w : kUnknownWords) words.emplace(w);
  return words;
}

EmbeddedTokens embed_tokens(const EmbeddingTable& table, const std::vector<std::string>& tokens,
                            const OovOptions& options) {
  const int dim = table.dim;
  EmbeddedTokens out;
  out.E = Matrix(static_cast<Index>(tokens.size()), dim);
  std::vector<std::size_t> would_lower;  // found lower-cased, but the fallback is off
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const float* row = table.find(tokens[t]);
    if (!row) {
      const std::string lowered = lower_case(tokens[t]);
      const float* lower_row = lowered == tokens[t] ? nullptr : table.find(lowered);
      if (lower_row && options.lower_case_fallback) {
        row = lower_row;
        out.lower_cased.push_back(t);
      } else if (lower_row) {
        would_lower.push_back(t);
      }
    }
    if (row)
      out.E.row(static_cast<Index>(t)) = Eigen::Map<const RowVector>(row, dim);
    else
      out.missing.push_back(t);
  }

  const std::string& source = table.source;
  if (!out.missing.empty()) {
    std::string what = count_of(out.missing.size(), tokens.size());
    what += " not in ";
    what += source;
    what += " (";
    what += std::to_string(table.vocabulary_size);
    what += " words): ";
    what += word_list(tokens, out.missing);
    if (options.policy == Oov::error) {
      what += "; --oov random, zero or unk would go on";
      throw InputError(what);
    }
    const float* fill = nullptr;
    if (options.policy == Oov::unk) {
      for (auto w : kUnknownWords)
        if ((fill = table.find(w))) {
          out.unknown_word = w;
          break;
        }
      if (!fill) {
        what += "; --oov unk takes the row of an unknown-word token, but none of <unk>, [UNK], <UNK>, unk is in the table";
        throw InputError(what);
      }
    }
    for (std::size_t t : out.missing) {
      auto row = out.E.row(static_cast<Index>(t));
      switch (options.policy) {
        case Oov::random: row = random_embedding(tokens[t], dim, options.seed); break;
        case Oov::zero: row.setZero(); break;
        case Oov::unk: row = Eigen::Map<const RowVector>(fill, dim); break;
        case Oov::error: break;
      }
    }
    switch (options.policy) {
      case Oov::random:
        what += "; they get random vectors (N(0, 1) from seed ";
        what += std::to_string(options.seed);
        what += "), which carry no learned meaning (--oov random)";
        break;
      case Oov::zero: what += "; they get zero vectors (--oov zero)"; break;
      case Oov::unk:
        what += "; they get the row of ";
        what += shown(out.unknown_word);
        what += " (--oov unk)";
        break;
      case Oov::error: break;
    }
    out.notes.push_back(what);
  }
  if (!out.lower_cased.empty()) {
    std::string what = count_of(out.lower_cased.size(), tokens.size());
    what += " found only lower-cased in ";
    what += source;
    what += ": ";
    what += word_list(tokens, out.lower_cased);
    what += " (--oov-lower-case)";
    out.notes.push_back(what);
  }
  if (!would_lower.empty()) {
    std::string what = word_list(tokens, would_lower);
    what += ": in ";
    what += source;
    what += " only lower-cased; --oov-lower-case would use those rows";
    out.notes.push_back(what);
  }
  return out;
}

}  // namespace mha
