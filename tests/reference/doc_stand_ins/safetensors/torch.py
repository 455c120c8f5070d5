"""safetensors.torch.save_file of the stand-in torch (see ../torch/__init__.py),
written by tests/reference/safetensors_io.py as F32."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import safetensors_io  # noqa: E402


def save_file(tensors, filename, metadata=None):
    if os.path.islink(filename):
        os.remove(filename)  # never write through a link into the repository
    safetensors_io.write(filename, {k: (v.numpy(), "F32") for k, v in tensors.items()}, metadata or {})
