#include "mha/io/detail/json_document.hpp"

#include <set>
#include <vector>

#include "mha/io/detail/io_detail.hpp"

namespace mha::io::detail {

namespace {

// nlohmann says "[json.exception.parse_error.101] parse error at line 1,
// column 9: syntax error while parsing ..."; keep the part after the
// position, which we give as a byte offset of the file instead.
std::string reason(const nlohmann::json::exception& e) {
  std::string_view what = e.what();
  if (const auto bracket = what.find("] "); bracket != std::string_view::npos) what.remove_prefix(bracket + 2);
  if (const auto column = what.find(", column "); column != std::string_view::npos) {
    if (const auto colon = what.find(": ", column); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  std::string s;
  for (char c : what) s += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  return s;
}

}  // namespace

Json parse_json_object(std::string_view text, std::string_view source, std::string_view what, std::size_t base) {
  std::vector<std::set<std::string>> keys;  // one set per object being read
  const Json::parser_callback_t check_keys = [&](int, nlohmann::json::parse_event_t event, Json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::object_start) keys.emplace_back();
    if (event == E::object_end && !keys.empty()) keys.pop_back();
    if (event == E::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
      fail(source, std::string(what) + " has the key " + quote(parsed.get<std::string>()) +
                       " twice in one object");
    return true;
  };
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end(), check_keys);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t at = base + (e.byte > 0 ? e.byte - 1 : 0);
    fail(source, std::string(what) + " is not valid JSON at byte " + std::to_string(at) + ": " + reason(e));
  } catch (const nlohmann::json::exception& e) {
    fail(source, std::string(what) + " is not valid JSON: " + reason(e));
  }
  if (!doc.is_object()) fail(source, std::string(what) + " must be a JSON object {...}, got " + json_kind(doc));
  return doc;
}

std::string json_kind(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    case Json::value_t::binary: return "binary data";
    case Json::value_t::discarded: return "nothing";
  }
  return "a value";
}

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
