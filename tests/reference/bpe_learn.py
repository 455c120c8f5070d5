"""BPE merges learned greedily, shared by make_hf_cases.py (GPT-2's files)
and make_hf_tokenizer_cases.py (tokenizer.json fixtures); no dependency
beyond the standard library."""


def merge_pair(symbols, a, b):
    """Every non-overlapping occurrence of the adjacent pair (a, b), left to right, merged."""
    out = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
            out.append(a + b)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def learn_merges(words, count):
    """`words`: {tuple of symbols: frequency}. Repeatedly merge the most
    frequent adjacent pair (ties: the smallest pair as strings), `count`
    times or until no pair occurs twice. Returns the merges in order."""
    merges = []
    while len(merges) < count:
        pairs = {}
        for word, n in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < 2:
            break
        merges.append(best)
        merged = {}
        for w, n in words.items():
            key = tuple(merge_pair(list(w), *best))
            merged[key] = merged.get(key, 0) + n
        words = merged
    return merges
