"""public_slug is Django's slugify(allow_unicode=True) without its overhead: the same output for
any text, so pages, URLconf and exports always agree on a fact-check's address."""

from __future__ import annotations

from django.utils.encoding import iri_to_uri
from django.utils.text import slugify
from hypothesis import example, given
from hypothesis import strategies as st

from reviews.exports.claimreview import public_path, public_slug

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)


@given(st.one_of(ASCII, st.text(max_size=80)))
@example("  Tajikistan runs --20-- smart-city projects!  ")
@example("_-a_ -b-_")
@example("a\x1cb\x1fc\td")
@example("Душанбе строит 20 мостов")
@example("ﬁve ＤＵＳＨＡＮＢＥ ½")  # NFKC folds these
@example("?!")
def test_public_slug_is_slugify(summary: str) -> None:
    assert public_slug(summary) == (slugify(summary, allow_unicode=True) or "claim")


@given(st.integers(min_value=1, max_value=10**9), st.text(max_size=80))
@example(5, "Душанбе строит 20 мостов")
@example(7, "深圳 项目 😀 ½")
def test_public_path_is_quoted_as_reverse_would(claim_id: int, summary: str) -> None:
    expected = iri_to_uri(
        f"/fact-checks/{claim_id}-{slugify(summary, allow_unicode=True) or 'claim'}/"
    )
    assert public_path(claim_id, summary) == expected
