#pragma once
// Reading tokenizer.json (and tokenizer_config.json) as a tree of JSON
// values, each with its file and its path in the file
// ("pre_tokenizer.pretokenizers[0].pattern.Regex"), so that every error
// names both (private: nlohmann is not part of the library's API).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mha::text::hf {

using Json = nlohmann::json;

// Parses a whole file; FormatError "<source>: not valid JSON at byte N: …"
// (a truncated file, a key twice in one object), or "… must be a JSON
// object" when it is not one.
std::shared_ptr<const Json> parse_document(std::string_view text, const std::string& source);

// One value of a document: where it is and what it holds. Its accessors
// throw FormatError "<source>: <path> must be …, got …".
class Node {
 public:
  Node(const Json& value, const std::string& source, std::string path)
      : value_(&value), source_(&source), path_(std::move(path)) {}

  const Json& json() const { return *value_; }
  const std::string& source() const { return *source_; }
  const std::string& path() const { return path_; }

  bool is_null() const { return value_->is_null(); }
  bool has(std::string_view key) const;  // an object with this key (null counts as absent)
  Node at(std::string_view key) const;   // an object's member; FormatError when missing
  Node at(std::size_t index) const;      // an array's entry
  std::size_t size() const;              // an array's length (FormatError when not an array)

  std::string string() const;
  bool boolean() const;
  std::int64_t id() const;  // a whole number from 0 to 2^31 - 1
  double number() const;
  void expect_object() const;

  // Member `key` when present and not null, else `fallback`.
  std::string string_or(std::string_view key, std::string fallback) const;
  bool bool_or(std::string_view key, bool fallback) const;

  // "<source>: <path>: <problem>" as a FormatError.
  [[noreturn]] void fail(const std::string& problem) const;
  // "<source>: <path>.type is X; supported: <list>".
  [[noreturn]] void unsupported(const std::string& what, std::string_view supported) const;

 private:
  const Json* value_;
  const std::string* source_;
  std::string path_;
};

std::string json_kind(const Json& value);  // "an array", "a string", "null", ...

}  // namespace mha::text::hf
