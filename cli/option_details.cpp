#include "option_docs.hpp"

namespace cli {

// What README.md's option table and the man page say beyond --help. The first
// sentence of every entry is the option's --help text (cli/options.cpp);
// these add the default where the help cannot show one and the details a
// reader of the docs wants. `code` is set in code (README) or bold (man).
// An option without an entry here gets its help text alone.
const std::vector<OptionDetail>& option_details() {
  static const std::vector<OptionDetail> details = {
      {"text", "(required)", "With `--model`: the model's text."},
      {"--tokenizer", "",
       "The six kinds, what each does with Chinese and the files each needs: [docs/tokenizers.md](docs/tokenizers.md); "
       "what of tokenizer.json is read: [docs/tokenizer-json.md](docs/tokenizer-json.md)."},
      {"--dict", "the shipped one", "A word, its frequency and an optional tag a line; the shipped one is compiled in."},
      {"--vocab", "", "For the tokenizer only; an embedding table's vocabulary is `--embeddings-vocab`."},
      {"--embeddings", "random",
       "A token the table lacks is handled by `--oov`."},
      {"--embeddings-vocab", "",
       "A .safetensors table may instead hold its tokens in its metadata (`\"vocab\"`)."},
      {"--d-model", "8", "Small by default so that matrices fit a terminal."},
      {"--heads", "2", "Each head owns d_k = d_model / h feature columns."},
      {"--d-k", "d_model / h", "The paper allows d_k ≠ d_v; with both given, h need not divide d_model."},
      {"--d-v", "d_model / h", ""},
      {"--kv-heads", "h", "W_K and W_V are N·d_k (N·d_v) wide: a smaller KV cache."},
      {"--bias", "off", "Drawn as `nn.Linear` draws them: U(−1/√fan_in, 1/√fan_in)."},
      {"--weights", "random",
       "F32, F16, BF16 or F64; `--heads` (or `num_heads` in the metadata) says how many heads "
       "([docs/weights.md](docs/weights.md))."},
      {"--seed", "", "Same seed, same bytes, with the same build on the same machine. With `--model`, the seed of `--probe induction`'s sequence only."},
      {"--positional", "",
       "sinusoidal: Vaswani et al. 2017; rope: Su et al. 2021, Hugging Face's `rotate_half` convention, at the "
       "step `rope`, and it needs an even d_k."},
      {"--rope-theta", "", "Llama 3 uses 500000."},
      {"--causal", "off", ""},
      {"--context", "", "Every attention matrix has the sentence's tokens as rows and TEXT's as columns."},
      {"--pad", "",
       "A query with every key masked gets weight 0 everywhere (PyTorch gives NaN there; "
       "[docs/weights.md](docs/weights.md))."},
      {"--model", "",
       "It holds `config.json`, `model.safetensors` (or shards and their index, mapped, not copied; BF16 stays "
       "BF16) and `vocab.json` + `merges.txt`, `vocab.txt` or `tokenizer.json`; the toy layer's options are "
       "refused beside it."},
      {"--layers", "all", ""},
      {"--pair", "", "With a BERT `--model`."},
      {"--truncate", "off", "With `--model`."},
      {"--pad-to", "", "With a BERT `--model`, 1 to 1048576."},
      {"--top", "", "With a decoder `--model` (not BERT)."},
      {"--out", "", "Like `--json`, `--html` and `--png` into one folder."},
      {"--json", "", "[docs/trace.schema.json](docs/trace.schema.json) is its JSON Schema."},
      {"--html", "", "It needs no network ([docs/html.md](docs/html.md))."},
      {"--report", "", "In `--lang`: every step's formula, meaning and matrix, cut like the terminal's."},
      {"--npy", "", "[docs/trace.md](docs/trace.md) says how to read them."},
      {"--steps", "all", "Long inputs without gigabytes of JSON; with `--model` also `layer_norm`, `residual`, `mlp`."},
      {"--bertviz", "", "Five lines of Python away from bertviz ([docs/bertviz.md](docs/bertviz.md))."},
      {"--png", "", "One picture per head and a grid of all heads ([docs/pictures.md](docs/pictures.md))."},
      {"--png-steps", "", "Scores use a blue–white–red map centred on 0."},
      {"--colormap", "", "matplotlib's maps: `viridis`, `magma`, `inferno`, `plasma`, `cividis`, `gray`."},
      {"--scale", "", "auto keeps long sentences, whose weights are about 1/n, readable; fixed compares sentences."},
      {"--cell", "", "Beyond 512 tokens the matrix is mean-pooled to at most 512 cells a side."},
      {"--font", "", "With none found: a warning, and pictures without text."},
      {"--threads", "0",
       "The same count gives the same bytes; another count, the same numbers within float tolerance "
       "([docs/performance.md](docs/performance.md))."},
      {"--quiet", "", "The `wrote FILE` lines still go to standard error."},
      {"--color", "",
       "Colour like the PNGs' (viridis); `COLORTERM=truecolor` (or `24bit`) gives 24-bit colour, otherwise the "
       "256-colour palette. Files (`--out`) never get escape codes."},
      {"corpus --model", "(required)", "Every line runs through the same loaded model ([docs/corpus.md](docs/corpus.md))."},
      {"corpus --input", "(required)", "A bad line (bad JSON, empty text, invalid UTF-8, too long) is a record of errors.jsonl."},
      {"corpus --out", "(required)", "A DIR that holds an earlier run's records is refused without `--resume`."},
      {"corpus --truncate", "off", ""},
      {"corpus --resume", "off", "Ids already written are skipped; the outputs equal an uninterrupted run's."},
      {"corpus --font", "a system font", ""},
      {"merge stats", "(required)", "Counts add exactly; the sums are exact integers, so any order gives the same bytes."},
      {"merge --out", "(required)", ""},
  };
  return details;
}

}  // namespace cli
