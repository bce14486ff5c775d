"""The desk's events: handlers run in the emitter's transaction, once per subscription."""

from __future__ import annotations

import pytest

from foundation import events


@pytest.fixture
def heard(monkeypatch):
    got: list[events.Event] = []
    monkeypatch.setattr(events, "HANDLERS", {kind: [] for kind in events.KINDS})
    events.subscribe(got.append, events.CLAIM_PUBLISHED)
    return got


def test_a_handler_hears_its_kinds_once(heard):
    events.subscribe(heard.append, events.CLAIM_PUBLISHED)  # the same handler again: no change
    events.emit(events.CLAIM_PUBLISHED, key="k1", payload={"id": 1}, claim_id=1, verdict_id=9)
    events.emit(events.VERDICT_CORRECTED, key="k2", payload={})
    assert [(e.kind, e.key, e.claim_id, e.extra) for e in heard] == [
        ("claim.published", "k1", 1, {"verdict_id": 9})
    ]


def test_an_unknown_kind_is_refused(heard):
    with pytest.raises(ValueError, match="unknown event kind"):
        events.emit("claim.exploded", key="k", payload={})
    with pytest.raises(ValueError, match="unknown event kind"):
        events.subscribe(heard.append, "claim.exploded")
