#include "mha/text/detail/hf_bpe_model.hpp"

#include <cstdio>
#include <unordered_map>

#include "mha/text/utf8.hpp"

namespace mha::text::hf {

namespace {

void read_vocab(const Node& node, text::StringMap<std::uint32_t>& vocab) {
  node.expect_object();
  std::unordered_map<std::uint32_t, const std::string*> token_of;
  vocab.reserve(node.json().size());
  for (const auto& [token, value] : node.json().items()) {
    const Node entry(value, node.source(), node.path() + "[" + text::quote(token) + "]");
    const auto id = static_cast<std::uint32_t>(entry.id());
    const auto [it, fresh] = vocab.emplace(token, id);
    const auto [first, fresh_id] = token_of.emplace(id, &it->first);
    if (!fresh_id) entry.fail("id " + std::to_string(id) + " is given twice (also to " + text::quote(*first->second) + ")");
  }
}

// One merge: "left right" (the older form) or ["left", "right"].
std::pair<std::string, std::string> merge_pair(const Node& m) {
  if (m.json().is_string()) {
    const std::string s = m.string();
    const auto sp = s.find(' ');
    if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos)
      m.fail(text::quote(s) + " is not two tokens separated by one space");
    return {s.substr(0, sp), s.substr(sp + 1)};
  }
  if (!m.json().is_array() || m.json().size() != 2)
    m.fail("must be \"left right\" or [\"left\", \"right\"], got " + json_kind(m.json()));
  return {m.at(std::size_t{0}).string(), m.at(std::size_t{1}).string()};
}

}  // namespace

BpeModel BpeModel::parse(const Node& model) {
  model.expect_object();
  const std::string type = model.at("type").string();
  if (type != "BPE") model.at("type").unsupported("model type " + type, "BPE");
  BpeModel bpe;
  read_vocab(model.at("vocab"), bpe.vocab_);
  auto id_of = [&](const Node& where, const std::string& token) {
    const auto it = bpe.vocab_.find(token);
    if (it == bpe.vocab_.end()) where.fail(text::quote(token) + " is not in model.vocab");
    return it->second;
  };
  if (model.has("dropout") && model.at("dropout").number() != 0.0)
    model.at("dropout").unsupported("dropout", "null (ids must not be random)");
  for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
    if (model.has(key) && !model.at(key).string().empty())
      model.at(key).unsupported(std::string(key) + " " + text::quote(model.at(key).string()), "null or \"\"");
  if (model.has("unk_token")) bpe.unk_ = id_of(model.at("unk_token"), model.at("unk_token").string());
  bpe.byte_fallback_ = model.bool_or("byte_fallback", false);
  bpe.fuse_unk_ = model.bool_or("fuse_unk", false);
  bpe.ignore_merges_ = model.bool_or("ignore_merges", false);

  const Node merges = model.at("merges");
  bpe.merges_.reserve(merges.size());
  for (std::size_t i = 0; i < merges.size(); ++i) {
    const Node m = merges.at(i);
    const auto [left, right] = merge_pair(m);
    const std::uint32_t l = id_of(m, left), r = id_of(m, right);
    const auto joined = bpe.vocab_.find(left + right);
    if (joined == bpe.vocab_.end()) m.fail("the merge makes " + text::quote(left + right) + ", which model.vocab lacks");
    // A merge listed twice keeps its last rank, as HF's map of merges does.
    bpe.merges_.insert_or_assign(detail::merge_key(l, r), detail::RankedMerge{static_cast<std::uint32_t>(i), joined->second});
  }
  return bpe;
}

std::vector<WordPiece> BpeModel::word(std::string_view word) const {
  if (ignore_merges_)
    if (const auto it = vocab_.find(word); it != vocab_.end()) return {{it->second, 0, word.size()}};
  std::vector<std::uint32_t> symbols;
  std::vector<std::size_t> starts;
  std::optional<WordPiece> unk;  // a run of unknown characters not yet added
  auto flush_unk = [&] {
    if (unk) symbols.push_back(unk->id), starts.push_back(unk->begin), unk.reset();
  };
  for (const auto& cp : utf8::decode(word, "word")) {
    const std::string_view ch = word.substr(cp.offset, cp.length);
    if (const auto it = vocab_.find(ch); it != vocab_.end()) {
      flush_unk();
      symbols.push_back(it->second), starts.push_back(cp.offset);
      continue;
    }
    if (byte_fallback_) {
      std::vector<std::uint32_t> bytes;
      for (const char c : ch) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", static_cast<unsigned char>(c));
        if (const auto it = vocab_.find(std::string_view(name)); it != vocab_.end()) bytes.push_back(it->second);
      }
      if (bytes.size() == ch.size()) {
        flush_unk();
        for (std::size_t k = 0; k < bytes.size(); ++k) symbols.push_back(bytes[k]), starts.push_back(cp.offset + k);
        continue;
      }
    }
    if (!unk_) continue;  // HF drops a character it has no token for
    if (unk && fuse_unk_) continue;  // the run's token already stands here
    flush_unk();
    unk = WordPiece{*unk_, cp.offset, cp.offset + cp.length};
  }
  flush_unk();
  starts.push_back(word.size());
  detail::merge_by_rank(symbols, starts, merges_);
  std::vector<WordPiece> out;
  for (std::size_t k = 0; k < symbols.size(); ++k) out.push_back({symbols[k], starts[k], starts[k + 1]});
  return out;
}

}  // namespace mha::text::hf
