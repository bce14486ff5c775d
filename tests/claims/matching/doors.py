"""A small desk for the door tests: a published fact-check, open claims, a dismissed one, all
embedded with the real model."""

from __future__ import annotations

from typing import Any

from claims.matching import services
from claims.models import Claim
from tests.factories import ClaimantFactory, ClaimFactory
from tests.reviews import workflow as wf

FARES = "The city cut bus fares by 20 percent last year."
FARES_200 = "The city cut bus fares by 200 percent last year."
NET_ZERO = "China will reach net zero emissions before any other major economy."
BAIKAL = "Байкал — самое глубокое озеро на планете."
DISMISSED = "Wind turbines kill more birds than cats do."
ESCAPED = 'Officials said <script>alert("x")</script> & the budget rose by 7 percent.'

# Bad input every door that takes text must survive: no suggestions or sensible ones.
BAD_TEXTS = [
    "",
    "fares",
    "🙂🔥🙂",
    "თბილისში ახალი მეტროს ხაზი გაიხსნა",
    (FARES + " ") * 40,  # over 2,000 characters: cut, not refused
    ("The city cut bus fares by 20 percent last year, officials said. " * 31)[:2000],
]


def desk(reviewer: Any, editor: Any) -> dict[str, Claim]:
    speaker = ClaimantFactory(name="Hal Brenner")
    published = wf.published(reviewer, editor, text=FARES, language="en", claimant=speaker)
    claims = {
        "fares": published.claim,
        "fares_200": ClaimFactory(text=FARES_200, language="en", claimant=speaker),
        "net_zero": ClaimFactory(text=NET_ZERO, language="en"),
        "baikal": ClaimFactory(text=BAIKAL, language="ru"),
        "dismissed": ClaimFactory(text=DISMISSED, language="en", status=Claim.Status.DISMISSED),
        "escaped": ClaimFactory(text=ESCAPED, language="en"),
    }
    services.claims_embed(claim_ids=[c.pk for c in claims.values()])
    return claims
