"""Claim matching across wording and language: "don't make me check it twice".

- `model`: the multilingual sentence embedding model, loaded once per process;
- `lexical`: a claim's terms and BM25, the same on SQLite and PostgreSQL;
- `guard`: numbers, negations, superlatives, places and speakers that differ;
- `index`: the in-memory index each process keeps of the stored embeddings;
- `search.match()`: both legs fused, guarded, as typed suggestions (`match_many()` for a
  batch: one model call and one query for all its texts);
- `services` and `tasks`: the worker step that embeds a claim, and the sweep.

Import `match` and `Suggestion` from here: `from claims.matching import match`.
"""

from claims.matching.guard import Difference
from claims.matching.search import Query, Suggestion, match, match_many

__all__ = ["Difference", "Query", "Suggestion", "match", "match_many"]
