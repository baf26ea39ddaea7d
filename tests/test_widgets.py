"""The filter form's widgets written in Python give Django's own markup, escaped the same."""

import pytest
from django import forms

from casetracker.widgets import FastNumberInput, FastSelect, FastTextInput

AWKWARD = '"><script>alert(1)</script>&amp;'


@pytest.mark.parametrize(
    ("fast", "django_widget", "value", "attrs"),
    [
        (FastTextInput, forms.TextInput, None, {"id": "id_name", "maxlength": 200}),
        (FastTextInput, forms.TextInput, AWKWARD, {"placeholder": "YYYY <or> YYYY-MM"}),
        (FastTextInput, forms.TextInput, "", {"required": True, "disabled": False}),
        (FastNumberInput, forms.NumberInput, 10, {"min": 0, "step": "0.01"}),
        (FastNumberInput, forms.NumberInput, "-1.5e3", {"aria-invalid": "true"}),
    ],
)
def test_fast_inputs_write_the_same_markup_as_djangos_templates(fast, django_widget, value, attrs):
    assert fast(attrs).render("field", value) == django_widget(attrs).render("field", value)


@pytest.mark.parametrize("typed", ["abc", "1,000", "+5", " 15", AWKWARD])
def test_a_number_the_browser_would_empty_is_kept_in_a_text_box(typed):
    # A browser empties an <input type="number"> whose value is not a number: the reader
    # would see an error beside an empty box. In a text box what they typed stays.
    attrs = {"min": 0, "max": 10, "step": "0.01", "aria-invalid": "true"}
    fast = FastNumberInput(attrs).render("days_min", typed)
    expected = forms.TextInput({"aria-invalid": "true", "inputmode": "decimal"}).render(
        "days_min", typed
    )
    assert fast == expected


def test_fast_select_writes_the_same_options_as_djangos_templates():
    choices = [("", "Any court"), (1, "Almaty <Court>"), (2, AWKWARD)]
    fast = FastSelect(choices=choices).render("court", 2, {"id": "id_court"})
    django_markup = forms.Select(choices=choices).render("court", 2, {"id": "id_court"})

    django_markup = "".join(line.strip() for line in django_markup.splitlines())
    opening, options = fast.split(">", 1)
    assert options == django_markup.split(">", 1)[1]  # the options, character for character
    assert sorted(opening.split()) == sorted(["<select", 'name="court"', 'id="id_court"'])
