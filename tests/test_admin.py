"""The admin as researchers use it: a whole case entered through the real add and change
pages, bad input refused with a clear message, cited sources protected, lists that stay fast.

Pages are submitted the way a browser submits them: what the page renders (defaults,
existing inline rows, management forms), plus the values a researcher types.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from events.models import Occasion, Proceeding, Protest
from people.models import Person
from sources.models import Citation, Source
from tests import factories
from tests.admin_pages import assert_saved, errors, filled_in, submit
from tests.shared_data import count_rows, shared_until_rolled_back

pytestmark = pytest.mark.django_db

APPS = ["people", "sources", "events", "places"]
CITATIONS = "sources-citation-content_type-object_id"
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: model._meta.label,
)


def row_counts():
    return count_rows(model for label in APPS for model in apps.get_app_config(label).get_models())


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


# --- The Researcher group ---------------------------------------------------------------


def test_researcher_group_may_add_change_and_view_every_record_but_not_delete():
    group = Group.objects.get(name="Researcher")
    granted = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    # Tables the site computes (events.CasePlace) have no permissions at all.
    computed = [model for model in models if not model._meta.default_permissions]
    assert computed and not Permission.objects.filter(
        content_type__model__in=[model._meta.model_name for model in computed]
    )
    models = [model for model in models if model not in computed]
    expected = {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in models
        for action in (
            ("view",)
            if model._meta.model_name.startswith("historical")
            else ("add", "change", "view")
        )
    }
    # And her own revisions of published records (publishing.Revision), to follow them.
    assert granted == expected | {("publishing", "view_revision")}


def test_researcher_cannot_delete_a_source(researcher_client):
    source = factories.SourceFactory()

    response = researcher_client.post(
        reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()


# --- A whole case ---------------------------------------------------------------------


def test_researcher_enters_a_whole_case_through_the_admin(researcher_client):
    client = researcher_client

    assert_saved(
        submit(
            client,
            add_url(Source),
            {
                "outlet": "RFE/RL's Kazakh Service",
                "headline": "Activist jailed for picket outside Chinese consulate",
                "url": "https://www.azattyq.org/a/azhibay-picket/33000000.html",
                "published": "2025-07",
                "language": "en",
            },
        )
    )
    source = Source.objects.get(url="https://www.azattyq.org/a/azhibay-picket/33000000.html")

    assert_saved(
        submit(
            client,
            add_url(Person),
            {"preferred_name": "Serik Azhibay", "citizenship": "Kazakhstan", "birth_date": "1975"},
            {
                "names": [
                    {"name": "Serik Azhibay", "script": "latin"},
                    {"name": "Серік Әжібай", "script": "kazakh_cyrillic"},
                ],
                CITATIONS: [
                    {
                        "source": source.pk,
                        "field": "birth_date",
                        "quote": "Serik Azhibay, born in 1975, held a placard",
                        "locator": "para. 2",
                    }
                ],
            },
        )
    )
    person = Person.objects.get(preferred_name="Serik Azhibay")

    assert_saved(
        submit(
            client,
            add_url(Protest),
            {
                "title": "Solo picket at the Chinese consulate",
                "kind": "solo_picket",
                "start": "2025-07-14",
                "locality": "Almaty",
                "country": "Kazakhstan",
            },
            {
                "participations": [{"person": person.pk, "role": "detained"}],
                CITATIONS: [{"source": source.pk, "quote": "stood alone outside the consulate"}],
            },
        )
    )
    protest = Protest.objects.get(title="Solo picket at the Chinese consulate")

    assert_saved(
        submit(
            client,
            add_url(Proceeding),
            {
                "person": person.pk,
                "kind": "administrative",
                "court_as_reported": "a court in Almaty",
                "opened": "2025-07",
                "protests": [protest.pk],
            },
            {
                "charges": [
                    {
                        "code": "administrative",
                        "article": "Art. 488",
                        "as_reported": "violating the rules on peaceful assemblies",
                    }
                ],
                "rulings": [{"date": "2025-07-15", "outcome": "guilty"}],
                "sentences": [
                    {
                        "kind": "administrative_detention",
                        "term_quantity": "15",
                        "term_unit": "days",
                        "amount_as_reported": "15 days",
                    },
                    {"kind": "fine", "fine_amount": "145000", "fine_currency": "KZT"},
                ],
                CITATIONS: [{"source": source.pk, "quote": "a court in Almaty sentenced him"}],
            },
        )
    )
    proceeding = Proceeding.objects.get(person=person)
    ruling = proceeding.rulings.get()
    detention = proceeding.sentences.get(kind="administrative_detention")
    fine = proceeding.sentences.get(kind="fine")

    # Citations of the rows entered inline go on their own pages; the sentences are also
    # linked to the ruling there (the ruling did not exist yet when they were typed).
    for sentence, quote in [(detention, "15 days in jail"), (fine, "fined 145,000 tenge")]:
        assert_saved(
            submit(
                client,
                change_url(sentence),
                {"ruling": ruling.pk},
                {CITATIONS: [{"source": source.pk, "quote": quote}]},
            )
        )
    assert_saved(
        submit(
            client,
            change_url(ruling),
            inlines={CITATIONS: [{"source": source.pk, "quote": "found guilty on Tuesday"}]},
        )
    )

    source.refresh_from_db()
    assert (source.published_precision, source.published_start, source.published_end) == (
        "month",
        datetime.date(2025, 7, 1),
        datetime.date(2025, 7, 31),
    )
    person.refresh_from_db()
    assert set(person.names.values_list("name", flat=True)) == {"Serik Azhibay", "Серік Әжібай"}
    assert (person.birth_date_precision, person.birth_date_start) == (
        "year",
        datetime.date(1975, 1, 1),
    )
    assert person.citations.get().field == "birth_date"
    assert protest.start_precision == "day"
    assert protest.start_start == datetime.date(2025, 7, 14)
    assert list(protest.participations.values_list("person", "role")) == [(person.pk, "detained")]
    assert protest.citations.get().quote == "stood alone outside the consulate"
    assert list(proceeding.protests.all()) == [protest]
    assert proceeding.charges.get().article == "Art. 488"
    assert (ruling.date, ruling.outcome) == ("2025-07-15", "guilty")
    assert ruling.citations.get().quote == "found guilty on Tuesday"
    assert proceeding.citations.get().source == source

    detention.refresh_from_db()
    fine.refresh_from_db()
    assert detention.term_days == 15
    assert fine.fine_kzt == Decimal("145000")
    assert detention.ruling == fine.ruling == ruling
    assert detention.citations.get().quote == "15 days in jail"
    assert fine.citations.get().quote == "fined 145,000 tenge"
    assert Citation.objects.filter(source=source).count() == 6


# --- Bad input ---------------------------------------------------------------------------

BAD_INPUT = {
    "negative days": (
        Proceeding,
        lambda o: {"person": o.person.pk, "kind": "administrative"},
        lambda o: {
            "sentences": [
                {"kind": "administrative_detention", "term_quantity": "-3", "term_unit": "days"}
            ]
        },
        "sentences-0-term_quantity",
        "Ensure this value is greater than or equal to 0.",
    ),
    "fine without currency": (
        Proceeding,
        lambda o: {"person": o.person.pk, "kind": "administrative"},
        lambda o: {"sentences": [{"kind": "fine", "fine_amount": "145000"}]},
        "sentences-0-fine_currency",
        "A fine amount needs its currency.",
    ),
    "end before start": (
        Protest,
        lambda o: {"title": "Picket", "kind": "picket", "start": "2025-07-10", "end": "2025-07-01"},
        lambda o: {},
        "end",
        "This is before the start (10 Jul 2025).",
    ),
    "month 13": (
        Protest,
        lambda o: {"title": "Picket", "kind": "picket", "start": "2025-13"},
        lambda o: {},
        "start",
        "“2025-13” is not a real date: there is no month 13; months run from 01 (January)",
    ),
    "month 00": (
        Protest,
        lambda o: {"title": "Picket", "kind": "picket", "start": "2025-00"},
        lambda o: {},
        "start",
        "“2025-00” is not a real date: there is no month 00; months run from 01 (January)",
    ),
    "day 00": (
        Source,
        lambda o: {
            "outlet": "AFP",
            "headline": "Picket",
            "url": "https://example.org/new",
            "published": "2025-01-00",
        },
        lambda o: {},
        "published",
        "“2025-01-00” is not a real date: January 2025 has days 01 to 31.",
    ),
    "words for a date": (
        Source,
        lambda o: {
            "outlet": "AFP",
            "headline": "Picket",
            "url": "https://example.org/new",
            "published": "yesterday",
        },
        lambda o: {},
        "published",
        "“yesterday” is not a partial date.",
    ),
    "duplicate source url": (
        Source,
        lambda o: {"outlet": "AFP", "headline": "Picket again", "url": o.source.url},
        lambda o: {},
        "url",
        "A source with this URL already exists.",
    ),
    "citation without quote": (
        Person,
        lambda o: {"preferred_name": "Kunbolat"},
        lambda o: {CITATIONS: [{"source": o.source.pk, "quote": ""}]},
        f"{CITATIONS}-0-quote",
        "This field is required.",
    ),
    "citation of a field the record lacks": (
        Person,
        lambda o: {"preferred_name": "Kunbolat"},
        lambda o: {CITATIONS: [{"source": o.source.pk, "field": "shoe_size", "quote": "x"}]},
        f"{CITATIONS}-0-field",
        "person has no field “shoe_size”.",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_gets_a_clear_field_error_and_saves_nothing(researcher_client, case):
    model, fields, inlines, field, message = case

    existing = SimpleNamespace(person=factories.PersonFactory(), source=factories.SourceFactory())
    before = row_counts()

    response = submit(researcher_client, add_url(model), fields(existing), inlines(existing))

    assert response.status_code == 200
    found = errors(response)
    assert any(message in error for error in found.get(field, [])), found
    assert escape(message) in response.content.decode()
    assert row_counts() == before


def autocomplete_fields():
    """Every autocomplete field of the add pages: (model, inline or None, field name).

    An inline shown on several pages (the citations) is tried on the first of them.
    """
    found, inlines_seen = [], set()
    for model in REGISTERED:
        model_admin = admin.site._registry[model]
        for name in model_admin.autocomplete_fields:
            found.append(pytest.param(model, None, name, id=f"{model._meta.label}.{name}"))
        for inline in model_admin.inlines:
            if inline in inlines_seen:
                continue
            inlines_seen.add(inline)
            for name in inline.autocomplete_fields:
                label = f"{model._meta.label} {inline.model._meta.label}.{name}"
                found.append(pytest.param(model, inline, name, id=label))
    return found


@pytest.mark.parametrize(("model", "inline", "name"), autocomplete_fields())
@pytest.mark.parametrize("value", ["abc", "9223372036854775808"], ids=["word", "overflow"])
def test_an_autocomplete_given_no_valid_id_answers_with_a_field_error(
    researcher_client, model, inline, name, value
):
    before = row_counts()
    url = add_url(model)
    if inline is None:
        is_many = model._meta.get_field(name).many_to_many
        response = submit(researcher_client, url, {name: [value] if is_many else value})
        field = name
    else:
        page = researcher_client.get(url)
        (prefix,) = [
            formset.formset.prefix
            for formset in page.context["inline_admin_formsets"]
            if type(formset.opts) is inline
        ]
        response = researcher_client.post(url, filled_in(page, inlines={prefix: [{name: value}]}))
        field = f"{prefix}-0-{name}"

    assert response.status_code == 200
    found = errors(response).get(field, [])
    refusals = ("Select a valid choice.", f"“{value}” is not a valid value.")
    assert any(message.startswith(refusals) for message in found), found
    assert row_counts() == before


# --- Cited sources ---------------------------------------------------------------------


@pytest.fixture
def cited_source():
    source = factories.SourceFactory()
    factories.CitationFactory(source=source, quote="Azhibay was detained at the consulate")
    return source


def assert_refused(response, source):
    page = response.content.decode()
    assert response.status_code == 200
    assert "A cited source cannot be deleted: 1 citation relies on it" in page
    assert escape("Azhibay was detained at the consulate") in page
    assert Source.objects.filter(pk=source.pk).exists()


def test_deleting_a_cited_source_is_refused_with_the_reason(admin_client, cited_source):
    url = reverse("admin:sources_source_delete", args=[cited_source.pk])

    assert_refused(admin_client.get(url), cited_source)
    assert_refused(admin_client.post(url, {"post": "yes"}), cited_source)


def test_bulk_deleting_a_cited_source_is_refused_with_the_reason(admin_client, cited_source):
    uncited = factories.SourceFactory()

    response = admin_client.post(
        reverse("admin:sources_source_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [cited_source.pk, uncited.pk],
            "post": "yes",
        },
    )

    assert_refused(response, cited_source)
    assert Source.objects.filter(pk=uncited.pk).exists()


def test_an_uncited_source_can_be_deleted(admin_client):
    source = factories.SourceFactory()

    response = admin_client.post(
        reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


# --- Finding records -------------------------------------------------------------------


def test_person_autocomplete_finds_a_spelling_in_another_script(researcher_client):
    azhibay = factories.PersonNameFactory(name="Serik Azhibay").person
    factories.PersonNameFactory(name="Kunbolat Turganbay")

    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Ажибай",
            "app_label": "events",
            "model_name": "participation",
            "field_name": "person",
        },
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(azhibay.pk)]


def test_person_list_search_finds_a_spelling_in_another_script(researcher_client):
    azhibay = factories.PersonNameFactory(name="Serik Azhibay").person
    factories.PersonNameFactory(name="Kunbolat Turganbay")

    response = researcher_client.get(
        reverse("admin:people_person_changelist"), {"q": "Серік Әжібай"}
    )

    assert list(response.context["cl"].result_list) == [azhibay]


def test_a_search_reads_each_related_field_on_its_own_and_lists_a_record_once(
    researcher_client,
):
    """Every word in one of the search fields, as Django's search: "azhibay discord" finds
    the case whose defendant is named so and whose charge says so (two relations), once
    though three of its rows match, and not a case with one of the words only. The list
    is never joined to those relations (casetracker.admin_search.RelatedSearchMixin):
    nothing to remove duplicates from."""
    both = factories.ProceedingFactory(
        person=factories.PersonFactory(preferred_name="Serik Azhibay")
    )
    factories.PersonNameFactory(person=both.person, name="Серик Ажибай")
    factories.PersonNameFactory(person=both.person, name="Serik Azhibai")
    both.charges.create(as_reported="inciting discord")
    both.charges.create(as_reported="inciting social discord")
    factories.ProceedingFactory(person=factories.PersonFactory(preferred_name="Azhibay Other"))
    other = factories.ProceedingFactory()
    other.charges.create(as_reported="inciting discord")
    url = reverse("admin:events_proceeding_changelist")

    with CaptureQueriesContext(connection) as queries:
        response = researcher_client.get(url, {"q": "azhibay discord"})

    assert list(response.context["cl"].result_list) == [both]
    # Only the country filter's values are distinct: never the listed cases.
    assert not [query for query in queries if 'DISTINCT "events_proceeding"."id"' in query["sql"]]
    picked = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "sentence",
            "field_name": "proceeding",
            "term": "azhibay discord",
        },
    )
    assert [result["id"] for result in picked.json()["results"]] == [str(both.pk)]


@pytest.mark.parametrize(("model", "inline", "name"), autocomplete_fields())
def test_an_autocomplete_term_holding_a_nul_character_finds_the_rest(
    researcher_client, model, inline, name
):
    """PostgreSQL refuses NUL in a query parameter: the term drops it, as the site's search."""
    person = factories.PersonNameFactory(name="Serik Azhibay").person
    source = inline.model if inline else model
    query = {"app_label": source._meta.app_label, "model_name": source._meta.model_name}

    response = researcher_client.get(
        reverse("admin:autocomplete"), {**query, "field_name": name, "term": "Azhi\x00bay"}
    )

    assert response.status_code == 200
    if source._meta.get_field(name).related_model is Person:
        assert [result["id"] for result in response.json()["results"]] == [str(person.pk)]


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
@pytest.mark.parametrize(
    "lookup",
    [{"publication_status__exact": "dra\x00ft"}, {"id__in": f"1,{2**63}"}],
    ids=["nul", "overflow"],
)
def test_a_list_filter_the_database_cannot_take_shows_the_whole_list(
    researcher_client, model, lookup
):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = researcher_client.get(url, lookup, follow=True)

    assert response.status_code == 200
    if "publication_status__exact" in lookup or connection.vendor == "sqlite":
        assert response.redirect_chain == [(f"{url}?e=1", 302)]
    else:  # PostgreSQL compares the number as it is
        assert not response.context["cl"].result_list


def test_a_date_beyond_any_calendar_in_the_source_list_shows_the_whole_list(researcher_client):
    url = reverse("admin:sources_source_changelist")

    response = researcher_client.get(url, {"published_start__year": str(2**63)})

    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"


# --- Lists stay fast -------------------------------------------------------------------


def make_case(n):
    """One of every record, linked as in a real case, each with a citation; the stored
    flags computed once, after them all (upkeep.deferred)."""
    with factories.in_bulk():
        _make_case(n)


def _make_case(n):
    region = factories.PlaceFactory(kind="region")
    town = factories.PlaceFactory(parent=region)
    person = factories.PersonFactory(residence=town)
    factories.PersonNameFactory(person=person, name=f"Name {n}")
    relative = factories.PersonFactory()
    organization = factories.OrganizationFactory()
    court = factories.CourtFactory(location=town)
    protest = factories.ProtestFactory(location=town)
    proceeding = factories.ProceedingFactory(person=person, court=court)
    proceeding.protests.add(protest)
    ruling = factories.RulingFactory(proceeding=proceeding)
    records = [
        person,
        organization,
        protest,
        proceeding,
        ruling,
        factories.SentenceFactory(ruling=ruling),
        person.relationships.create(kind="spouse", related_person=relative),
        person.affiliations.create(organization=organization, role="member"),
        organization.names.create(name=f"Alias {n}"),
        protest.slogans.create(text=f"Free them {n}"),
        protest.participations.create(person=person),
        proceeding.charges.create(as_reported="inciting discord"),
        proceeding.pretrial_measures.create(kind="detention", start="2025-07"),
        person.reported_ages.create(age=40 + n, as_of="2025-07"),
        organization.relations.create(kind="branch_of", other=factories.OrganizationFactory()),
        proceeding.hearings.create(kind="main", date="2025-07", court=court),
        proceeding.court_roles.create(
            person=factories.PersonFactory(), role="defence_lawyer", represents=person
        ),
        town.names.create(name=f"Town alias {n}", origin="attested"),
    ]
    house_arrest = proceeding.pretrial_measures.create(kind="house_arrest", start="2025-07")
    occasion = Occasion.objects.create(name=f"Summit {n}", kind="summit", date="2025-07")
    protest.occasions.add(occasion)
    records += [
        house_arrest,
        house_arrest.changes.create(kind="extended", date="2025-08", new_end="2025-10"),
        occasion,
    ]
    for record in records:
        factories.CitationFactory(fact=record)


def changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in queries]


def test_no_admin_list_queries_per_row(admin_client):
    """Every record's admin list runs the same queries for one case as for four (the cases
    made once for all the lists: 4 cases, not 4 per list)."""
    urls = {
        model._meta.label: reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        for model in REGISTERED
    }
    make_case(0)
    few = {label: changelist_queries(admin_client, url)[1] for label, url in urls.items()}
    for n in range(1, 4):
        make_case(n)

    grown = {}
    for label, url in urls.items():
        response, many = changelist_queries(admin_client, url)
        assert response.context["cl"].result_count > 1, label
        if len(many) != len(few[label]):
            grown[label] = f"{len(few[label])} → {len(many)} queries:\n" + "\n".join(many)
    assert not grown, "\n\n".join(f"{label}: {queries}" for label, queries in grown.items())


def test_no_admin_list_groups_its_whole_table(admin_client):
    """A list's columns of counts (sentences, names, citations, participants) are counted
    for the rows shown, never by joining the counted table to the whole list and grouping
    it: at the benchmark's size the sources' list took 2.9 s that way, the cases' 1.3 s,
    and its count and filters carried the join too."""
    make_case(0)
    grouped = {}
    for model in REGISTERED:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        table = connection.ops.quote_name(model._meta.db_table)
        key = f"{table}.{connection.ops.quote_name(model._meta.pk.column)}"
        _response, queries = changelist_queries(admin_client, url)
        whole = [sql for sql in queries if f"GROUP BY {key}" in sql or "GROUP BY 1)" in sql]
        if whole:
            grouped[model._meta.label] = whole
    assert not grouped, grouped


def test_admin_list_counts_count_each_row_once(admin_client):
    """The counted columns, against the rows themselves (every status)."""
    make_case(0)
    make_case(1)
    proceeding = Proceeding.objects.first()
    factories.SentenceFactory(ruling=proceeding.rulings.first())
    protest = Protest.objects.first()
    person = protest.participations.first().person
    protest.participations.create(person=person, role="organizer")  # the same person again
    factories.CitationFactory(fact=protest, publication_status="draft")
    expected = {
        Proceeding: {
            "sentence_count": proceeding.sentences.count(),
            "citation_count": proceeding.citations.count(),
        },
        Protest: {
            "participant_count": protest.participations.values("person").distinct().count(),
            "citation_count": protest.citations.count(),
        },
        Person: {"name_count": person.names.count(), "citation_count": person.citations.count()},
        Source: {"citation_count": Citation.objects.filter(source=Source.objects.first()).count()},
    }
    assert expected[Proceeding]["sentence_count"] == 2
    assert expected[Protest]["participant_count"] == 1
    for model, counts in expected.items():
        listed = admin.site.get_model_admin(model).get_queryset(None)
        record = {Proceeding: proceeding, Protest: protest, Person: person}.get(model)
        row = listed.get(pk=record.pk if record else Source.objects.first().pk)
        assert {name: getattr(row, name) for name in counts} == counts, model


@pytest.fixture(scope="class")
def case_for_class(django_db_setup, django_db_blocker):
    """One whole case, made once for a class of tests that only read it."""
    with shared_until_rolled_back(django_db_blocker):
        make_case(0)
        yield


class TestEveryAdminPage:
    """Each record's list, search, add and change pages, read by a researcher."""

    @pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
    def test_opens_for_a_researcher(self, case_for_class, researcher_client, model):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        record = model._default_manager.first()

        for url, params in [
            (reverse(f"{prefix}_changelist"), {}),
            (reverse(f"{prefix}_changelist"), {"q": "Name 0"}),
            (reverse(f"{prefix}_add"), {}),
            (reverse(f"{prefix}_change", args=[record.pk]), {}),
        ]:
            assert researcher_client.get(url, params).status_code == 200, url


@pytest.mark.parametrize("prefix", ["", "/ru", "/kk"])
def test_the_admin_in_every_language_runs_its_scripts_and_the_public_site_none(
    client, researcher, prefix
):
    """The public site's policy forbids every script; the admin's pickers and "add
    another" links are scripts. The admin was told apart by its address starting with
    /admin/, so /ru/admin/ and /kk/admin/ got the public policy and no picker worked."""
    client.force_login(researcher)
    admin_pages = [
        f"{prefix}/admin/",
        f"{prefix}/admin/events/proceeding/case/",
        f"{prefix}/admin/events/participation/add/",
        f"{prefix}/admin/jsi18n/",
    ]
    for url in admin_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "default-src 'none'" not in response.get("Content-Security-Policy", ""), url
    for url in (f"{prefix}/", f"{prefix}/search/?q=x", f"{prefix}/admin-not-the-admin/"):
        response = client.get(url)
        assert "default-src 'none'" in response["Content-Security-Policy"], url
