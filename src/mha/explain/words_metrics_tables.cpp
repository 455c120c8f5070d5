// The explanation's sentences for the head metrics (model/analysis.hpp,
// docs/heads.md). English first, then Chinese, the same fields;
// words_tables.cpp calls these.
#include "mha/explain/detail/words_decoder.hpp"

namespace mha::explain_detail {

void english_metrics(Words& w) {
  w.metrics_heading = "Head metrics, highest first";
  w.metrics_intro =
      "Each row ranks the captured heads by one metric, highest first, as layer.head value (up to {top} heads). "
      "Every metric is a mean over the query rows that have a choice (two or more visible keys), A being the "
      "head's softmax weights: previous-token A[q, q−1]; duplicate-token Σ A[q, k] over the earlier keys with "
      "q's token id (over the rows that have one); first-token (the attention sink; BERT's [CLS]) A[q, 0]; self "
      "A[q, q]; [SEP] Σ A[q, k] over the [SEP] keys; punctuation Σ A[q, k] over the keys whose text is "
      "punctuation; entropy −Σ_k A[q,k]·log₂ A[q,k] in bits; induction, with --probe induction, the mean "
      "A[i, i − N + 1] over the second copy of a random sequence of N tokens shown twice. docs/heads.md has the "
      "details; the pictures heads-<metric>.png show each metric as a layers × heads grid.";
  w.metric_name[0] = "previous-token";
  w.metric_name[1] = "duplicate-token";
  w.metric_name[2] = "first-token (sink)";
  w.metric_name[3] = "self";
  w.metric_name[4] = "[SEP]";
  w.metric_name[5] = "punctuation";
  w.metric_name[6] = "entropy (bits)";
  w.metric_name[7] = "induction";
  w.metrics_no_duplicate = "No token repeats: duplicate-token has no row to measure, 0 for every head.";
  w.metrics_probe =
      "The induction probe: {n} token ids drawn at random (seed {seed}) from the vocabulary of {vocab}, shown twice, "
      "{total} tokens, run through the model on their own; a head that has learnt to copy looks from each token of "
      "the second copy at the token that followed it the first time.";
}

void chinese_metrics(Words& w) {
  w.metrics_heading = "头的指标（从高到低）";
  w.metrics_intro =
      "每一行按一个指标给所捕获的头排序，从高到低，写作 层.头 数值（最多 {top} 个头）。每个指标都是对“有选择”的查询行"
      "（能看到两个或更多键）取平均，A 是该头的 softmax 权重：前一个词元 A[q, q−1]；重复词元：对与 q 词元 id 相同的更早的键"
      "求 Σ A[q, k]（只对有这种键的行）；第一个词元（注意力汇聚点；BERT 的 [CLS]）A[q, 0]；自身 A[q, q]；[SEP]：对 [SEP] "
      "键求 Σ A[q, k]；标点：对文本是标点的键求 Σ A[q, k]；熵 −Σ_k A[q,k]·log₂ A[q,k]，单位比特；归纳（需 --probe "
      "induction）：把 N 个随机词元重复两遍，在第二遍的 i 上取 A[i, i − N + 1] 的平均。详见 docs/heads.md；图片 "
      "heads-<指标>.png 把每个指标画成 层 × 头 的网格。";
  w.metric_name[0] = "前一个词元";
  w.metric_name[1] = "重复词元";
  w.metric_name[2] = "第一个词元（汇聚点）";
  w.metric_name[3] = "自身";
  w.metric_name[4] = "[SEP]";
  w.metric_name[5] = "标点";
  w.metric_name[6] = "熵（比特）";
  w.metric_name[7] = "归纳";
  w.metrics_no_duplicate = "没有重复的词元：重复词元指标无行可量，每个头都是 0。";
  w.metrics_probe =
      "归纳探针：从 {vocab} 个词元的词表中随机抽取 {n} 个 id（种子 {seed}），重复两遍，共 {total} 个词元，单独送进模型；"
      "学会复制的头会从第二遍的每个词元看向第一遍中紧跟在它后面的词元。";
}

}  // namespace mha::explain_detail
