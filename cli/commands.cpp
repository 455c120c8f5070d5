#include "commands.hpp"

#include "mha/core/version.hpp"
#include "options.hpp"

namespace cli {

void configure_corpus(CLI::App& app, mha::CorpusRequest& r) {
  app.name("mha-explain corpus");
  app.description("mha-explain corpus: a model's head statistics over many sentences, in sums that merge");
  app.formatter(std::make_shared<HelpFormatter>());
  app.option_defaults()->group("mha-explain corpus");
  app.add_option("--model", r.model, "A HuggingFace GPT-2, BERT, Llama, Mistral, Qwen2 or Qwen3 folder, loaded once")
      ->type_name("DIR")
      ->required();
  app.add_option("--input", r.input, "JSON Lines ({\"id\", \"text\"[, \"pair\"]}) or one sentence a line; - is\nstandard input")
      ->type_name("FILE")
      ->required();
  app.add_option("--out", r.out_dir, "sentences.jsonl, errors.jsonl, stats.json and heads.png into DIR")
      ->type_name("DIR")
      ->required();
  app.add_flag("--truncate", r.truncate, "Cut a text longer than the model's positions instead of listing it in\nerrors.jsonl");
  app.add_flag("--resume", r.resume, "Continue the run that left DIR's records (killed, even by SIGKILL)");
  app.add_option_function<std::string>(
         "--font", [&r](const std::string& p) { if (!p.empty()) r.font = p; }, "TrueType font of heads.png's labels")
      ->type_name("FILE");
  app.footer("Example:\n  mha-explain corpus --model gpt2 --input sentences.jsonl --out run\n\ndocs/corpus.md says more.");
}

void configure_merge(CLI::App& app, MergeOptions& o) {
  app.name("mha-explain merge");
  app.description("mha-explain merge: stats.json files of parts of a corpus as one, as if one run had read them all");
  app.formatter(std::make_shared<HelpFormatter>());
  app.option_defaults()->group("mha-explain merge");
  app.add_option("--out", o.out, "The merged stats.json")->type_name("FILE")->required();
  app.add_option("stats", o.inputs, "The stats.json files of the parts")->type_name("STATS.json…")->required();
  app.footer("Example:\n  mha-explain merge --out stats.json part1/stats.json part2/stats.json\n\ndocs/corpus.md says more.");
}

}  // namespace cli
