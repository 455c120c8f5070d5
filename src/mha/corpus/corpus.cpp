#include "mha/corpus/corpus.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "mha/core/error.hpp"
#include "mha/corpus/aggregate.hpp"
#include "mha/corpus/atlas.hpp"
#include "mha/corpus/lines.hpp"
#include "mha/io/output_set.hpp"
#include "mha/model/model.hpp"
#include "mha/views/common/detail/json_config.hpp"

namespace mha {

namespace {

using nlohmann::ordered_json;

// {"line": 3, "id": "s3", "tokens": [...], "heads": [head_stats_json, ...]} on one line.
std::string sentence_record(const corpus::CorpusLine& line, const Trace& trace) {
  std::string out = "{\"line\": " + std::to_string(line.line) + ", \"id\": " + line.id + ", \"tokens\": [";
  for (std::size_t i = 0; i < trace.tokens.size(); ++i)
    out += (i ? "," : "") + nlohmann::json(trace.tokens[i].text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += "], \"heads\": [";
  for (std::size_t i = 0; i < trace.head_stats.size(); ++i)
    out += (i ? ", " : "") + json_one_line(head_stats_json(trace.head_stats[i]));
  return out + "]}\n";
}

std::string error_record(const corpus::CorpusLine& line) {
  const ordered_json j = {{"line", line.line},
                          {"id", line.id.empty() ? ordered_json(nullptr) : ordered_json::parse(line.id)},
                          {"kind", line.error_kind},
                          {"reason", line.error}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// An append-only file of whole lines: each written and flushed at once.
class RecordFile {
 public:
  explicit RecordFile(const std::filesystem::path& path) : path_(path), f_(std::fopen(path.c_str(), "ab")) {
    if (!f_) throw IoError(path.string() + ": cannot be opened for appending");
  }
  ~RecordFile() { std::fclose(f_); }
  RecordFile(const RecordFile&) = delete;
  RecordFile& operator=(const RecordFile&) = delete;
  void write(const std::string& line) {
    if (std::fwrite(line.data(), 1, line.size(), f_) != line.size() || std::fflush(f_) != 0)
      throw IoError(path_.string() + ": write failed");
  }

 private:
  std::filesystem::path path_;
  std::FILE* f_;
};

// --resume: the file cut after its last whole line; calls `each(line, where)`
// for every line. Returns the last line's "line" (0 for none).
template <class Each>
long recover(const std::filesystem::path& path, Each each) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return 0;
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  const std::size_t whole = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  if (whole < text.size()) {
    std::filesystem::resize_file(path, whole, ec);  // a record cut by the kill: written again
    if (ec) throw IoError(path.string() + ": cannot be cut to its last whole line: " + ec.message());
  }
  long last = 0;
  std::size_t start = 0;
  for (long n = 1; start < whole; ++n) {
    const std::size_t end = text.find('\n', start);
    last = each(std::string_view(text).substr(start, end - start), path.string() + ":" + std::to_string(n));
    start = end + 1;
  }
  return last;
}

long error_line(std::string_view record, const std::string& where) {
  const auto j = nlohmann::json::parse(record, nullptr, false);
  if (!j.is_object() || !j.contains("line") || !j["line"].is_number_unsigned())
    throw FormatError(where + ": expected an error record with a whole \"line\"");
  return j["line"].get<long>();
}

}  // namespace

CorpusResult run_corpus(const CorpusRequest& request) {
  CorpusResult result;
  // Run-level problems first, before anything is written.
  Model model = Model::load(request.model);
  corpus::LineSource source(request.input);
  const std::filesystem::path sentences = request.out_dir / "sentences.jsonl", errors = request.out_dir / "errors.jsonl";
  std::error_code ec;
  if (!request.resume)
    for (const auto& p : {sentences, errors})
      if (std::filesystem::exists(p, ec))
        throw InputError(p.string() + ": exists (an earlier run); expected --resume to continue it, or another --out");

  corpus::Aggregate aggregate(corpus::model_key(model.info()));
  long resume_after = 0;
  if (request.resume) {
    resume_after = recover(sentences, [&](std::string_view r, const std::string& w) { return aggregate.add_record(r, w); });
    resume_after = std::max(resume_after, recover(errors, [&](std::string_view r, const std::string& w) {
                              aggregate.add_error();
                              return error_line(r, w);
                            }));
  }
  std::filesystem::create_directories(request.out_dir, ec);
  if (ec) throw IoError(request.out_dir.string() + ": cannot be created: " + ec.message());
  RecordFile sentence_file(sentences), error_file(errors);

  ModelRequest run;
  run.truncate = request.truncate;
  run.top = 0;  // no predictions: the statistics are of the attention
  corpus::LineFormat format = corpus::LineFormat::unknown;
  const auto start = std::chrono::steady_clock::now();
  std::string raw;
  while (source.next(raw)) {
    const long number = source.line_number();
    corpus::CorpusLine line = corpus::read_line(raw, number, format);  // also for skipped lines: the format
    if (number <= resume_after) {
      ++result.resumed;
      continue;
    }
    if (line.error.empty()) {
      run.text = line.text;
      run.pair = line.pair;
      try {
        const Trace trace = model.run(run);
        sentence_file.write(sentence_record(line, trace));
        aggregate.add_sentence(trace);
        ++result.sentences;
      } catch (const InputError& e) {  // the line's own fault: recorded, the run goes on
        line.error_kind = "refused";
        line.error = e.what();
      }
    }
    if (!line.error.empty()) {
      error_file.write(error_record(line));
      aggregate.add_error();
      ++result.errors;
    }
    if (request.progress)
      request.progress({result.sentences + result.errors, source.bytes_read(), source.bytes_total(),
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
  }

  OutputSet files;
  files.add(request.out_dir / "stats.json", aggregate.to_json());
  std::optional<png::Font> font;
  if (request.font)
    font = png::Font::load(request.font->string());
  else if (const auto path = png::find_system_font())
    font = png::Font::load(*path);
  else
    result.warnings.push_back("warning: no font found (pass --font FILE); heads.png is drawn without labels");
  if (std::string atlas = corpus::heads_atlas(aggregate, font ? &*font : nullptr); !atlas.empty())
    files.add(request.out_dir / "heads.png", std::move(atlas));
  else
    result.warnings.push_back("warning: no sentence was usable; no heads.png");
  result.written = {sentences, errors};
  for (const auto& p : files.paths()) result.written.push_back(p);
  files.commit();
  return result;
}

void merge_stats(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out) {
  if (inputs.empty()) throw InputError("merge: no stats.json given; expected one or more");
  std::optional<corpus::Aggregate> total;
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(path.string() + ": cannot be opened for reading; expected a stats.json");
    std::ostringstream s;
    s << in.rdbuf();
    corpus::Aggregate part = corpus::Aggregate::from_json(s.str(), path.string());
    if (!total)
      total = std::move(part);
    else
      total->merge(part, path.string());
  }
  OutputSet files;
  files.add(out, total->to_json());
  files.commit();
}

}  // namespace mha
