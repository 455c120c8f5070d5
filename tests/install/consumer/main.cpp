// Uses the installed library: one sentence through the toy layer with the
// command line's defaults, then
//   line 1: the version the headers were installed with
//   line 2: the softmax weights A_0 of the last token's row, each the shortest
//           decimal that reads back as the same float32 (as the trace writes them)
// and the whole trace as JSON into the file argv[1].
#include <charconv>
#include <fstream>
#include <iostream>
#include <string>

#include "mha/core/version.hpp"
#include "mha/pipeline.hpp"
#include "mha/views/json/json_trace.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer TRACE.json\n";
    return 2;
  }
  const mha::Config config;  // d_model 8, 2 heads, seed 42: mha-explain's defaults
  const mha::Trace trace = mha::explain_sentence("我 喜欢 吃", config);

  const mha::Step* a0 = trace.find(mha::StepName::softmax, 0);
  if (a0 == nullptr) {
    std::cerr << "consumer: the trace has no softmax step for head 0\n";
    return 1;
  }
  const mha::Matrix& a = a0->tensor.value;
  std::string row = "[";
  for (mha::Index k = 0; k < a.cols(); ++k) {
    char digits[32];
    const auto end = std::to_chars(digits, digits + sizeof digits, a(a.rows() - 1, k)).ptr;
    row += (k ? ", " : "") + std::string(digits, end);
  }
  std::cout << "mha " << mha::kVersion << "\n" << row << "]\n";

  std::ofstream(argv[1], std::ios::binary) << mha::trace_to_json(trace);
  return 0;
}
