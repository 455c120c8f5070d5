// The explanation's sentences, one Words per language with the same fields
// (words.hpp): English first, then Chinese. Filled in with Vars by
// words.cpp's fill().
#include "mha/explain/words.hpp"

#include "mha/explain/detail/words_decoder.hpp"

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
  w.head_heading_gqa =
      "Head {i}: feature columns {a}–{b} of Q, key/value head {j} ({ka}–{kb} of K, {va}–{vb} of V), all {n} tokens";
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
  w.bias_qkv = "The query, key and value projections add a bias row (Q = X·W_Q + b_Q, K likewise, V likewise); "
               "the output projection has none: Y = Z·W_O.";
  w.cross =
      "Cross-attention: queries come from the sentence, keys and values from the context \"{context}\" ({m} "
      "tokens). Rows of every attention matrix are the sentence's tokens, columns the context's.";
  w.context_tokens = "context tokens (keys and values)";
  w.padding =
      "Padding: keys whose token is {pad} ({list}) are masked for every query; they receive no attention.";
  w.split_owner_v = "head {i} owns feature columns {a}–{b} of Q and K and {va}–{vb} of V";
  w.position_rope =
      "With RoPE nothing is added to the embeddings: X = E. The positions enter later, at the rope step, as "
      "rotations of each head's queries and keys.";
  m[int(StepName::rope)] =
      "Rotary position embeddings (RoPE): in each head, the features are taken in pairs (j, j + {half}) and each "
      "pair of token t's query and key is turned like a point in the plane by the angle t·θ^(−2j/d_k), θ = "
      "{theta}: the first pairs turn fast, the last slowly. A rotation keeps the vector's length. Because both "
      "the query at position q and the key at position k are turned, their dot product depends on the angle "
      "between them, (q − k)·frequency: the scores see how far apart two tokens are, not where they stand.";
  w.rope_pair = "pair (0, {half}) of token {tok} at position {t}: angle = {t}·θ^0 = {angle} rad";
  w.split_owner_gqa =
      "query head {i} owns columns {a}–{b} of Q and reads key/value head {j}: columns {ka}–{kb} of K and "
      "{va}–{vb} of V";
  w.gqa =
      "Grouped-query attention: the {h} query heads share {kvh} key/value heads, {group} query heads to each "
      "(query head i reads key/value head i / {group}). K and V are only {kvh}·d_k = {kw} columns wide: a model "
      "that generates text keeps every past token's keys and values (the KV cache), and this cache is {kvh}/{h} "
      "of the size it would be with one key/value head per query head. Each query head still asks its own "
      "question.";
  w.mqa =
      "Multi-query attention: all {h} query heads read the one key/value head, so K and V are only d_k = {kw} "
      "columns wide and the KV cache a generating model keeps is 1/{h} of its size with one key/value head per "
      "query head. Each query head still asks its own question.";
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

  m[int(StepName::layer_norm)] =
      "Layer norm, token by token: subtract the row's mean, divide by its standard deviation √(variance + ε), "
      "ε = {eps}, then scale and shift by the learned γ and β. It keeps the vectors at a steady size from block "
      "to block.";
  m[int(StepName::residual)] =
      "The residual connection: the block adds what its sublayer computed onto the vectors it received, so each "
      "block only adds to a running sum and nothing of its input is lost.";
  m[int(StepName::mlp)] =
      "The feed-forward sublayer (MLP), on each token alone: GELU(x·W₁ + b₁)·W₂ + b₂, widening to {ff} columns "
      "and back to d_model = {d}.";
  w.model_config =
      "Model: {type} from {source} ({dtype}): {layers} layers × {h} heads, d_model = {d}, d_k = d_model / h = "
      "{dk}, MLP {ff} wide, vocabulary {vocab}, up to {positions} positions";
  w.model_slice =
      "Each head works on the whole sequence, all {n} tokens, but sees only a d_k = {dk}-wide slice of the "
      "features: head i reads columns i·{dk} … (i+1)·{dk} − 1 of Q, K and V. The heads split the features, never "
      "the sequence: no head gets a sub-sequence of the text.";
  w.truncated = "The text had more tokens than the model's {positions} positions: --truncate cut it to {positions}.";
  w.model_tokenize =
      "The text is cut into tokens of the model's own vocabulary ({tokenizer}); after each token its id, the row "
      "it picks from the embedding table. Every matrix below has one row per token, in this order.";
  w.token_types = "Token types (BERT's segments): {runs}.";
  w.token_type_run = "{type} for tokens {a}–{b}";
  w.model_embed =
      "Each token's id picks its row of the model's embedding table ({vocab} × {d}): learned numbers, not random.";
  w.gpt2_position =
      "GPT-2 adds a learned row for each position from its position table ({positions} × {d}): h = E + P is the "
      "input of layer 0.";
  w.bert_position =
      "BERT adds a learned row for each position ({positions} × {d}) and one for the token's type, then "
      "normalises: x = LN(E + P + T) is the input of layer 0.";
  w.block_heading = "How one {model} layer works ({layers} of them)";
  w.gpt2_block =
      "A layer is one transformer block; each has its own weights and all have this shape (pre-LN). h is the {n} × "
      "{d} matrix of token vectors, the residual stream; LN normalises each token's vector (mean 0, variance 1, "
      "then a learned scale and shift):";
  w.gpt2_block_after =
      "attn is the multi-head attention this tool explains, with {h} heads of d_k = {dk} and a causal mask: token "
      "q sees tokens 0 … q, never a later one, because GPT-2 learns to predict the next token. The MLP ({ff} "
      "wide) works on each token alone. Each sublayer reads a normalised copy of h and adds its result onto h, so "
      "h carries everything forward and each layer only adds to it. After the last layer comes one more LN, and "
      "the next token's scores are h·Eᵀ (the embedding table used again).";
  w.bert_block =
      "A layer is one transformer block; each has its own weights and all have this shape (post-LN). x is the {n} "
      "× {d} matrix of token vectors:";
  w.bert_block_after =
      "attn is the multi-head attention this tool explains, with {h} heads of d_k = {dk} and no causal mask: every "
      "token sees every token before and after it (bidirectional); only padding is hidden. The MLP ({ff} wide) "
      "works on each token alone. Each sublayer's result is added to its input and then normalised: the LN comes "
      "after, unlike GPT-2's. The tokenizer puts [CLS] first and [SEP] after each segment; a head with nothing to "
      "do often parks its weight there.";
  w.heads_intro =
      "For each layer, one row per head. Entropy says how spread a head's weights are, in bits: 0 when a query "
      "puts all its weight on one key, log₂(the keys it may see) when it spreads evenly over them; the table gives "
      "the mean over the query rows, then that most even value. Rows that may see one key only (GPT-2's first "
      "token) have no choice and are left out. Role: previous, first, self or separator when on average at least "
      "{share} of a row's weight goes to the token before, to token 0, to the token itself or to [SEP] (the "
      "largest such share wins); broad when the entropy reaches {broad} of its maximum; mixed otherwise. The last "
      "column gives, for each query token, the key it weights most.";
  w.layer_heading = "Layer {l}: {count} heads";
  w.layer_heading_one = "Layer {l}: head {i}";
  w.col_head = "head";
  w.col_entropy = "entropy / max (bits)";
  w.col_role = "role";
  w.col_looks = "where each token looks most";
  w.role_name[0] = "previous";
  w.role_name[1] = "separator";
  w.role_name[2] = "first";
  w.role_name[3] = "self";
  w.role_name[4] = "broad";
  w.role_name[5] = "mixed";
  w.cut_tokens = "(each head shows {shown} of {all} tokens; --max-rows 0 shows all)";
  w.roles_heading = "Roles of the heads";
  w.role_counts = "Roles of the {count} heads above: {list}.";
  w.detail_heading = "Layer {l}: every captured step in full";
  w.rollout_heading = "Attention rollout over all {layers} layers";
  w.rollout =
      "Which input tokens end up in each token's vector at the top (Abnar & Zuidema 2020)? Each layer's weights "
      "are averaged over all its heads and mixed half and half with the identity, for the residual path that "
      "carries each token's own vector past the attention: Ā_l = ½·mean_h A_l,h + ½·I, rows summing to 1. "
      "Multiplied through the layers, {rollout_eq}; row q of R sums to 1 and says how much of each "
      "input token reaches token q. It leaves out the MLPs and what the values carry: read it as a rough map of "
      "the flow. For each token, the input token it draws on most:";
  w.next_heading = "GPT-2's next token";
  w.predictions =
      "GPT-2's most likely next tokens after the text (a check that the checkpoint runs as trained): {list}.";
  w.more =
      "More: --layers and --heads choose what is captured (one layer and one head: that head's weights are "
      "printed in full); --steps adds other steps of the captured layers (layer_norm, residual, mlp, scores, …); "
      "the pictures (--png, --out) draw every captured head, each layer's heads side by side, and the rollout; "
      "--report writes this walkthrough as markdown with them.";
  w.more_pictures = "More pictures of this run";
  w.head_pictures = "Each head on its own:";
  w.list_sep = ", ";
  explain_detail::english_decoder(w);
  explain_detail::english_metrics(w);
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
  w.head_heading_gqa = "头 {i}：Q 的第 {a}–{b} 个特征列，键/值头 {j}（K 的第 {ka}–{kb} 列，V 的第 {va}–{vb} 列），全部 {n} 个词元";
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
  w.bias_qkv = "查询、键、值三个投影加上偏置行（Q = X·W_Q + b_Q，K、V 同理）；输出投影没有偏置：Y = Z·W_O。";
  w.cross =
      "交叉注意力：查询来自句子，键和值来自上下文「{context}」（{m} 个词元）。每个注意力矩阵的行是句子的词元，列是上下文的词元。";
  w.context_tokens = "上下文词元（键和值）";
  w.padding = "填充：词元为 {pad} 的键（{list}）对所有查询都被屏蔽，得不到任何注意力。";
  w.split_owner_v = "头 {i} 拥有 Q、K 的第 {a}–{b} 个特征列和 V 的第 {va}–{vb} 个特征列";
  w.position_rope = "使用 RoPE 时不往嵌入上加任何东西：X = E。位置在后面的 rope 步骤才进入，表现为对每个头的查询和键的旋转。";
  m[int(StepName::rope)] =
      "旋转位置编码（RoPE）：在每个头里，特征两两成对 (j, j + {half})，词元 t 的查询和键的每一对都像平面上的一个点"
      "那样转过角度 t·θ^(−2j/d_k)，θ = {theta}：前面的对转得快，后面的对转得慢。旋转不改变向量的长度。"
      "由于位置 q 的查询和位置 k 的键都被旋转，它们的点积只取决于两者之间的夹角 (q − k)·频率："
      "分数看到的是两个词元相距多远，而不是各自在哪里。";
  w.rope_pair = "词元 {tok}（位置 {t}）的第 (0, {half}) 对：角度 = {t}·θ^0 = {angle} 弧度";
  w.split_owner_gqa = "查询头 {i} 拥有 Q 的第 {a}–{b} 列，读取键/值头 {j}：K 的第 {ka}–{kb} 列和 V 的第 {va}–{vb} 列";
  w.gqa =
      "分组查询注意力（GQA）：{h} 个查询头共用 {kvh} 个键/值头，每个键/值头服务 {group} 个查询头"
      "（查询头 i 读取键/值头 i / {group}）。K 和 V 只有 {kvh}·d_k = {kw} 列宽：生成文本的模型要保存每个已读词元的"
      "键和值（KV 缓存），这个缓存只有每个查询头各配一个键/值头时的 {kvh}/{h}。每个查询头仍然提出自己的问题。";
  w.mqa =
      "多查询注意力（MQA）：全部 {h} 个查询头读取同一个键/值头，所以 K 和 V 只有 d_k = {kw} 列宽，"
      "生成文本时保存的 KV 缓存只有每个查询头各配一个键/值头时的 1/{h}。每个查询头仍然提出自己的问题。";
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

  m[int(StepName::layer_norm)] =
      "逐个词元做层归一化：减去该行的均值，除以标准差 √(方差 + ε)（ε = {eps}），再用学到的 γ 和 β 缩放、平移。"
      "它让向量的大小在各块之间保持稳定。";
  m[int(StepName::residual)] =
      "残差连接：块把子层算出的结果加到它收到的向量上，所以每个块只是往一份累加和里添加内容，输入的信息不会丢失。";
  m[int(StepName::mlp)] =
      "前馈子层（MLP），每个词元单独计算：GELU(x·W₁ + b₁)·W₂ + b₂，先扩展到 {ff} 列，再变回 d_model = {d} 列。";
  w.model_config =
      "模型：{type}，来自 {source}（{dtype}）：{layers} 层 × 每层 {h} 个头，d_model = {d}，d_k = d_model / h = "
      "{dk}，MLP 宽 {ff}，词表 {vocab} 个词元，最多 {positions} 个位置";
  w.model_slice =
      "每个头都处理整个序列（全部 {n} 个词元），但只看到特征中宽 d_k = {dk} 的一段切片：头 i 读取 Q、K、V 的第 "
      "i·{dk} … (i+1)·{dk} − 1 列。多头切分的是特征，从不切分序列：没有哪个头只拿到文本的一个子序列。";
  w.truncated = "文本的词元数超过模型的 {positions} 个位置：--truncate 把它截断到 {positions} 个。";
  w.model_tokenize =
      "用模型自己的词表把文本切分成词元（{tokenizer}）；每个词元后面是它的 id，即它在嵌入表中取的那一行。"
      "下面每个矩阵的每一行对应一个词元，顺序同此。";
  w.token_types = "词元类型（BERT 的句段）：{runs}。";
  w.token_type_run = "词元 {a}–{b} 为 {type}";
  w.model_embed = "每个词元的 id 在模型的嵌入表（{vocab} × {d}）中取出对应的一行：这些数是训练得到的，不是随机的。";
  w.gpt2_position = "GPT-2 为每个位置加上位置表（{positions} × {d}）中学到的一行：h = E + P 是第 0 层的输入。";
  w.bert_position =
      "BERT 为每个位置加上学到的一行（{positions} × {d}），再加上词元类型的一行，然后归一化：x = LN(E + P + T) "
      "是第 0 层的输入。";
  w.block_heading = "{model} 的一层如何工作（共 {layers} 层）";
  w.gpt2_block =
      "一层就是一个 Transformer 块；每层有自己的权重，结构都相同（前置 LN）。h 是 {n} × {d} 的词元向量矩阵，即残差流；LN 对每个词元的向量做"
      "归一化（均值 0、方差 1，再做学到的缩放和平移）：";
  w.gpt2_block_after =
      "attn 就是本工具讲解的多头注意力，{h} 个头，每头 d_k = {dk}，带因果掩码：词元 q 只看词元 0 … q，从不看后面的，"
      "因为 GPT-2 学的是预测下一个词元。MLP（宽 {ff}）对每个词元单独计算。每个子层读取 h 归一化后的副本，再把结果"
      "加回 h，所以 h 把一切往后传，每层只是往里添加。最后一层之后还有一次 LN，下一个词元的分数是 h·Eᵀ"
      "（再次用到嵌入表）。";
  w.bert_block = "一层就是一个 Transformer 块；每层有自己的权重，结构都相同（后置 LN）。x 是 {n} × {d} 的词元向量矩阵：";
  w.bert_block_after =
      "attn 就是本工具讲解的多头注意力，{h} 个头，每头 d_k = {dk}，没有因果掩码：每个词元都看得到前后所有词元"
      "（双向）；只屏蔽填充。MLP（宽 {ff}）对每个词元单独计算。每个子层的结果先加到它的输入上，再做归一化："
      "LN 在后面，和 GPT-2 相反。分词器在开头放 [CLS]，在每个句段后放 [SEP]；没事可做的头常把权重停放在那里。";
  w.heads_intro =
      "每层一张表，每个头一行。熵以比特为单位，衡量一个头的权重有多分散：查询把全部权重放在一个键上时为 0，"
      "平均分给它能看到的所有键时为 log₂(可见键数)；表中先给出各查询行的平均熵，再给出这个最均匀时的值。"
      "只能看到一个键的行（GPT-2 的第一个词元）没有选择，不计入平均。角色：平均每行至少 {share} 的权重给了"
      "前一个词元、第 0 个词元、词元自身或 [SEP] 时，分别记为前一个、首词元、自身、分隔符（取其中份额最大的）；"
      "熵达到最大值的 {broad} 时记为广泛；其余为混合。最后一列给出每个查询词元最关注的键。";
  w.layer_heading = "第 {l} 层：{count} 个头";
  w.layer_heading_one = "第 {l} 层：头 {i}";
  w.col_head = "头";
  w.col_entropy = "熵 / 最大值（比特）";
  w.col_role = "角色";
  w.col_looks = "每个词元最关注的词元";
  w.role_name[0] = "前一个";
  w.role_name[1] = "分隔符";
  w.role_name[2] = "首词元";
  w.role_name[3] = "自身";
  w.role_name[4] = "广泛";
  w.role_name[5] = "混合";
  w.cut_tokens = "（每个头显示 {all} 个词元中的 {shown} 个；--max-rows 0 显示全部）";
  w.roles_heading = "各头的角色";
  w.role_counts = "以上 {count} 个头的角色：{list}。";
  w.detail_heading = "第 {l} 层：完整列出记录的每一步";
  w.rollout_heading = "全部 {layers} 层的注意力展开（rollout）";
  w.rollout =
      "到了顶层，每个词元的向量里装的是哪些输入词元（Abnar 和 Zuidema，2020）？把每层的权重对它的所有头取平均，"
      "再和单位矩阵各占一半，代表残差通路把每个词元自己的向量绕过注意力直接送上去：Ā_l = ½·mean_h A_l,h + ½·I，"
      "每行之和为 1。逐层相乘得到 {rollout_eq}；R 的第 q 行之和为 1，表示每个输入词元有多少到达了词元 q。"
      "它没有考虑 MLP，也没有考虑值向量携带的内容：只能当作信息流动的粗略地图。每个词元最依赖的输入词元：";
  w.next_heading = "GPT-2 的下一个词元";
  w.predictions = "GPT-2 预测的最可能的下一个词元（用来检查模型是否按训练时那样运行）：{list}。";
  w.more =
      "想看更多：--layers 和 --heads 选择记录哪些层和头（只选一层一个头时，会完整打印这个头的权重）；--steps "
      "记录所选层的其他步骤（layer_norm、residual、mlp、scores 等）；图片（--png、--out）画出每个记录的头、每层"
      "所有头并排的图和注意力展开；--report 把这份讲解连同图片写成 markdown。";
  w.more_pictures = "本次运行的其他图片";
  w.head_pictures = "单个头的图：";
  w.list_sep = "，";
  explain_detail::chinese_decoder(w);
  explain_detail::chinese_metrics(w);
  return w;
}

}  // namespace

const Words& words(Lang lang) {
  static const Words en = english(), zh = chinese();
  return lang == Lang::zh ? zh : en;
}

}  // namespace mha
