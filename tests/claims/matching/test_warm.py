"""A web process loads the matching model and builds its index as it starts, in a thread of
its own, so the first request that matches does not wait for them."""

from __future__ import annotations

import pytest

from claims.matching import index, match, services
from tests.factories import ClaimFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_warming_builds_the_index_from_the_table_before_any_match():
    claim = ClaimFactory(text="The port terminal runs on wind and solar power.")
    services.claims_embed(claim_ids=[claim.pk])
    index.reset()
    services.warm_in_background().join(timeout=60)
    built = index.current()
    assert built.loaded and built.slot(claim.pk) is not None
    assert [s.claim_id for s in match("Wind and solar power run the port terminal.")][:1] == [
        claim.pk
    ]
