"""The lexical leg: a claim's terms and a BM25 ranking over them, the same on every database.

Terms are casefolded words without filler words, cut to a short stem (English and Russian
endings stripped first, so "nations"/"nation" and "Китай"/"Китая" meet), numbers as written
once thousands separators are gone, and overlapping character pairs for Chinese and Japanese.
A claim stores its terms as 64-bit hashes with their counts (`pack_terms`), so a process can
load a million claims' terms as one byte string each, without tokenising anything again.

No substring matching anywhere: a one-letter word is a term like any other, weighted by how
rare it is, and a filler word is no term at all.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75
STEM_LENGTH = 6
MAX_TF = 255
_HASH_BITS = 56
_HASH_MASK = (1 << _HASH_BITS) - 1

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEGMENT = re.compile(f"[{_CJK}]+|\\d+(?:\\.\\d+)?|[^\\W\\d_{_CJK}]+")
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_CJK_ONLY = re.compile(f"[{_CJK}]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

_STOP_WORDS = (
    "the a an of in on to and or is are was were be been being by for with that this these "
    "those it its as at from will would has have had than there which who whom what when "
    "where how also into about over under up out so such can could should may might must "
    "do does did he she they we you i his her their our my your them us me said says say "
    "according told per cent percent "
    "и в во на с со по что это как из к ко до за о об от у же бы был была были быть будет "
    "будут или а но то так там его её ее их он она они мы вы я этот эта эти при для также "
    "уже ещё еще чем процентов процента процент сказал заявил заявила"
)
_STOP = frozenset(_STOP_WORDS.split())
_RU_ENDING_WORDS = (
    "иями ями ами ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ов ев ах ях ам ям "
    "ом ем ую юю ть ся сь а я о е ы и у ю й ь"
)
_RU_ENDINGS = sorted(_RU_ENDING_WORDS.split(), key=len, reverse=True)


def _stem(word: str) -> str:
    if word.isdigit() or _NUMBER.fullmatch(word):
        return word
    if _CYRILLIC.search(word):
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
    else:
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        for ending in ("ing", "ed"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
    return word[:STEM_LENGTH]


def terms(claim_text: str) -> list[str]:
    """The text's terms, in order, repeats kept (they count)."""
    normalized = unicodedata.normalize("NFKC", claim_text).casefold()
    normalized = _DECIMAL_COMMA.sub(".", _THOUSANDS.sub("", normalized))
    found: list[str] = []
    for segment in _SEGMENT.findall(normalized):
        if _CJK_ONLY.fullmatch(segment):
            if len(segment) == 1:
                found.append(segment)
            else:
                found.extend(segment[i : i + 2] for i in range(len(segment) - 1))
        elif segment not in _STOP:
            found.append(_stem(segment))
    return found


def term_hash(term: str) -> int:
    digest = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") & _HASH_MASK


def term_counts(claim_text: str) -> dict[int, int]:
    """Term hash -> count, counts capped at MAX_TF."""
    counts = Counter(term_hash(term) for term in terms(claim_text))
    return {h: min(n, MAX_TF) for h, n in counts.items()}


def pack_terms(counts: dict[int, int]) -> bytes:
    """Each term as one little-endian uint64: its count in the top 8 bits, its hash below."""
    packed = np.array(sorted((n << _HASH_BITS) | h for h, n in counts.items()), dtype="<u8")
    return packed.tobytes()


def unpack_terms(packed: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(hashes as uint64, counts as uint8) of a packed term list."""
    values = np.frombuffer(packed, dtype="<u8")
    return values & np.uint64(_HASH_MASK), (values >> np.uint64(_HASH_BITS)).astype(np.uint8)


def idf(df: np.ndarray | float, n_docs: int) -> np.ndarray | float:
    """BM25's idf, never negative (a term in most claims still weighs a little)."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


@dataclass
class Postings:
    """An immutable inverted index over slots 0..n-1: for each term hash (sorted), the slots
    holding it (ascending) and its count there, in flat arrays (CSR), about 5 bytes a
    posting."""

    vocab: np.ndarray  # uint64, sorted
    offsets: np.ndarray  # int64, len(vocab) + 1
    slots: np.ndarray  # uint32
    tf: np.ndarray  # uint8

    @classmethod
    def empty(cls) -> Postings:
        return cls(
            np.empty(0, np.uint64),
            np.zeros(1, np.int64),
            np.empty(0, np.uint32),
            np.empty(0, np.uint8),
        )

    @classmethod
    def build(cls, hashes: np.ndarray, slots: np.ndarray, tf: np.ndarray) -> Postings:
        """From one row per (term, slot): sorted by term, then slot."""
        if not len(hashes):
            return cls.empty()
        order = np.lexsort((slots, hashes))
        hashes, slots, tf = hashes[order], slots[order], tf[order]
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        offsets = np.append(starts, len(hashes)).astype(np.int64)
        return cls(hashes[starts].copy(), offsets, slots.astype(np.uint32), tf.astype(np.uint8))

    def lookup(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        position = int(np.searchsorted(self.vocab, np.uint64(term)))
        if position == len(self.vocab) or int(self.vocab[position]) != term:
            return self.slots[:0], self.tf[:0]
        start, end = int(self.offsets[position]), int(self.offsets[position + 1])
        return self.slots[start:end], self.tf[start:end]

    @property
    def nbytes(self) -> int:
        return self.vocab.nbytes + self.offsets.nbytes + self.slots.nbytes + self.tf.nbytes


def bm25_weights(
    tf: np.ndarray, doc_lengths: np.ndarray, average_length: float, term_idf: float
) -> np.ndarray:
    tf = tf.astype(np.float32)
    norm = K1 * (1 - B + B * doc_lengths.astype(np.float32) / max(average_length, 1.0))
    weights: np.ndarray = (term_idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
    return weights


def self_score(query: dict[int, int], dfs: dict[int, int], n_docs: int, avg: float) -> float:
    """What the query would score against a claim saying exactly the same: the scale on which
    a lexical score becomes 0..1."""
    length = sum(query.values())
    total = 0.0
    for term, count in query.items():
        weight = float(idf(max(dfs.get(term, 0), 1), max(n_docs, 1)))
        norm = K1 * (1 - B + B * length / max(avg, 1.0))
        total += weight * count * (K1 + 1) / (count + norm)
    return total


class SmallBm25:
    """BM25 over a list of documents' terms held in plain dicts: the benchmark's baseline and
    a reference for tests (the desk's own index is `claims.matching.index`)."""

    def __init__(self, documents: list[list[str]]) -> None:
        self.n = len(documents)
        self.lengths = [len(d) for d in documents]
        self.average = sum(self.lengths) / self.n if self.n else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for position, document in enumerate(documents):
            for term, count in Counter(document).items():
                self.postings.setdefault(term, []).append((position, count))

    def rank(self, query: list[str], *, limit: int = 5) -> list[tuple[int, float]]:
        """(position, score) pairs, best first."""
        scores: dict[int, float] = {}
        for term in set(query):
            found = self.postings.get(term, [])
            if not found:
                continue
            weight = math.log1p((self.n - len(found) + 0.5) / (len(found) + 0.5))
            for position, count in found:
                norm = K1 * (1 - B + B * self.lengths[position] / max(self.average, 1.0))
                scores[position] = scores.get(position, 0.0) + weight * count * (K1 + 1) / (
                    count + norm
                )
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
