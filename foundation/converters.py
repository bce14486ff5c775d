"""URL converters. `id` is `int` bounded to what a database key can hold: a longer run of digits
is a 404 at the URL resolver rather than an overflow in the database driver."""

from __future__ import annotations


class IdConverter:
    regex = "[0-9]{1,18}"  # below 2**63, the largest bigint

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


def parse_id(value: object) -> int | None:
    """A database id written in ASCII digits, or None: '²' passes str.isdigit() but not int(),
    and a run of digits past 2**63 overflows the database driver."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text) or None
