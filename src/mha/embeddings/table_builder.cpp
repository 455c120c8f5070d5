#include "mha/embeddings/table_builder.hpp"

#include <algorithm>

#include "mha/core/error.hpp"
#include "mha/io/detail/io_detail.hpp"
#include "mha/text/utf8.hpp"

namespace mha::embeddings {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_utf8(std::string_view s) {
  if (is_ascii(s)) return true;  // the common case, without decoding
  try {
    utf8::decode(s);
    return true;
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace

TableBuilder::TableBuilder(std::string source, EmbeddingFormat format, std::string unit,
                           const std::set<std::string>* wanted, std::string note_source)
    : unit_(std::move(unit)), note_source_(note_source.empty() ? source : std::move(note_source)) {
  if (wanted) wanted_.emplace(wanted->begin(), wanted->end());
  table_.source = std::move(source);
  table_.format = format;
}

void TableBuilder::set_dim(int dim, std::string from) {
  dim_ = dim;
  table_.dim = dim;
  table_.dim_from = std::move(from);
}

float* TableBuilder::add(std::string_view word, std::size_t position) {
  ++rows_;
  if (wanted_ && wanted_->find(word) == wanted_->end()) return nullptr;
  const auto [it, fresh] = table_.row_of.try_emplace(std::string(word), positions_.size());
  if (!fresh) {
    std::string note = note_source_;
    note += ": ";
    note += at(unit_, position);
    note += ": ";
    note += shown(word);
    note += " appears again (first at ";
    note += at(unit_, positions_[it->second]);
    note += "); the first wins";
    table_.notes.push_back(std::move(note));
    return nullptr;
  }
  const auto row = static_cast<Index>(positions_.size());
  positions_.push_back(position);
  // Row-major with the width unchanged, Eigen resizes by realloc: the rows
  // kept so far are not copied, and the table is never held twice.
  if (row == values_.rows()) values_.conservativeResize(std::max<Index>(16, 2 * row), dim_);
  return values_.row(row).data();
}

EmbeddingTable TableBuilder::finish() {
  table_.vocabulary_size = rows_;
  values_.conservativeResize(static_cast<Index>(positions_.size()), dim_);
  table_.vectors = std::move(values_);
  return std::move(table_);
}

std::string at(std::string_view unit, std::size_t n) {
  std::string s(unit);
  s += ' ';
  s += std::to_string(n);
  return s;
}

bool parse_count(std::string_view s, std::size_t& out) {
  if (s.empty() || s.size() > 18) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string_view cut = text.substr(0, kMax);
  // Do not cut a character in two: back off to the start of the last one.
  if (cut.size() < text.size())
    while (!cut.empty() && (static_cast<unsigned char>(text[cut.size()]) & 0xC0) == 0x80) cut.remove_suffix(1);
  std::string s(cut);
  if (!is_utf8(s))
    for (char& c : s)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  std::string q = io::detail::quote(s);
  if (cut.size() < text.size()) q += "...";
  return q;
}

void require_utf8(std::string_view word, std::string_view source, std::string_view where) {
  if (is_ascii(word)) return;
  try {
    utf8::decode(word);
  } catch (const InputError& e) {
    // utf8::decode says "input: invalid UTF-8 at byte N (why); expected UTF-8 text".
    std::string_view why = e.what();
    if (const auto at = why.find("at byte "); at != std::string_view::npos) why.remove_prefix(at + 3);
    std::string what(where);
    what += ": the word ";
    what += shown(word);
    what += " is not valid UTF-8 at its ";
    what += why;
    io::detail::fail(source, what);
  }
}

}  // namespace mha::embeddings
