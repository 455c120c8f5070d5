#pragma once
// Turning tokens into rows of a pretrained table (the embed step with
// --embeddings), and what to do with tokens the table lacks (--oov):
//
//   random  (default) the token's own random vector, as without a table:
//           random_embedding(token, dim, seed), N(0, 1) per value. The run
//           goes on and says which tokens were missing: a reader sees that
//           those rows carry no learned meaning.
//   zero    a row of zeros: the token then adds nothing but its position.
//   unk     the row of the table's unknown-word token, the first present of
//           <unk>, [UNK], <UNK>, unk; an InputError when there is none.
//   error   an InputError listing the missing tokens.
//
// With lower_case_fallback, a token missing as written is looked up again
// lower-cased (GloVe's vocabularies are lower-case: "The" -> "the"). Without
// it, a note says when the lower-cased form would have been found.
#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mha/core/enum_names.hpp"
#include "mha/embeddings/embedding_table.hpp"
#include "mha/core/matrix.hpp"

namespace mha {

enum class Oov { error, random, zero, unk };
inline constexpr auto kOovNames = enum_names<Oov>(
    "--oov policy", {{Oov::random, "random"}, {Oov::zero, "zero"}, {Oov::unk, "unk"}, {Oov::error, "error"}});

std::string_view to_string(Oov);                // "random", "zero", "unk", "error"
Oov oov_from_string(std::string_view policy);   // InputError listing the four otherwise

// The unknown-word tokens --oov unk looks for, in this order.
inline constexpr std::array<std::string_view, 4> kUnknownWords{"<unk>", "[UNK]", "<UNK>", "unk"};

struct OovOptions {
  Oov policy = Oov::random;
  bool lower_case_fallback = false;
  std::uint64_t seed = 0;  // for Oov::random: the run's seed
};

struct EmbeddedTokens {
  Matrix E;                               // [tokens, table.dim]: row t = the vector of token t
  std::vector<std::size_t> missing;       // tokens (indices) not in the table, even lower-cased when allowed
  std::vector<std::size_t> lower_cased;   // tokens found only lower-cased
  std::string unknown_word;               // Oov::unk: the table's word whose row the missing tokens got
  std::vector<std::string> notes;         // one line each, for the explanation and the trace
};

EmbeddedTokens embed_tokens(const EmbeddingTable& table, const std::vector<std::string>& tokens,
                            const OovOptions& options);

// The words to pass as `wanted` to load_embeddings so that embed_tokens has
// every row it may use: the tokens, their lower-cased forms, and (for
// Oov::unk) the unknown-word tokens.
std::set<std::string> words_to_keep(const std::vector<std::string>& tokens, const OovOptions& options);

// Lower-case letters for A-Z, Latin-1 (À-Þ but ×), Greek (Α-Ω) and Cyrillic
// (Ѐ-Я); every other character is kept as it is. Bytes that are not UTF-8
// are kept too.
std::string lower_case(std::string_view utf8);

}  // namespace mha
