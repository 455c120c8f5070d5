#pragma once
// Small text helpers shared by the views.
#include <string>
#include <vector>

namespace mha {

// Shared by the pictures' titles and the HTML page: a list of layer or head
// indices ("3"; "0–11" for three or more consecutive ones; else "0, 5, 11").
// (The model's name is model_title, trace.hpp.)
std::string index_list(const std::vector<int>& indices);

}  // namespace mha
