"""One-loop widgets (the filter form's, the admin's menus): Django's markup, escaped alike."""

import pytest
from django import forms

from casetracker.widgets import NumberInput, Select

AWKWARD = '"><script>alert(1)</script>&amp;'


@pytest.mark.parametrize(
    ("value", "attrs"),
    [(10, {"min": 0, "step": "0.01"}), ("-1.5e3", {"aria-invalid": "true"}), (None, {})],
)
def test_a_number_box_writes_djangos_markup(value, attrs):
    assert NumberInput(attrs).render("field", value) == forms.NumberInput(attrs).render(
        "field", value
    )


@pytest.mark.parametrize("typed", ["abc", "1,000", "+5", " 15", AWKWARD])
def test_a_number_the_browser_would_empty_is_kept_in_a_text_box(typed):
    # A browser empties an <input type="number"> whose value is not a number: the reader
    # would see an error beside an empty box. In a text box what they typed stays.
    attrs = {"min": 0, "max": 10, "step": "0.01", "aria-invalid": "true"}
    rendered = NumberInput(attrs).render("days_min", typed)
    expected = forms.TextInput({"aria-invalid": "true", "inputmode": "decimal"}).render(
        "days_min", typed
    )
    assert rendered == expected


@pytest.mark.parametrize("selected", [2, "", [1, 2], None])
def test_select_writes_the_same_options_as_djangos_templates(selected):
    choices = [
        ("", "Any court"),
        (1, "Almaty <Court>"),
        (2, AWKWARD),
        ("Kazakhstan", [(3, "Astana & region"), (4, "Shymkent")]),
    ]
    attrs = {"id": "id_court", "aria-describedby": AWKWARD}
    ours = Select(choices=choices).render("court", selected, attrs)
    djangos = forms.Select(choices=choices).render("court", selected, attrs)

    assert ours == "".join(line.strip() for line in djangos.splitlines())
    assert "<script>" not in ours


def test_every_admin_choice_menu_is_written_in_one_loop(rf, admin_user):
    """The record admins and their inlines draw each choice field with ``Select`` (a case's
    page holds a few thousand options); a field shown as radio buttons keeps them."""
    from django.contrib import admin
    from django.db import models

    from publishing.admin import RecordAdmin

    request = rf.get("/admin/")
    request.user = admin_user
    checked = 0
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, RecordAdmin):
            continue
        for owner in [model_admin, *model_admin.get_inline_instances(request)]:
            for field in owner.model._meta.get_fields():
                if not isinstance(field, models.Field) or not field.choices:
                    continue
                formfield = owner.formfield_for_dbfield(field, request)
                if formfield is None or field.name in owner.radio_fields:
                    continue
                assert isinstance(formfield.widget, Select), (owner, field.name)
                checked += 1
    assert checked > 20, checked
