#pragma once
// README.md's option table and the man page's OPTIONS, made from the options
// --help shows (cli/options.cpp) and the details beside them
// (cli/option_details.cpp), so the three cannot disagree.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace cli {

struct OptionDetail {
  std::string name;          // "--heads", or "text" for the sentence
  std::string default_text;  // the default column, when --help shows none
  std::string more;          // said after the help text; `code` and [links](url) allowed
};

const std::vector<OptionDetail>& option_details();

// The table of README.md: | option | default | meaning |, one row per option.
std::string options_markdown(const CLI::App& app);
// The man page's option entries, a .SS per --help group, a .TP per option.
std::string options_man(const CLI::App& app);

}  // namespace cli
