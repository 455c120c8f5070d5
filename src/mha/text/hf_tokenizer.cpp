#include "mha/text/hf_tokenizer.hpp"

#include <algorithm>

#include "mha/core/error.hpp"
#include "mha/text/detail/bpe_common.hpp"
#include "mha/text/detail/hf_impl.hpp"
#include "mha/text/source.hpp"

namespace mha {

namespace hf = text::hf;

namespace {

// A member that may be absent: absent reads as null.
hf::Node member(const hf::Node& object, std::string_view key) {
  static const hf::Json null_value;
  if (!object.has(key)) return hf::Node(null_value, object.source(), std::string(key));
  return object.at(key);
}

}  // namespace

HfTokenizer HfTokenizer::load(const std::filesystem::path& tokenizer_json,
                              const std::optional<std::filesystem::path>& tokenizer_config) {
  const std::string json = text::read_file(tokenizer_json, "tokenizer.json");
  if (!tokenizer_config) return parse(json, tokenizer_json.string());
  const std::string config = text::read_file(*tokenizer_config, "tokenizer_config.json");
  return parse(json, tokenizer_json.string(), config, tokenizer_config->string());
}

HfTokenizer HfTokenizer::parse(std::string_view json, const std::string& source,
                               std::optional<std::string_view> config_json, const std::string& config_source) {
  const auto doc = hf::parse_document(json, source);
  const hf::Node root(*doc, source, "");
  if (root.has("truncation")) root.at("truncation").unsupported("truncation", "null (the tool truncates itself)");
  auto impl = std::make_shared<Impl>();
  impl->source = source;
  impl->added = hf::AddedTokens::parse(member(root, "added_tokens"));
  impl->normalizer = hf::parse_normalizer(member(root, "normalizer"));
  impl->pre_tokenizer = hf::parse_pre_tokenizer(member(root, "pre_tokenizer"));
  impl->model = hf::BpeModel::parse(root.at("model"));
  impl->templates = hf::parse_post_processor(member(root, "post_processor"));
  impl->decoder = hf::parse_decoder(member(root, "decoder"));

  std::size_t size = 0;
  for (const auto& [token, id] : impl->model.vocab()) size = std::max<std::size_t>(size, id + std::size_t{1});
  for (const auto& t : impl->added.tokens()) size = std::max<std::size_t>(size, static_cast<std::size_t>(t.id) + 1);
  impl->name_of.assign(size, nullptr);
  impl->added_of.assign(size, -1);
  for (const auto& [token, id] : impl->model.vocab()) impl->name_of[id] = &token;
  const hf::Node added = member(root, "added_tokens");
  for (std::size_t i = 0; i < impl->added.tokens().size(); ++i) {
    const auto& t = impl->added.tokens()[i];
    const auto at = static_cast<std::size_t>(t.id);
    if (impl->added_of[at] >= 0)
      added.at(i).at("id").fail("id " + std::to_string(t.id) + " is given twice (also to " +
                                text::quote(impl->added.tokens()[static_cast<std::size_t>(impl->added_of[at])].content) + ")");
    if (impl->name_of[at] && *impl->name_of[at] != t.content)
      added.at(i).at("id").fail("id " + std::to_string(t.id) + " is model.vocab's " + text::quote(*impl->name_of[at]) +
                                ", not " + text::quote(t.content));
    impl->name_of[at] = &t.content;
    impl->added_of[at] = static_cast<int>(i);
  }
  for (const auto& templ : impl->templates)
    for (const auto& item : templ)
      for (const std::int64_t id : item.ids)
        if (static_cast<std::size_t>(id) >= size || !impl->name_of[static_cast<std::size_t>(id)])
          root.at("post_processor").fail("the template's id " + std::to_string(id) + " is not a token of the file");
  if (config_json) {
    const auto config = hf::parse_document(*config_json, config_source);
    impl->templates = hf::apply_config(hf::Node(*config, config_source, ""), impl->templates, HfTokenizer(impl));
  }
  return HfTokenizer(std::move(impl));
}

std::vector<Token> HfTokenizer::tokenize(std::string_view text, bool add_special_tokens) const {
  if (text.empty()) throw no_token_error(text);
  const text::detail::CharIndex index(text);  // InputError for invalid UTF-8
  const Impl& m = *impl_;
  std::vector<Token> out;
  auto push = [&](std::int64_t id, hf::Span span) {
    out.push_back(Token{*m.name_of[static_cast<std::size_t>(id)], span.begin, span.end, id});
  };
  for (const hf::Segment& segment : m.added.split(text, false)) {
    if (segment.added >= 0) {
      push(m.added.tokens()[static_cast<std::size_t>(segment.added)].id,
           hf::Span{static_cast<std::uint32_t>(segment.begin), static_cast<std::uint32_t>(segment.end)});
      continue;
    }
    hf::Aligned normalized = hf::aligned_input(text, segment.begin, segment.end);
    for (const auto& step : m.normalizer) step(normalized);
    for (const hf::Segment& part : m.added.split(normalized.s, true)) {
      if (part.added >= 0) {
        push(m.added.tokens()[static_cast<std::size_t>(part.added)].id, normalized.cover(part.begin, part.end));
        continue;
      }
      std::vector<hf::Aligned> words{normalized.slice(part.begin, part.end)};
      for (const auto& step : m.pre_tokenizer) step(words);
      for (const hf::Aligned& word : words)
        for (const hf::WordPiece& piece : m.model.word(word.s)) push(piece.id, word.cover(piece.begin, piece.end));
    }
  }
  if (add_special_tokens) {
    for (const hf::Template& templ : m.templates) {
      std::vector<Token> wrapped;
      bool after = false;  // past the sequence
      for (const hf::TemplateItem& item : templ) {
        if (item.sequence) {
          wrapped.insert(wrapped.end(), out.begin(), out.end());
          after = true;
          continue;
        }
        const std::size_t at = after ? text.size() : 0;  // an empty range before the text or after it
        for (std::size_t k = 0; k < item.ids.size(); ++k) wrapped.push_back(Token{item.tokens[k], at, at, item.ids[k]});
      }
      out = std::move(wrapped);
    }
  }
  if (out.empty()) throw no_token_error(text);
  for (Token& t : out) {
    if (t.byte_end > t.byte_begin) t.label = text::detail::label_of(text, index, t.byte_begin, t.byte_end, t.partial);
    else t.label = readable(t.id);
  }
  return out;
}

std::size_t HfTokenizer::size() const { return impl_->name_of.size(); }

const std::string* HfTokenizer::token_of(std::int64_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= impl_->name_of.size()) return nullptr;
  return impl_->name_of[static_cast<std::size_t>(id)];
}

std::int64_t HfTokenizer::id_of(std::string_view token) const {
  for (const auto& t : impl_->added.tokens())
    if (t.content == token) return t.id;
  const auto it = impl_->model.vocab().find(token);
  return it == impl_->model.vocab().end() ? std::int64_t{-1} : std::int64_t{it->second};
}

std::string HfTokenizer::readable(std::int64_t id) const {
  const std::string* token = token_of(id);
  if (!token) return {};
  if (impl_->added_of[static_cast<std::size_t>(id)] >= 0) return *token;  // added tokens stand for themselves
  return text::detail::shown_bytes(hf::decode(impl_->decoder, *token));
}

std::optional<std::int64_t> HfTokenizer::bos_id() const {
  if (impl_->templates.empty()) return std::nullopt;
  const auto& first = impl_->templates.back().front();
  if (first.sequence || first.ids.empty()) return std::nullopt;
  return first.ids.front();
}

std::optional<std::int64_t> HfTokenizer::eos_id() const {
  if (impl_->templates.empty()) return std::nullopt;
  const auto& last = impl_->templates.back().back();
  if (last.sequence || last.ids.empty() || impl_->templates.back().size() < 2) return std::nullopt;
  return last.ids.back();
}

}  // namespace mha
