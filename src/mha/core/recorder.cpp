#include "mha/core/recorder.hpp"

#include <algorithm>

namespace mha {

bool Capture::keeps(StepName step, std::optional<int> head) const {
  if (!steps.keeps(step)) return false;
  return !head || heads.empty() || std::find(heads.begin(), heads.end(), *head) != heads.end();
}

Recorder::Recorder(Trace* trace, Capture capture, Labels query_labels, Labels key_labels)
    : trace_(trace), capture_(std::move(capture)), query_labels_(std::move(query_labels)),
      key_labels_(std::move(key_labels)) {}

namespace {
Labels column_labels(Index first, Index count) {
  Labels l;
  l.reserve(static_cast<std::size_t>(count));
  for (Index j = 0; j < count; ++j) l.push_back(std::to_string(first + j));
  return l;
}
}  // namespace

void Recorder::tokens(std::vector<Token> tokens) {
  if (!trace_) return;
  trace_->tokens = std::move(tokens);
  query_labels_ = key_labels_ = trace_->token_labels();
}

void Recorder::context_tokens(std::vector<Token> tokens) {
  if (!trace_) return;
  trace_->context_tokens = std::move(tokens);
  key_labels_ = trace_->key_labels();
}

void Recorder::parameter(std::string name, LabelledMatrix value) {
  if (trace_) trace_->parameters.push_back({std::move(name), std::move(value)});
}

void Recorder::features(StepName name, std::optional<int> head, std::string symbol, std::string formula, Matrix m,
                        Index first_col, bool key_rows) {
  if (!wants(name, head)) return;
  Labels cols = column_labels(first_col, m.cols());
  trace_->steps.push_back({name, head, std::move(symbol), std::move(formula),
                           {std::move(m), key_rows ? key_labels_ : query_labels_, std::move(cols)},
                           capture_.layer});
}

void Recorder::token_pairs(StepName name, int head, std::string symbol, std::string formula, Matrix m) {
  if (!wants(name, head)) return;
  trace_->steps.push_back(
      {name, head, std::move(symbol), std::move(formula), {std::move(m), query_labels_, key_labels_}, capture_.layer});
}

}  // namespace mha
