#include "mha/steps.hpp"

namespace mha {

std::string_view to_string(StepName s) {
  switch (s) {
    case StepName::tokenize: return "tokenize";
    case StepName::embed: return "embed";
    case StepName::position: return "position";
    case StepName::project_q: return "project_q";
    case StepName::project_k: return "project_k";
    case StepName::project_v: return "project_v";
    case StepName::split_heads: return "split_heads";
    case StepName::scores: return "scores";
    case StepName::scale: return "scale";
    case StepName::mask: return "mask";
    case StepName::softmax: return "softmax";
    case StepName::context: return "context";
    case StepName::concat: return "concat";
    case StepName::output: return "output";
  }
  return "?";
}

}  // namespace mha
