#include "mha/explain_words.hpp"

namespace mha {

namespace {

Words english() {
  Words w;
  w.title = "mha-explain {version}: multi-head attention, step by step";
  w.sentence = "Sentence";
  w.config = "d_model = {d}, heads h = {h}, d_k = d_model / h = {dk}, seed {seed}, positional {pos}, mask {mask}";
  w.tokens_count = "{n} tokens";
  auto& m = w.step_meaning;
  m[int(StepName::tokenize)] =
      "The text is cut into tokens ({tokenizer}). Every matrix below has one row per token, in this order.";
  m[int(StepName::embed)] =
      "Each token is looked up in an embedding table: one row of d_model = {d} numbers. This table is random "
      "(seed {seed}, normal samples), so the numbers mean nothing yet; a trained model learns them. A repeated "
      "token gets the same row.";
  m[int(StepName::position)] =
      "Attention by itself ignores word order, so each token's position is added in: P[t] is a fixed pattern of "
      "sines and cosines of t (Vaswani et al. 2017).";
  w.position_none = "No positional encoding: X = E, so attention cannot tell word order.";
  m[int(StepName::project_q)] =
      "Each token's row of X times W_Q gives its query: what this token is looking for.";
  m[int(StepName::project_k)] = "Each token's row of X times W_K gives its key: what this token can be found by.";
  m[int(StepName::project_v)] =
      "Each token's row of X times W_V gives its value: what this token hands on when others attend to it.";
  m[int(StepName::split_heads)] =
      "Q, K and V are cut by feature columns into h = {h} heads of d_k = {dk} columns each. Every head keeps all "
      "{n} tokens.";
  w.split_owner = "head {i} owns feature columns {a}–{b} of Q, K and V";
  w.split_warning =
      "Note: heads divide the feature columns, not the sentence. Some explanations, including the Chinese article "
      "this tool started from, say the heads cut the sentence into sub-sequences of length d_k; that is wrong (and "
      "that article's numbers are invented). Every head sees every token; it only sees d_k of the d_model "
      "features.";
  m[int(StepName::scores)] =
      "Entry [q, k] is the dot product of token q's query with token k's key, in this head's columns only: how "
      "well k matches what q looks for. Rows are queries, columns are keys.";
  m[int(StepName::scale)] =
      "Divide by √d_k = {sqrt_dk}, so that the size of the scores does not grow with d_k and push the softmax "
      "towards all-or-nothing.";
  m[int(StepName::mask)] =
      "Causal mask: a token may not look at tokens after it. Those scores become −∞, so their weight is exactly "
      "0.";
  w.no_mask = "No mask: every token may attend to every token, before and after it.";
  m[int(StepName::softmax)] =
      "Softmax, row by row: subtract the row's maximum, exponentiate, divide by the row's sum. Row q says how "
      "token q shares its attention among all keys.";
  w.row_sums = "Each row sums to 1.";
  m[int(StepName::context)] =
      "Each token's output in this head is the attention-weighted average of the value rows: C[q] = Σ_k A[q, k]·V[k].";
  m[int(StepName::concat)] =
      "The heads' outputs are put side by side again: head i's C_i fills columns i·d_k … (i+1)·d_k − 1, back to "
      "d_model = {d} columns.";
  m[int(StepName::output)] =
      "W_O mixes the heads' columns into the layer's output: one d_model-wide vector per token.";
  w.head_heading = "Head {i}: feature columns {a}–{b} of Q, K and V, all {n} tokens";
  w.follow = "We follow the last token, {tok}, through this head.";
  w.worked = "worked example";
  w.more_terms = "{n} more";
  w.weights_table = "Attention weights of head {i} (rows: query token; columns: key token)";
  w.cut_cols = "(showing {shown} of {all} columns; --max-cols 0 prints all)";
  w.cut_rows = "(showing {shown} of {all} rows; --max-rows 0 prints all)";
  w.summary = "Summary: where each token looks most, per head";
  w.strongest = "head {i}";
  w.shape = "shape";
  return w;
}

Words chinese() {
  Words w;
  w.title = "mha-explain {version}：多头注意力，逐步演示";
  w.sentence = "句子";
  w.config = "d_model = {d}，头数 h = {h}，d_k = d_model / h = {dk}，随机种子 {seed}，位置编码 {pos}，掩码 {mask}";
  w.tokens_count = "{n} 个词元";
  auto& m = w.step_meaning;
  m[int(StepName::tokenize)] = "把文本切分成词元（{tokenizer}）。下面每个矩阵的每一行对应一个词元，顺序同此。";
  m[int(StepName::embed)] =
      "在嵌入表中查出每个词元的向量：一行 d_model = {d} 个数。此表是随机的（种子 {seed}，正态采样），"
      "这些数本身还没有含义；训练好的模型会学到它们。重复出现的词元得到同一行。";
  m[int(StepName::position)] =
      "注意力本身不区分词序，所以要加上每个词元的位置：P[t] 是关于 t 的一组固定的正弦和余弦（Vaswani 等，2017）。";
  w.position_none = "不加位置编码：X = E，注意力无法区分词序。";
  m[int(StepName::project_q)] = "X 的每一行乘以 W_Q 得到该词元的查询（query）：它在找什么。";
  m[int(StepName::project_k)] = "X 的每一行乘以 W_K 得到该词元的键（key）：别人凭什么找到它。";
  m[int(StepName::project_v)] = "X 的每一行乘以 W_V 得到该词元的值（value）：被关注时它传递出去的内容。";
  m[int(StepName::split_heads)] =
      "把 Q、K、V 按特征列切成 h = {h} 个头，每个头 d_k = {dk} 列。每个头都保留全部 {n} 个词元。";
  w.split_owner = "头 {i} 拥有 Q、K、V 的第 {a}–{b} 个特征列";
  w.split_warning =
      "注意：多头切分的是特征列，而不是句子。有些讲解（包括本工具起源的那篇中文文章）说多头把句子切成长度为 d_k "
      "的子序列，这是错误的（那篇文章里的数字也是编造的）。每个头都看到所有词元，只是只看到 d_model 个特征中的 d_k 个。";
  m[int(StepName::scores)] =
      "第 [q, k] 项是词元 q 的查询与词元 k 的键的点积（只用本头的列）：k 与 q 要找的东西有多匹配。行是查询，列是键。";
  m[int(StepName::scale)] = "除以 √d_k = {sqrt_dk}，使分数的大小不随 d_k 增长，避免 softmax 变成非此即彼。";
  m[int(StepName::mask)] = "因果掩码：词元不能看它后面的词元。这些分数变成 −∞，它们的权重正好是 0。";
  w.no_mask = "无掩码：每个词元都可以关注前后所有词元。";
  m[int(StepName::softmax)] =
      "逐行 softmax：减去该行最大值，取指数，再除以该行之和。第 q 行表示词元 q 如何把注意力分配给所有键。";
  w.row_sums = "每行之和为 1。";
  m[int(StepName::context)] = "每个词元在本头的输出是值向量按注意力权重的加权平均：C[q] = Σ_k A[q, k]·V[k]。";
  m[int(StepName::concat)] =
      "把各头的输出重新并排拼接：头 i 的 C_i 填入第 i·d_k … (i+1)·d_k − 1 列，恢复为 d_model = {d} 列。";
  m[int(StepName::output)] = "W_O 把各头的列混合成本层的输出：每个词元一个 d_model 维向量。";
  w.head_heading = "头 {i}：Q、K、V 的第 {a}–{b} 个特征列，全部 {n} 个词元";
  w.follow = "我们跟踪最后一个词元「{tok}」经过这个头的计算。";
  w.worked = "算例";
  w.more_terms = "另 {n} 项";
  w.weights_table = "头 {i} 的注意力权重（行：查询词元；列：键词元）";
  w.cut_cols = "（显示 {all} 列中的 {shown} 列；--max-cols 0 显示全部）";
  w.cut_rows = "（显示 {all} 行中的 {shown} 行；--max-rows 0 显示全部）";
  w.summary = "小结：每个词元在各头中最关注的词元";
  w.strongest = "头 {i}";
  w.shape = "形状";
  return w;
}

}  // namespace

const Words& words(Lang lang) {
  static const Words en = english(), zh = chinese();
  return lang == Lang::zh ? zh : en;
}

}  // namespace mha
