// hf_agreement: our HfTokenizer against Hugging Face's tokenizers as
// transformers.js ports them, token for token (CTest hf_tokenizer_agrees,
// driven by tests/reference/hf_agreement.sh).
//   hf_agreement NAME DIR SENTENCES.txt PEER.json
// DIR holds tokenizer.json (and tokenizer_config.json when it has one);
// PEER.json is what `node tests/reference/hf_tokenize.mjs DIR SENTENCES.txt`
// printed: one list of ids per line of SENTENCES.txt (escapes \n \t \r \\ as
// hf_tokenize.mjs reads them). Prints the sentences and tokens that agree and
// the first mismatches with their sentence; exits 1 on any mismatch.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mha/core/error.hpp"
#include "mha/text/hf_tokenizer.hpp"

namespace {

std::string unescape(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char n = i + 1 < line.size() ? line[i + 1] : '\0';
    if (line[i] == '\\' && (n == 'n' || n == 't' || n == 'r' || n == '\\')) {
      out += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : '\\';
      ++i;
    } else {
      out += line[i];
    }
  }
  return out;
}

std::string ids_text(const std::vector<std::int64_t>& ids, std::size_t from) {
  std::string s;
  for (std::size_t k = from; k < ids.size() && k < from + 12; ++k) {
    if (k > from) s += ' ';
    s += std::to_string(ids[k]);
  }
  return s + (ids.size() > from + 12 ? " …" : "");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: hf_agreement NAME DIR SENTENCES.txt PEER.json\n";
    return 2;
  }
  const std::string name = argv[1];
  const std::filesystem::path dir = argv[2];
  try {
    const auto config = dir / "tokenizer_config.json";
    const auto tokenizer = mha::HfTokenizer::load(
        dir / "tokenizer.json", std::filesystem::exists(config) ? std::optional(config) : std::nullopt);
    std::ifstream sentences_file(argv[3]), peer_file(argv[4]);
    std::vector<std::string> sentences;
    for (std::string line; std::getline(sentences_file, line);) sentences.push_back(unescape(line));
    const auto peer = nlohmann::json::parse(peer_file);
    if (peer.size() != sentences.size()) {
      std::cerr << name << ": the peer gave " << peer.size() << " lists for " << sentences.size() << " sentences\n";
      return 1;
    }
    std::size_t tokens = 0, agreeing_tokens = 0, agreeing = 0, shown = 0;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      const auto theirs = peer[i].get<std::vector<std::int64_t>>();
      std::vector<std::int64_t> ours;
      for (const auto& t : tokenizer.tokenize(sentences[i])) ours.push_back(t.id);
      tokens += theirs.size();
      std::size_t same = 0;
      while (same < ours.size() && same < theirs.size() && ours[same] == theirs[same]) ++same;
      if (ours == theirs) {
        ++agreeing;
        agreeing_tokens += theirs.size();
        continue;
      }
      agreeing_tokens += same;
      if (shown++ < 5)
        std::cout << name << ": line " << i + 1 << " differs at token " << same << ": " << argv[3] << ": \"" << sentences[i]
                  << "\"\n  ours:  " << ids_text(ours, same) << "\n  peer:  " << ids_text(theirs, same) << "\n";
    }
    std::cout << name << ": " << agreeing << " of " << sentences.size() << " sentences agree; " << agreeing_tokens
              << " of " << tokens << " peer tokens agree (up to the first difference of each sentence)\n";
    return agreeing == sentences.size() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
}
