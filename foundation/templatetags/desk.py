"""Template filters and tags of the desk."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

register = template.Library()

# How long a part rendered once (`{% kept %}`) stays in the cache: its key names what it shows,
# so a change makes a new key; the hour, as the list's rows, bounds what the cache holds.
KEPT_SECONDS = 60 * 60


@register.filter
def web_url(value: object) -> str:
    """The address if it is an http(s) one, else "": for addresses that come from other sites
    (lookup results, archive copies, reference pages), which only our own forms validate.
    A `javascript:` or `data:` address is then shown as text, never as a link."""
    address = str(value or "").strip()
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    return address if scheme in {"http", "https"} and "//" in address[:8] else ""


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, key: template.base.FilterExpression):
        self.nodelist, self.name, self.key = nodelist, name, key

    def render(self, context: Any) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        cache_key = make_template_fragment_key(self.name, [key])
        html = cache.get(cache_key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(cache_key, html, KEPT_SECONDS)
        return str(html)


@register.tag
def kept(parser: Any, token: Any) -> KeptNode:
    """`{% kept name key %}…{% endkept %}`: the part rendered once and kept under `key`, a text
    naming what it shows (KEPT_SECONDS at most); rendered each time when `key` is empty (a form
    sent back with its errors, a part holding a CSRF token)."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% kept name key %} takes a name and a key.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1], parser.compile_filter(bits[2]))
