"""Admin for the chain protest → proceeding → ruling → sentence.

A protest is entered with its slogans and participants; a proceeding with its charges,
pre-trial measures, rulings and sentences; every record with its citations. Child rows
also have their own pages, for their own citations (Django admin cannot nest inlines).
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.admin_pickers import date_words, joined
from casetracker.expressions import count_of
from people.admin import SearchKeyMixin
from publishing.admin import RecordAdmin, RecordInline, VersionedForm, versions_fieldset
from sources.admin_inlines import CitationInline, count_of_citations

from . import services
from .case_screen_admin import CaseScreenMixin
from .models import (
    Charge,
    CourtRole,
    Hearing,
    MeasureChange,
    Occasion,
    Participation,
    PretrialMeasure,
    Proceeding,
    Protest,
    Ruling,
    Sentence,
    Slogan,
)

EDITORIAL = (_("Editorial"), {"fields": ["publication_status", "internal_notes"]})

# The inlines' columns: custody credit and a range's top in tenge, rarer, are entered on the
# sentence's own page.
SENTENCE_FIELDS = [
    "kind",
    "status",
    "amount_as_reported",
    "term_quantity",
    "term_unit",
    "term_days",
    "probation_quantity",
    "probation_unit",
    "probation_not_reported",
    "fine_amount",
    "fine_amount_max",
    "fine_currency",
    "fine_kzt",
    "fine_usd_as_reported",
    "fine_group_total",
    "unnamed_count",
    "publication_status",
]

# Searching a proceeding (and what hangs from it) by any recorded spelling of the defendant.
DEFENDANT_SEARCH = ["person__preferred_name", "person__names__name"]
DEFENDANT_KEY = "person__names__search_key"


def prefixed(prefix: str, paths: list[str]) -> list[str]:
    return [f"{prefix}__{path}" for path in paths]


# What tells records apart in a picker (casetracker.admin_pickers); each reads only what
# its admin's picker_related loads.


def court_label(proceeding) -> str:
    return str(proceeding.court or proceeding.court_as_reported or gettext("court not reported"))


def case_number_label(proceeding) -> str:
    if not proceeding.case_number:
        return ""
    return gettext("case no. %(number)s") % {"number": proceeding.case_number}


def ruling_label(ruling, *, defendant: bool = True) -> str:
    proceeding = ruling.proceeding
    return joined(
        date_words(ruling.date, gettext("date not reported")),
        ruling.get_outcome_display(),
        ruling.get_court_instance_display(),
        # An appeal court's own; blank means the proceeding's.
        ruling.court or ruling.court_as_reported or court_label(proceeding),
        case_number_label(proceeding),
        (proceeding.person or proceeding.unnamed_number) if defendant else "",
    )


class SloganInline(RecordInline):
    model = Slogan
    fields = ["kind", "text", "translation", "publication_status"]
    extra = 1
    show_change_link = True


class ParticipationInline(RecordInline):
    model = Participation
    fields = ["person", "role", "publication_status"]
    autocomplete_fields = ["person"]
    extra = 1
    show_change_link = True


class ChargeInline(RecordInline):
    model = Charge
    fields = ["code", "article", "as_reported", "publication_status"]
    extra = 1
    show_change_link = True


class PretrialMeasureInline(RecordInline):
    model = PretrialMeasure
    fields = [
        "kind",
        "start",
        "end",
        "as_reported",
        "circumstance",
        "place_as_reported",
        "place",
        "unnamed_count",
        "publication_status",
    ]
    autocomplete_fields = ["place"]
    extra = 0
    show_change_link = True


class MeasureChangeInline(RecordInline):
    model = MeasureChange
    fields = [
        "kind",
        "date",
        "new_end",
        "new_kind",
        "place_as_reported",
        "note",
        "publication_status",
    ]
    extra = 1
    show_change_link = True


class RulingInline(RecordInline):
    model = Ruling
    fields = [
        "date",
        "court_instance",
        "court",
        "court_as_reported",
        "plea",
        "outcome",
        "summary",
        "publication_status",
    ]
    autocomplete_fields = ["court"]
    extra = 1
    show_change_link = True


HEARING_FIELDS = [
    "kind",
    "date",
    "court",
    "court_as_reported",
    "from_court",
    "from_court_as_reported",
    "closed_to_public",
    "note",
]


class HearingInline(RecordInline):
    model = Hearing
    fields = [*HEARING_FIELDS, "publication_status"]
    autocomplete_fields = ["court", "from_court"]
    extra = 0
    show_change_link = True


class CourtRoleInline(RecordInline):
    model = CourtRole
    fields = ["person", "role", "represents", "note", "publication_status"]
    autocomplete_fields = ["person", "represents"]
    extra = 0
    show_change_link = True


class SentenceInline(RecordInline):
    model = Sentence
    fields = ["ruling", *SENTENCE_FIELDS]
    extra = 1
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this proceeding's rulings; a new proceeding has none yet (link them on the
        # sentence's page or after saving).
        rulings = Ruling.objects.select_related("proceeding__person")
        ruling = formset.form.base_fields["ruling"]
        ruling.queryset = (
            rulings.select_related("court", "proceeding__court").filter(proceeding=obj)
            if obj
            else rulings.none()
        )
        # Two rulings of one case told apart: date, outcome, instance, court.
        ruling.label_from_instance = lambda ruling: ruling_label(ruling, defendant=False)
        return formset


class RulingSentenceFormSet(BaseInlineFormSet):
    """Sentences entered under a ruling belong to the ruling's proceeding, also when the
    ruling moves to another one in the same save (RulingAdmin moves them all)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.proceeding_id = self.instance.proceeding_id
        return form


class RulingSentenceInline(RecordInline):
    model = Sentence
    formset = RulingSentenceFormSet
    fields = SENTENCE_FIELDS
    extra = 0
    show_change_link = True


@admin.register(Protest)
class ProtestAdmin(SearchKeyMixin, RecordAdmin):
    # Explicit, because Meta.ordering is ignored once the counts add a GROUP BY.
    ordering = [*Protest._meta.ordering, "pk"]
    list_display = [
        "title",
        "kind",
        "start",
        "locality",
        "country",
        "participant_count",
        "citation_count",
        "publication_status",
    ]
    list_filter = [
        "kind",
        "status",
        "publication_status",
        "country",
        "start_precision",
        "occasions",
    ]
    search_fields = [
        "title",
        "place",
        "locality",
        "region",
        "target",
        "demands",
        "slogans__text",
        *prefixed("participations", DEFENDANT_SEARCH),
    ]
    search_key_fields = (f"participations__{DEFENDANT_KEY}",)
    date_hierarchy = "start_start"
    autocomplete_fields = ["parent", "target_organization", "location", "occasions"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "kind",
                    "status",
                    "parent",
                    "start",
                    "end",
                    "occasions",
                    "description",
                ]
            },
        ),
        (
            _("Place"),
            {
                "fields": [
                    "location",
                    "place",
                    "locality",
                    "region",
                    "country",
                    ("latitude", "longitude", "coordinate_precision"),
                ]
            },
        ),
        (_("Target and demands"), {"fields": ["target", "target_organization", "demands"]}),
        (
            _("Size"),
            {"fields": [("crowd_low", "crowd_high"), "crowd_as_reported", "detained_count"]},
        ),
        versions_fieldset("title", "description"),
        EDITORIAL,
    ]
    inlines = [SloganInline, ParticipationInline, CitationInline]

    def picker_label(self, protest):
        return joined(
            protest.title,
            protest.get_kind_display(),
            date_words(protest.start),
            protest.locality,
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_count=count_of(
                    Participation.objects, "protest", "person", distinct=True
                ),
                citation_count=count_of_citations(Protest),
            )
        )

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, protest):
        return protest.participant_count

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, protest):
        return protest.citation_count


@admin.register(Slogan)
class SloganAdmin(RecordAdmin):
    list_display = ["__str__", "kind", "protest", "publication_status"]
    list_filter = ["kind", "publication_status"]
    list_select_related = ["protest"]
    search_fields = ["text", "translation", "protest__title"]
    autocomplete_fields = ["protest"]
    fields = ["protest", "kind", "text", "translation", "publication_status", "internal_notes"]
    inlines = [CitationInline]


@admin.register(Participation)
class ParticipationAdmin(SearchKeyMixin, RecordAdmin):
    list_display = ["person", "role", "protest", "publication_status"]
    list_filter = ["role", "publication_status", "protest__kind"]
    list_select_related = ["person", "protest"]
    search_fields = ["protest__title", *DEFENDANT_SEARCH]
    search_key_fields = (DEFENDANT_KEY,)
    autocomplete_fields = ["protest", "person"]
    fields = ["protest", "person", "role", "publication_status", "internal_notes"]
    inlines = [CitationInline]


@admin.register(Proceeding)
class ProceedingAdmin(CaseScreenMixin, SearchKeyMixin, RecordAdmin):
    ordering = Proceeding._meta.ordering
    list_display = [
        "__str__",
        "kind",
        "country",
        "court_display",
        "case_number",
        "opened",
        "sentence_count",
        "citation_count",
        "publication_status",
    ]
    list_filter = ["kind", "publication_status", "country", "court"]
    list_select_related = ["person", "court"]
    search_fields = [
        *DEFENDANT_SEARCH,
        "case_number",
        "court__name",
        "court_as_reported",
        "charges__article",
        "charges__as_reported",
    ]
    search_key_fields = (DEFENDANT_KEY,)
    autocomplete_fields = ["person", "court", "protests"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "person",
                    ("unnamed_defendants", "unnamed_defendants_precision"),
                    "kind",
                    "summary",
                ]
            },
        ),
        (
            _("Court"),
            {"fields": ["country", "court", "court_as_reported", "case_number", "opened"]},
        ),
        (_("Arose from"), {"fields": ["protests"]}),
        versions_fieldset("summary"),
        EDITORIAL,
    ]
    inlines = [
        ChargeInline,
        PretrialMeasureInline,
        HearingInline,
        CourtRoleInline,
        RulingInline,
        SentenceInline,
        CitationInline,
    ]
    picker_related = ("person", "court")
    change_form_template = "admin/events/proceeding/change_form.html"
    change_list_template = "admin/events/proceeding/change_list.html"

    def picker_label(self, proceeding):
        return joined(
            proceeding.person or proceeding.unnamed_number,
            proceeding.case_words.lower(),
            court_label(proceeding),
            (
                gettext("opened %(date)s") % {"date": date_words(proceeding.opened)}
                if proceeding.opened
                else ""
            ),
            case_number_label(proceeding),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sentence_count=count_of(Sentence.objects, "proceeding"),
                citation_count=count_of_citations(Proceeding),
            )
        )

    @admin.display(description=_("court"), ordering="court__name")
    def court_display(self, proceeding):
        return proceeding.court or proceeding.court_as_reported or gettext("not reported")

    @admin.display(description=_("sentences"), ordering="sentence_count")
    def sentence_count(self, proceeding):
        return proceeding.sentence_count

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, proceeding):
        return proceeding.citation_count


class ProceedingChildAdmin(SearchKeyMixin, RecordAdmin):
    """Shared by the records that hang from a proceeding and are listed under it."""

    search_key_fields = (f"proceeding__{DEFENDANT_KEY}",)
    list_select_related = ["proceeding__person"]
    autocomplete_fields = ["proceeding"]
    inlines = [CitationInline]


@admin.register(Charge)
class ChargeAdmin(ProceedingChildAdmin):
    list_display = ["__str__", "code", "proceeding", "publication_status"]
    list_filter = ["code", "publication_status", "proceeding__kind"]
    search_fields = ["article", "as_reported", *prefixed("proceeding", DEFENDANT_SEARCH)]
    fields = [
        "proceeding",
        "code",
        "article",
        "as_reported",
        "publication_status",
        "internal_notes",
    ]


@admin.register(PretrialMeasure)
class PretrialMeasureAdmin(ProceedingChildAdmin):
    list_display = ["kind", "proceeding", "start", "end", "as_reported", "publication_status"]
    list_filter = ["kind", "circumstance", "publication_status", "start_precision"]
    search_fields = [
        "as_reported",
        "place_as_reported",
        *prefixed("proceeding", DEFENDANT_SEARCH),
    ]
    fields = [
        "proceeding",
        "kind",
        "start",
        "end",
        "as_reported",
        "circumstance",
        "place_as_reported",
        "place",
        "unnamed_count",
        "publication_status",
        "internal_notes",
    ]
    autocomplete_fields = ["proceeding", "place"]
    # Extensions, moves and changes are entered under the measure they change.
    inlines = [MeasureChangeInline, CitationInline]
    picker_related = ("proceeding__person",)

    def picker_label(self, measure):
        proceeding = measure.proceeding
        start = date_words(measure.start, gettext("start not reported"))
        end = date_words(measure.end)
        return joined(
            measure.get_kind_display(),
            f"{start} – {end}" if end else date_words(measure.start),
            measure.as_reported,
            proceeding.person or proceeding.unnamed_number,
        )


@admin.register(MeasureChange)
class MeasureChangeAdmin(SearchKeyMixin, RecordAdmin):
    list_display = ["kind", "measure", "date", "new_end", "place_as_reported", "publication_status"]
    list_filter = ["kind", "publication_status", "date_precision"]
    list_select_related = ["measure__proceeding__person"]
    search_fields = [
        "place_as_reported",
        "note",
        *prefixed("measure__proceeding", DEFENDANT_SEARCH),
    ]
    search_key_fields = (f"measure__proceeding__{DEFENDANT_KEY}",)
    autocomplete_fields = ["measure"]
    fields = [
        "measure",
        "kind",
        "date",
        "new_end",
        "new_kind",
        "place_as_reported",
        "note",
        "publication_status",
        "internal_notes",
    ]
    inlines = [CitationInline]


@admin.register(Occasion)
class OccasionAdmin(RecordAdmin):
    list_display = ["name", "kind", "date", "publication_status"]
    list_filter = ["kind", "publication_status", "date_precision"]
    search_fields = ["name", "description"]
    date_hierarchy = "date_start"
    fieldsets = [
        (None, {"fields": ["name", "kind", "date", "description"]}),
        versions_fieldset("description"),
        EDITORIAL,
    ]
    inlines = [CitationInline]

    def picker_label(self, occasion):
        return joined(occasion.name, occasion.get_kind_display(), date_words(occasion.date))


class RulingForm(VersionedForm):
    """A ruling moved to another proceeding takes its sentences along; what blocks that is
    said at the proceeding field."""

    user = None  # set per request by RulingAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        proceeding = cleaned.get("proceeding")
        if self.instance.pk is not None and proceeding and "proceeding" in self.changed_data:
            problems = services.ruling_move_problems(
                self.instance, proceeding=proceeding, user=self.user
            )
            for problem in problems:
                self.add_error("proceeding", problem)
        return cleaned


@admin.register(Ruling)
class RulingAdmin(ProceedingChildAdmin):
    list_display = ["proceeding", "date", "court_instance", "plea", "outcome", "publication_status"]
    list_filter = ["outcome", "court_instance", "plea", "publication_status", "date_precision"]
    search_fields = ["summary", *prefixed("proceeding", DEFENDANT_SEARCH)]
    autocomplete_fields = ["proceeding", "court"]
    fieldsets = [
        (None, {"fields": ["proceeding", "date", "court_instance", "plea", "outcome", "summary"]}),
        (
            _("Court"),
            {
                "fields": ["court", "court_as_reported"],
                "description": _("Leave blank when the proceeding's court gave this ruling."),
            },
        ),
        versions_fieldset("summary"),
        EDITORIAL,
    ]
    inlines = [RulingSentenceInline, CitationInline]
    form = RulingForm
    picker_related = ("court", "proceeding__person", "proceeding__court")
    picker_label = staticmethod(ruling_label)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if change and "proceeding" in form.changed_data:
            services.move_ruling(obj, proceeding=obj.proceeding, user=request.user)
            return
        super().save_model(request, obj, form, change)


@admin.register(Sentence)
class SentenceAdmin(ProceedingChildAdmin):
    list_display = [
        "kind",
        "amount",
        "term_days",
        "fine_kzt",
        "status",
        "proceeding",
        "publication_status",
    ]
    list_filter = [
        "kind",
        "status",
        "publication_status",
        "term_unit",
        "fine_currency",
        "fine_group_total",
    ]
    search_fields = ["amount_as_reported", *prefixed("proceeding", DEFENDANT_SEARCH)]
    autocomplete_fields = ["proceeding", "ruling"]
    fieldsets = [
        (None, {"fields": ["proceeding", "ruling", "kind", "status", "amount_as_reported"]}),
        (
            _("Term"),
            {
                "fields": [("term_quantity", "term_unit"), "term_days"],
                "description": _("Days are computed from the term when left blank."),
            },
        ),
        (
            _("Suspended sentence: probation"),
            {
                "fields": [("probation_quantity", "probation_unit"), "probation_not_reported"],
                "description": (
                    _(
                        "A suspended sentence needs its probation period, or “probation not "
                        "reported”. Probation on its own is the kind “Probation”, with its term."
                    )
                ),
            },
        ),
        (
            _("Fine"),
            {
                "fields": [
                    ("fine_amount", "fine_amount_max", "fine_currency"),
                    ("fine_kzt", "fine_kzt_max"),
                    "fine_usd_as_reported",
                    "fine_group_total",
                ],
                "description": (
                    _(
                        "The tenge amounts are computed for KZT fines. For MCI or another "
                        "currency, give the tenge figure the source reports, or leave it blank. "
                        "A range across several people: the lowest and the highest."
                    )
                ),
            },
        ),
        (
            _("Time in custody counted toward it"),
            {
                "fields": [
                    ("custody_credit_days", "custody_credit_ratio"),
                    "custody_credit_as_reported",
                ],
                "classes": ["collapse"],
            },
        ),
        (None, {"fields": ["unnamed_count"]}),
        EDITORIAL,
    ]

    picker_related = ("ruling", "proceeding__person")

    def picker_label(self, sentence):
        ruling = sentence.ruling
        return joined(
            sentence.get_kind_display(),
            sentence.amount_display(),
            (
                gettext("ruling of %(date)s")
                % {"date": date_words(ruling.date, gettext("date not reported"))}
                if ruling
                else gettext("no ruling")
            ),
            sentence.proceeding.person or sentence.proceeding.unnamed_number,
        )

    @admin.display(description=_("amount"))
    def amount(self, sentence):
        return sentence.amount_display()


@admin.register(Hearing)
class HearingAdmin(ProceedingChildAdmin):
    list_display = ["kind", "date", "proceeding", "court", "closed_to_public", "publication_status"]
    list_filter = ["kind", "closed_to_public", "publication_status", "date_precision"]
    list_select_related = ["proceeding__person", "court"]
    search_fields = [
        "note",
        "court__name",
        "court_as_reported",
        "from_court__name",
        "from_court_as_reported",
        *prefixed("proceeding", DEFENDANT_SEARCH),
    ]
    autocomplete_fields = ["proceeding", "court", "from_court"]
    fieldsets = [(None, {"fields": ["proceeding", *HEARING_FIELDS]}), EDITORIAL]


@admin.register(CourtRole)
class CourtRoleAdmin(ProceedingChildAdmin):
    list_display = ["person", "role", "represents", "proceeding", "publication_status"]
    list_filter = ["role", "publication_status", "proceeding__kind"]
    list_select_related = ["person", "represents", "proceeding__person"]
    # By the judge's or lawyer's name in any spelling, or the defendant's.
    search_fields = [*DEFENDANT_SEARCH, "note", *prefixed("proceeding", DEFENDANT_SEARCH)]
    search_key_fields = (DEFENDANT_KEY, f"proceeding__{DEFENDANT_KEY}")
    autocomplete_fields = ["proceeding", "person", "represents"]
    fieldsets = [
        (None, {"fields": ["proceeding", "person", "role", "represents", "note"]}),
        EDITORIAL,
    ]
