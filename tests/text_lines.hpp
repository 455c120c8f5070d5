#pragma once
// Test helper: the lines of a text that ends with a newline, without the newlines.
#include <string>
#include <vector>

inline std::vector<std::string> text_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto end = s.find('\n'); end != std::string::npos; start = end + 1, end = s.find('\n', start))
    out.push_back(s.substr(start, end - start));
  return out;
}
