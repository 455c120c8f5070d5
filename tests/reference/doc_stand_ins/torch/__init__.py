"""A stand-in for the little of torch that the docs' Python uses, for
tests/reference/doc_examples.py (the test set-up does not install torch:
Debian's python3-torch is 165 packages). Only NumPy behind it.

- torch.nn.MultiheadAttention(embed_dim, num_heads, bias=True): its
  state_dict() has PyTorch's names, order and shapes (in_proj_weight
  [3E, E], in_proj_bias [3E], out_proj.weight [E, E], out_proj.bias [E]),
  drawn as PyTorch initialises them (xavier_uniform_ for in_proj_weight,
  nn.Linear's U(-1/sqrt(E), 1/sqrt(E)) for out_proj.weight, zero biases),
  from NumPy's generator rather than torch's.
- a Tensor with .numpy(), .contiguous(), .shape and .dtype (float32).
"""
from collections import OrderedDict

import numpy as np

from . import nn  # noqa: F401

float32 = np.float32


class Tensor:
    def __init__(self, array):
        self._a = np.ascontiguousarray(array, dtype=np.float32)

    @property
    def shape(self):
        return self._a.shape

    @property
    def dtype(self):
        return float32

    def numpy(self):
        return self._a

    def contiguous(self):
        return self


def tensor(data):
    return Tensor(np.array(data, dtype=np.float32))


def _state_dict(module):
    return OrderedDict((k, Tensor(v)) for k, v in module._params.items())
