#!/usr/bin/python3
"""Write tiny random GPT-2 and BERT checkpoints in HuggingFace's file layout,
with expected attentions, hidden states and logits, for the C++ loader and
forward-pass tests (issue 6, "real transformers").

    /usr/bin/python3 tests/reference/make_hf_cases.py        # -> tests/data/hf/
    /usr/bin/python3 tests/reference/make_hf_cases.py --gpt2-small OUT_DIR

The first form writes (tests/data/hf/README.md describes every file):

    gpt2-tiny/          GPT2LMHeadModel names (transformer.*), F32, with the
                        attn.bias / attn.masked_bias buffers older files carry
    gpt2-tiny-sharded/  the same tensors over two shards + model.safetensors.index.json
    gpt2-tiny-f16/      the same draws stored F16, GPT2Model names (h.*, wte.*,
                        no prefix) as the hub's own gpt2 files have them
    bert-tiny/          BertForMaskedLM/-PreTraining names (bert.*, cls.*),
                        F32, old LayerNorm.gamma/.beta names
    bert-tiny-bf16/     the same draws stored BF16, BertModel names (no
                        prefix, LayerNorm.weight/.bias, pooler, no cls.*)

each with config.json, the tokenizer files (GPT-2: vocab.json + merges.txt,
byte-level BPE; BERT: vocab.txt + tokenizer_config.json, WordPiece) and
expected.safetensors. Nothing comes from transformers (not installed): the
tokenizers and the forward passes below are written from the published
algorithms and equations, computed in float64 torch from the stored (rounded)
weights. Then every folder is read back (safetensors_io, the index for the
sharded one) and the forward pass is recomputed a second way, NumPy float64
per head, from the files alone; the script exits 1 if the two disagree by
more than SELF_CHECK_TOLERANCE or tests/data/hf exceeds SIZE_BUDGET. It also
prints how far a float32 torch pass (F.layer_norm, F.softmax, ...) lands from
the float64 expectations, a guide for the C++ tests' tolerance.

Deterministic: seeded torch generators, one torch thread, sorted JSON keys
and tensor names; running it twice writes byte-identical files.

The second form writes a GPT-2-small-shaped checkpoint (12 layers, 12 heads,
768 wide, 1024 positions, vocabulary 50257; random F32 weights, ~500 MB, not
committed) for bench/torch_gpt2_bench.py and the C++ benchmark.

Needs Debian's python3-torch, python3-numpy and python3-regex (for the GPT-2
pre-tokenizer's \\p{L} classes: apt-get install -y python3-regex).
"""
import argparse
import json
import math
import os
import shutil
import sys
import time
import unicodedata
from collections import Counter

import numpy as np
import regex
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402
from bpe_learn import learn_merges, merge_pair  # noqa: E402  (shared with make_hf_tokenizer_cases.py)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "data", "hf"))
SELF_CHECK_TOLERANCE = 1e-9  # float64 torch vs float64 NumPy, before rounding to F32
SIZE_BUDGET = 1_500_000  # bytes, all of tests/data/hf
SEED_GPT2 = 6001
SEED_BERT = 6002
SEED_GPT2_SMALL = 6003
FORMAT = "mha-explain hf expectations v1"

# ======================================================================
# GPT-2 byte-level BPE
# ======================================================================

# GPT-2's pre-tokenizer: contractions, letter runs, number runs, runs of
# other symbols (each optionally after one space), then whitespace.
GPT2_PATTERN = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
ENDOFTEXT = "<|endoftext|>"


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character map, in vocabulary
    order: the 188 bytes that are printable Latin-1 characters map to
    themselves ('!'..'~', '¡'..'¬', '®'..'ÿ'); the other 68 bytes (control
    characters, space, 0x7F-0xA0, 0xAD) map to U+0100, U+0101, ... in byte
    order. So space is 'Ġ' (U+0120) and newline 'Ċ' (U+010A).
    Returns [(byte, char)] in GPT-2's vocabulary order (ids 0..255)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    pairs = [(b, chr(b)) for b in printable]
    extra = 0
    for b in range(256):
        if b not in printable:
            pairs.append((b, chr(256 + extra)))
            extra += 1
    return pairs


BYTE_PAIRS = bytes_to_unicode()
BYTE_TO_CHAR = {b: c for b, c in BYTE_PAIRS}
CHAR_TO_BYTE = {c: b for b, c in BYTE_PAIRS}


def byte_level(piece):
    """A pre-token's UTF-8 bytes as GPT-2's printable characters."""
    return "".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8"))


def pretokenize(text):
    return GPT2_PATTERN.findall(text)


def train_merges(texts, count):
    """Byte-level BPE training: start from single byte symbols within each
    pre-token, repeatedly merge the most frequent adjacent pair (ties: the
    smallest pair as strings), `count` times or until no pair occurs twice."""
    words = Counter()
    for text in texts:
        for piece in pretokenize(text):
            words[tuple(byte_level(piece))] += 1
    return learn_merges(dict(words), count)


def gpt2_vocab(merges):
    """GPT-2's id order: the 256 byte characters, then each merge's result in
    merge order, then <|endoftext|> last."""
    vocab = {}
    for _, c in BYTE_PAIRS:
        vocab[c] = len(vocab)
    for a, b in merges:
        assert a + b not in vocab, f"merge result {a + b!r} twice"
        vocab[a + b] = len(vocab)
    vocab[ENDOFTEXT] = len(vocab)
    return vocab


def bpe_encode(text, vocab, ranks):
    """GPT-2 encoding: pre-tokenize, map bytes to characters, then within each
    pre-token repeatedly merge the adjacent pair with the lowest merge rank
    (all its occurrences) until no adjacent pair has a rank.
    -> (tokens, ids). No special tokens are added."""
    tokens = []
    for piece in pretokenize(text):
        symbols = list(byte_level(piece))
        while len(symbols) > 1:
            ranked = [(ranks.get(p, math.inf), p) for p in zip(symbols, symbols[1:])]
            rank, pair = min(ranked, key=lambda rp: rp[0])
            if rank == math.inf:
                break
            symbols = merge_pair(symbols, *pair)
        tokens += symbols
    return tokens, [vocab[t] for t in tokens]


def bpe_decode(tokens):
    return bytes(CHAR_TO_BYTE[c] for t in tokens for c in t).decode("utf-8")


def write_gpt2_tokenizer(folder, vocab, merges):
    # vocab.json as OpenAI's encoder.json / the hub's gpt2 file: one line,
    # ids in order, non-ASCII characters as \\u escapes.
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(vocab))
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")


# Training text for the tiny vocabulary (written for this fixture).
BPE_CORPUS_EN = """\
The attention mechanism lets every token look at the other tokens in the sentence.
In the morning the cat was sleeping on the mat, and the dog was watching the door.
They said that the weather is nice today, and the children are playing in the garden.
Reading, writing and thinking: these are the things that the students are learning.
The model is computing the weights of the heads, then the output of the layer.
I'm sure it's the same thing that we've seen there, isn't it? They'll know, we'd say.
Thinking about something interesting is the beginning of understanding the meaning.
The quick brown fox jumps over the lazy dog near the river in the evening light.
Numbers like 2024, 128 and 768 appear in the configuration of the transformer.
Every layer of the network has several heads, and every head is looking for something else.
The first head is watching the previous word, the second one is finding the subject of the sentence.
When the sentence is long, the attention of the model is spread over many words.
She was walking along the road with her brother, talking about the things they had seen.
We are writing a program that is explaining what the attention heads are doing.
The explanation is printed in the terminal, and the pictures are saved as files.
There is nothing surprising in the result: the weights of each row add up to one.
He wanted to understand why the tokens were split into pieces and how the merges were learned.
Tomorrow morning the teacher is going to show the students how the training works.
"""
BPE_CORPUS_ZH = """\
我们今天学习注意力机制的原理。注意力机制是模型的核心，它让每一个词看到其他的词。
今天天气很好，我们去公园散步。我们的老师说，学习的时候要认真思考。
这个模型的每一层都有多个注意力头，每一个头都学习不同的关系。
中文的句子和英文的句子都可以用这个模型来计算注意力的权重。
我们在公园里看到一只猫在睡觉，它的朋友是一只狗。
明天早上老师会给学生们讲解训练的过程。学生们认真地听，然后提出自己的问题。
每一行的注意力权重加起来都等于一，所以我们可以把它看成一个概率分布。
如果句子很长，模型的注意力就会分散到很多词上面。
我们写了一个程序，用来解释每一个注意力头在做什么。
结果会在终端里显示出来，图片会保存成文件。
他想知道为什么词会被切成小块，以及合并规则是怎样学出来的。
"""
BPE_CORPUS = [BPE_CORPUS_EN, BPE_CORPUS_ZH]
BPE_MERGES = 300

GPT2_TEXTS = [
    {"text": "The cat was sleeping in the morning.", "pair": None, "lang": "en"},
    {"text": "我们今天学习注意力机制。", "pair": None, "lang": "zh"},
    {"text": "Attention 机制 is the key: 注意力 2024!", "pair": None, "lang": "mixed"},
    {"text": "I'm sure they'll say it's fine  \n\nok", "pair": None, "lang": "en (contractions, whitespace)"},
]

# ======================================================================
# BERT WordPiece (uncased)
# ======================================================================

BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
BERT_CJK = "我们今天学习注意力机制的原理是模型核心天气很好去公园散步老师说时候要认真思考中文句子和英文都可以用这个计算权重一只猫狗在睡觉"
BERT_WORDS = (
    "the an is are was of to in on and it how does do work every token against other others "
    "quick brown fox jump over lazy dog cat sat mat hello world attention head heads model "
    "weigh sentence works cafe naive this that with for you we they"
).split()
BERT_SUFFIXES = ["##es", "##ed", "##ing", "##ly", "##er", "##est", "##tion", "##ive", "##ll"]
BERT_TEXTS = [
    {"text": "The quick brown fox jumps over the lazy dog.", "pair": None, "lang": "en"},
    {"text": "今天天气很好，我们去公园散步。", "pair": None, "lang": "zh"},
    {"text": "Héllo, NAÏVE café! 注意力 works 😀.", "pair": None, "lang": "mixed (accents, upper case, an emoji -> [UNK])"},
    {"text": "How does attention work?", "pair": "It weighs every token against the others.", "lang": "en pair"},
    # Padded to 10 tokens with [PAD] (id 0 = pad_token_id), as in a batch:
    # the attention mask hides the [PAD] keys from every query.
    {"text": "The lazy dog.", "pair": None, "lang": "en, padded", "pad_to": 10},
]


def bert_vocab():
    chars = [chr(c) for c in range(33, 127) if not ("A" <= chr(c) <= "Z")]  # punctuation, digits, a-z
    vocab = BERT_SPECIALS + chars + ["，", "。", "！", "？", "："]
    vocab += [c for c in dict.fromkeys(BERT_CJK)]
    vocab += ["##" + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    vocab += BERT_WORDS + BERT_SUFFIXES
    assert len(set(vocab)) == len(vocab), [v for v, n in Counter(vocab).items() if n > 1]
    return vocab


def is_cjk(cp):
    """The CJK Unified Ideographs blocks BERT treats as words of their own."""
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def is_bert_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_bert_control(ch):
    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf")


def is_bert_punctuation(ch):
    """All non-letter/number ASCII symbols count (so ^ $ ` too), plus Unicode P*."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def bert_basic_tokenize(text):
    """BERT's BasicTokenizer, uncased: drop NUL, U+FFFD and control
    characters, whitespace -> ' ', spaces around CJK ideographs, split on
    whitespace, lower-case, strip accents (NFD, drop Mn), split off every
    punctuation character."""
    cleaned = []
    for ch in text:
        if ord(ch) in (0, 0xFFFD) or is_bert_control(ch):
            continue
        if is_bert_whitespace(ch):
            cleaned.append(" ")
        elif is_cjk(ord(ch)):
            cleaned.append(f" {ch} ")
        else:
            cleaned.append(ch)
    words = []
    for word in "".join(cleaned).split():
        word = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")
        current = ""
        for ch in word:
            if is_bert_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab_set, max_chars=100):
    """Greedy longest-match-first; pieces after the first carry '##'; a word
    with any part not in the vocabulary becomes [UNK] as a whole."""
    if len(word) > max_chars:
        return ["[UNK]"]
    pieces = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab_set:
                found = piece
                break
            end -= 1
        if found is None:
            return ["[UNK]"]
        pieces.append(found)
        start = end
    return pieces


def bert_encode(text, pair, vocab, pad_to=None):
    """[CLS] a [SEP] (b [SEP]) ([PAD] ... up to pad_to) -> (tokens, ids, token_type_ids)."""
    vocab_set = set(vocab)
    index = {t: i for i, t in enumerate(vocab)}
    a = [p for w in bert_basic_tokenize(text) for p in wordpiece(w, vocab_set)]
    tokens = ["[CLS]"] + a + ["[SEP]"]
    types = [0] * len(tokens)
    if pair is not None:
        b = [p for w in bert_basic_tokenize(pair) for p in wordpiece(w, vocab_set)]
        tokens += b + ["[SEP]"]
        types += [1] * (len(b) + 1)
    if pad_to is not None:
        types += [0] * (pad_to - len(tokens))
        tokens += ["[PAD]"] * (pad_to - len(tokens))
    return tokens, [index[t] for t in tokens], types


# ======================================================================
# Weights, drawn like HF's init but with sharper attention
# ======================================================================
#
# HF initialises matrices and embeddings ~ N(0, 0.02^2), LayerNorm gain 1,
# biases 0. Here: LayerNorm gain 1 + 0.1 N(0,1) and biases N(0, 0.02^2) so
# both are tested, and the attention projections are boosted (W_Q, W_K std
# 0.3 on unit-variance LayerNorm outputs of width 32 give scores of std ~3
# after the 1/sqrt(d_k): sharp, varied attention maps), W_V / W_O and the MLP
# large enough that their contributions are not lost next to the residual.
STD_EMBED = 0.02
STD_QK = 0.3
STD_V = 0.2
STD_O = 0.15
STD_FC = 0.2
STD_FC_OUT = 0.1
STD_BIAS = 0.02
STD_HEAD = 0.02  # pooler, cls.*: not used by the forward pass


class Drawer:
    def __init__(self, seed):
        self.gen = torch.Generator().manual_seed(seed)

    def normal(self, shape, std):
        return torch.randn(shape, generator=self.gen, dtype=torch.float32) * std

    def gain(self, n):
        return 1.0 + self.normal((n,), 0.1)

    def bias(self, n):
        return self.normal((n,), STD_BIAS)


def draw_gpt2(cfg, seed):
    """{canonical name (GPT2Model's, no prefix): float32 tensor}, in
    GPT2Model.state_dict() order, buffers excluded."""
    d, V, P, L = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"], cfg["n_layer"]
    g = Drawer(seed)
    w = {"wte.weight": g.normal((V, d), STD_EMBED), "wpe.weight": g.normal((P, d), STD_EMBED)}
    for i in range(L):
        p = f"h.{i}."
        w[p + "ln_1.weight"] = g.gain(d)
        w[p + "ln_1.bias"] = g.bias(d)
        # Conv1D: [in, out]; columns 0..d-1 are W_Q, d..2d-1 W_K, 2d..3d-1 W_V
        w[p + "attn.c_attn.weight"] = torch.cat(
            [g.normal((d, d), STD_QK), g.normal((d, d), STD_QK), g.normal((d, d), STD_V)], dim=1
        )
        w[p + "attn.c_attn.bias"] = g.bias(3 * d)
        w[p + "attn.c_proj.weight"] = g.normal((d, d), STD_O)
        w[p + "attn.c_proj.bias"] = g.bias(d)
        w[p + "ln_2.weight"] = g.gain(d)
        w[p + "ln_2.bias"] = g.bias(d)
        w[p + "mlp.c_fc.weight"] = g.normal((d, 4 * d), STD_FC)
        w[p + "mlp.c_fc.bias"] = g.bias(4 * d)
        w[p + "mlp.c_proj.weight"] = g.normal((4 * d, d), STD_FC_OUT)
        w[p + "mlp.c_proj.bias"] = g.bias(d)
    w["ln_f.weight"] = g.gain(d)
    w["ln_f.bias"] = g.bias(d)
    return w


def draw_bert(cfg, seed):
    """{canonical name (BertModel's, LayerNorm.weight/.bias): float32 tensor},
    plus the heads of BertForPreTraining under 'cls.*'."""
    d, V, P, T, L, I = (
        cfg["hidden_size"],
        cfg["vocab_size"],
        cfg["max_position_embeddings"],
        cfg["type_vocab_size"],
        cfg["num_hidden_layers"],
        cfg["intermediate_size"],
    )
    g = Drawer(seed)
    w = {
        "embeddings.word_embeddings.weight": g.normal((V, d), STD_EMBED),
        "embeddings.position_embeddings.weight": g.normal((P, d), STD_EMBED),
        "embeddings.token_type_embeddings.weight": g.normal((T, d), STD_EMBED),
        "embeddings.LayerNorm.weight": g.gain(d),
        "embeddings.LayerNorm.bias": g.bias(d),
    }
    for i in range(L):
        p = f"encoder.layer.{i}."
        # nn.Linear: [out, in], y = x W^T + b
        for name, std in (("query", STD_QK), ("key", STD_QK), ("value", STD_V)):
            w[p + f"attention.self.{name}.weight"] = g.normal((d, d), std)
            w[p + f"attention.self.{name}.bias"] = g.bias(d)
        w[p + "attention.output.dense.weight"] = g.normal((d, d), STD_O)
        w[p + "attention.output.dense.bias"] = g.bias(d)
        w[p + "attention.output.LayerNorm.weight"] = g.gain(d)
        w[p + "attention.output.LayerNorm.bias"] = g.bias(d)
        w[p + "intermediate.dense.weight"] = g.normal((I, d), STD_FC)
        w[p + "intermediate.dense.bias"] = g.bias(I)
        w[p + "output.dense.weight"] = g.normal((d, I), STD_FC_OUT)
        w[p + "output.dense.bias"] = g.bias(d)
        w[p + "output.LayerNorm.weight"] = g.gain(d)
        w[p + "output.LayerNorm.bias"] = g.bias(d)
    w["pooler.dense.weight"] = g.normal((d, d), STD_HEAD)
    w["pooler.dense.bias"] = g.bias(d)
    w["cls.predictions.bias"] = g.bias(V)
    w["cls.predictions.transform.dense.weight"] = g.normal((d, d), STD_HEAD)
    w["cls.predictions.transform.dense.bias"] = g.bias(d)
    w["cls.predictions.transform.LayerNorm.weight"] = g.gain(d)
    w["cls.predictions.transform.LayerNorm.bias"] = g.bias(d)
    w["cls.seq_relationship.weight"] = g.normal((2, d), STD_HEAD)
    w["cls.seq_relationship.bias"] = g.bias(2)
    return w


def rounded(weights, dtype):
    """The float32 values a file of `dtype` keeps (the forward pass must see exactly those)."""
    return {n: torch.from_numpy(safetensors_io.round_to(t.numpy(), dtype)) for n, t in weights.items()}


def causal_buffer(P, dtype):
    """attn.bias as older GPT2 files store it: lower-triangular ones [1, 1, P, P]."""
    return np.tril(np.ones((P, P), dtype=np.float32)).reshape(1, 1, P, P)


# ======================================================================
# Forward passes from the published equations, float64 torch
# ======================================================================


def layer_norm(x, gain, bias, eps):
    """x [n, d]: (x - mean) / sqrt(var + eps) * gain + bias, biased variance over d."""
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * gain + bias


def gelu_new(x):
    """GPT-2's tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def gelu_erf(x):
    """BERT's exact GELU: 0.5 x (1 + erf(x / sqrt 2))."""
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def attention(q, k, v, heads, causal, pad=None):
    """q, k, v [n, d] -> (probs [heads, n, n], ctx [n, d]). Head i uses the
    contiguous feature slice [i d_k, (i+1) d_k), d_k = d / heads:
    probs_i = softmax(q_i k_i^T / sqrt(d_k) (+ -inf above the diagonal if
    causal)); ctx = concat_i(probs_i v_i) in feature order."""
    n, d = q.shape
    dk = d // heads
    split = lambda t: t.reshape(n, heads, dk).transpose(0, 1)  # noqa: E731  [heads, n, d_k]
    scores = split(q) @ split(k).transpose(1, 2) / math.sqrt(dk)  # [heads, n, n]
    if causal:
        above = torch.ones(n, n, dtype=torch.bool).triu(1)
        # HF: torch.where(causal, scores, finfo.min) (older: -1e4); the
        # softmax is the same as with -inf here.
        scores = scores.masked_fill(above, float("-inf"))
    if pad is not None:
        # BERT's attention mask: HF adds finfo.min to the scores of padding
        # keys; their weight is exactly 0 either way.
        scores = scores.masked_fill(torch.tensor(pad)[None, None, :], float("-inf"))
    probs = torch.softmax(scores, dim=-1)  # [heads, n, n]
    ctx = (probs @ split(v)).transpose(0, 1).reshape(n, d)  # [n, d]
    return probs, ctx


def gpt2_forward(w, cfg, ids):
    """w: canonical names -> float64 tensors. Returns attentions [L, H, n, n],
    hidden_states [L+1, n, d] (HF's output_hidden_states: the embeddings,
    each block's output, but the last entry after ln_f), last_hidden_state
    [n, d] (after ln_f) and the last position's logits [V]."""
    d, H, L, eps = cfg["n_embd"], cfg["n_head"], cfg["n_layer"], cfg["layer_norm_epsilon"]
    n = len(ids)
    ids = torch.tensor(ids)
    h = w["wte.weight"][ids] + w["wpe.weight"][:n]  # [n, d]
    hidden, attns = [h], []
    for i in range(L):
        p = f"h.{i}."
        a = layer_norm(h, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)  # [n, d]
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]  # [n, 3d], Conv1D: x W + b
        q, k, v = qkv[:, :d], qkv[:, d : 2 * d], qkv[:, 2 * d :]  # [n, d] each
        probs, ctx = attention(q, k, v, H, causal=True)
        attns.append(probs)
        h = h + ctx @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]  # [n, d]
        m = layer_norm(h, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        f = gelu_new(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])  # [n, 4d]
        h = h + f @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]  # [n, d]
        hidden.append(h)
    last = layer_norm(h, w["ln_f.weight"], w["ln_f.bias"], eps)  # [n, d]
    hidden[-1] = last
    logits = last[-1] @ w["wte.weight"].T  # [V], lm_head tied to wte
    return {
        "attentions": torch.stack(attns),
        "hidden_states": torch.stack(hidden),
        "last_hidden_state": last,
        "next_token_logits": logits,
    }


def bert_forward(w, cfg, ids, types):
    """w: canonical names -> float64 tensors. Returns attentions [L, H, n, n],
    hidden_states [L+1, n, d] (embeddings after their LayerNorm, then every
    layer's output) and last_hidden_state [n, d]. Keys whose id is
    pad_token_id ([PAD]) are masked for every query."""
    H, L, eps = cfg["num_attention_heads"], cfg["num_hidden_layers"], cfg["layer_norm_eps"]
    n = len(ids)
    ids, types = torch.tensor(ids), torch.tensor(types)
    e = "embeddings."
    x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][:n] + w[e + "token_type_embeddings.weight"][types]
    x = layer_norm(x, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)  # [n, d]
    hidden, attns = [x], []
    for i in range(L):
        p = f"encoder.layer.{i}."
        lin = lambda t, name: t @ w[p + name + ".weight"].T + w[p + name + ".bias"]  # noqa: E731  nn.Linear
        q, k, v = (lin(x, f"attention.self.{s}") for s in ("query", "key", "value"))  # [n, d]
        probs, ctx = attention(q, k, v, H, causal=False, pad=[int(i) == cfg["pad_token_id"] for i in ids])
        attns.append(probs)
        a = layer_norm(lin(ctx, "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        f = lin(gelu_erf(lin(a, "intermediate.dense")), "output.dense")  # [n, I] -> [n, d]
        x = layer_norm(f + a, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        hidden.append(x)
    return {"attentions": torch.stack(attns), "hidden_states": torch.stack(hidden), "last_hidden_state": x}


# ---- float32 torch with torch's fused ops: how far fp32 lands ----


def gpt2_forward_f32(w, cfg, ids):
    F = torch.nn.functional
    d, H, L, eps = cfg["n_embd"], cfg["n_head"], cfg["n_layer"], cfg["layer_norm_epsilon"]
    n, dk = len(ids), cfg["n_embd"] // cfg["n_head"]
    h = F.embedding(torch.tensor(ids), w["wte.weight"]) + w["wpe.weight"][:n]
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    attns = []
    for i in range(L):
        p = f"h.{i}."
        a = F.layer_norm(h, (d,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        q, k, v = torch.addmm(w[p + "attn.c_attn.bias"], a, w[p + "attn.c_attn.weight"]).view(n, 3, H, dk).permute(1, 2, 0, 3)
        s = torch.where(causal, q @ k.transpose(-1, -2) / math.sqrt(dk), torch.tensor(torch.finfo(torch.float32).min))
        pr = F.softmax(s, dim=-1)
        attns.append(pr)
        h = h + torch.addmm(w[p + "attn.c_proj.bias"], (pr @ v).transpose(0, 1).reshape(n, d), w[p + "attn.c_proj.weight"])
        m = F.layer_norm(h, (d,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        f = F.gelu(torch.addmm(w[p + "mlp.c_fc.bias"], m, w[p + "mlp.c_fc.weight"]), approximate="tanh")
        h = h + torch.addmm(w[p + "mlp.c_proj.bias"], f, w[p + "mlp.c_proj.weight"])
    last = F.layer_norm(h, (d,), w["ln_f.weight"], w["ln_f.bias"], eps)
    return {"attentions": torch.stack(attns), "last_hidden_state": last, "next_token_logits": last[-1] @ w["wte.weight"].T}


def bert_forward_f32(w, cfg, ids, types):
    F = torch.nn.functional
    d, H, L, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"], cfg["layer_norm_eps"]
    n, dk = len(ids), d // H
    e = "embeddings."
    x = w[e + "word_embeddings.weight"][torch.tensor(ids)] + w[e + "position_embeddings.weight"][:n] + w[e + "token_type_embeddings.weight"][torch.tensor(types)]
    x = F.layer_norm(x, (d,), w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)
    attns = []
    for i in range(L):
        p = f"encoder.layer.{i}."
        lin = lambda t, name: F.linear(t, w[p + name + ".weight"], w[p + name + ".bias"])  # noqa: E731
        q, k, v = (lin(x, f"attention.self.{s}").view(n, H, dk).transpose(0, 1) for s in ("query", "key", "value"))
        pad = torch.tensor([i == cfg["pad_token_id"] for i in ids])
        pr = F.softmax((q @ k.transpose(-1, -2) / math.sqrt(dk)).masked_fill(pad, float("-inf")), dim=-1)
        attns.append(pr)
        a = F.layer_norm(lin((pr @ v).transpose(0, 1).reshape(n, d), "attention.output.dense") + x, (d,), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        x = F.layer_norm(lin(F.gelu(lin(a, "intermediate.dense")), "output.dense") + a, (d,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return {"attentions": torch.stack(attns), "last_hidden_state": x}


# ======================================================================
# Configs and files
# ======================================================================


def gpt2_config(vocab_size, n_embd, n_head, n_layer, n_positions, torch_dtype):
    """Keys as GPT2Config.save_pretrained writes them (the hub's gpt2
    config.json plus the keys newer versions add), sorted."""
    eot = vocab_size - 1
    return {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "attn_pdrop": 0.1,
        "bos_token_id": eot,
        "embd_pdrop": 0.1,
        "eos_token_id": eot,
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "model_type": "gpt2",
        "n_ctx": n_positions,
        "n_embd": n_embd,
        "n_head": n_head,
        "n_inner": None,
        "n_layer": n_layer,
        "n_positions": n_positions,
        "reorder_and_upcast_attn": False,
        "resid_pdrop": 0.1,
        "scale_attn_by_inverse_layer_idx": False,
        "scale_attn_weights": True,
        "summary_activation": None,
        "summary_first_dropout": 0.1,
        "summary_proj_to_labels": True,
        "summary_type": "cls_index",
        "summary_use_proj": True,
        "torch_dtype": torch_dtype,
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def bert_config(vocab_size, architecture, torch_dtype):
    return {
        "architectures": [architecture],
        "attention_probs_dropout_prob": 0.1,
        "classifier_dropout": None,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": 32,
        "initializer_range": 0.02,
        "intermediate_size": 64,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 64,
        "model_type": "bert",
        "num_attention_heads": 4,
        "num_hidden_layers": 2,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": torch_dtype,
        "type_vocab_size": 2,
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def write_json(path, obj):
    """As save_pretrained writes config.json: indent 2, sorted keys, final newline."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, indent=2, sort_keys=True) + "\n")


MODEL_METADATA = {"format": "pt"}  # what transformers writes into model.safetensors


def fresh_dir(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)


def gpt2_file_tensors(weights, cfg, dtype, prefix, masked_bias):
    """The state dict as saved: canonical names + prefix, with the
    attn.bias causal buffer (same dtype as the weights, as model.half()
    converts float buffers) and, if masked_bias, the scalar -1e4 buffer."""
    P = cfg["n_positions"]
    out = {prefix + n: (t.numpy(), dtype) for n, t in weights.items()}
    for i in range(cfg["n_layer"]):
        out[f"{prefix}h.{i}.attn.bias"] = (causal_buffer(P, dtype), dtype)
        if masked_bias:
            out[f"{prefix}h.{i}.attn.masked_bias"] = (np.array(-1e4, dtype=np.float32), dtype)
    return out


def bert_file_tensors(weights, dtype, old_names, heads):
    """old_names: BertForPreTraining-style 'bert.' prefix, every LayerNorm
    as .gamma/.beta, plus the cls.* heads. Otherwise BertModel: no prefix,
    LayerNorm.weight/.bias, no heads."""
    out = {}
    for name, t in weights.items():
        is_head = name.startswith("cls.")
        if is_head and not heads:
            continue
        stored = name
        if old_names and "LayerNorm." in name:
            stored = name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        if old_names and not is_head:
            stored = "bert." + stored
        out[stored] = (t.numpy(), dtype)
    return out


def write_sharded(folder, tensors, first_shard_names):
    safetensors_io.write_sharded(folder, tensors, first_shard_names, MODEL_METADATA, write_json)


# ======================================================================
# Expectations
# ======================================================================


def f64(weights):
    return {n: t.double() for n, t in weights.items()}


def expectations(kind, weights, cfg, cases):
    """-> ({name: (float32 array, "F32")}, per-case info, fp32 deviation)."""
    tensors, info = {}, []
    fp32_dev = 0.0
    w64 = f64(weights)
    for j, case in enumerate(cases):
        if kind == "gpt2":
            out = gpt2_forward(w64, cfg, case["ids"])
            ref32 = gpt2_forward_f32(weights, cfg, case["ids"])
        else:
            out = bert_forward(w64, cfg, case["ids"], case["token_type_ids"])
            ref32 = bert_forward_f32(weights, cfg, case["ids"], case["token_type_ids"])
            tensors[f"case{j}.token_type_ids"] = (np.array(case["token_type_ids"], dtype=np.float32), "F32")
        tensors[f"case{j}.input_ids"] = (np.array(case["ids"], dtype=np.float32), "F32")
        for name, value in out.items():
            tensors[f"case{j}.{name}"] = (value.numpy().astype(np.float32), "F32")
        for name, value in ref32.items():
            fp32_dev = max(fp32_dev, (value.double() - out[name]).abs().max().item())
        info.append({k: case[k] for k in ("text", "pair", "lang", "tokens", "ids", "pad_to", "token_type_ids") if k in case})
    return tensors, info, fp32_dev


def write_expected(folder, kind, weights, cfg, cases, how_ids, extra_meta):
    tensors, info, fp32_dev = expectations(kind, weights, cfg, cases)
    meta = {
        "format": FORMAT,
        "model_type": kind,
        "cases": json.dumps(info, ensure_ascii=False),
        "num_cases": len(cases),
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "generator": "tests/reference/make_hf_cases.py",
        "compute": "float64 torch from the stored (rounded) weights, stored as F32",
        "input_ids": how_ids,
    }
    meta.update(extra_meta)
    safetensors_io.write(os.path.join(folder, "expected.safetensors"), tensors, meta)
    return fp32_dev


# ======================================================================
# Self-check: read the folder back, recompute per head in NumPy float64
# ======================================================================


def load_folder(folder):
    """-> ({stored name: float64 array}, {stored name: dtype}) from
    model.safetensors or the index's shards."""
    index = os.path.join(folder, "model.safetensors.index.json")
    files = ["model.safetensors"]
    if os.path.exists(index):
        with open(index) as f:
            idx = json.load(f)
        files = sorted(set(idx["weight_map"].values()))
    tensors, dtypes, total = {}, {}, 0
    for file in files:
        t, d, meta = safetensors_io.read(os.path.join(folder, file))
        assert meta == MODEL_METADATA, (folder, file, meta)
        for name in t:
            assert name not in tensors, f"{name} in two shards"
            total += t[name].size * safetensors_io.DTYPE_SIZE[d[name]]
            if os.path.exists(index):
                assert idx["weight_map"][name] == file, name
        tensors.update({n: a.astype(np.float64) for n, a in t.items()})
        dtypes.update(d)
    if os.path.exists(index):
        assert set(idx["weight_map"]) == set(tensors) and idx["metadata"]["total_size"] == total
    return tensors, dtypes


def canonical(name):
    """A loader's view of HF names: drop 'transformer.' / 'bert.', rename the
    old LayerNorm gamma/beta to weight/bias (HF renames any key containing them)."""
    for prefix in ("transformer.", "bert."):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")


def np_layer_norm(x, g, b, eps):
    mu = x.mean(axis=1, keepdims=True)
    return (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps) * g + b


def np_heads(q, k, v, heads, causal, pad=None):
    n, d = q.shape
    dk = d // heads
    probs = np.empty((heads, n, n))
    ctx = np.empty((n, d))
    for hd in range(heads):
        cols = slice(hd * dk, (hd + 1) * dk)
        s = q[:, cols] @ k[:, cols].T / math.sqrt(dk)
        if causal:
            s[np.triu(np.ones((n, n), dtype=bool), 1)] = -np.inf
        if pad is not None:
            s[:, np.array(pad, dtype=bool)] = -np.inf
        e = np.exp(s - s.max(axis=1, keepdims=True))
        probs[hd] = e / e.sum(axis=1, keepdims=True)
        ctx[:, cols] = probs[hd] @ v[:, cols]
    return probs, ctx


def np_gpt2(w, cfg, ids):
    d, H, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    h = w["wte.weight"][ids] + w["wpe.weight"][: len(ids)]
    attns = []
    for i in range(cfg["n_layer"]):
        g = lambda s: w[f"h.{i}.{s}"]  # noqa: E731
        qkv = np_layer_norm(h, g("ln_1.weight"), g("ln_1.bias"), eps) @ g("attn.c_attn.weight") + g("attn.c_attn.bias")
        p, c = np_heads(qkv[:, :d], qkv[:, d : 2 * d], qkv[:, 2 * d :], H, True)
        attns.append(p)
        h = h + c @ g("attn.c_proj.weight") + g("attn.c_proj.bias")
        x = np_layer_norm(h, g("ln_2.weight"), g("ln_2.bias"), eps) @ g("mlp.c_fc.weight") + g("mlp.c_fc.bias")
        h = h + 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))) @ g("mlp.c_proj.weight") + g("mlp.c_proj.bias")
    last = np_layer_norm(h, w["ln_f.weight"], w["ln_f.bias"], eps)
    return {"attentions": np.stack(attns), "last_hidden_state": last, "next_token_logits": w["wte.weight"] @ last[-1]}


def np_bert(w, cfg, ids, types):
    H, eps = cfg["num_attention_heads"], cfg["layer_norm_eps"]
    erf = np.vectorize(math.erf)
    e = "embeddings."
    x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][: len(ids)] + w[e + "token_type_embeddings.weight"][types]
    x = np_layer_norm(x, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)
    attns = []
    for i in range(cfg["num_hidden_layers"]):
        g = lambda s: w[f"encoder.layer.{i}.{s}"]  # noqa: E731
        lin = lambda t, s: t @ g(s + ".weight").T + g(s + ".bias")  # noqa: E731
        p, c = np_heads(lin(x, "attention.self.query"), lin(x, "attention.self.key"), lin(x, "attention.self.value"), H, False,
                       [int(i) == cfg["pad_token_id"] for i in ids])
        attns.append(p)
        a = np_layer_norm(lin(c, "attention.output.dense") + x, g("attention.output.LayerNorm.weight"), g("attention.output.LayerNorm.bias"), eps)
        z = lin(a, "intermediate.dense")
        x = np_layer_norm(lin(0.5 * z * (1 + erf(z / math.sqrt(2))), "output.dense") + a, g("output.LayerNorm.weight"), g("output.LayerNorm.bias"), eps)
    return {"attentions": np.stack(attns), "last_hidden_state": x}


def self_check(folder, kind, recomputed_f64):
    """Max |NumPy float64 from the files - torch float64| over all cases and
    outputs, and max |stored F32 expectation - NumPy float64|."""
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    stored, _ = load_folder(folder)
    w = {canonical(n): a for n, a in stored.items()}
    exp, _, meta = safetensors_io.read(os.path.join(folder, "expected.safetensors"))
    cases = json.loads(meta["cases"])
    worst_f64 = worst_f32 = 0.0
    for j, case in enumerate(cases):
        ids = [int(i) for i in exp[f"case{j}.input_ids"]]
        assert ids == case["ids"]
        if kind == "gpt2":
            out = np_gpt2(w, cfg, ids)
        else:
            types = [int(t) for t in exp[f"case{j}.token_type_ids"]]
            assert types == case["token_type_ids"]
            out = np_bert(w, cfg, ids, types)
        for name, value in out.items():
            worst_f64 = max(worst_f64, np.abs(value - recomputed_f64[j][name].numpy()).max())
            worst_f32 = max(worst_f32, np.abs(value - exp[f"case{j}.{name}"]).max())
        assert np.allclose(exp[f"case{j}.hidden_states"][-1], exp[f"case{j}.last_hidden_state"])
    return worst_f64, worst_f32


# ======================================================================
# Building the fixtures
# ======================================================================


def tokenize_gpt2_cases(vocab, merges):
    ranks = {pair: r for r, pair in enumerate(merges)}
    cases = []
    for c in GPT2_TEXTS:
        tokens, ids = bpe_encode(c["text"], vocab, ranks)
        assert bpe_decode(tokens) == c["text"], c["text"]
        cases.append(dict(c, tokens=tokens, ids=ids))
    return cases


def tokenize_bert_cases(vocab):
    cases = []
    for c in BERT_TEXTS:
        tokens, ids, types = bert_encode(c["text"], c["pair"], vocab, c.get("pad_to"))
        cases.append(dict(c, tokens=tokens, ids=ids, token_type_ids=types))
    return cases


def check_vocabularies(vocab, merges, bert_cases):
    for must in ("Ġthe", "ing"):
        assert must in vocab, f"{must} not learned"
    cjk = [t for t in vocab if len(t) >= 3 and all(c in CHAR_TO_BYTE for c in t)]
    cjk_chars = []
    for t in cjk:
        try:
            s = bytes(CHAR_TO_BYTE[c] for c in t).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if s and all(is_cjk(ord(ch)) for ch in s):
            cjk_chars.append(s)
    assert len(cjk_chars) >= 2, "no whole-CJK-character merges"
    unk = [t for c in bert_cases for t in c["tokens"] if t == "[UNK]"]
    assert len(unk) == 1, "exactly the emoji should be [UNK]"
    return cjk_chars


def build_gpt2(out_dir):
    merges = train_merges(BPE_CORPUS, BPE_MERGES)
    vocab = gpt2_vocab(merges)
    cfg = gpt2_config(len(vocab), 32, 4, 2, 64, "float32")
    cases = tokenize_gpt2_cases(vocab, merges)
    weights = draw_gpt2(cfg, SEED_GPT2)
    how_ids = "GPT-2 byte-level BPE over vocab.json + merges.txt (this script's bpe_encode), no special tokens added"
    results = {}

    def folder_with(name, dtype, torch_dtype, write_model):
        folder = os.path.join(out_dir, name)
        fresh_dir(folder)
        c = dict(cfg, torch_dtype=torch_dtype)
        write_json(os.path.join(folder, "config.json"), c)
        write_gpt2_tokenizer(folder, vocab, merges)
        w = rounded(weights, dtype)
        write_model(folder, w)
        fp32_dev = write_expected(folder, "gpt2", w, c, cases, how_ids, {"weights_dtype": dtype, "seed": SEED_GPT2})
        results[name] = (folder, [gpt2_forward(f64(w), c, case["ids"]) for case in cases], fp32_dev)

    def full(folder, w):  # GPT2LMHeadModel names, older files' buffers
        safetensors_io.write(os.path.join(folder, "model.safetensors"), gpt2_file_tensors(w, cfg, "F32", "transformer.", True), MODEL_METADATA)

    def sharded(folder, w):
        tensors = gpt2_file_tensors(w, cfg, "F32", "transformer.", True)
        first = {n for n in tensors if n.startswith(("transformer.wte", "transformer.wpe", "transformer.h.0."))}
        write_sharded(folder, tensors, first)

    def half(folder, w):  # GPT2Model names (the hub's gpt2 layout): no prefix, attn.bias only
        safetensors_io.write(os.path.join(folder, "model.safetensors"), gpt2_file_tensors(w, cfg, "F16", "", False), MODEL_METADATA)

    folder_with("gpt2-tiny", "F32", "float32", full)
    folder_with("gpt2-tiny-sharded", "F32", "float32", sharded)
    folder_with("gpt2-tiny-f16", "F16", "float16", half)
    return results, vocab, merges, cases


def build_bert(out_dir):
    vocab = bert_vocab()
    cfg_base = bert_config(len(vocab), "BertForMaskedLM", "float32")
    cases = tokenize_bert_cases(vocab)
    weights = draw_bert(cfg_base, SEED_BERT)
    how_ids = "BERT uncased BasicTokenizer + WordPiece over vocab.txt (this script's bert_encode): [CLS] a [SEP] (b [SEP]); token_type_ids 0 for [CLS] a [SEP], 1 for b [SEP]"
    results = {}
    for name, dtype, torch_dtype, arch, old in (
        ("bert-tiny", "F32", "float32", "BertForMaskedLM", True),
        ("bert-tiny-bf16", "BF16", "bfloat16", "BertModel", False),
    ):
        folder = os.path.join(out_dir, name)
        fresh_dir(folder)
        cfg = bert_config(len(vocab), arch, torch_dtype)
        write_json(os.path.join(folder, "config.json"), cfg)
        with open(os.path.join(folder, "vocab.txt"), "w", encoding="utf-8") as f:
            f.write("".join(t + "\n" for t in vocab))
        write_json(os.path.join(folder, "tokenizer_config.json"), {"do_lower_case": True, "tokenize_chinese_chars": True, "strip_accents": None})
        w = rounded(weights, dtype)
        safetensors_io.write(os.path.join(folder, "model.safetensors"), bert_file_tensors(w, dtype, old, old), MODEL_METADATA)
        fp32_dev = write_expected(folder, "bert", w, cfg, cases, how_ids, {"weights_dtype": dtype, "seed": SEED_BERT})
        results[name] = (folder, [bert_forward(f64(w), cfg, c["ids"], c["token_type_ids"]) for c in cases], fp32_dev)
    return results, vocab, cases


def attention_stats(folder):
    exp, _, meta = safetensors_io.read(os.path.join(folder, "expected.safetensors"))
    top, ent = [], []
    for j in range(int(meta["num_cases"])):
        a = exp[f"case{j}.attentions"].astype(np.float64)
        top.append(a.max(axis=-1).mean())
        with np.errstate(divide="ignore", invalid="ignore"):
            ent.append(np.nansum(-a * np.log(np.where(a > 0, a, 1)), axis=-1).mean())
    return float(np.mean(top)), float(np.mean(ent))


def dir_size(path):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


def build_fixtures(out_dir):
    torch.set_num_threads(1)  # one summation order, so reruns are byte-identical
    os.makedirs(out_dir, exist_ok=True)
    print(f"torch {torch.__version__}, numpy {np.__version__}, writing {out_dir}")
    gpt2, vocab, merges, gcases = build_gpt2(out_dir)
    bert, bvocab, bcases = build_bert(out_dir)
    cjk = check_vocabularies(vocab, merges, bcases)
    print(f"GPT-2 vocabulary {len(vocab)} (256 bytes + {len(merges)} merges + {ENDOFTEXT}); whole-CJK tokens: {' '.join(cjk)}")
    print(f"BERT vocabulary {len(bvocab)}")
    for kind, cases in (("gpt2", gcases), ("bert", bcases)):
        for j, c in enumerate(cases):
            print(f"  {kind} case{j} n={len(c['ids'])}: {c['tokens']}")
    worst = 0.0
    for kind, results in (("gpt2", gpt2), ("bert", bert)):
        for name, (folder, recomputed, fp32_dev) in results.items():
            d64, d32 = self_check(folder, kind, recomputed)
            worst = max(worst, d64)
            top, ent = attention_stats(folder)
            print(
                f"  {name:18s} {dir_size(folder):8d} B  self-check max|d| f64 {d64:.1e}, stored F32 {d32:.1e};"
                f" fp32 torch vs f64 {fp32_dev:.1e}; mean max attention {top:.2f}, entropy {ent:.2f} nats"
            )
    total = dir_size(out_dir)
    print(f"tests/data/hf total {total} bytes ({total / 1e6:.2f} MB)")
    print(f"self-check (NumPy float64 from the files vs torch float64): max |d| = {worst:.3e}")
    ok = worst <= SELF_CHECK_TOLERANCE and total <= SIZE_BUDGET
    if not ok:
        print(f"FAIL: tolerance {SELF_CHECK_TOLERANCE}, size budget {SIZE_BUDGET} bytes")
    return 0 if ok else 1


# ======================================================================
# GPT-2-small-shaped benchmark checkpoint
# ======================================================================


def synthetic_merges(learned, total):
    """The learned merges, then pairs of byte characters (letters and space
    first) whose result is new, until `total` merges: every merge's parts
    and result are in the vocabulary, as a BPE loader requires."""
    merges = list(learned)
    have = {c for _, c in BYTE_PAIRS} | {a + b for a, b in merges}
    order = ["Ġ"] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    order += [c for _, c in BYTE_PAIRS if c not in order]
    for a in order:
        for b in order:
            if len(merges) == total:
                return merges
            if a + b not in have:
                merges.append((a, b))
                have.add(a + b)
    raise AssertionError("not enough pairs")


def build_gpt2_small(out_dir):
    start = time.perf_counter()
    torch.set_num_threads(2)
    os.makedirs(out_dir, exist_ok=True)
    merges = synthetic_merges(train_merges(BPE_CORPUS, BPE_MERGES), 50000)
    vocab = gpt2_vocab(merges)
    assert len(vocab) == 50257
    cfg = gpt2_config(len(vocab), 768, 12, 12, 1024, "float32")
    write_json(os.path.join(out_dir, "config.json"), cfg)
    write_gpt2_tokenizer(out_dir, vocab, merges)
    weights = draw_gpt2(cfg, SEED_GPT2_SMALL)
    # the hub's gpt2 layout: GPT2Model names, attn.bias buffers F32 [1,1,1024,1024]
    tensors = gpt2_file_tensors(weights, cfg, "F32", "", False)
    path = os.path.join(out_dir, "model.safetensors")
    safetensors_io.write(path, tensors, MODEL_METADATA)
    params = sum(t.numel() for t in weights.values())
    print(
        f"wrote {out_dir}: {params} parameters, model.safetensors {os.path.getsize(path)} bytes,"
        f" vocab {len(vocab)}, in {time.perf_counter() - start:.1f} s"
    )
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT_DIR, help="where the fixtures go (default tests/data/hf)")
    parser.add_argument("--gpt2-small", metavar="OUT_DIR", help="write only the GPT-2-small-shaped benchmark checkpoint there")
    args = parser.parse_args()
    if args.gpt2_small:
        return build_gpt2_small(args.gpt2_small)
    return build_fixtures(args.out)


if __name__ == "__main__":
    sys.exit(main())
