#include "mha/io/detail/json_document.hpp"

#include <vector>

#include "mha/core/detail/json_text.hpp"
#include "mha/io/detail/io_detail.hpp"

namespace mha::io::detail {

Json parse_json_object(std::string_view text, std::string_view source, std::string_view what, std::size_t base) {
  Json doc = mha::detail::parse_json<Json>(
      text,
      [&](const std::string& key) {
        fail(source, std::string(what) + " has the key " + quote(key) + " twice in one object");
      },
      [&](long long byte, const std::string& reason) {
        if (byte < 0) fail(source, std::string(what) + " is not valid JSON: " + reason);
        fail(source, std::string(what) + " is not valid JSON at byte " + std::to_string(base + static_cast<std::size_t>(byte)) +
                         ": " + reason);
      });
  if (!doc.is_object()) fail(source, std::string(what) + " must be a JSON object {...}, got " + json_kind(doc));
  return doc;
}

std::string json_kind(const Json& value) { return mha::detail::json_kind(value.type()); }

std::int64_t json_count(const Json& value, std::string_view source, const std::string& where) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() <= std::uint64_t{INT64_MAX})
    return static_cast<std::int64_t>(value.get<std::uint64_t>());
  std::string got = json_kind(value);
  if (value.is_number_integer() || value.is_number_unsigned()) got = value.dump();  // negative or > 2^63-1
  fail(source, where + " must be a non-negative integer, got " + got);
}

std::vector<std::int64_t> json_counts(const Json& value, std::string_view source, const std::string& where) {
  if (!value.is_array()) fail(source, where + " must be an array of non-negative integers, got " + json_kind(value));
  std::vector<std::int64_t> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i)
    out.push_back(json_count(value[i], source, where + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace mha::io::detail
