#!/usr/bin/env python3
"""Independent reimplementation of mha-explain's PRNG (src/mha/core/rng.cpp), to
produce the golden values in tests/test_rng.cpp. Uses Python's own math.log,
so agreement with the C++ (which uses its own deterministic_log) to ~1e-15 is
a real check of both the generator and the sampler.

    python3 tests/reference/prng_reference.py
"""
import math

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK
        self.spare = None

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, lo=0.0, hi=1.0):
        u = (self.next() >> 11) * 2.0**-53
        return lo + (hi - lo) * u

    def normal(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        while True:
            u = self.uniform(-1.0, 1.0)
            v = self.uniform(-1.0, 1.0)
            s = u * u + v * v
            if 0.0 < s < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(s) / s)
        self.spare = v * f
        return u * f


def fnv1a64(data: bytes):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def stream_for(seed, name):
    return SplitMix64(SplitMix64(seed).next() ^ fnv1a64(name.encode()))


if __name__ == "__main__":
    g = SplitMix64(0)
    print("splitmix64 seed 0:", ", ".join(hex(g.next()) for _ in range(3)))
    g = SplitMix64(42)
    print("normal seed 42:", ", ".join(repr(g.normal()) for _ in range(6)))
    print("fnv1a64('我'):", hex(fnv1a64("我".encode())))
    g = stream_for(42, "embed:我")
    print("embed:我 seed 42 (float32):", ", ".join(repr(g.normal()) for _ in range(4)))
