#include "mha/explain_words.hpp"

#include <cmath>

#include "mha/utf8.hpp"
#include "mha/version.hpp"

namespace mha {

namespace {

Words english() {
  Words w;
  w.title = "mha-explain {version}: multi-head attention, step by step";
  w.sentence = "Sentence";
  w.config = "d_model = {d}, heads h = {h}, {dk_eq}, seed {seed}, positional {pos}, mask {mask}";
  w.tokens_count = "{n} tokens";
  auto& m = w.step_meaning;
  m[int(StepName::tokenize)] =
      "The text is cut into tokens ({tokenizer}). Every matrix below has one row per token, in this order.";
  m[int(StepName::embed)] =
      "Each token is looked up in an embedding table: one row of {width} numbers. This table is random "
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
      "The heads' outputs are put side by side again: head i's C_i, d_v = {dv} columns wide, fills columns "
      "i·d_v … (i+1)·d_v − 1 of Z, {vw} columns in all.";
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
  w.sizes =
      "Head sizes set apart: d_k = {dk} columns per head for queries and keys, d_v = {dv} for values, so Q and K "
      "are {qk} wide, V and Z are {vw} wide, and W_O turns {vw} columns back into d_model = {d}.";
  w.bias = "Every projection adds a bias row: Q = X·W_Q + b_Q, K likewise, V likewise, Y = Z·W_O + b_O.";
  w.cross =
      "Cross-attention: queries come from the sentence, keys and values from the context \"{context}\" ({m} "
      "tokens). Rows of every attention matrix are the sentence's tokens, columns the context's.";
  w.context_tokens = "context tokens (keys and values)";
  w.padding =
      "Padding: keys whose token is {pad} ({list}) are masked for every query; they receive no attention.";
  w.split_owner_v = "head {i} owns feature columns {a}–{b} of Q and K and {va}–{vb} of V";
  w.mask_padding =
      "Padding mask: no query may look at a padding key. Those scores become −∞, so their weight is exactly 0.";
  w.mask_both =
      "Causal and padding mask: a query may look neither at keys after it nor at padding keys. Those scores become "
      "−∞, so their weight is exactly 0.";
  w.fully_masked =
      "Every key is masked for query rows {rows}, so they have nothing to attend to. PyTorch returns NaN for such "
      "rows; this tool gives them weight 0 for every key, so their C rows are 0 and their Y rows are just b_O "
      "(or 0 without biases). Their cells are drawn masked in the pictures.";
  w.row_masked = "every key is masked in this row: all weights are 0";
  w.weights_file = "Weights read from {file} (not random).";
  w.embed_file =
      "Each token is looked up in the embedding table {file}: one row of {width} numbers, learned by whoever made "
      "the table (not random). A repeated token gets the same row.";
  w.oov = "Not in the table: {list}. With --oov {policy} {what}.";
  w.oov_random = "they get their own random vectors (seed {seed}), which carry no learned meaning";
  w.oov_zero = "their rows are zeros: they add nothing but their position";
  w.oov_unk = "they get the row of the table's unknown-word token";
  w.heatmap = "The same weights of head {i} as a heatmap (rows: query token; columns: key token):";
  w.masked = "masked";
  w.all_heads = "The attention weights of all {h} heads side by side";
  return w;
}

Words chinese() {
  Words w;
  w.title = "mha-explain {version}：多头注意力，逐步演示";
  w.sentence = "句子";
  w.config = "d_model = {d}，头数 h = {h}，{dk_eq}，随机种子 {seed}，位置编码 {pos}，掩码 {mask}";
  w.tokens_count = "{n} 个词元";
  auto& m = w.step_meaning;
  m[int(StepName::tokenize)] = "把文本切分成词元（{tokenizer}）。下面每个矩阵的每一行对应一个词元，顺序同此。";
  m[int(StepName::embed)] =
      "在嵌入表中查出每个词元的向量：一行 {width} 个数。此表是随机的（种子 {seed}，正态采样），"
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
      "把各头的输出重新并排拼接：头 i 的 C_i（宽 d_v = {dv} 列）填入 Z 的第 i·d_v … (i+1)·d_v − 1 列，共 {vw} 列。";
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
  w.sizes =
      "头的宽度单独设定：查询和键每头 d_k = {dk} 列，值每头 d_v = {dv} 列；因此 Q、K 宽 {qk} 列，V 和 Z 宽 {vw} 列，"
      "W_O 再把 {vw} 列变回 d_model = {d} 列。";
  w.bias = "每个投影都加上偏置行：Q = X·W_Q + b_Q，K、V 同理，Y = Z·W_O + b_O。";
  w.cross =
      "交叉注意力：查询来自句子，键和值来自上下文「{context}」（{m} 个词元）。每个注意力矩阵的行是句子的词元，列是上下文的词元。";
  w.context_tokens = "上下文词元（键和值）";
  w.padding = "填充：词元为 {pad} 的键（{list}）对所有查询都被屏蔽，得不到任何注意力。";
  w.split_owner_v = "头 {i} 拥有 Q、K 的第 {a}–{b} 个特征列和 V 的第 {va}–{vb} 个特征列";
  w.mask_padding = "填充掩码：任何查询都不能看填充的键。这些分数变成 −∞，它们的权重正好是 0。";
  w.mask_both = "因果加填充掩码：查询既不能看它后面的键，也不能看填充的键。这些分数变成 −∞，它们的权重正好是 0。";
  w.fully_masked =
      "查询行 {rows} 的所有键都被屏蔽，没有可以关注的对象。PyTorch 对这样的行返回 NaN；本工具给每个键的权重都是 0，"
      "所以这些行的 C 为 0，Y 就是 b_O（没有偏置时为 0）。图中这些格子画成被屏蔽。";
  w.row_masked = "这一行的所有键都被屏蔽：权重全为 0";
  w.weights_file = "权重读自 {file}（不是随机的）。";
  w.embed_file = "在嵌入表 {file} 中查出每个词元的向量：一行 {width} 个数，由制作该表的人训练得到（不是随机的）。重复出现的词元得到同一行。";
  w.oov = "表中没有：{list}。按 --oov {policy}，{what}。";
  w.oov_random = "它们得到各自的随机向量（种子 {seed}），不带任何学到的含义";
  w.oov_zero = "它们的行全为 0：除了位置之外什么也不贡献";
  w.oov_unk = "它们得到表中未知词元的那一行";
  w.heatmap = "头 {i} 的同一组权重画成热图（行：查询词元；列：键词元）：";
  w.masked = "被屏蔽";
  w.all_heads = "全部 {h} 个头的注意力权重并排";
  return w;
}

}  // namespace

const Words& words(Lang lang) {
  static const Words en = english(), zh = chinese();
  return lang == Lang::zh ? zh : en;
}

std::string fill(std::string text, const Vars& vars) {
  for (const auto& [key, value] : vars) {
    const std::string pattern = "{" + key + "}";
    for (auto pos = text.find(pattern); pos != std::string::npos; pos = text.find(pattern, pos + value.size()))
      text.replace(pos, pattern.size(), value);
  }
  return text;
}

Vars trace_vars(const Trace& t, int precision) {
  const Config& c = t.config;
  Vars vars = {{"version", kVersion},
               {"d", std::to_string(c.d_model)},
               {"h", std::to_string(c.heads)},
               {"dk", std::to_string(c.d_k)},
               {"n", std::to_string(t.tokens.size())},
               {"seed", std::to_string(c.seed)},
               {"pos", std::string(to_string(c.positional))},
               {"tokenizer", std::string(to_string(c.tokenizer))},
               {"sqrt_dk", format_number(std::sqrt(static_cast<float>(c.d_k)), precision)},
               {"dv", std::to_string(c.d_v)},
               {"qk", std::to_string(c.heads * c.d_k)},
               {"vw", std::to_string(c.heads * c.d_v)},
               {"m", std::to_string(t.key_tokens().size())},
               {"pad", utf8::printable(c.pad_token)},
               {"context", utf8::printable(t.context_text.value_or(""))},
               {"file", t.weights_source}};
  vars["mask"] = t.mask_name();
  vars["dk_eq"] = c.d_k * c.heads == c.d_model && c.d_v == c.d_k
                      ? "d_k = d_model / h = " + std::to_string(c.d_k)
                      : "d_k = " + std::to_string(c.d_k) + ", d_v = " + std::to_string(c.d_v);
  return vars;
}

Vars head_vars(const Trace& t, int i) {
  const int dk = t.config.d_k, dv = t.config.d_v;
  return {{"i", std::to_string(i)},         {"a", std::to_string(i * dk)},
          {"b", std::to_string((i + 1) * dk - 1)}, {"va", std::to_string(i * dv)},
          {"vb", std::to_string((i + 1) * dv - 1)}, {"n", std::to_string(t.tokens.size())}};
}

std::vector<std::string> option_paragraphs(const Trace& t, const Words& w, const Vars& vars) {
  std::vector<std::string> out;
  const Config& c = t.config;
  if (c.d_k * c.heads != c.d_model || c.d_v != c.d_k) out.push_back(fill(w.sizes, vars));
  if (c.bias) out.push_back(w.bias);
  if (t.weights_source != "random") out.push_back(fill(w.weights_file, vars));
  if (t.cross()) out.push_back(fill(w.cross, vars));
  if (!t.key_padding.empty()) {
    std::string list;
    for (std::size_t k = 0; k < t.key_padding.size(); ++k)
      if (t.key_padding[k]) list += (list.empty() ? "" : ", ") + std::to_string(k);
    out.push_back(fill(w.padding, {{"pad", vars.at("pad")}, {"list", list}}));
  }
  if (!t.fully_masked_rows.empty()) {
    std::string rows;
    for (int r : t.fully_masked_rows) rows += (rows.empty() ? "" : ", ") + std::to_string(r);
    out.push_back(fill(w.fully_masked, {{"rows", rows}}));
  }
  return out;
}

std::string step_meaning(const Trace& t, const Step& s, const Words& w, const Vars& vars) {
  if (s.name == StepName::position && t.config.positional == Positional::none) return w.position_none;
  if (s.name == StepName::mask && !t.key_padding.empty()) return t.config.causal ? w.mask_both : w.mask_padding;
  if (s.name == StepName::split_heads) return {};
  Vars v = vars;
  if (s.name == StepName::embed)  // the context's table is kdim (or vdim) wide
    v["width"] = s.symbol == "E" ? "d_model = " + vars.at("d") : std::to_string(s.tensor.value.cols());
  if (s.name != StepName::embed || t.embeddings_source == "random") return fill(w.step_meaning[static_cast<int>(s.name)], v);

  // --embeddings: the rows come from a file, and some tokens may be missing from it.
  v["file"] = t.embeddings_source;
  std::string text = fill(w.embed_file, v);
  const bool context = s.symbol != "E";
  const std::vector<int>& missing = context ? t.oov_context_tokens : t.oov_tokens;
  const std::vector<Token>& tokens = context ? t.key_tokens() : t.tokens;
  if (!missing.empty()) {
    std::string list;
    for (int k : missing) {
      if (!list.empty()) list += ", ";
      list += utf8::printable(tokens[static_cast<std::size_t>(k)].shown());
    }
    const std::string& what = t.oov_policy == "zero" ? w.oov_zero : t.oov_policy == "unk" ? w.oov_unk : w.oov_random;
    text += " " + fill(w.oov, {{"list", list}, {"policy", t.oov_policy}, {"what", fill(what, vars)}});
  }
  return text;
}

std::vector<std::string> step_parameters(const Step& s) {
  switch (s.name) {
    case StepName::position: return {"positional_encoding" + s.symbol.substr(1)};  // X_ctx -> ..._ctx
    case StepName::project_q: return {"W_Q", "b_Q"};
    case StepName::project_k: return {"W_K", "b_K"};
    case StepName::project_v: return {"W_V", "b_V"};
    case StepName::output: return {"W_O", "b_O"};
    default: return {};
  }
}

std::string parameter_symbol(const std::string& parameter) {
  if (!parameter.starts_with("positional_encoding")) return parameter;
  std::string symbol = "P";  // appended: GCC 12 gives a false -Wrestrict on "P" + string
  symbol += parameter.substr(19);
  return symbol;
}

}  // namespace mha
