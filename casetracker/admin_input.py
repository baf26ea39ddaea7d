"""Admin input that Django would pass to the database unchecked, answered with a page.

Django looks submitted values up without checking that the database can take them:
- when a form comes back with errors, the autocomplete widget fetches the labels of what
  was submitted: "abc" raised "Field 'id' expected a number";
- a multiple choice (a proceeding's protests) checks its ids with one ``IN`` query, which
  on SQLite raises OverflowError for an id beyond 64 bits;
- the autocomplete's search term goes to the database as typed, and PostgreSQL refuses a
  NUL character in it (the change list's search box already refuses one);
- so do the change list's filters (``?kind__exact=``), and the date hierarchy and SQLite
  raise OverflowError for a year or an id beyond their range.
All were server errors. Here the widgets leave out what could never be an id of the
target column (the form field still reports it as "Select a valid choice"), the multiple
choice refuses it before it queries, the search drops NUL characters, as the public search
does, and the change list treats a NUL or an overflow as a filter it cannot apply: Django
then shows the whole list with its notice.
"""

import re

from django import forms
from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.widgets import Select


def could_be_key(model, field_name: str | None, key) -> bool:
    """Whether ``key`` fits the column ``field_name`` of ``model`` (its primary key if None)."""
    opts = model._meta
    column = opts.get_field(field_name) if field_name else opts.pk
    try:
        # The column's validators carry the database's integer range.
        column.run_validators(column.to_python(key))
    except ValidationError:
        return False
    return True


class CheckedKeysMixin:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        field_name = getattr(remote, "field_name", None)
        keys = [key for key in value if could_be_key(remote.model, field_name, key)]
        return super().optgroups(name, keys, attr)


class CheckedAutocompleteSelect(CheckedKeysMixin, widgets.AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedKeysMixin, widgets.AutocompleteSelectMultiple):
    pass


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if isinstance(value, list | tuple):
            for key in value:
                if not could_be_key(self.queryset.model, self.to_field_name, key):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": key},
                    )
        return super().clean(value)


# "2,5": a comma before one or two decimals, as Russian and Kazakh write them. A comma
# before three digits ("100,000") may be thousands: refused, never guessed.
COMMA_DECIMALS = re.compile(r"\s*(-?[0-9]+),([0-9]{1,2})\s*")


class TypedDecimalField(forms.DecimalField):
    """A decimal number (a term, a fine) in a text box, read as a researcher types it.

    In Django's number box the browser keeps only what it reads as a number, and drops the
    rest without a word: "2,5" years, as the field's own help writes it, reached the server
    as 25. Here the box sends what was typed; a comma before one or two decimals is read as
    the decimal point, and anything else that is not a plain number is refused with how to
    write it.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _(
            "Enter a number in digits, with a point or a comma before the decimals and "
            "nothing between the thousands: 2.5, 2,5 or 100000."
        ),
    }

    def to_python(self, value):
        if isinstance(value, str) and (decimals := COMMA_DECIMALS.fullmatch(value)):
            value = f"{decimals[1]}.{decimals[2]}"
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


def _typed(db_field, kwargs: dict) -> dict:
    """The arguments of ``db_field.formfield()``: a decimal field's as TypedDecimalField."""
    if isinstance(db_field, models.DecimalField):
        return {"form_class": TypedDecimalField, **kwargs}
    return kwargs


def typed_formfield(db_field, **kwargs):
    """``db_field``'s form field, a decimal one as TypedDecimalField and a menu of choices
    drawn by ``casetracker.widgets.Select``, as the record admins draw theirs
    (publishing.admin.OneLoopSelectsMixin): a model form's ``formfield_callback`` (the case
    screen's forms)."""
    if db_field.choices:
        kwargs.setdefault("widget", Select)
    return db_field.formfield(**_typed(db_field, kwargs))


class CheckedInputMixin:
    """For a model admin or inline: the checks above, on its fields and its search, and its
    decimal numbers read as typed (TypedDecimalField)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **_typed(db_field, kwargs))

    def get_changelist_instance(self, request):
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters(gettext("A filter holds a NUL character."))
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
