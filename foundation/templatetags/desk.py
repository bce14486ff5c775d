"""Template filters of the desk."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def web_url(value: object) -> str:
    """The address if it is an http(s) one, else "": for addresses that come from other sites
    (lookup results, archive copies, reference pages), which only our own forms validate.
    A `javascript:` or `data:` address is then shown as text, never as a link."""
    address = str(value or "").strip()
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    return address if scheme in {"http", "https"} and "//" in address[:8] else ""
