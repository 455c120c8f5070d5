#pragma once
// JSON text to nlohmann::ordered_json for the safetensors header and the
// tensor JSON files (private: nlohmann is not part of the library's API).
// Keys keep their file order; a key twice in one object is an error, since
// either copy could be the one the writer meant.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mha::io::detail {

using Json = nlohmann::ordered_json;

// Parses `text`, which is `what` (e.g. "the header") of `source`, starting at
// byte `base` of the file. FormatError "<source>: <what> is not valid JSON at
// byte N: <reason>" on a syntax error, invalid UTF-8 or a duplicate key;
// likewise when the value is not an object.
Json parse_json_object(std::string_view text, std::string_view source, std::string_view what, std::size_t base);

// "an array", "a string", "null", ...: for "expected a number, got a string".
std::string json_kind(const Json& value);

// A non-negative integer that fits in an int64; otherwise FormatError
// "<source>: <where> must be a non-negative integer, got ...".
std::int64_t json_count(const Json& value, std::string_view source, const std::string& where);

// An array of json_count values, e.g. a shape; `where` names the array, its
// entries are named where[i].
std::vector<std::int64_t> json_counts(const Json& value, std::string_view source, const std::string& where);

}  // namespace mha::io::detail
