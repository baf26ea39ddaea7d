"""One-loop widgets (the filter form's, the admin's and the case screen's menus and tick
boxes): Django's markup, escaped alike."""

import re

import pytest
from django import forms

from casetracker.widgets import CheckboxSelectMultiple, NumberInput, Select

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


def _spaced_alike(html: str) -> str:
    """``html`` with each run of white space one space, and none between two tags."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("ticked", [[2], [], ["", 1, 3], None, [AWKWARD]])
@pytest.mark.parametrize("grouped", [True, False])
def test_tick_boxes_write_the_same_markup_as_djangos_templates(ticked, grouped):
    choices = [("", "The whole record"), (1, "Date <of ruling>"), (2, AWKWARD)]
    if grouped:
        choices.append(("Sentence", [(3, "Term & unit"), (4, "Fine")]))
    attrs = {"id": "id_facts", "aria-describedby": AWKWARD, "class": "facts"}
    ours = CheckboxSelectMultiple(choices=choices).render("facts", ticked, attrs)
    djangos = forms.CheckboxSelectMultiple(choices=choices).render("facts", ticked, attrs)

    assert _spaced_alike(ours) == _spaced_alike(djangos)
    assert "<script>" not in ours


def test_every_menu_and_tick_box_list_of_the_case_screen_is_written_in_one_loop(admin_user):
    """The case screen's own forms draw their choice fields and the facts a quote supports
    with the one-loop widgets, as the record admins do; its pickers keep theirs."""
    from django.contrib import admin

    from events.case_screen import CaseScreen
    from events.models import Proceeding
    from people.models import Person

    screen = CaseScreen(
        person=Person(), proceeding=Proceeding(), user=admin_user, admin_site=admin.site
    )
    forms_on_screen = [screen.person_form, screen.proceeding_form]
    for formset in [*screen.rows.values(), screen.citations]:
        forms_on_screen += formset.forms
    menus = boxes = 0
    for form in forms_on_screen:
        for name, field in form.fields.items():
            widget = field.widget
            if type(widget) in (forms.Select, forms.SelectMultiple):
                raise AssertionError(f"{type(form).__name__}.{name} is drawn by Django's menu")
            if isinstance(widget, forms.CheckboxSelectMultiple):
                assert isinstance(widget, CheckboxSelectMultiple), (type(form).__name__, name)
                boxes += 1
            menus += isinstance(widget, Select)
    assert menus > 10 and boxes, (menus, boxes)
