"""What the Activations chart component receives: one ``bytes`` object, a JSON header and blocks.

Layout (little-endian): ``uint32`` length L of the header, L bytes of UTF-8 JSON, zero padding to a
multiple of 8, then the data: each block's x as float64 (N), f as float32 (K × N) and f' as float32
(K × N), each part padded to a multiple of 8. The header lists each block's ``meta`` with its
``offset`` in the data, ``k`` and ``n``, so the browser takes zero-copy typed-array views.

f' is rounded to float32 keeping its zeros exact: a value that is not 0 but below float32's
smallest subnormal becomes that subnormal with its sign, so "f' = 0" (the dead bands) means the
same in the browser as in torch's float64. f is plain float32 (< 1e-7 relative, far below a pixel).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence

import numpy as np

from activations.explorer.family import Block

TINY = np.float32(np.finfo(np.float32).smallest_subnormal)


def gradient_float32(df: np.ndarray) -> np.ndarray:
    """``df`` as float32, with every non-zero value kept non-zero (and of the same sign)."""
    rounded = df.astype(np.float32)
    lost = (rounded == 0) & (df != 0)
    rounded[lost] = np.copysign(TINY, df[lost])
    return rounded


def _pad(size: int) -> int:
    return -size % 8


def pack(header: dict, blocks: Sequence[Block]) -> bytes:
    """``header`` (with the blocks listed under ``"blocks"``) and the blocks, as one payload."""
    parts: list[bytes] = []
    metas = []
    offset = 0  # from the start of the data, which follows the header at a multiple of 8
    for block in blocks:
        k, n = block.f.shape
        metas.append({**block.meta, "id": block.id, "offset": offset, "k": k, "n": n})
        for array in (block.x.astype(np.float64), block.f.astype(np.float32), gradient_float32(block.df)):
            data = np.ascontiguousarray(array).tobytes()
            parts.append(data + bytes(_pad(len(data))))
            offset += len(parts[-1])
    text = json.dumps({**header, "blocks": metas}).encode()
    return struct.pack("<I", len(text)) + text + bytes(_pad(4 + len(text))) + b"".join(parts)


def unpack(payload: bytes) -> tuple[dict, list[tuple[dict, np.ndarray, np.ndarray, np.ndarray]]]:
    """The header and each block's (meta, x, f, f') back from :func:`pack`'s bytes."""
    (length,) = struct.unpack_from("<I", payload)
    header = json.loads(payload[4 : 4 + length])
    start = 4 + length + _pad(4 + length)
    blocks = []
    for meta in header["blocks"]:
        k, n, offset = meta["k"], meta["n"], start + meta["offset"]
        x = np.frombuffer(payload, np.float64, n, offset)
        offset += 8 * n
        f = np.frombuffer(payload, np.float32, k * n, offset).reshape(k, n)
        offset += 4 * k * n + _pad(4 * k * n)
        df = np.frombuffer(payload, np.float32, k * n, offset).reshape(k, n)
        blocks.append((meta, x, f, df))
    return header, blocks
