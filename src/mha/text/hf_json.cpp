#include "mha/text/detail/hf_json.hpp"

#include "mha/core/detail/json_text.hpp"
#include "mha/core/error.hpp"
#include "mha/text/source.hpp"

namespace mha::text::hf {

std::shared_ptr<const Json> parse_document(std::string_view text, const std::string& source) {
  auto doc = std::make_shared<Json>(mha::detail::parse_json<Json>(
      text, [&](const std::string& key) { throw FormatError(source + ": the key " + quote(key) + " is twice in one object"); },
      [&](long long byte, const std::string& reason) {
        if (byte < 0) throw FormatError(source + ": not valid JSON: " + reason);
        throw FormatError(source + ": not valid JSON at byte " + std::to_string(byte) + ": " + reason);
      }));
  if (!doc->is_object()) throw FormatError(source + ": must be a JSON object {...}, got " + json_kind(*doc));
  return doc;
}

std::string json_kind(const Json& value) { return mha::detail::json_kind(value.type()); }

void Node::fail(const std::string& problem) const {
  throw FormatError(*source_ + ": " + (path_.empty() ? "the top level" : path_) + ": " + problem);
}

void Node::unsupported(const std::string& what, std::string_view supported) const {
  fail(what + " is not supported; supported: " + std::string(supported));
}

void Node::expect_object() const {
  if (!value_->is_object()) fail("must be an object, got " + json_kind(*value_));
}

bool Node::has(std::string_view key) const {
  if (!value_->is_object()) return false;
  const auto it = value_->find(key);
  return it != value_->end() && !it->is_null();
}

Node Node::at(std::string_view key) const {
  expect_object();
  const auto it = value_->find(key);
  const std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  if (it == value_->end()) throw FormatError(*source_ + ": " + path + " is missing");
  return Node(*it, *source_, path);
}

Node Node::at(std::size_t index) const { return Node((*value_)[index], *source_, path_ + "[" + std::to_string(index) + "]"); }

std::size_t Node::size() const {
  if (!value_->is_array()) fail("must be an array, got " + json_kind(*value_));
  return value_->size();
}

std::string Node::string() const {
  if (!value_->is_string()) fail("must be a string, got " + json_kind(*value_));
  return value_->get<std::string>();
}

bool Node::boolean() const {
  if (!value_->is_boolean()) fail("must be true or false, got " + json_kind(*value_));
  return value_->get<bool>();
}

std::int64_t Node::id() const {
  if (!value_->is_number_unsigned() || value_->get<std::uint64_t>() > 0x7FFFFFFFu)
    fail("must be a whole number from 0 to 2^31 - 1, got " + (value_->is_number() ? value_->dump() : json_kind(*value_)));
  return static_cast<std::int64_t>(value_->get<std::uint64_t>());
}

double Node::number() const {
  if (!value_->is_number()) fail("must be a number, got " + json_kind(*value_));
  return value_->get<double>();
}

std::string Node::string_or(std::string_view key, std::string fallback) const {
  return has(key) ? at(key).string() : fallback;
}

bool Node::bool_or(std::string_view key, bool fallback) const { return has(key) ? at(key).boolean() : fallback; }

}  // namespace mha::text::hf
