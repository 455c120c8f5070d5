// mha-explain-option-docs: README.md's option table and the man page's
// OPTIONS from the options of --help, so the three say the same.
//   mha-explain-option-docs markdown | man    print the table / the man entries
//   mha-explain-option-docs --write ROOT      put them into ROOT/README.md and ROOT/docs/mha-explain.1
//   mha-explain-option-docs --check ROOT      exit 1, naming the file, when either differs (CTest option_docs_current)
#include "option_docs.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "options.hpp"

namespace cli {

namespace {

// "corpus " while the options of `mha-explain corpus` are written (their
// details are keyed "corpus --model"), "" for the sentence's.
std::string command_prefix;

void set_command(const CLI::App& app) {
  const std::string name = app.get_name();
  const std::size_t space = name.find(' ');
  command_prefix = space == std::string::npos ? "" : name.substr(space + 1) + " ";
}

const OptionDetail* detail_of(const std::string& name) {
  for (const OptionDetail& d : option_details())
    if (d.name == name) return &d;
  return nullptr;
}

// The key of an option in the details: its long name, or "text".
std::string key_of(const CLI::Option* opt) {
  if (opt->get_positional() && !opt->nonpositional()) return command_prefix + opt->get_name();
  return command_prefix + (opt->get_lnames().empty() ? "-" + opt->get_snames().front() : "--" + opt->get_lnames().front());
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

// The help text, then the details: "Help. More."
std::string meaning(const CLI::Option* opt) {
  std::string text = one_line(opt->get_description());
  const OptionDetail* d = detail_of(key_of(opt));
  text += ".";
  if (d && !d->more.empty()) text += " " + d->more;
  return text;
}

std::string default_of(const CLI::Option* opt) {
  if (!opt->get_default_str().empty()) return opt->get_default_str();
  const OptionDetail* d = detail_of(key_of(opt));
  return d ? d->default_text : "";
}

std::string heading(const CLI::Option* opt) {
  if (opt->get_positional() && !opt->nonpositional()) return opt->get_type_name();
  std::string out;
  for (const auto& s : opt->get_snames()) out += (out.empty() ? "-" : ", -") + s;
  for (const auto& l : opt->get_lnames()) out += (out.empty() ? "--" : ", --") + l;
  if (opt->get_type_size() != 0 && !opt->get_type_name().empty()) out += " " + opt->get_type_name();
  return out;
}

// The options in --help's order: the sentence, then group by group.
std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> groups(const CLI::App& app) {
  std::vector<std::pair<std::string, std::vector<const CLI::Option*>>> out;
  for (const std::string& group : app.get_groups()) {
    if (group.empty()) continue;
    out.push_back({group, app.get_options([&](const CLI::Option* o) {
                     return o->get_group() == group && o->nonpositional();
                   })});
    if (out.back().second.empty()) out.pop_back();
  }
  return out;
}

// Markdown cells: | escaped, < and > outside `code` as entities.
std::string cell(const std::string& text) {
  std::string out;
  bool code = false;
  for (char c : text) {
    if (c == '`') code = !code;
    if (c == '|') out += "\\|";
    else if (!code && c == '<') out += "&lt;";
    else if (!code && c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// roff: backslashes and dashes escaped, `code` bold, [text](link) as text.
std::string roff(const std::string& text) {
  std::string out;
  bool code = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '`') {
      out += code ? "\\fR" : "\\fB";
      code = !code;
    } else if (const std::size_t close = c == '[' ? text.find(']', i) : std::string::npos;
               close != std::string::npos && text.compare(close, 2, "](") == 0 && text.find(')', close) != std::string::npos) {
      out += roff(text.substr(i + 1, close - i - 1));  // [text](link): the text
      i = text.find(')', close);
    } else if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

std::string man_heading(const CLI::Option* opt) {
  std::string names;
  for (const auto& s : opt->get_snames()) names += (names.empty() ? "\\-" : " \", \" \\-") + roff(s);
  for (const auto& l : opt->get_lnames()) names += (names.empty() ? "\\-\\-" : " \", \" \\-\\-") + roff(l);
  if (opt->get_type_size() == 0 || opt->get_type_name().empty())
    return (opt->get_snames().empty() ? ".B " : ".BR ") + names;
  return ".BI " + names + " \" " + roff(opt->get_type_name()) + "\"";
}

}  // namespace

std::string options_markdown(const CLI::App& app) {
  set_command(app);
  std::string out = "| option | default | meaning |\n|---|---|---|\n";
  const auto row = [&](const CLI::Option* opt) {
    out += "| `" + cell(heading(opt)) + "` | " + cell(default_of(opt)) + " | " + cell(meaning(opt)) + " |\n";
  };
  for (const CLI::Option* opt : app.get_options([](const CLI::Option* o) { return !o->nonpositional(); })) row(opt);
  for (const auto& [group, opts] : groups(app))
    for (const CLI::Option* opt : opts) row(opt);
  return out;
}

std::string options_man(const CLI::App& app) {
  set_command(app);
  std::string out;
  for (const auto& [group, opts] : groups(app)) {
    out += ".SS " + roff(group) + "\n";
    for (const CLI::Option* opt : opts) {
      std::string text = roff(meaning(opt));
      const std::string def = default_of(opt);
      if (!def.empty() && opt->get_description().find("default") == std::string::npos)
        text += " Default: " + roff(def) + ".";  // unless the help says it already
      out += ".TP\n" + man_heading(opt) + "\n" + text + "\n";
    }
  }
  return out;
}

}  // namespace cli

namespace {

struct Target {
  const char* file;   // under the source root
  const char* begin;  // the line that opens the generated part starts so
  const char* end;    // the line that closes it
};

const Target kReadme{"README.md", "<!-- BEGIN options", "<!-- END options -->"};
const Target kMan{"docs/mha-explain.1", ".\\\" BEGIN options", ".\\\" END options"};

// The file with its generated part replaced; empty when it has no such part.
std::string replaced(const std::string& text, const Target& t, const std::string& body) {
  const std::size_t begin = text.find(std::string("\n") + t.begin);
  if (begin == std::string::npos) return "";
  const std::size_t after_begin = text.find('\n', begin + 1);
  const std::size_t end = text.find(std::string("\n") + t.end, after_begin);
  if (after_begin == std::string::npos || end == std::string::npos) return "";
  return text.substr(0, after_begin + 1) + body + text.substr(end + 1);
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  cli::Options options;
  cli::configure(app, options);
  // The commands' options follow the sentence's, under their names.
  CLI::App corpus_app, merge_app;
  mha::CorpusRequest corpus;
  cli::MergeOptions merge;
  cli::configure_corpus(corpus_app, corpus);
  cli::configure_merge(merge_app, merge);
  std::string markdown = cli::options_markdown(app), man = cli::options_man(app);
  for (const CLI::App* command : {&corpus_app, &merge_app}) {
    markdown += "\n`" + command->get_name() + "` ([docs/corpus.md](docs/corpus.md)):\n\n" + cli::options_markdown(*command);
    man += cli::options_man(*command);
  }
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "markdown" && argc == 2) return std::cout << markdown, 0;
  if (mode == "man" && argc == 2) return std::cout << man, 0;
  if ((mode != "--check" && mode != "--write") || argc != 3) {
    std::cerr << "usage: mha-explain-option-docs markdown | man | --check ROOT | --write ROOT\n";
    return 2;
  }
  const std::string root = argv[2];
  int status = 0;
  for (const auto& [target, body] : {std::pair{kReadme, markdown}, {kMan, man}}) {
    const std::string path = root + "/" + target.file, text = read(path), made = replaced(text, target, body);
    if (made.empty()) {
      std::cerr << "FAIL " << path << ": no lines '" << target.begin << " …' and '" << target.end
                << "' around the generated options\n";
      status = 1;
    } else if (made != text) {
      if (mode == "--write") {
        std::ofstream(path, std::ios::binary) << made;
        std::cout << "wrote " << path << "\n";
      } else {
        std::cerr << "FAIL " << path << ": its options differ from --help's (cli/options.cpp, cli/option_details.cpp);"
                  << " run build/cli/mha-explain-option-docs --write . and commit the result\n";
        status = 1;
      }
    } else {
      std::cout << "ok   " << path << ": its options are those of --help\n";
    }
  }
  return status;
}
