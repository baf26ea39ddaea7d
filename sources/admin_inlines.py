"""The citations inline that every fact's admin page carries.

Kept apart from sources.admin so that the people and events admins can import it without
importing each other's admin modules.
"""

from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from casetracker.admin_input import CheckedInputMixin
from casetracker.admin_pickers import PickerFieldsMixin
from casetracker.expressions import count_of
from publishing.admin import (
    EntryOrderMixin,
    OneLoopSelectsMixin,
    PublicationStatusMixin,
    RecordInlineForm,
)

from .models import Citation, is_citable


def count_of_citations(model):
    """The number of citations of each row of ``model`` (every status), for a column of an
    admin list (casetracker.expressions.count_of)."""
    content_type = ContentType.objects.get_for_model(model)
    return count_of(Citation.objects.filter(content_type=content_type), "object_id")


class CitationFormSet(BaseGenericInlineFormSet):
    """Give new citations their record type before validation, not only when saving.

    Citation.clean() checks that ``field`` names a field of the cited record; without the
    content type a misspelt field would pass on the add page and be refused only later.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.content_type_id is None and self.instance is not None:
            form.instance.content_type = ContentType.objects.get_for_model(self.instance)
        return form


class CitationInline(
    EntryOrderMixin,
    PickerFieldsMixin,
    CheckedInputMixin,
    PublicationStatusMixin,
    OneLoopSelectsMixin,
    GenericTabularInline,
):
    model = Citation
    form = RecordInlineForm
    formset = CitationFormSet
    fields = [
        "source",
        "field",
        "quote",
        "translation",
        "reported_value",
        "locator",
        "confidence",
        "publication_status",
    ]
    autocomplete_fields = ["source"]
    extra = 1
    show_change_link = True
    verbose_name_plural = _("citations (the sources behind this record)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "field":
            citable = [
                field.name
                for field in self.parent_model._meta.concrete_fields
                if is_citable(self.parent_model, field.name)
            ]
            formfield.help_text = _(
                "Blank when the quote supports the whole record; otherwise one of: %(fields)s."
            ) % {"fields": ", ".join(citable)}
        return formfield
