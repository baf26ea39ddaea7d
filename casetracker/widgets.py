"""Form widgets for the public filter forms and the admin's menus: Django's widgets, with
a few changes in how they are drawn, in templates."""

import re

from django import forms


class OneLoopMixin:
    """For a widget of choices: its options written by one loop in one template of its own
    (``template_name``), not by a template per option. The markup and escaping are Django's
    (tests/test_widgets.py holds them equal)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        # Without named groups Django gives each option a group of its own, and the template
        # would run an inner loop per option: the options in one list, for one loop.
        groups = widget["optgroups"]
        if not any(group_name for group_name, _options, _index in groups):
            widget["options"] = [option for _name, options, _index in groups for option in options]
        return context


class Select(OneLoopMixin, forms.Select):
    """Django's <select>. Django includes a template per <option>, about 45 µs each: a court
    menu of a few hundred courts cost more than the query behind the page."""

    template_name = "casetracker/widgets/select.html"


class CheckboxSelectMultiple(OneLoopMixin, forms.CheckboxSelectMultiple):
    """Django's tick boxes. Django draws each through four nested templates: the case
    screen's boxes of the facts a quote supports (150 a citation) were a fifth of its
    page."""

    template_name = "casetracker/widgets/checkbox_select.html"


# A "valid floating-point number" of the HTML standard: the only values a browser keeps in
# an <input type="number">; it silently empties the box of anything else.
HTML_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class NumberInput(forms.NumberInput):
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


class CheckboxInput(forms.CheckboxInput):
    """A tick box whose value in an address may also say "off": Django's reads any value
    but "false" as ticked, so ``?without_case=0`` switched the filter on."""

    OFF = frozenset({"0", "false", "off", "no"})

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in self.OFF:
            return False
        return super().value_from_datadict(data, files, name)
