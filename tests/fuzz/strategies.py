"""Hypothesis strategies for what people (and scripts) type into the desk's forms, and the
settings every fuzz test shares."""

from __future__ import annotations

import base64
import json
import os
from datetime import date
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded, reproducible runs for CI; FUZZ_RANDOM=1 explores new examples on every run.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
)
FEWER = settings(FUZZ, max_examples=30)

# Anything UTF-8 can carry (no lone surrogates: a browser cannot send those).
CHARS = st.characters(codec="utf-8")
CONTROLS = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co"], codec="utf-8")
NASTY = [
    "",
    " ",
    "\x00",
    "\r\n\r\n",
    "\u202e\u2066",
    "\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}{% now 'Y' %}",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "%00%0a",
    "../../etc/passwd",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ ＡＢＣ",
    "ب" * 20,
    "你好" * 10,
]

short_text = st.text(CHARS, max_size=120)
control_text = st.text(CONTROLS, max_size=40)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.text(CHARS, min_size=1, max_size=6),
    st.integers(min_value=300, max_value=4000),
)
any_text = st.one_of(short_text, control_text, long_text, st.sampled_from(NASTY))

ODD_NUMBERS = [
    "",
    "0",
    "-1",
    "1.5",
    "1e3",
    "NaN",
    "inf",
    "-0",
    " 7 ",
    "1_000",
    "0x1f",
    "²",
    "١٢",
    "０",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
]
odd_number = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(ODD_NUMBERS),
    short_text,
)

ODD_DATES = [
    "",
    "0000-00-00",
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2024-02-30",
    "2024-13-01",
    "9999-12-31",
    "10000-01-01",
    "２０２４-０１-０１",
    "2024-1-1",
    " 2024-01-01 ",
    "01/02/2024",
    "2024-01-01T25:00",
    "yesterday",
]
odd_date = st.one_of(
    st.dates().map(date.isoformat),
    st.dates(min_value=date(1900, 1, 1), max_value=date.today()).map(date.isoformat),
    st.sampled_from(ODD_DATES),
    short_text,
)


def maybe(valid: Any, odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Often the value a real form sends, otherwise something odd."""
    return (
        st.one_of(st.just(valid), odd)
        if not isinstance(valid, st.SearchStrategy)
        else (st.one_of(valid, odd))
    )


def form(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Form data where any field may be missing."""
    return st.fixed_dictionaries({}, optional=fields)


# --- Cursors ----------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(CHARS, max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
EXTREME_MOMENTS = [
    "0001-01-01T00:00:00+05:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59-05:00",
    "9999-12-31T23:59:59.999999+00:00",
    "2024-01-01T00:00:00+23:59",
    "2024-01-01T00:00:00",
    "2024-01-01",
]
moments = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(EXTREME_MOMENTS),
)
cursor_like = st.one_of(
    st.tuples(moments, st.one_of(st.integers(), st.integers(min_value=2**62, max_value=2**80))).map(
        lambda pair: _b64(json.dumps(list(pair)).encode())
    ),
    json_values.map(lambda value: _b64(json.dumps(value).encode())),
    st.binary(max_size=60).map(_b64),
    short_text,
)
