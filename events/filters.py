"""The one FilterSet of the case list: the HTML page, the CSV export and the API use it.

Because the three share this class and its ordering, a CSV downloaded from a filtered page
holds exactly the rows of that page, in the same order. Every filter lives in the query
string (``?kind=fine&kzt_min=100000``), so a filtered list is a link one can share.

Ranges are inclusive: ``days_min=15&days_max=15`` is exactly 15 days, and ``kzt_min=100000``
is “at least 100,000 KZT” (for “over 100,000”, write 100001). A range whose bottom is above
its top (``days_min=30&days_max=10``, ``date_from=2025&date_to=2024``) is an error that
names both ends, as is a number written with spaces or commas.

A fine that differs across several people (“fines of 100,000–150,000 KZT”) is found by every
amount it covers: ``kzt_min`` compares the top of the range, ``kzt_max`` its bottom, so
“at least 120,000” and “at most 120,000” both find it, “at least 200,000” does not. Sorting
by fine reads the bottom. A group's total is not a fine per person: its tenge figure is
blank, so the fine filters never find it (the kind filter does).
"""

import re
from collections import defaultdict
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casetracker.expressions import one_of
from casetracker.partial_dates import DATE_PLACEHOLDER, PartialDate, from_dotted
from casetracker.search import search_key
from casetracker.widgets import CheckboxInput, NumberInput, Select
from events.models import (
    CASE_DATE_KEY,
    DEFENCE_ROLES,
    WITHOUT_CASE,
    CasePlace,
    Charge,
    CourtRole,
    CourtRoleKind,
    MeasureKind,
    Occasion,
    Plea,
    PretrialMeasure,
    Proceeding,
    ProceedingKind,
    Protest,
    ProtestStatus,
    Ruling,
    Sentence,
    SentenceKind,
    SentenceStatus,
)
from events.selectors import public_sentences
from people.models import (
    Affiliation,
    Organization,
    OrganizationKind,
    OrganizationRelation,
    OrganizationRelationKind,
)
from people.selectors import MAX_QUERY_LENGTH, person_ids_matching
from places.selectors import country_names, public_place_tree
from publishing import generation
from publishing.rules import public_q

MAX_DAYS = 1_000_000  # beyond any sentence; keeps absurd input out of the database query
# The largest whole number the database's integer columns hold (ids are 64-bit). Beyond it
# SQLite raises OverflowError inside the query, once the CSV response has already started.
MAX_WHOLE_NUMBER = 2**63 - 1
DATE_HELP = _('A year, a month or a day: "2025", "2025-07" or "2025-07-14".')
# The plea menu: each plea the sources report, and the two ways of contesting together.
CONTESTED = "contested"
CONTESTED_PLEAS = (Plea.NOT_GUILTY, Plea.REJECTED)
PLEA_CHOICES = [
    (CONTESTED, _("Pleaded not guilty or rejected the charge")),
    *((value, label) for value, label in Plea.choices if value != Plea.NOT_REPORTED),
]


class PartialDateFormField(forms.CharField):
    """A year, a month or a day, cleaned into a PartialDate (the range it covers)."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)  # room for a range, refused with the reason
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("placeholder", DATE_PLACEHOLDER)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            parsed = PartialDate.parse(from_dotted(value))
        except ValidationError as error:
            if error.code == "impossible_date":
                raise  # "there is no month 00": already says what to fix
            raise ValidationError(
                _("“%(value)s” is not a date. %(help)s"),
                code="invalid",
                params={"value": value, "help": DATE_HELP},
            ) from None
        if parsed.is_range:
            raise ValidationError(
                _(
                    "“%(value)s” is a range: give one year, month or day here, and the other end "
                    "of the range in the other date box."
                ),
                code="invalid",
                params={"value": value},
            )
        return parsed


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateFormField


class MenuField(django_filters.fields.ChoiceField):
    """A menu whose choices are built for the request and never changed afterwards.

    A form deep-copies its fields when it is made; for a choice field that copies every
    choice, a few hundred courts and organizations on every case list page. The copy
    shares them instead (the widget keeps its own shallow copy, as Django's does).
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class MenuFilter(django_filters.ChoiceFilter):
    field_class = MenuField


class WholeNumberField(forms.IntegerField):
    """A whole number refused, as a field error, when no database column could hold it."""

    widget = NumberInput
    # What the box says of "1,000", "1.000" or "100 000": how to write it, not only that it
    # is wrong, in the site's own words (Django's Kazakh for its range checks is garbled).
    default_error_messages = {
        "invalid": _("Enter a whole number in digits only, without spaces, dots or commas: 15."),
        "min_value": _("Enter a whole number of %(limit_value)s or more."),
        "max_value": _("Enter a whole number of at most %(limit_value)s."),
    }
    # Django reads "1.000" as 1 (a trailing ".0" dropped): someone who wrote a thousand
    # would get one day and no word of it. A dot is refused as any separator is.
    re_decimal = re.compile(r"(?!)")

    def __init__(self, *, min_value=-MAX_WHOLE_NUMBER - 1, max_value=MAX_WHOLE_NUMBER, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class WholeNumberFilter(django_filters.Filter):
    field_class = WholeNumberField


# An amount in tenge: up to 12 digits, and 2 after the point.
AMOUNT_DIGITS, AMOUNT_DECIMALS = 14, 2
TOO_MANY_DIGITS = _(
    "Enter an amount of at most 12 digits, with at most 2 after the point: 100000 or 150000.50."
)


class AmountField(forms.DecimalField):
    widget = NumberInput
    default_error_messages = {
        "invalid": _("Enter an amount in digits only, without spaces or commas: 100000."),
        "min_value": _("Enter an amount of %(limit_value)s or more."),
        "max_digits": TOO_MANY_DIGITS,
        "max_whole_digits": TOO_MANY_DIGITS,
        "max_decimal_places": TOO_MANY_DIGITS,
    }

    def __init__(self, **kwargs):
        super().__init__(max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_DECIMALS, **kwargs)


class AmountFilter(django_filters.NumberFilter):
    field_class = AmountField

    def get_max_validator(self):
        # Its max_digits bounds the amount, with the message that says so; django-filter's
        # own bound (1e50) added a second, "less than or equal to 1e+50", to "1e400".
        return None


# Orderings offered to the reader; each ends with the primary key so that rows with equal
# values keep one stable order on every page and in the CSV. Unknown values sort last.
# Each order's first term is its key: a column, nulls last, or an expression of one that
# has no nulls (CASE_DATE_KEY: undated rows last); events.paging reads it (order_key_of).
ORDERINGS = {
    "-date": (CASE_DATE_KEY.desc(), "pk"),
    "date": (F("case_date_start").asc(nulls_last=True), "pk"),
    "-days": (F("term_days").desc(nulls_last=True), "pk"),
    "days": (F("term_days").asc(nulls_last=True), "pk"),
    "-kzt": (F("fine_kzt").desc(nulls_last=True), "pk"),
    "kzt": (F("fine_kzt").asc(nulls_last=True), "pk"),
}
DEFAULT_ORDERING = "-date"
ORDERING_CHOICES = [
    ("-date", _("Date, newest first")),
    ("date", _("Date, oldest first")),
    ("-days", _("Longest term first")),
    ("days", _("Shortest term first")),
    ("-kzt", _("Largest fine first")),
    ("kzt", _("Smallest fine first")),
]


# The filters that bound a range from below and from above, each pair read as "from … to".
# A bottom above the top asks for no value at all: an error the reader can fix, not an
# empty list that looks like an answer.
RANGES = (("days_min", "days_max"), ("kzt_min", "kzt_max"), ("date_from", "date_to"))


class CaseFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for low_name, high_name in RANGES:
            low, high = cleaned.get(low_name), cleaned.get(high_name)
            if low is None or high is None:
                continue
            if isinstance(low, PartialDate):
                if low.start <= high.end:
                    continue
                message = _(
                    "“%(high)s” is earlier than “%(low)s”, given as “%(low_label)s”: no date "
                    "lies between them. Swap the two, or change one."
                )
            elif low <= high:
                continue
            else:
                message = _(
                    "%(high)s is less than %(low)s, given as “%(low_label)s”: no number lies "
                    "between them. Swap the two, or change one."
                )
            self.add_error(
                high_name,
                ValidationError(
                    message,
                    code="empty_range",
                    params={
                        "high": self.data.get(high_name),
                        "low": self.data.get(low_name),
                        "low_label": self.fields[low_name].label,
                    },
                ),
            )
        return cleaned


class CaseFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        widget=forms.TextInput,
        label=_("Person’s name"),
        method="filter_name",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Any spelling, in any script: Azhibay, Ажибай, Әжібай."),
    )
    kind = MenuFilter(
        widget=Select,
        label=_("Sentence"),
        choices=SentenceKind.choices,
        empty_label=_("Any sentence"),
    )
    status = MenuFilter(
        widget=Select,
        label=_("Status"),
        choices=SentenceStatus.choices,
        empty_label=_("Any status"),
    )
    days_min = WholeNumberFilter(
        label=_("Term at least (days)"),
        field_name="term_days",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_DAYS,
    )
    days_max = WholeNumberFilter(
        label=_("Term at most (days)"),
        field_name="term_days",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_DAYS,
    )
    kzt_min = AmountFilter(
        label=_("Fine at least (KZT)"),
        method="filter_kzt_min",
        min_value=0,
    )
    kzt_max = AmountFilter(
        label=_("Fine at most (KZT)"),
        field_name="fine_kzt",
        lookup_expr="lte",
        min_value=0,
    )
    date_from = PartialDateFilter(
        label=_("Ruling date from"),
        method="filter_date_from",
        help_text=format_lazy(
            "{} {}", DATE_HELP, _("Penalties without a ruling: when the case was opened.")
        ),
    )
    date_to = PartialDateFilter(
        label=_("Ruling date to"), method="filter_date_to", help_text=DATE_HELP
    )
    # The choices of court, organization and protest are filled per request in __init__
    # (two queries for all three menus and their validation).
    court = MenuFilter(
        widget=Select, label=_("Court"), method="filter_court", empty_label=_("Any court")
    )
    country = django_filters.CharFilter(
        widget=forms.TextInput,
        label=_("Country prosecuting"),
        method="filter_country",
        max_length=100,
        help_text=_("E.g. Kazakhstan, China."),
    )
    proceeding_kind = MenuFilter(
        widget=Select,
        label=_("Case"),
        field_name="case_kind",  # the proceeding's, stored (publishing.upkeep)
        choices=ProceedingKind.choices,
        empty_label=_("Administrative or criminal"),
    )
    charge = django_filters.CharFilter(
        widget=forms.TextInput,
        label=_("Charge or article"),
        method="filter_charge",
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Words of the charge or the article: inciting discord, 174. In double quotes, "
            'one wording exactly: "174 inciting ethnic discord".'
        ),
    )
    judge = django_filters.CharFilter(
        widget=forms.TextInput,
        label=_("Judge"),
        method="filter_judge",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("The judge's name, any spelling or script."),
    )
    lawyer = django_filters.CharFilter(
        widget=forms.TextInput,
        label=_("Defence lawyer"),
        method="filter_lawyer",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("A defence lawyer's or public defender's name, any spelling or script."),
    )
    organization = MenuFilter(
        widget=Select,
        label=_("Affiliated with"),
        method="filter_organization",
        empty_label=_("Any organization"),
    )
    place = MenuFilter(
        widget=Select,
        label=_("Place"),
        method="filter_place",
        empty_label=_("Any place"),
        help_text=(
            _(
                "Where the protest was held or the court sits, including every place inside it: "
                "a region finds the cases of its towns."
            )
        ),
    )
    # Thousands of protests make no usable menu: a protest's page links here with its id.
    protest = WholeNumberFilter(
        label=_("Protest (id)"),
        method="filter_protest",
        min_value=1,
        help_text=_("Set by “Cases from this protest” on a protest's page."),
    )
    # Held for hours, summoned, missing: rows of kind held without charge or missing,
    # presumed detained (one table, like the sentence menu).
    without_case = django_filters.BooleanFilter(
        widget=CheckboxInput,
        label=_("Detention without a case"),
        method="filter_without_case",
        help_text=_("Only people held without charge or missing, presumed detained."),
    )
    protest_status = MenuFilter(
        widget=Select,
        label=_("Protest status"),
        method="filter_protest_status",
        choices=ProtestStatus.choices,
        empty_label=_("Any protest status"),
        help_text=_("Cases from protests that were held, planned, prevented or dispersed."),
    )
    occasion = MenuFilter(
        widget=Select,
        label=_("Occasion"),
        method="filter_occasion",
        empty_label=_("Any occasion"),
        help_text=_("Cases from protests timed to a state visit, a summit, an anniversary…"),
    )
    measure = MenuFilter(
        widget=Select,
        label=_("Pre-trial measure"),
        method="filter_measure",
        choices=MeasureKind.choices,
        empty_label=_("Any pre-trial measure"),
        help_text=_("Cases where the defendant was held, under house arrest, on bail…"),
    )
    plea = MenuFilter(
        widget=Select,
        label=_("Plea"),
        method="filter_plea",
        choices=PLEA_CHOICES,
        empty_label=_("Any plea"),
        help_text=_("The defendant's answer to the charge, as reported in any ruling of the case."),
    )
    ordering = MenuFilter(
        widget=Select,
        label=_("Sort by"),
        method="order_rows",
        choices=ORDERING_CHOICES,
        # The default order is the menu's first choice, not an empty one of the same name.
        empty_label=None,
    )

    class Meta:
        model = Sentence
        fields = []
        form = CaseFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = public_sentences()
        # The default order, overridden by the ordering filter when the reader chooses one.
        queryset = queryset.order_by(*ORDERINGS[DEFAULT_ORDERING])
        super().__init__(data, queryset, request=request, prefix=prefix)
        self._fill_menus()

    def _fill_menus(self):
        """Offer only public courts and organizations people are affiliated with.

        A court the sources do not name ("Court in Almaty that sentenced …", ``is_unnamed``)
        stands for one case, not a court one could choose: it is left out of the menu.

        Each menu is read when it is first needed (the form is shown, or a value of it is
        checked), once per filter set: the CSV, the feeds and the API filter by the same
        set and show no menu, so they read only the menus their query names.
        """
        self.filters["court"].extra["choices"] = lambda: self.court_menu
        self.filters["organization"].extra["choices"] = lambda: self.organization_menu
        self.filters["place"].extra["choices"] = lambda: self.place_menu
        self.filters["occasion"].extra["choices"] = lambda: self.occasion_menu

    def error_lines(self) -> list[str]:
        """Each error of the filters as "label: message", for the outputs that have no page
        to mark them on (the CSV, the feed)."""
        lines = []
        for field, errors in self.errors.items():
            label = self.form.fields[field].label if field in self.form.fields else ""
            lines += [f"{label or field}: {error}" for error in errors]
        return lines

    @cached_property
    def _organizations(self) -> list[tuple]:
        return generation.remember("case-filter-organizations", _menu_organizations)

    @cached_property
    def court_menu(self) -> list[tuple[int, str]]:
        return [
            (pk, org_name)
            for pk, org_name, kind, is_unnamed, _has_members in self._organizations
            if kind == OrganizationKind.COURT and not is_unnamed
        ]

    @cached_property
    def organization_menu(self) -> list[tuple[int, str]]:
        return [
            (pk, org_name)
            for pk, org_name, _kind, _is_unnamed, has_members in self._organizations
            if has_members
        ]

    @cached_property
    def places(self):
        """The public places: one query for the menu and for the places inside the one
        chosen (the place filter and facet)."""
        return generation.remember("public-place-tree", public_place_tree)

    @cached_property
    def place_menu(self) -> list:
        return self.places.menu()

    @cached_property
    def occasion_menu(self) -> list[tuple[int, str]]:
        return generation.remember("case-filter-occasions", _menu_occasions)

    def filter_name(self, queryset, name, value):
        # Sentence.defendant is the proceeding's, stored: the filter reads one table.
        return queryset.filter(one_of("defendant_id", person_ids_matching(value)))

    def filter_kzt_min(self, queryset, name, value):
        # A range's top is at least its bottom: either column reaching the amount will do.
        return queryset.filter(Q(fine_kzt__gte=value) | Q(fine_kzt_max__gte=value))

    def filter_court(self, queryset, name, value: int):
        # The case's court, or the court a ruling names as its own (an appeal court): the
        # union of two sets of ids, each read by an index. One OR across the two joined
        # tables could use neither: PostgreSQL joined every listed row to its proceeding
        # and its ruling to test it (0.4 s to count the top court's rows, 4.5 s for facets).
        of_case = Sentence.objects.filter(proceeding__court=value).order_by().values("pk")
        of_ruling = Sentence.objects.filter(ruling__court=value).order_by().values("pk")
        return queryset.filter(pk__in=of_case.union(of_ruling))

    def filter_country(self, queryset, name, value):
        # The case's country as written (in English), ignoring case: as typed, or as the
        # gazetteer names the country in another script ("Қазақстан", "Китай"), so that the
        # examples a Russian or Kazakh reader is shown find what they say. The proceeding's
        # country, stored on the sentence (publishing.upkeep).
        names = {value, *country_names(value)}
        return queryset.filter(reduce(or_, (Q(case_country__iexact=each) for each in names)))

    def filter_judge(self, queryset, name, value):
        return queryset.filter(
            one_of("proceeding_id", court_roles_matching(value, [CourtRoleKind.JUDGE]))
        )

    def filter_lawyer(self, queryset, name, value):
        return queryset.filter(one_of("proceeding_id", court_roles_matching(value, DEFENCE_ROLES)))

    def filter_date_from(self, queryset, name, value: PartialDate):
        # A ruling of "2025-07" overlaps "from 2025-07-14": ranges are compared, not days.
        # An open end is unbounded: "since 2016" may be any day from 2016 on.
        return queryset.filter(
            Q(case_date_end__gte=value.start)
            | Q(case_date_end__isnull=True, case_date_start__isnull=False)
        )

    def filter_date_to(self, queryset, name, value: PartialDate):
        # "by 18 May 2023" (an open start) may be any day until then: a start up to the end
        # of ``value``, or none but an end. As one range of the newest-first key (whose
        # undated rows hold the earliest day), not one of them OR the other.
        return (
            queryset.alias(case_date_key=CASE_DATE_KEY)
            .filter(case_date_key__lte=value.end)
            .filter(Q(case_date_start__isnull=False) | Q(case_date_end__isnull=False))
        )

    def filter_charge(self, queryset, name, value):
        return queryset.filter(proceeding__in=charges_matching(value).values("proceeding_id"))

    def filter_organization(self, queryset, name, value: int):
        members = Affiliation.objects.public().filter(members_of(value))
        return queryset.filter(defendant__in=members.values("person_id"))

    def filter_place(self, queryset, name, value: int):
        return queryset.filter(case_at_places(self.places.within(int(value))))

    def filter_protest(self, queryset, name, value: int):
        # A campaign's cases include those of its single days; only public protests count.
        # The protests first (a few rows, by their keys), then the cases that arose from
        # them: an OR across the link table and the protests read all 130,000 links.
        protests = Protest.objects.public().filter(Q(pk=value) | Q(parent=value))
        return queryset.filter(proceeding__in=_arose_from(protests))

    def filter_without_case(self, queryset, name, value):
        return queryset.filter(kind__in=WITHOUT_CASE) if value else queryset

    def filter_protest_status(self, queryset, name, value):
        protests = Protest.objects.public().filter(status=value)
        return queryset.filter(proceeding__in=_arose_from(protests))

    def filter_occasion(self, queryset, name, value: int):
        return queryset.filter(
            proceeding__in=_arose_from(Protest.objects.public().filter(occasions=value))
        )

    def filter_measure(self, queryset, name, value):
        measures = PretrialMeasure.objects.public().filter(kind=value)
        return queryset.filter(proceeding__in=measures.values("proceeding_id"))

    def filter_plea(self, queryset, name, value):
        pleas = CONTESTED_PLEAS if value == CONTESTED else (value,)
        rulings = Ruling.objects.public().filter(plea__in=pleas)
        return queryset.filter(proceeding__in=rulings.values("proceeding_id"))

    def order_rows(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])


# The courts a reader can choose, and a facet name: a court the sources do not name ("Court
# in Almaty that sentenced …", ``is_unnamed``) stands for one case, not a court.
NAMED_COURT = Q(kind=OrganizationKind.COURT, is_unnamed=False)


# The menus' rows, read only when the generation has none kept: building their querysets
# took longer than reading the kept rows.
def _menu_organizations() -> list[tuple]:
    has_members = ExpressionWrapper(with_members(), output_field=BooleanField())
    return list(
        Organization.objects.public()
        .annotate(has_members=has_members)
        .filter(NAMED_COURT | Q(has_members=True))
        .order_by("name", "pk")
        .values_list("pk", "name", "kind", "is_unnamed", "has_members")
    )


def _menu_occasions() -> list[tuple]:
    occasions = Occasion.objects.public().order_by("-date_start", "name", "pk")
    return list(occasions.values_list("pk", "name"))


def court_names(ids) -> dict[int, str]:
    """The names of those of ``ids`` the court menu offers (public, named courts): what the
    court facet needs of the menu, by the ids it counted, not every court's row."""
    courts = Organization.objects.public().filter(NAMED_COURT, one_of("pk", sorted(ids)))
    return dict(courts.order_by().values_list("pk", "name"))


def case_at_places(within: list[int]) -> Q:
    """Condition on sentences: their case is at a place among ``within`` (a protest it arose
    from, its court or a detention of its defendant: events.case_places). One EXISTS on the
    stored places, which PostgreSQL reads as a semi-join: by the list's own order when most
    cases match (a whole country), from the places' index when few do."""
    return Q(
        Exists(
            CasePlace.objects.filter(one_of("place", within), proceeding=OuterRef("proceeding_id"))
        )
    )


def case_place_links(cases: list[int]) -> QuerySet:
    """(proceeding id, place id) for every place of the proceedings ``cases``
    (events.case_places), in one statement."""
    return (
        CasePlace.objects.filter(one_of("proceeding", cases))
        .order_by()
        .values_list("proceeding_id", "place_id")
    )


# An organization's relations by which another's members are its own the other way round:
# the same group under another registration, and its successor's (members_of).
WHOLE_KINDS = (OrganizationRelationKind.SAME_AS, OrganizationRelationKind.SUCCESSOR_OF)


def members_of(organization) -> Q:
    """Condition on affiliations: with ``organization`` (an id or an OuterRef) or with one a
    public relation makes part of it or one with it: its branches and parts, the same group
    under another registration, its predecessor or successor (one step). Members of
    Atajurt's regional branch are members of Atajurt; not the other way round."""
    return (
        Q(organization=organization)
        | Q(public_q("organization__relations__"), organization__relations__other=organization)
        | Q(
            public_q("organization__inverse_relations__"),
            organization__inverse_relations__organization=organization,
            organization__inverse_relations__kind__in=WHOLE_KINDS,
        )
    )


def with_members() -> Q:
    """Condition on organizations: some public affiliation is with it by members_of's rule,
    read the other way: the organizations public affiliations name, the ones their public
    relations name (each part's whole), and those related to them as the same group or
    their successor. Three sets each read once; members_of as an EXISTS tested its joins
    for every organization (1.4 s for 440 organizations, 8,000 of their members).
    tests/events/test_case_list.py holds the two alike."""
    affiliated = Affiliation.objects.public().values("organization")
    relations = OrganizationRelation.objects.filter(public_q())
    return (
        Q(pk__in=affiliated)
        | Q(pk__in=relations.filter(organization__in=affiliated).values("other"))
        | Q(
            pk__in=relations.filter(other__in=affiliated, kind__in=WHOLE_KINDS).values(
                "organization"
            )
        )
    )


def _arose_from(protests: QuerySet[Protest]) -> QuerySet:
    """Ids of the proceedings that arose from any of ``protests``."""
    return Proceeding.protests.through.objects.filter(protest__in=protests.values("pk")).values(
        "proceeding_id"
    )


# Straight and typographic double quotes around a charge mean its whole wording.
QUOTES = '"“”«»'


def charges_matching(text: str) -> QuerySet[Charge]:
    """Public charges whose article or words contain every word of ``text``; in double
    quotes, the charges of exactly that article and wording (the facet's link).

    Matching is folded like names (case, accents, script): "inciting discord" finds
    "inciting ethnic discord", "174" finds "Art. 174(2)". The distinct wordings of charges
    are few beside the charges themselves (the same article and words recur in case after
    case), so they are read once and folded here, then matched in the database.
    """
    text = text[:MAX_QUERY_LENGTH].strip()
    exact = len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES
    wanted = search_key(text[1:-1] if exact else text)
    tokens = wanted.split()
    if not tokens:
        return Charge.objects.none()
    wordings = generation.remember(
        "charge-wordings",
        lambda: list(
            Charge.objects.public().order_by().values_list("article", "as_reported").distinct()
        ),
    )
    texts_by_article = defaultdict(list)
    for article, as_reported in wordings:
        key = search_key(f"{article} {as_reported}")
        if key == wanted if exact else all(token in key for token in tokens):
            texts_by_article[article].append(as_reported)
    if not texts_by_article:
        return Charge.objects.none()
    # One condition per article (laws have few), so the SQL stays shallow however many match.
    condition = reduce(
        or_,
        (Q(article=article, as_reported__in=texts) for article, texts in texts_by_article.items()),
    )
    return Charge.objects.public().filter(condition)


def court_roles_matching(text: str, roles) -> list[int]:
    """Ids of the proceedings where a person whose name matches ``text`` (any spelling or
    script, as the name filter) has a public court role among ``roles``.

    The name is matched among the people who hold such a role only: a surname is shared by
    thousands of people, most of them in no court (2,348 for the benchmark's lawyer, of whom
    7 defend), and a near spelling of a lawyer's name finds the lawyer, not someone else
    who happens to be spelled alike.

    Read into a list, as the name filter reads its people: PostgreSQL, unable to tell how
    many proceedings a set of people holds, planned for 50,000 and read every listed
    sentence to match a few thousand (0.2 s to count, each facet again). A list of ids is
    one parameter whose length the planner sees."""
    holders = CourtRole.objects.public().filter(role__in=roles)
    people = person_ids_matching(text, among=holders.values("person_id"))
    return list(
        holders.filter(one_of("person_id", people))
        .order_by()
        .values_list("proceeding_id", flat=True)
        .distinct()
    )
