import html
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.forms.widgets import Input, Select
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class DeskFormRenderer(TemplatesSetting):
    """Each field in one wrapper: label, control, help, errors (templates/partials/field.html)."""

    field_template_name = "partials/field.html"


class QuickSelect(Select):
    """A <select> rendered in Python. Django renders every <option> through its own template,
    which costs milliseconds on a page with a language list; flat choices need none of that."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = set(self.format_value(value))
        # Joined by hand: format_html per option costs more than the rest of the select.
        options = "".join(
            f'<option value="{_escaped(key)}"{" selected" if str(key) in selected else ""}>'
            f"{_escaped(label)}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308 - every part escaped above
        )


def _escaped(value: Any) -> str:
    """conditional_escape without its lazy-string machinery: safe strings stay as they are."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value), quote=True)


class QuickInput(Input):
    """An <input> rendered in Python, for forms on hot pages (the claims list's filters)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs.update(type=self.input_type, name=name)
        formatted = self.format_value(value)
        if formatted is not None:
            final_attrs["value"] = formatted
        return format_html("<input{}>", flatatt(final_attrs))


class QuickTextInput(QuickInput):
    input_type = "text"


class QuickSearchInput(QuickInput):
    input_type = "search"


class QuickDateInput(QuickInput):
    input_type = "date"
