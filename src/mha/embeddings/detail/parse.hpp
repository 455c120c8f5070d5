#pragma once
// The embedding-table parsers on bytes and streams, for tests, fuzzing and
// callers that hold the data already (load_embeddings picks one by file).
// `source` names the data in errors; `wanted` as in load_embeddings.
#include <istream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mha/embeddings/embedding_table.hpp"

namespace mha {

// GloVe text, with or without a "count dim" first line; streamed.
EmbeddingTable parse_glove(std::istream& in, const std::string& source, const std::set<std::string>* wanted);
EmbeddingTable parse_glove(std::string_view bytes, const std::string& source, const std::set<std::string>* wanted);

// word2vec binary; streamed.
EmbeddingTable parse_word2vec(std::istream& in, const std::string& source, const std::set<std::string>* wanted);
EmbeddingTable parse_word2vec(std::string_view bytes, const std::string& source, const std::set<std::string>* wanted);

// A vocabulary file: one token per line (line i = row i), no empty lines,
// no spaces or tabs in a token, UTF-8; a final '\n' and CRLF line ends are
// fine. Duplicates are left to the table (the first row wins there).
std::vector<std::string> parse_vocab(std::string_view bytes, const std::string& source);

// A .npy [rows, dim] matrix whose rows are the vocabulary's tokens.
EmbeddingTable parse_npy_table(std::string_view npy, const std::string& source, std::string_view vocab,
                               const std::string& vocab_source, const std::set<std::string>* wanted);

// safetensors; `vocab` (with vocab_source) when a vocabulary file was given,
// else __metadata__ "vocab" must hold the tokens as a JSON list of strings.
EmbeddingTable parse_safetensors_table(std::string_view bytes, const std::string& source,
                                       const std::string_view* vocab, const std::string& vocab_source,
                                       const std::set<std::string>* wanted);

// JSON {"token": [v1, ..., vd], ...}.
EmbeddingTable parse_embeddings_json(std::string_view bytes, const std::string& source,
                                     const std::set<std::string>* wanted);

}  // namespace mha
