#include "mha/text/detail/hf_impl.hpp"

#include "mha/text/detail/bpe_common.hpp"
#include "mha/text/utf8.hpp"

namespace mha::text::hf {

namespace {

Template parse_template(const Node& node) {
  const Node single = node.at("single");
  const Node specials = node.at("special_tokens");
  specials.expect_object();
  Template out;
  for (std::size_t i = 0; i < single.size(); ++i) {
    const Node item = single.at(i);
    item.expect_object();
    TemplateItem t;
    if (item.has("Sequence")) {
      const std::string id = item.at("Sequence").at("id").string();
      if (id != "A") item.at("Sequence").at("id").fail("the single template reads sequence A, not " + text::quote(id));
      t.sequence = true;
    } else if (item.has("SpecialToken")) {
      const Node name = item.at("SpecialToken").at("id");
      if (!specials.has(name.string()))
        name.fail(text::quote(name.string()) + " is not in post_processor.special_tokens");
      const Node special = specials.at(name.string());
      const Node ids = special.at("ids"), tokens = special.at("tokens");
      if (ids.size() != tokens.size()) special.fail("ids and tokens must be as long");
      for (std::size_t k = 0; k < ids.size(); ++k) t.ids.push_back(ids.at(k).id()), t.tokens.push_back(tokens.at(k).string());
    } else {
      item.fail("must be {\"SpecialToken\": …} or {\"Sequence\": …}");
    }
    out.push_back(std::move(t));
  }
  return out;
}

void add_processor(const Node& node, std::vector<Template>& out) {
  if (node.is_null()) return;
  node.expect_object();
  const std::string type = node.at("type").string();
  if (type == "Sequence") {
    const Node list = node.at("processors");
    for (std::size_t i = 0; i < list.size(); ++i) add_processor(list.at(i), out);
  } else if (type == "TemplateProcessing") {
    out.push_back(parse_template(node));
  } else if (type != "ByteLevel") {  // ByteLevel only trims offsets
    node.at("type").unsupported("post_processor " + type, "TemplateProcessing, ByteLevel, Sequence, null");
  }
}

void add_decoder(const Node& node, std::vector<DecodeStep>& out) {
  if (node.is_null()) return;
  node.expect_object();
  const std::string type = node.at("type").string();
  if (type == "Sequence") {
    const Node list = node.at("decoders");
    for (std::size_t i = 0; i < list.size(); ++i) add_decoder(list.at(i), out);
  } else if (type == "ByteLevel") {
    out.push_back({DecodeStep::byte_level, {}, {}});
  } else if (type == "ByteFallback") {
    out.push_back({DecodeStep::byte_fallback, {}, {}});
  } else if (type == "Metaspace") {
    out.push_back({DecodeStep::replace, node.string_or("replacement", "▁"), " "});
  } else if (type == "Replace") {
    const Node pattern = node.at("pattern");
    if (!pattern.has("String")) pattern.unsupported("a decoder's Replace pattern other than a string", "{\"String\": …}");
    out.push_back({DecodeStep::replace, pattern.at("String").string(), node.at("content").string()});
  } else if (type != "Fuse" && type != "Strip") {  // these join and trim whole texts, not one token
    node.at("type").unsupported("decoder " + type, "ByteLevel, ByteFallback, Metaspace, Replace, Fuse, Strip, Sequence, null");
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A special token named in tokenizer_config.json: a string, or an object
// with "content" (transformers' AddedToken).
std::optional<std::string> config_token(const Node& config, std::string_view key) {
  if (!config.has(key)) return std::nullopt;
  const Node v = config.at(key);
  return v.json().is_object() ? v.at("content").string() : v.string();
}

}  // namespace

std::vector<Template> parse_post_processor(const Node& node) {
  std::vector<Template> out;
  add_processor(node, out);
  return out;
}

std::vector<Template> apply_config(const Node& config, std::vector<Template> templates, const HfTokenizer& tokenizer) {
  if (!config.has("add_bos_token") && !config.has("add_eos_token")) return templates;
  // What the file's last template adds around the sequence.
  bool bos = false, eos = false;
  if (!templates.empty()) {
    const Template& t = templates.back();
    for (std::size_t i = 0; i < t.size(); ++i)
      if (!t[i].sequence) (i == 0 ? bos : eos) = true;
  }
  bos = config.bool_or("add_bos_token", bos);
  eos = config.bool_or("add_eos_token", eos);
  Template single;
  auto special = [&](std::string_view key) {
    const auto name = config_token(config, key);
    if (!name) config.fail(std::string(key == "bos_token" ? "add_bos_token" : "add_eos_token") + " is true but " +
                           std::string(key) + " is not set");
    const std::int64_t id = tokenizer.id_of(*name);
    if (id < 0) config.at(key).fail(text::quote(*name) + " is not a token of the tokenizer");
    single.push_back({false, {id}, {*name}});
  };
  if (bos) special("bos_token");
  single.push_back({true, {}, {}});
  if (eos) special("eos_token");
  return {single};
}

std::vector<DecodeStep> parse_decoder(const Node& node) {
  std::vector<DecodeStep> out;
  add_decoder(node, out);
  return out;
}

std::string decode(const std::vector<DecodeStep>& steps, std::string token) {
  for (const DecodeStep& step : steps) {
    switch (step.kind) {
      case DecodeStep::byte_fallback:
        if (token.size() == 6 && token.compare(0, 3, "<0x") == 0 && token[5] == '>') {
          const int hi = hex_digit(token[3]), lo = hex_digit(token[4]);
          if (hi >= 0 && lo >= 0) token = std::string(1, static_cast<char>(hi * 16 + lo));
        }
        break;
      case DecodeStep::replace:
        if (!step.from.empty())
          for (std::size_t at = token.find(step.from); at != std::string::npos; at = token.find(step.from, at + step.to.size()))
            token.replace(at, step.from.size(), step.to);
        break;
      case DecodeStep::byte_level: {
        std::string bytes;
        for (const char32_t c : utf8::decode_lenient(token, U'\uFFFD')) {
          const int b = detail::symbol_byte(c);
          bytes += b >= 0 ? std::string(1, static_cast<char>(b)) : utf8::encode(c);
        }
        token = std::move(bytes);
        break;
      }
    }
  }
  return token;
}

}  // namespace mha::text::hf
