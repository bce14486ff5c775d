"""The in-memory index every process keeps of the ClaimEmbedding table.

Two parts over the same slots (one slot per stored claim):
- the semantic part: 512-bit sign codes of the vectors (64 bytes a claim), searched by Hamming
  distance for a short list that is then scored exactly from the stored vectors;
- the lexical part: BM25 postings of the claims' terms (about 5 bytes a term of a claim), an
  immutable sorted block (`lexical.Postings`) plus a small dict of recent additions merged into
  it from time to time.

At a million claims that is about 64 MB of codes and 100–130 MB of postings, measured by
`benchmarks/matching.py`. The index is built on first use and kept current by a high-water
mark: at most every REFRESH_SECONDS a match asks the table for rows updated since the newest
one it has seen (less LAG_SECONDS, so a transaction that committed late is not skipped), and
reads the full rows only of those it does not hold in that version. Several web machines and
workers each keep their own copy the same way; nothing has to be told to them. A claim deleted
from the table stays in memory until the process restarts, but never comes out of a match: the
candidates are read back from the table to be scored.

Appearances of a claim (AppearanceEmbedding) get slots of their own, keyed by the negated
appearance id, whose `ids` entry is the appearance's claim: a text worded as an appearance
finds the claim. The lexical leg returns a claim once, through its best-scoring slot. Until the
first appearance arrives the keys are the ids themselves (one array, no extra memory).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from claims.matching import lexical, model
from claims.models import AppearanceEmbedding, ClaimEmbedding

REFRESH_SECONDS = 1.0
LAG_SECONDS = 30
MERGE_POSTINGS = 100_000  # recent postings kept in the dict before they join the sorted block
BULK_POSTINGS = 4_000_000  # while loading: postings gathered before a merge
_CHUNK = 16_384  # codes scanned at a time: fits the CPU cache, keeps temporaries small
_LOAD_BATCH = 5_000


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


@dataclass(frozen=True)
class Row:
    claim_id: int
    updated_at: datetime
    vector: bytes
    terms: bytes
    key: int | None = None  # the slot's key when it is not the claim's own: -appearance id

    @property
    def slot_key(self) -> int:
        return self.claim_id if self.key is None else self.key


def appearance_key(appearance_id: int) -> int:
    return -appearance_id


class MatchIndex:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.size = 0  # slots in use
        self.ids = np.empty(0, np.int64)  # the claim each slot stands for
        self.keys = self.ids  # what each slot is of: the claim id, or -appearance id
        self.aliases = 0  # slots whose key is not their claim id (appearances)
        self.stamps = np.empty(0, np.int64)
        self.alive = np.empty(0, bool)
        self.lengths = np.empty(0, np.uint16)
        # what each claim scores against itself: the scale of "how much of this claim the text
        # contains" (idf moves as the desk grows; the figure is refreshed at every merge)
        self.selfs = np.empty(0, np.float32)
        self.codes = np.empty((0, 8), np.uint64)
        self.main = lexical.Postings.empty()
        self.main_slots = 0  # slots [0, main_slots) are in `main`, later ones in `recent`
        self.recent: dict[int, tuple[list[int], list[int]]] = {}
        self.recent_postings = 0
        self.pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.pending_postings = 0
        # claim id -> slot: sorted arrays for the merged slots (a dict of a million ints would
        # cost more than the codes), a dict for the recent ones
        self.sorted_ids = np.empty(0, np.int64)
        self.sorted_slots = np.empty(0, np.int64)
        self.recent_slot_of: dict[int, int] = {}
        self.dead = 0
        self.total_length = 0
        self.high_water: datetime | None = None
        self.loaded = False
        self.checked_at = 0.0

    # --- building and keeping current -----------------------------------------------------

    def _reserve(self, extra: int) -> None:
        needed = self.size + extra
        if needed <= len(self.ids):
            return
        capacity = max(needed, int(len(self.ids) * 1.5), 1024)

        def grow(array: np.ndarray) -> np.ndarray:
            bigger = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
            bigger[: self.size] = array[: self.size]
            return bigger

        shared = self.keys is self.ids
        self.ids, self.stamps, self.alive = grow(self.ids), grow(self.stamps), grow(self.alive)
        self.keys = self.ids if shared else grow(self.keys)
        self.lengths, self.codes = grow(self.lengths), grow(self.codes)
        self.selfs = grow(self.selfs)

    def add(self, rows: list[Row], *, bulk: bool = False) -> None:
        """Add or replace claims (a replaced claim's old slot is marked dead). `bulk` (loading)
        keeps the new postings as arrays, merged into the sorted block a few times per
        million claims rather than held in the dict."""
        if not rows:
            return
        with self.lock:
            if self.keys is self.ids and any(r.key is not None for r in rows):
                self.keys = self.ids.copy()
            if bulk:
                ids = np.fromiter((r.slot_key for r in rows), np.int64, len(rows))
                new = self.stamps_of(ids) < 0
                if len(set(ids.tolist())) == len(rows):
                    fresh = [r for r, n in zip(rows, new.tolist(), strict=True) if n]
                    self._add_new(fresh)
                    rows = [r for r, n in zip(rows, new.tolist(), strict=True) if not n]
                if not rows:
                    return
            self._reserve(len(rows))
            vectors = model.many_from_bytes([r.vector for r in rows])
            codes = model.sign_codes(vectors)
            bulk_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
            for row, code in zip(rows, codes, strict=True):
                old = self.slot(row.slot_key)
                if old is not None and self.alive[old]:
                    self.alive[old] = False
                    self.dead += 1
                    self.total_length -= int(self.lengths[old])
                slot = self.size
                self.size += 1
                hashes, counts = lexical.unpack_terms(row.terms)
                self.ids[slot] = row.claim_id
                if self.keys is not self.ids:
                    self.keys[slot] = row.slot_key
                    self.aliases += row.key is not None
                self.stamps[slot] = _stamp(row.updated_at)
                self.alive[slot] = True
                length = min(int(counts.sum()), 65_535)
                self.lengths[slot] = length
                self.total_length += length
                self.codes[slot] = code
                self.recent_slot_of[row.slot_key] = slot
                if self.high_water is None or row.updated_at > self.high_water:
                    self.high_water = row.updated_at
                if bulk:
                    bulk_parts.append((hashes, np.full(len(hashes), slot, np.uint32), counts))
                    continue
                for term, count in zip(hashes.tolist(), counts.tolist(), strict=True):
                    slots, tfs = self.recent.setdefault(term, ([], []))
                    slots.append(slot)
                    tfs.append(count)
                self.recent_postings += len(hashes)
                self.selfs[slot] = self._self_score(hashes, counts, length)
            if bulk_parts:
                part = tuple(np.concatenate([p[i] for p in bulk_parts]) for i in range(3))
                self.pending.append(part)  # type: ignore[arg-type]
                self.pending_postings += len(part[0])
            if self.recent_postings >= MERGE_POSTINGS or self.pending_postings >= BULK_POSTINGS:
                self.merge()

    def _add_new(self, rows: list[Row]) -> None:
        """`add` for claims the index does not hold yet, all at once (loading a table)."""
        if not rows:
            return
        self._reserve(len(rows))
        start, stop = self.size, self.size + len(rows)
        self.codes[start:stop] = model.sign_codes(model.many_from_bytes([r.vector for r in rows]))
        self.ids[start:stop] = np.fromiter((r.claim_id for r in rows), np.int64, len(rows))
        if self.keys is not self.ids:
            self.keys[start:stop] = np.fromiter((r.slot_key for r in rows), np.int64, len(rows))
            self.aliases += sum(1 for r in rows if r.key is not None)
        self.stamps[start:stop] = [_stamp(r.updated_at) for r in rows]
        self.alive[start:stop] = True
        sizes = np.fromiter((len(r.terms) // 8 for r in rows), np.int64, len(rows))
        hashes, counts = lexical.unpack_terms(b"".join(r.terms for r in rows))
        slots = np.repeat(np.arange(start, stop, dtype=np.uint32), sizes)
        lengths = np.bincount(slots - start, weights=counts, minlength=len(rows))
        lengths = np.minimum(lengths, 65_535).astype(np.uint16)
        self.lengths[start:stop] = lengths
        self.total_length += int(lengths.sum())
        self.recent_slot_of.update(zip((r.slot_key for r in rows), range(start, stop), strict=True))
        self.size = stop
        newest = max(r.updated_at for r in rows)
        if self.high_water is None or newest > self.high_water:
            self.high_water = newest
        self.pending.append((hashes, slots, counts))
        self.pending_postings += len(hashes)
        if self.pending_postings >= BULK_POSTINGS:
            self.merge()

    def merge(self) -> None:
        """Move the recent postings into the sorted block: one pass of copies, no sort of the
        block itself (new postings go at the end of their term's list, where their slots
        belong)."""
        with self.lock:
            # a claim replaced several times: the stable sort keeps its slots in order, and
            # `slot` takes the last
            order = np.argsort(self.keys[: self.size], kind="stable")
            self.sorted_ids = self.keys[: self.size][order]
            self.sorted_slots = order.astype(np.int64)
            self.recent_slot_of = {}
            parts = list(self.pending)
            if self.recent:
                total = self.recent_postings
                terms = self.recent.items()
                parts.append(
                    (
                        np.fromiter((t for t, (s, _) in terms for _ in s), np.uint64, total),
                        np.fromiter((x for _, (s, _) in terms for x in s), np.uint32, total),
                        np.fromiter((x for _, (_, c) in terms for x in c), np.uint8, total),
                    )
                )
            self.recent, self.recent_postings = {}, 0
            self.pending, self.pending_postings = [], 0
            self.main_slots = self.size
            if not parts:
                return
            hashes = np.concatenate([p[0] for p in parts])
            slots = np.concatenate([p[1] for p in parts])
            tfs = np.concatenate([p[2] for p in parts])
            if not len(self.main.vocab):
                self.main = lexical.Postings.build(hashes, slots, tfs)
                return
            order = np.lexsort((slots, hashes))
            hashes, slots, tfs = hashes[order], slots[order], tfs[order]
            main = self.main
            position = np.searchsorted(main.vocab, hashes)
            inside = position < len(main.vocab)
            known = np.zeros(len(hashes), bool)
            known[inside] = main.vocab[position[inside]] == hashes[inside]
            insert_at = np.where(known, main.offsets[np.minimum(position + 1, len(main.vocab))], 0)
            insert_at[~known] = main.offsets[position[~known]]
            vocab = np.union1d(main.vocab, hashes[~known])
            counts = np.zeros(len(vocab), np.int64)
            counts[np.searchsorted(vocab, main.vocab)] += np.diff(main.offsets)
            np.add.at(counts, np.searchsorted(vocab, hashes), 1)
            offsets = np.zeros(len(vocab) + 1, np.int64)
            np.cumsum(counts, out=offsets[1:])
            self.main = lexical.Postings(
                vocab.astype(np.uint64),
                offsets,
                np.insert(main.slots, insert_at, slots),
                np.insert(main.tf, insert_at, tfs),
            )

    def _self_score(self, hashes: np.ndarray, counts: np.ndarray, length: int) -> float:
        live = max(self.live, 1)
        average = self.total_length / live
        total = 0.0
        for term, count in zip(hashes.tolist(), counts.tolist(), strict=True):
            df = len(self.main.lookup(term)[0]) + len(self.recent.get(term, ((), ()))[0])
            weight = float(lexical.idf(max(df, 1), live))
            norm = lexical.K1 * (1 - lexical.B + lexical.B * length / max(average, 1.0))
            total += weight * count * (lexical.K1 + 1) / (count + norm)
        return total

    def _refresh_selfs(self) -> None:
        """Every merged claim's self score from the sorted block, in one vectorised pass."""
        main = self.main
        if not len(main.slots):
            return
        live = max(self.live, 1)
        term_of = np.repeat(np.arange(len(main.vocab)), np.diff(main.offsets))
        weights = np.asarray(lexical.idf(np.diff(main.offsets).astype(np.float64), live))
        tf = main.tf.astype(np.float32)
        norm = lexical.K1 * (
            1
            - lexical.B
            + lexical.B * self.lengths[main.slots] / max(self.total_length / live, 1.0)
        )
        contribution = weights[term_of].astype(np.float32) * tf * (lexical.K1 + 1) / (tf + norm)
        totals = np.bincount(main.slots, weights=contribution, minlength=self.main_slots)
        self.selfs[: self.main_slots] = totals[: self.main_slots]

    def load(self, rows: Iterable[Row]) -> None:
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _LOAD_BATCH:
                self.add(batch, bulk=True)
                batch = []
        self.add(batch, bulk=True)
        self.merge()
        self._refresh_selfs()
        self.loaded = True

    def slot(self, claim_id: int) -> int | None:
        """The current slot of a key (a claim id, or `appearance_key`), if the index holds it."""
        recent = self.recent_slot_of.get(claim_id)
        if recent is not None:
            return recent
        position = int(np.searchsorted(self.sorted_ids, claim_id, side="right")) - 1
        if position >= 0 and int(self.sorted_ids[position]) == claim_id:
            return int(self.sorted_slots[position])
        return None

    def stamp_of(self, claim_id: int) -> int | None:
        slot = self.slot(claim_id)
        return None if slot is None else int(self.stamps[slot])

    def stamps_of(self, claim_ids: np.ndarray) -> np.ndarray:
        """`stamp_of` for many claims at once (-1 where the index holds none)."""
        found = np.full(len(claim_ids), -1, np.int64)
        if len(self.sorted_ids):
            position = np.searchsorted(self.sorted_ids, claim_ids, side="right") - 1
            inside = position >= 0
            hit = np.zeros(len(claim_ids), bool)
            hit[inside] = self.sorted_ids[position[inside]] == claim_ids[inside]
            found[hit] = self.stamps[self.sorted_slots[position[hit]]]
        for i, claim_id in enumerate(claim_ids.tolist()):
            slot = self.recent_slot_of.get(claim_id)
            if slot is not None:
                found[i] = self.stamps[slot]
        return found

    # --- searching --------------------------------------------------------------------------

    @property
    def live(self) -> int:
        return self.size - self.dead

    def semantic(self, code: np.ndarray, k: int) -> np.ndarray:
        """Slots of the k codes nearest to `code` by Hamming distance (ties broken by slot)."""
        n = self.size
        if not n:
            return np.empty(0, np.int64)
        distance = np.empty(n, np.uint16)
        scratch = np.empty((_CHUNK, 8), np.uint64)
        counts = np.empty((_CHUNK, 8), np.uint8)
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)
            width = stop - start
            np.bitwise_xor(self.codes[start:stop], code, out=scratch[:width])
            np.bitwise_count(scratch[:width], out=counts[:width])
            out = distance[start:stop]
            c = counts[:width]
            np.add(c[:, 0], c[:, 1], out=out, dtype=np.uint16)
            for column in range(2, 8):
                np.add(out, c[:, column], out=out)
        if self.dead:
            distance[~self.alive[:n]] = np.iinfo(np.uint16).max
        k = min(k, self.live)
        if k <= 0:
            return np.empty(0, np.int64)
        # The k-th smallest distance from a histogram (distances are 0..512): cheaper than a
        # partition of a million values.
        histogram = np.bincount(distance, minlength=513)[:513]
        cutoff = int(np.searchsorted(np.cumsum(histogram), k))
        chosen = np.flatnonzero(distance <= cutoff)
        order = np.lexsort((chosen, distance[chosen]))
        return chosen[order[:k]]

    def lexical(self, query: dict[int, int], k: int) -> tuple[np.ndarray, np.ndarray, float]:
        """Slots of the k best BM25 scores for the query's terms, their scores, and the score
        the query would get against itself (with `selfs`, what turns scores into 0..1)."""
        n = self.size
        live = max(self.live, 1)
        if not n or not query:
            return np.empty(0, np.int64), np.empty(0, np.float32), 0.0
        average = self.total_length / live
        scores = np.zeros(n, np.float32)
        dfs: dict[int, int] = {}
        for term in query:
            main_slots, main_tf = self.main.lookup(term)
            recent_slots, recent_tf = self.recent.get(term, ((), ()))
            df = len(main_slots) + len(recent_slots)
            dfs[term] = df
            if not df:
                continue
            weight = float(lexical.idf(df, live))
            if len(main_slots):
                scores[main_slots] += lexical.bm25_weights(
                    main_tf, self.lengths[main_slots], average, weight
                )
            if recent_slots:
                extra = np.asarray(recent_slots, np.int64)
                scores[extra] += lexical.bm25_weights(
                    np.asarray(recent_tf, np.uint8), self.lengths[extra], average, weight
                )
        if self.dead:
            scores[~self.alive[:n]] = 0
        candidates = np.flatnonzero(scores > 0)
        # with appearances a claim may hold several slots: take more, keep each claim's best
        wanted = k if not self.aliases else 2 * k
        if len(candidates) > wanted:
            top = np.argpartition(-scores[candidates], wanted - 1)[:wanted]
            candidates = candidates[top]
        order = np.lexsort((candidates, -scores[candidates]))
        chosen = candidates[order]
        if self.aliases:
            _owners, first = np.unique(self.ids[chosen], return_index=True)
            chosen = chosen[np.sort(first)[:k]]
        return chosen, scores[chosen], lexical.self_score(query, dfs, live, average)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (the recent dict is small and left out)."""
        per_slot = self.ids.nbytes + self.stamps.nbytes + self.alive.nbytes + self.lengths.nbytes
        per_slot += self.selfs.nbytes + (0 if self.keys is self.ids else self.keys.nbytes)
        lookup = self.sorted_ids.nbytes + self.sorted_slots.nbytes
        return per_slot + self.codes.nbytes + self.main.nbytes + lookup


# --- the process's index ----------------------------------------------------------------------

_index = MatchIndex()
_build_lock = threading.Lock()


def _rows(queryset: Any) -> Iterable[Row]:
    for claim_id, updated_at, vector, terms in queryset.values_list(
        "claim_id", "updated_at", "vector", "terms"
    ).iterator(chunk_size=_LOAD_BATCH):
        yield Row(claim_id, updated_at, bytes(vector), bytes(terms))


def _appearance_rows(queryset: Any) -> Iterable[Row]:
    for appearance_id, claim_id, updated_at, vector, terms in queryset.values_list(
        "appearance_id", "claim_id", "updated_at", "vector", "terms"
    ).iterator(chunk_size=_LOAD_BATCH):
        yield Row(claim_id, updated_at, bytes(vector), bytes(terms), appearance_key(appearance_id))


def current(*, force: bool = False) -> MatchIndex:
    """The process's index, built on first use and refreshed at most every REFRESH_SECONDS."""
    global _index
    index = _index
    if not index.loaded:
        with _build_lock:
            if not _index.loaded:
                fresh = MatchIndex()
                table = ClaimEmbedding.objects.filter(model=model.NAME).order_by()
                appearances = AppearanceEmbedding.objects.filter(model=model.NAME).order_by()
                fresh._reserve(table.count() + appearances.count())
                fresh.load(itertools.chain(_rows(table), _appearance_rows(appearances)))
                fresh.checked_at = time.monotonic()
                _index = fresh
            return _index
    if force or time.monotonic() - index.checked_at >= REFRESH_SECONDS:
        refresh(index)
    return index


def refresh(index: MatchIndex) -> int:
    """Read what changed in the table since the index's high-water mark; returns rows added."""
    with index.lock:
        index.checked_at = time.monotonic()
        since = None
        if index.high_water is not None:
            since = index.high_water - timedelta(seconds=LAG_SECONDS)
        rows = _changed(index, ClaimEmbedding, "claim_id", since, _rows)
        rows += _changed(index, AppearanceEmbedding, "appearance_id", since, _appearance_rows)
        index.add(rows)
        return len(rows)


def _changed(
    index: MatchIndex, table: Any, key: str, since: datetime | None, read: Any
) -> list[Row]:
    """The rows of one embedding table that the index lacks in their current version."""
    recent = table.objects.filter(model=model.NAME).order_by()
    if since is not None:
        recent = recent.filter(updated_at__gte=since)
    seen = list(recent.values_list(key, "updated_at"))
    if not seen:
        return []
    ids = np.fromiter((c for c, _ in seen), np.int64, len(seen))
    keys = ids if key == "claim_id" else -ids
    stamps = np.fromiter((_stamp(u) for _, u in seen), np.int64, len(seen))
    changed = ids[index.stamps_of(keys) != stamps].tolist()
    rows: list[Row] = []
    for start in range(0, len(changed), _LOAD_BATCH):
        part = changed[start : start + _LOAD_BATCH]
        rows.extend(read(table.objects.filter(**{f"{key}__in": part}).order_by()))
    return rows


def reset() -> None:
    """Forget the process's index (tests, and after a bulk rewrite of the table)."""
    global _index
    with _build_lock:
        _index = MatchIndex()
