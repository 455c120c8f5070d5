// The explanation's sentences for the Llama family (llama, mistral, qwen2,
// qwen3): RMSNorm, RoPE in a block, grouped-query heads and the KV cache,
// sliding windows, SwiGLU, Qwen3's q/k norm, the attention sink. English
// first, then Chinese, the same fields; words_tables.cpp calls these.
#include "mha/explain/detail/words_decoder.hpp"

namespace mha::explain_detail {

void english_decoder(Words& w) {
  auto& m = w.step_meaning;
  w.decoder_config =
      "Model: {type} from {source} ({dtype}): {layers} layers × {h} query heads sharing {kvh} key/value heads, "
      "d_model = {d}, d_k = head_dim = {dk}, MLP {ff} wide (SwiGLU), vocabulary {vocab}, up to {positions} "
      "positions, RoPE θ = {theta}";
  w.decoder_block =
      "A layer is one transformer block; each has its own weights and all have this shape (pre-norm, like GPT-2). "
      "h is the {n} × {d} matrix of token vectors, the residual stream. No position is added to the embeddings: "
      "positions enter inside attention, as rotations of the queries and keys (RoPE, below).";
  w.decoder_block_after =
      "attn is the multi-head attention this tool explains, with {h} query heads of d_k = {dk} and a causal mask: "
      "token q sees tokens 0 … q, never a later one, because the model learns to predict the next token. f is the "
      "MLP, a SwiGLU: two projections of m to {ff} columns, the first through silu(x) = x·σ(x) used as a gate that "
      "multiplies the second column by column (⊙), then one projection back to {d}; no GELU. Each sublayer reads "
      "a normalised copy of h and adds its result onto h. After the last layer comes one more RMSNorm, and the "
      "next token's scores are H·W_lmᵀ, W_lm being {lm_head}.";
  w.model_slice_gqa =
      "Each head works on the whole sequence, all {n} tokens, but sees only a d_k = {dk}-wide slice of the "
      "features: query head i reads columns i·{dk} … (i+1)·{dk} − 1 of Q, and the columns of its key/value head "
      "in K and V (which heads share one: below). The heads split the features, never the sequence: no head gets "
      "a sub-sequence of the text.";
  w.lm_tied = "the embedding table used again (tie_word_embeddings)";
  w.lm_own = "a table of its own (lm_head)";
  w.rms_heading = "RMSNorm: a layer norm without the mean";
  w.rms =
      "Where GPT-2 and BERT use layer norm, these models use RMSNorm (Zhang & Sennrich 2019), token by token: "
      "RMSNorm(x) = γ ⊙ x / √(mean(x²) + ε), ε = {eps}. Unlike layer norm it subtracts no mean and adds no β: it "
      "divides each row by its root mean square, so the row's mean square becomes 1, then scales each column by "
      "the learned γ. It is cheaper and keeps the vectors at a steady size from block to block just as well. "
      "--steps embed,residual,rms_norm works one row through (mean of squares, root, scaled row).";
  m[int(StepName::rms_norm)] =
      "RMSNorm, token by token: divide the row by its root mean square √(mean(x²) + ε), ε = {eps}, then multiply "
      "each column by the learned γ. No mean is subtracted and no β added (layer norm does both).";
  w.rms_worked = "worked example (row {tok} of {in})";
  w.rope_heading = "RoPE: positions as rotations of queries and keys";
  w.rope_model =
      "Rotary position embeddings (RoPE, Su et al. 2021). Inside every head the query and key features are taken "
      "in pairs (j, j + {half}) (Hugging Face's rotate_half order), and the pair of the token at position t is "
      "turned like a point in the plane by the angle t·ω_j, ω_j = θ^(−2j/d_k), θ = {theta}: pair 0 turns by one "
      "radian per position, the last pairs hardly at all. A rotation keeps each vector's length. A score is the "
      "dot product of query q turned by q·ω_j and key k turned by k·ω_j, and the dot product of two turned pairs "
      "depends only on the difference of their angles, (q − k)·ω_j: the scores see how far apart two tokens are, "
      "not where they stand. The values are not turned. --steps split_heads,rope with one layer and one head "
      "(--layers, --heads) works the followed token's first pair through.";
  w.rope_llama3 =
      "This checkpoint's rope_scaling is llama3 (Llama 3.1): pairs whose wavelength 2π/ω_j is short next to the "
      "context the model was first trained on keep their frequency; pairs whose wavelength is longer than that "
      "context turn `factor` times slower; those in between are blended. Nearby tokens are seen as before, and "
      "far-apart tokens keep distinct angles over a longer context. Pair 0 (ω_0 = 1) keeps its frequency.";
  w.rope_linear =
      "This checkpoint's rope_scaling is linear: every frequency ω_j is divided by `factor`, as if the positions "
      "stood that many times closer together.";
  w.gqa_heading = "Which query heads share a key/value head";
  w.gqa_model =
      "Grouped-query attention (Ainslie et al. 2023): the {h} query heads share {kvh} key/value heads, {group} "
      "query heads to each: query head i reads key/value head i / {group} (rounded down). K and V are {kvh}·d_k = "
      "{kw} columns wide, Q is {h}·d_k. Each query head still asks its own question; the heads of a group look "
      "into the same keys and receive the same values:";
  w.mqa_model =
      "Multi-query attention (Shazeer 2019), grouped-query attention with one group: all {h} query heads read the "
      "one key/value head, so K and V are only d_k = {dk} columns wide. Each query head still asks its own "
      "question and weights the same keys its own way:";
  w.mha_model = "Every query head has its own key/value head here (num_key_value_heads = {h}): plain multi-head attention.";
  w.gqa_row = "key/value head {j}";
  w.gqa_item = "query head {i}";
  w.kv_cache =
      "Why share: a model generating text keeps every past token's keys and values in every layer, the KV cache. "
      "Per token it holds 2 · layers · kv_heads · head_dim = 2 · {layers} · {kvh} · {dk} = {cache} numbers "
      "({cache_bytes} bytes in {dtype}), against 2 · layers · heads · head_dim = 2 · {layers} · {h} · {dk} = "
      "{cache_full} with one key/value head per query head: {ratio} times less memory for the same context.";
  w.window_heading = "Sliding window: which keys a query sees";
  w.window =
      "Sliding window in layers {list}: a query sees only the last w = {w} tokens, itself included: query q sees "
      "keys max(0, q − {w1}) … q, and the score is −∞ where q − k ≥ {w}. The followed token {tok} at position "
      "{t} sees tokens {a}–{b} there; what lies further back reaches it only through the layers below, each "
      "carrying it one window further.";
  w.mask_window =
      "Causal mask with a sliding window w = {w}: a token may look neither at tokens after it nor at tokens {w} "
      "or more positions before it (q − k ≥ {w}). Those scores become −∞, so their weight is exactly 0.";
  w.qk_norm =
      "Qwen3's q/k norm: before RoPE, each head's query and key rows are RMS-normalised over their d_k = {dk} "
      "columns and scaled by a learned γ_q or γ_k (d_k numbers, shared by the heads of a layer): Q_norm_i = "
      "RMSNorm(Q_i)·γ_q, K_norm_i = RMSNorm(K_i)·γ_k. It bounds how large a score can grow, so the softmax does "
      "not saturate.";
  m[int(StepName::qk_norm)] = w.qk_norm;
  w.swiglu =
      "The feed-forward sublayer, a SwiGLU (Shazeer 2020), on each token alone: f = (silu(m·W_gateᵀ) ⊙ "
      "m·W_upᵀ)·W_downᵀ, silu(x) = x·σ(x). The gate's {ff} columns, through silu, multiply the up projection's "
      "{ff} columns one by one, and W_down brings the result back to d_model = {d}.";
  w.sink =
      "Attention sink: {count} of the {all} heads put on average at least {share} of a row's weight on the first "
      "token, {first} (over the rows q ≥ 1; row 0 sees only that key): {list}. Trained decoders famously do this "
      "(Xiao et al. 2023): a softmax row must sum to 1, so a head with nothing to look for parks its weight "
      "somewhere, and the first token, which every query sees, becomes that place. Such heads have the role first "
      "in the tables above.";
  w.no_sink =
      "Attention sink: trained decoders often pour most of a head's weight onto the first token (Xiao et al. "
      "2023). No head here does: none puts {share} or more of a row's weight there on average (rows q ≥ 1).";
  w.sink_item = "layer {l} head {i} ({share})";
  w.decoder_next_heading = "{model}'s next token";
  w.decoder_predictions = "{model}'s most likely next tokens after the text: {list}.";
}

void chinese_decoder(Words& w) {
  auto& m = w.step_meaning;
  w.decoder_config =
      "模型：{type}，来自 {source}（{dtype}）：{layers} 层 × 每层 {h} 个查询头，共用 {kvh} 个键/值头，d_model = {d}，"
      "d_k = head_dim = {dk}，MLP 宽 {ff}（SwiGLU），词表 {vocab} 个词元，最多 {positions} 个位置，RoPE θ = {theta}";
  w.decoder_block =
      "一层就是一个 Transformer 块；每层有自己的权重，结构都相同（前置归一化，和 GPT-2 一样）。h 是 {n} × {d} "
      "的词元向量矩阵，即残差流。嵌入上不加位置：位置在注意力内部进入，表现为对查询和键的旋转（RoPE，见下文）。";
  w.decoder_block_after =
      "attn 就是本工具讲解的多头注意力，{h} 个查询头，每头 d_k = {dk}，带因果掩码：词元 q 只看词元 0 … q，从不看后面的，"
      "因为模型学的是预测下一个词元。f 是 MLP，一个 SwiGLU：把 m 投影两次到 {ff} 列，第一次经过 silu(x) = x·σ(x) "
      "后作为门，逐列乘以（⊙）第二次的结果，再投影回 {d} 列；没有 GELU。每个子层读取 h 归一化后的副本，再把结果加回 h。"
      "最后一层之后还有一次 RMSNorm，下一个词元的分数是 H·W_lmᵀ，W_lm 是{lm_head}。";
  w.model_slice_gqa =
      "每个头都处理整个序列（全部 {n} 个词元），但只看到特征中宽 d_k = {dk} 的一段切片：查询头 i 读取 Q 的第 "
      "i·{dk} … (i+1)·{dk} − 1 列，以及它的键/值头在 K 和 V 中的列（哪些头共用一个：见下文）。"
      "多头切分的是特征，从不切分序列：没有哪个头只拿到文本的一个子序列。";
  w.lm_tied = "再次用到的嵌入表（tie_word_embeddings）";
  w.lm_own = "一张单独的表（lm_head）";
  w.rms_heading = "RMSNorm：不减均值的层归一化";
  w.rms =
      "GPT-2 和 BERT 用层归一化的地方，这些模型用 RMSNorm（Zhang 和 Sennrich，2019），逐个词元计算："
      "RMSNorm(x) = γ ⊙ x / √(mean(x²) + ε)，ε = {eps}。和层归一化不同，它不减均值，也不加 β：只把每行除以它的均方根，"
      "使该行的平方均值变为 1，再用学到的 γ 逐列缩放。它更省计算，同样让向量的大小在各块之间保持稳定。"
      "--steps embed,residual,rms_norm 会把一行的计算完整算一遍（平方均值、平方根、缩放后的行）。";
  m[int(StepName::rms_norm)] =
      "逐个词元做 RMSNorm：把该行除以它的均方根 √(mean(x²) + ε)（ε = {eps}），再逐列乘以学到的 γ。"
      "不减均值，也不加 β（层归一化两者都做）。";
  w.rms_worked = "算例（{in} 的 {tok} 行）";
  w.rope_heading = "RoPE：把位置变成查询和键的旋转";
  w.rope_model =
      "旋转位置编码（RoPE，Su 等，2021）。在每个头里，查询和键的特征两两成对 (j, j + {half})（Hugging Face 的 "
      "rotate_half 顺序），位置 t 的词元的每一对都像平面上的一个点那样转过角度 t·ω_j，ω_j = θ^(−2j/d_k)，θ = {theta}："
      "第 0 对每个位置转 1 弧度，最后几对几乎不转。旋转不改变向量的长度。分数是转过 q·ω_j 的查询 q 与转过 k·ω_j 的键 k "
      "的点积，而两个旋转后的向量对的点积只取决于它们角度之差 (q − k)·ω_j：分数看到的是两个词元相距多远，而不是各自在哪里。"
      "值向量不旋转。--steps split_heads,rope 配合只选一层一个头（--layers、--heads）时，会把所跟踪词元的第一对完整算一遍。";
  w.rope_llama3 =
      "这个模型的 rope_scaling 是 llama3（Llama 3.1）：波长 2π/ω_j 比模型最初训练的上下文短得多的对保持原频率；"
      "波长比那个上下文还长的对转慢 factor 倍；介于两者之间的平滑过渡。相邻的词元看起来和以前一样，"
      "相距很远的词元在更长的上下文里仍有可区分的角度。第 0 对（ω_0 = 1）保持原频率。";
  w.rope_linear = "这个模型的 rope_scaling 是 linear：每个频率 ω_j 都除以 factor，好像各位置之间的距离缩小了这么多倍。";
  w.gqa_heading = "哪些查询头共用一个键/值头";
  w.gqa_model =
      "分组查询注意力（GQA，Ainslie 等，2023）：{h} 个查询头共用 {kvh} 个键/值头，每个键/值头服务 {group} 个查询头："
      "查询头 i 读取键/值头 i / {group}（向下取整）。K 和 V 宽 {kvh}·d_k = {kw} 列，Q 宽 {h}·d_k 列。"
      "每个查询头仍然提出自己的问题；同一组的头在同一组键里查找，拿到同一组值：";
  w.mqa_model =
      "多查询注意力（MQA，Shazeer，2019），即只有一组的分组查询注意力：全部 {h} 个查询头读取同一个键/值头，"
      "所以 K 和 V 只有 d_k = {dk} 列宽。每个查询头仍然提出自己的问题，按自己的方式给同一组键分配权重：";
  w.mha_model = "这里每个查询头都有自己的键/值头（num_key_value_heads = {h}）：普通的多头注意力。";
  w.gqa_row = "键/值头 {j}";
  w.gqa_item = "查询头 {i}";
  w.kv_cache =
      "为什么要共用：生成文本的模型要在每一层保存每个已读词元的键和值，即 KV 缓存。每个词元要存 "
      "2 · 层数 · kv_heads · head_dim = 2 · {layers} · {kvh} · {dk} = {cache} 个数（{dtype} 下 {cache_bytes} 字节），"
      "而每个查询头各配一个键/值头时要存 2 · 层数 · heads · head_dim = 2 · {layers} · {h} · {dk} = {cache_full} 个："
      "同样长的上下文，内存少 {ratio} 倍。";
  w.window_heading = "滑动窗口：查询能看到哪些键";
  w.window =
      "第 {list} 层有滑动窗口：查询只看最近的 w = {w} 个词元（含自身）：查询 q 看键 max(0, q − {w1}) … q，"
      "q − k ≥ {w} 处的分数为 −∞。所跟踪的词元 {tok}（位置 {t}）在这些层里看到词元 {a}–{b}；"
      "更早的内容只能经由下面的层传到它这里，每一层把它往前多带一个窗口。";
  w.mask_window =
      "带滑动窗口 w = {w} 的因果掩码：词元既不能看它后面的词元，也不能看 {w} 个或更多位置之前的词元（q − k ≥ {w}）。"
      "这些分数变成 −∞，它们的权重正好是 0。";
  w.qk_norm =
      "Qwen3 的 q/k 归一化：在 RoPE 之前，每个头的查询行和键行在各自的 d_k = {dk} 列上做 RMSNorm，再乘以学到的 γ_q 或 γ_k"
      "（d_k 个数，同一层的各头共用）：Q_norm_i = RMSNorm(Q_i)·γ_q，K_norm_i = RMSNorm(K_i)·γ_k。"
      "它限制了分数能变得多大，使 softmax 不至于饱和。";
  m[int(StepName::qk_norm)] = w.qk_norm;
  w.swiglu =
      "前馈子层，一个 SwiGLU（Shazeer，2020），每个词元单独计算：f = (silu(m·W_gateᵀ) ⊙ m·W_upᵀ)·W_downᵀ，"
      "silu(x) = x·σ(x)。门的 {ff} 列经过 silu 后逐列乘以 up 投影的 {ff} 列，W_down 再把结果变回 d_model = {d} 列。";
  w.sink =
      "注意力汇聚（attention sink）：{all} 个头中有 {count} 个平均把每行至少 {share} 的权重放在第一个词元 {first} 上"
      "（按 q ≥ 1 的行计算；第 0 行只能看到这一个键）：{list}。训练好的解码器以此闻名（Xiao 等，2023）："
      "softmax 的每行之和必须为 1，没什么可找的头总得把权重放在某处，而每个查询都看得到的第一个词元就成了这个地方。"
      "这些头在上面的表里的角色是首词元。";
  w.no_sink =
      "注意力汇聚（attention sink）：训练好的解码器常把一个头的大部分权重倒在第一个词元上（Xiao 等，2023）。"
      "这里没有这样的头：没有哪个头平均把每行 {share} 或更多的权重放在那里（按 q ≥ 1 的行计算）。";
  w.sink_item = "第 {l} 层头 {i}（{share}）";
  w.decoder_next_heading = "{model} 的下一个词元";
  w.decoder_predictions = "{model} 预测的最可能的下一个词元：{list}。";
}

}  // namespace mha::explain_detail
