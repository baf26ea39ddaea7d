"""Form widgets for public filter forms, written in Python so that they stay fast."""

import html
import re

from django import forms
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> rendered in Python rather than one template per option.

    Django renders every <option> through the template engine, about half a millisecond
    each: a court menu of a few hundred courts would cost more than the query behind the
    page. The markup is the same, escaped the same way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs or {})
        final_attrs["name"] = name
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        # Joined strings rather than format_html() per option: a few hundred options of
        # format_html took longer than the page's queries. Escaped the same way.
        options = "".join(
            f'<option value="{_escape(key)}"{" selected" if str(key) in selected else ""}>'
            f"{_escape(label)}</option>"
            for key, label in self.choices
        )
        attributes = "".join(
            f' {_escape(k)}="{_escape(v)}"'
            for k, v in final_attrs.items()
            if v not in (None, False)
        )
        return mark_safe(f"<select{attributes}>{options}</select>")


def _escape(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class FastInputMixin:
    """An <input> written in Python, with the markup of Django's input.html and attrs.html.

    Through the template engine each input of a filter form cost close to a millisecond,
    for a form shown on every page of the case list.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_attribute = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
        attributes = "".join(
            f" {_escape(key)}" if item is True else f' {_escape(key)}="{_escape(item)}"'
            for key, item in widget["attrs"].items()
            if item is not False
        )
        return mark_safe(
            f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
            f"{value_attribute}{attributes}>"
        )


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


# A "valid floating-point number" of the HTML standard: the only values a browser keeps in
# an <input type="number">; it silently empties the box of anything else.
HTML_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class FastNumberInput(FastInputMixin, forms.NumberInput):
    """A number box that keeps what the reader typed: a value the browser would empty
    (``abc``, ``1,000``) is shown in a text box, beside the field's error."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        typed = widget["value"]
        if typed not in (None, "") and not HTML_NUMBER.fullmatch(str(typed)):
            widget["type"] = "text"
            widget["attrs"] = {
                key: item
                for key, item in widget["attrs"].items()
                if key not in ("min", "max", "step")
            }
            widget["attrs"]["inputmode"] = "decimal"
        return context
