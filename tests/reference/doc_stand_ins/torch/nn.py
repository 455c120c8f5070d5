"""torch.nn of the stand-in (see torch/__init__.py)."""
from collections import OrderedDict
import math

import numpy as np

_rng = np.random.default_rng(0)


class MultiheadAttention:
    def __init__(self, embed_dim, num_heads, bias=True, batch_first=False):
        if embed_dim % num_heads:
            raise AssertionError("embed_dim must be divisible by num_heads")
        e = embed_dim
        a = math.sqrt(6.0 / (e + 3 * e))  # xavier_uniform_ on [3E, E]
        self._params = OrderedDict()
        self._params["in_proj_weight"] = _rng.uniform(-a, a, (3 * e, e)).astype(np.float32)
        if bias:
            self._params["in_proj_bias"] = np.zeros(3 * e, dtype=np.float32)
        k = 1 / math.sqrt(e)
        self._params["out_proj.weight"] = _rng.uniform(-k, k, (e, e)).astype(np.float32)
        if bias:
            self._params["out_proj.bias"] = np.zeros(e, dtype=np.float32)

    def state_dict(self):
        from . import _state_dict
        return _state_dict(self)
