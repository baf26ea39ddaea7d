"""Form widgets for public filter forms that stay fast with long option lists."""

from django import forms
from django.utils.html import format_html, format_html_join


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
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in selected else "", label)
                for key, label in self.choices
            ),
        )
        attributes = format_html_join(
            "", ' {}="{}"', ((k, v) for k, v in final_attrs.items() if v not in (None, False))
        )
        return format_html("<select{}>{}</select>", attributes, options)
