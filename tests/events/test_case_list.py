"""The case list: one row per public sentence, one FilterSet, shareable sorted filters."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from casetracker.keyset import two_significant_figures
from events.filters import ORDERINGS
from events.models import (
    Charge,
    ProceedingKind,
    Sentence,
    SentenceKind,
    SentenceStatus,
    TermUnit,
)
from events.paging import AFTER, Cursor
from events.views import CaseListView
from people.models import OrganizationKind, Script
from tests.bulk import many_cases
from tests.factories import (
    CitationFactory,
    CourtFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    PlaceNameFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
    SentenceFactory,
    SourceFactory,
    in_bulk,
)
from tests.shared_data import shared_until_rolled_back

pytestmark = pytest.mark.django_db

DEMO = settings.BASE_DIR / "fixtures" / "demo.json"


def cited(record, **citation):
    """Make ``record`` public: published (factory default) and backed by a citation."""
    CitationFactory(fact=record, **citation)
    return record


def make_case(
    name="Person",
    *,
    person=None,
    proceeding_kind=ProceedingKind.ADMINISTRATIVE,
    court=None,
    country="Kazakhstan",
    ruling_date="2025-07-14",
    charges=(),
    protests=(),
    names=(),
    **sentence,
):
    """A public person → proceeding → ruling → sentence chain; returns the sentence.

    ``ruling_date=None`` makes a penalty without a ruling (sought or maximum possible).
    """
    # One article reports the whole chain, as a real case's first source usually does.
    source = SourceFactory()
    if person is None and name is not None:
        person = cited(PersonFactory(preferred_name=name), source=source)
        for other in names:
            cited(
                PersonNameFactory(person=person, name=other, script=Script.CYRILLIC), source=source
            )
    proceeding = cited(
        ProceedingFactory(
            person=person,
            unnamed_defendants=None if person else 12,
            kind=proceeding_kind,
            court=court,
            country=country,
        ),
        source=source,
    )
    for article, words in charges:
        cited(
            Charge.objects.create(
                proceeding=proceeding,
                article=article,
                as_reported=words,
                publication_status="published",
            ),
            source=source,
        )
    proceeding.protests.set(protests)
    ruling = None
    if ruling_date is not None:
        ruling = cited(RulingFactory(proceeding=proceeding, date=ruling_date), source=source)
    return cited(SentenceFactory(proceeding=proceeding, ruling=ruling, **sentence), source=source)


def fine(kzt, **kwargs):
    return make_case(
        kind=SentenceKind.FINE,
        term_quantity=None,
        term_unit="",
        term_days=None,
        amount_as_reported=f"{kzt} tenge",
        fine_amount=Decimal(kzt),
        fine_currency="KZT",
        fine_kzt=Decimal(kzt),
        **kwargs,
    )


def detention(days, **kwargs):
    return make_case(
        kind=SentenceKind.ADMINISTRATIVE_DETENTION,
        term_quantity=days,
        term_unit=TermUnit.DAYS,
        term_days=days,
        amount_as_reported=f"{days} days",
        **kwargs,
    )


def case_list(client, **params):
    response = client.get(reverse("events:case_list"), params)
    assert response.status_code == 200
    return response


def case_filters(client, **params):
    """The page of every filter of the case list, holding ``params``."""
    response = client.get(reverse("events:case_filters"), params)
    assert response.status_code == 200
    return response


def names_listed(response) -> list[str]:
    """Defendants of the rows on the page, in order."""
    return [
        sentence.proceeding.person.public_name if sentence.proceeding.person else "unnamed"
        for sentence in response.context["object_list"]
    ]


# Visibility -------------------------------------------------------------------------------


def test_list_shows_person_protest_court_charge_outcome_sentence_and_source(client):
    court = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    protest = cited(ProtestFactory(title="Picket at the consulate"))
    sentence = detention(
        15,
        name="Baibolat Kunbolat",
        court=court,
        protests=[protest],
        charges=[("Art. 488", "organizing an unsanctioned rally")],
    )
    CitationFactory(
        fact=sentence, source__outlet="RFE/RL", source__headline="Activist jailed for 15 days"
    )

    content = case_list(client).content.decode()

    for text in [
        "Baibolat Kunbolat",
        "Picket at the consulate",
        "14 Jul 2025",
        "Almaty Specialized Inter-District Court",
        "Art. 488: organizing an unsanctioned rally",
        "Found guilty",
        "Administrative detention: 15 days",
        "RFE/RL, “Activist jailed for 15 days”",
        "Download these rows as CSV",
    ]:
        assert text in content


def test_unknown_court_and_missing_ruling_read_not_reported(client):
    make_case("Serik Azhibay", ruling_date=None, status=SentenceStatus.MAXIMUM)

    content = case_list(client).content.decode()

    assert "Serik Azhibay" in content
    assert "no ruling yet" in content
    assert "not reported" in content
    assert "Maximum possible" in content


def test_unpublished_or_uncited_records_never_appear(client):
    detention(15, name="Visible Person")
    draft_sentence = detention(15, name="Draft Sentence Person")
    draft_sentence.publication_status = "draft"
    draft_sentence.save()
    uncited = SentenceFactory(ruling=cited(RulingFactory(proceeding=cited(ProceedingFactory()))))
    cited(uncited.proceeding.person, quote="x")
    uncited.proceeding.person.preferred_name = "Uncited Sentence Person"
    uncited.proceeding.person.save()
    draft_proceeding = detention(15, name="Draft Proceeding Person")
    draft_proceeding.proceeding.publication_status = "draft"
    draft_proceeding.proceeding.save()
    draft_person = detention(15, name="Draft Person")
    draft_person.proceeding.person.publication_status = "draft"
    draft_person.proceeding.person.save()
    retracted_ruling = detention(15, name="Retracted Ruling Person")
    retracted_ruling.ruling.publication_status = "retracted"
    retracted_ruling.ruling.save()

    assert names_listed(case_list(client)) == ["Visible Person"]


def test_protected_person_is_listed_only_under_the_pseudonym(client):
    sentence = detention(15, name="Real Name Hidden")
    person = sentence.proceeding.person
    person.is_protected = True
    person.pseudonym = "Relative A"
    person.protection_reason = "Relatives in Xinjiang"
    person.save()

    content = case_list(client).content.decode()

    assert "Relative A" in content
    assert "Real Name Hidden" not in content


def test_group_of_unnamed_defendants_is_counted_not_invented(client):
    make_case(None, unnamed_count=12)

    assert "12 unnamed defendants" in case_list(client).content.decode()


# Filters ----------------------------------------------------------------------------------


def test_filter_by_kind_and_exact_number_of_days(client):
    detention(15, name="Fifteen Days")
    detention(10, name="Ten Days")
    fine(145000, name="Fined")

    response = case_list(client, kind="administrative_detention", days_min=15, days_max=15)

    assert names_listed(response) == ["Fifteen Days"]


def test_fine_range_is_inclusive_in_tenge(client):
    fine(145000, name="Large Fine")
    fine(100000, name="Exactly A Hundred Thousand")
    fine(87000, name="Small Fine")

    assert set(names_listed(case_list(client, kzt_min=100000))) == {
        "Large Fine",
        "Exactly A Hundred Thousand",
    }
    assert names_listed(case_list(client, kzt_min=100001)) == ["Large Fine"]
    assert names_listed(case_list(client, kzt_max=87000)) == ["Small Fine"]


def test_partial_dates_match_when_the_ranges_overlap(client):
    detention(15, name="Known Day", ruling_date="2025-07-14")
    detention(15, name="Known Month", ruling_date="2025-07")
    detention(15, name="Known Year", ruling_date="2025")
    detention(15, name="Earlier", ruling_date="2021-06-22")

    from_day = set(names_listed(case_list(client, date_from="2025-07-20")))
    assert from_day == {"Known Month", "Known Year"}
    in_month = set(names_listed(case_list(client, date_from="2025-07", date_to="2025-07")))
    assert in_month == {"Known Day", "Known Month", "Known Year"}
    assert names_listed(case_list(client, date_to="2021")) == ["Earlier"]


def test_penalty_without_ruling_is_dated_by_the_opening_of_the_case(client):
    sentence = make_case("Awaiting Trial", ruling_date=None, status=SentenceStatus.MAXIMUM)
    sentence.proceeding.opened = "2025-11"
    sentence.proceeding.save()

    assert names_listed(case_list(client, date_from="2025-11")) == ["Awaiting Trial"]
    assert names_listed(case_list(client, date_to="2025-10")) == []


def test_ruling_of_unreported_date_is_not_dated_by_the_opening_of_the_case(client):
    sentence = make_case("Date Unknown", ruling_date="")
    sentence.proceeding.opened = "2025-07"
    sentence.proceeding.save()

    assert names_listed(case_list(client, date_from="2025")) == []
    assert "not reported" in case_list(client).content.decode()


def test_filter_by_court_country_and_proceeding_kind(client):
    court = cited(CourtFactory(name="Almaty Specialized Inter-District Court"))
    detention(15, name="At The Court", court=court)
    detention(15, name="Court Unknown")
    make_case("Tried In China", country="China", proceeding_kind=ProceedingKind.CRIMINAL)

    assert names_listed(case_list(client, court=court.pk)) == ["At The Court"]
    assert names_listed(case_list(client, country="china")) == ["Tried In China"]
    assert names_listed(case_list(client, proceeding_kind="criminal")) == ["Tried In China"]


def test_the_country_filter_takes_the_countrys_name_in_any_script_the_gazetteer_holds(client):
    """The Russian and Kazakh pages give "Казахстан, Китай" as examples: each finds what it
    says, through the gazetteer's names of the country (a case's country is written in
    English). A name of a town, or part of a name, is not a country."""
    kazakhstan = PlaceFactory(name="Kazakhstan", kind="country")
    china = PlaceFactory(name="China", kind="country")
    PlaceNameFactory(place=kazakhstan, name="Қазақстан", script=Script.KAZAKH_CYRILLIC)
    PlaceNameFactory(place=china, name="Китай", script=Script.CYRILLIC)
    PlaceNameFactory(place=china, name="Қытай", script=Script.KAZAKH_CYRILLIC)
    almaty = PlaceFactory(name="Almaty", parent=kazakhstan)
    PlaceNameFactory(place=almaty, name="Алматы", script=Script.KAZAKH_CYRILLIC)
    detention(15, name="Tried In Kazakhstan")
    make_case("Tried In China", country="China")

    found = {
        typed: names_listed(case_list(client, country=typed))
        for typed in ("Казахстан", "Қазақстан", "KAZAKHSTAN", "Китай", "Қытай", "Алматы", "Kazakh")
    }

    assert found == {
        "Казахстан": ["Tried In Kazakhstan"],
        "Қазақстан": ["Tried In Kazakhstan"],
        "KAZAKHSTAN": ["Tried In Kazakhstan"],
        "Китай": ["Tried In China"],
        "Қытай": ["Tried In China"],
        "Алматы": [],
        "Kazakh": [],
    }
    # The API filters by the same set.
    (row,) = client.get("/api/v1/cases/", {"country": "Китай"}).json()["results"]
    assert row["country"] == "China"


def test_the_country_and_case_filters_follow_the_proceeding_when_it_is_edited(client):
    """The sentence stores its proceeding's country and kind for these filters (publishing.
    upkeep): a save or a bulk update of the proceeding moves them, in any letter case."""
    sentence = detention(15, name="Moved Abroad")
    proceeding = sentence.proceeding
    assert names_listed(case_list(client, country="CHINA")) == []

    proceeding.country = "China"
    proceeding.kind = ProceedingKind.CRIMINAL
    proceeding.save()
    assert names_listed(case_list(client, country="CHINA")) == ["Moved Abroad"]
    assert names_listed(case_list(client, proceeding_kind="criminal")) == ["Moved Abroad"]

    type(proceeding).objects.filter(pk=proceeding.pk).update(
        country="Kyrgyzstan", kind=ProceedingKind.ADMINISTRATIVE
    )
    assert names_listed(case_list(client, country="china")) == []
    assert names_listed(case_list(client, country="kyrgyzstan")) == ["Moved Abroad"]
    assert names_listed(case_list(client, proceeding_kind="criminal")) == []
    assert names_listed(case_list(client, proceeding_kind="administrative")) == ["Moved Abroad"]


def test_charge_matches_article_or_words_folded(client):
    detention(
        15,
        name="Discord",
        proceeding_kind=ProceedingKind.CRIMINAL,
        charges=[("Art. 174(2)", "Inciting ethnic discord")],
    )
    detention(15, name="Rally", charges=[("Art. 488", "organizing an unsanctioned rally")])
    detention(15, name="Cyrillic", charges=[("", "Разжигание розни")])

    assert names_listed(case_list(client, charge="inciting discord")) == ["Discord"]
    assert names_listed(case_list(client, charge="174")) == ["Discord"]
    assert names_listed(case_list(client, charge="174 discord")) == ["Discord"]
    assert names_listed(case_list(client, charge="488 discord")) == []
    assert names_listed(case_list(client, charge="ART. 488")) == ["Rally"]
    assert names_listed(case_list(client, charge="РАЗЖИГАНИЕ")) == ["Cyrillic"]


def test_filter_by_affiliated_organization_and_by_protest(client):
    from people.models import Affiliation

    movement = cited(OrganizationFactory(name="Nagyz Atajurt", kind=OrganizationKind.MOVEMENT))
    member = detention(15, name="Member")
    cited(
        Affiliation.objects.create(
            person=member.proceeding.person,
            organization=movement,
            role="leader",
            publication_status="published",
        )
    )
    campaign = cited(ProtestFactory(title="135-day picket"))
    day = cited(ProtestFactory(title="Day 40 of the picket", parent=campaign))
    detention(15, name="Picketer", protests=[day])
    detention(15, name="Elsewhere")

    assert names_listed(case_list(client, organization=movement.pk)) == ["Member"]
    assert names_listed(case_list(client, protest=day.pk)) == ["Picketer"]
    assert names_listed(case_list(client, protest=campaign.pk)) == ["Picketer"]


def test_the_organization_menu_offers_exactly_the_organizations_the_filter_finds_members_of():
    """The menu reads members_of's rule the other way (events.filters.with_members): both
    must name the same organizations, through every kind of relation, public or not."""
    from events.filters import _menu_organizations, members_of
    from people.models import Affiliation, OrganizationRelation

    def group(name):
        return cited(OrganizationFactory(name=name, kind=OrganizationKind.MOVEMENT))

    whole, branch, old, new, alias, twin, lone, hidden_rel, drafted = (
        group(name)
        for name in ("Whole", "Branch", "Old", "New", "Alias", "Twin", "Lone", "Hid", "Draft")
    )
    relations = [
        (branch, "branch_of", whole, "published"),
        (new, "successor_of", old, "published"),
        (alias, "same_as", twin, "published"),
        (hidden_rel, "part_of", lone, "draft"),  # a draft relation carries no one
    ]
    for organization, kind, other, status in relations:
        cited(
            OrganizationRelation.objects.create(
                organization=organization, kind=kind, other=other, publication_status=status
            )
        )
    for organization, status in (
        (branch, "published"),
        (old, "published"),
        (twin, "published"),
        (hidden_rel, "published"),
        (drafted, "draft"),  # a draft membership makes no member
    ):
        person = cited(PersonFactory())
        cited(
            Affiliation.objects.create(
                person=person, organization=organization, publication_status=status
            )
        )

    menu = {pk: has_members for pk, _name, _kind, _unnamed, has_members in _menu_organizations()}
    rule = {
        organization.pk: Affiliation.objects.public().filter(members_of(organization.pk)).exists()
        for organization in (whole, branch, old, new, alias, twin, lone, hidden_rel, drafted)
    }
    assert {pk: menu.get(pk, False) for pk in rule} == rule
    assert rule[whole.pk] and rule[new.pk] and rule[alias.pk]  # a part's, a predecessor's
    assert not rule[lone.pk] and not rule[drafted.pk]


def test_name_search_finds_any_spelling_and_script(client):
    detention(15, name="Serik Azhibay", names=["Серік Әжібай"])
    detention(15, name="Baibolat Kunbolat")

    for query in ["Azhibai", "azhibay", "Ажибай", "Серік Әжібай"]:
        assert names_listed(case_list(client, name=query)) == ["Serik Azhibay"], query


def test_name_and_organization_filters_follow_a_corrected_defendant(client):
    """The filters read the defendant stored on each sentence: it must follow the case."""
    from events.models import Proceeding
    from people.models import Affiliation

    sentence = detention(15, name="Wrongly Named")
    wrong = sentence.proceeding.person
    right = cited(PersonFactory(preferred_name="Rightly Named"))
    movement = cited(OrganizationFactory(kind=OrganizationKind.MOVEMENT))
    cited(
        Affiliation.objects.create(
            person=right, organization=movement, publication_status="published"
        )
    )
    proceeding = sentence.proceeding

    proceeding.person = right
    proceeding.save()

    assert names_listed(case_list(client, name="Rightly")) == ["Rightly Named"]
    assert names_listed(case_list(client, name="Wrongly")) == []
    assert names_listed(case_list(client, organization=movement.pk)) == ["Rightly Named"]

    # A bulk update (the admin's actions, the shell) keeps it current too.
    Proceeding.objects.filter(pk=proceeding.pk).update(person=wrong)
    assert names_listed(case_list(client, name="Wrongly")) == ["Wrongly Named"]
    assert names_listed(case_list(client, name="Rightly")) == []
    assert names_listed(case_list(client, organization=movement.pk)) == []


def test_ordering_by_days_and_fine_with_a_stable_tiebreaker(client):
    a = detention(10, name="Ten A")
    b = detention(10, name="Ten B")
    detention(30, name="Thirty")
    fine(5000, name="Fine Small")
    fine(90000, name="Fine Large")

    assert names_listed(case_list(client, ordering="-days"))[:3] == ["Thirty", "Ten A", "Ten B"]
    assert names_listed(case_list(client, ordering="days"))[:3] == ["Ten A", "Ten B", "Thirty"]
    assert names_listed(case_list(client, ordering="-kzt"))[:2] == ["Fine Large", "Fine Small"]
    assert names_listed(case_list(client, ordering="kzt"))[:2] == ["Fine Small", "Fine Large"]
    assert a.pk < b.pk


def test_ordering_by_date_puts_unknown_dates_last(client):
    detention(15, name="Old", ruling_date="2020-08-03")
    detention(15, name="New", ruling_date="2025-11")
    make_case("Undated", ruling_date="")

    assert names_listed(case_list(client)) == ["New", "Old", "Undated"]
    assert names_listed(case_list(client, ordering="date")) == ["Old", "New", "Undated"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"days_min": "abc"}, "Enter a whole number in digits only, without spaces, dots or"),
        ({"days_max": "1,000"}, "Enter a whole number in digits only, without spaces, dots or"),
        # Django read "1.000" as 1: a thousand days, written with a dot, found one-day terms.
        ({"days_max": "1.000"}, "Enter a whole number in digits only, without spaces, dots or"),
        ({"days_min": "-5"}, "Enter a whole number of 0 or more."),
        ({"kzt_min": "-5"}, "Enter an amount of 0 or more."),
        ({"kzt_min": "1.000"}, "Enter an amount of at most 12 digits, with at most 2 after the"),
        ({"kzt_min": "lots"}, "Enter an amount in digits only, without spaces or commas"),
        ({"kzt_min": "100 000"}, "Enter an amount in digits only, without spaces or commas"),
        ({"kzt_max": "1e999999"}, "Enter an amount of at most 12 digits"),
        ({"kzt_max": "99999999999999"}, "Enter an amount of at most 12 digits"),
        # A range whose bottom is above its top: nothing could match, so it is an error,
        # not an empty list that looks like an answer.
        ({"days_min": "30", "days_max": "10"}, "10 is less than 30, given as “Term at least"),
        ({"kzt_min": "200000", "kzt_max": "100000"}, "100000 is less than 200000, given as"),
        ({"date_from": "2025", "date_to": "2024"}, "“2024” is earlier than “2025”, given as “Ru"),
        ({"date_from": "2025-07-14", "date_to": "2025-07-13"}, "“2025-07-13” is earlier than"),
        ({"date_from": "July"}, "“July” is not a date."),
        ({"date_from": "2025-99"}, "“2025-99” is not a real date: there is no month 99;"),
        ({"date_to": "2025-00"}, "“2025-00” is not a real date: there is no month 00;"),
        ({"date_to": "2025-01-00"}, "“2025-01-00” is not a real date: January 2025 has days"),
        ({"name": "x" * 10_000}, "Ensure this value has at most 200 characters"),
        ({"court": "notanumber"}, "Select a valid choice."),
        ({"court": "99999999999999999999999"}, "Select a valid choice."),
        ({"protest": "9223372036854775808"}, "a whole number of at most 9223372036854775807."),
        ({"protest": "1" + "0" * 40}, "a whole number of at most 9223372036854775807."),
        ({"ordering": "evil"}, "Select a valid choice. evil is not one of the available"),
        ({"kind": "gallows"}, "Select a valid choice."),
        ({"name": "nul\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_nonsense_filters_show_the_page_with_a_clear_message_and_no_rows(client, params, message):
    detention(15, name="Anyone")

    response = case_list(client, **params)

    content = response.content.decode()
    assert "Some filters need correcting" in content
    assert message in content
    assert names_listed(response) == []


def test_each_bad_value_gets_one_message_and_ranges_that_meet_are_fine(client):
    """One message per mistake ("1e400" had a second, "less than or equal to 1e+50"); a
    range is refused only when its ends cannot meet: a month within its year, one day."""
    detention(15, name="Held", ruling_date="2025-07-14")

    too_big = case_list(client, kzt_min="1e400").context["filter"].form.errors
    met = {
        "days": case_list(client, days_min="15", days_max="15"),
        "month in its year": case_list(client, date_from="2025-07", date_to="2025"),
        "year from its month": case_list(client, date_from="2025", date_to="2025-07"),
        "one day": case_list(client, date_from="2025-07-14", date_to="2025-07-14"),
    }

    assert too_big == {
        "kzt_min": [
            "Enter an amount of at most 12 digits, with at most 2 after the point: 100000 or "
            "150000.50."
        ]
    }
    assert {what: names_listed(page) for what, page in met.items()} == dict.fromkeys(met, ["Held"])


def test_pagination_keeps_the_filters_in_the_links(client):
    with in_bulk():
        for n in range(51):
            detention(15, name=f"Person {n:02d}")

    first = case_list(client, kind="administrative_detention")
    content = first.content.decode()
    page = first.context["page"]

    assert len(first.context["object_list"]) == 50
    assert "51 sentences, rows 1–50." in " ".join(content.split())
    assert f"?kind=administrative_detention&amp;cursor={page.next_token}" in content
    assert 'href="/cases.csv?kind=administrative_detention"' in content
    second = case_list(client, kind="administrative_detention", cursor=page.next_token)
    assert len(second.context["object_list"]) == 1
    assert "rows 51–51" in second.content.decode()
    last = case_list(client, kind="administrative_detention", cursor=page.last_token)
    # The last page is the last 50 rows, read backwards from the end.
    assert names_listed(last) == (names_listed(first) + names_listed(second))[-50:]
    assert "rows 2–51" in last.content.decode()
    back = case_list(
        client, kind="administrative_detention", cursor=last.context["page"].previous_token
    )
    assert names_listed(back) == names_listed(first)
    assert not back.context["page"].has_previous


@pytest.mark.parametrize("cursor", ["garbled", "eyJvIjogIi1kYXRlIn0=", "e30="])
def test_a_cursor_the_list_did_not_make_shows_the_first_page(client, cursor):
    detention(15, name="Only Row")

    response = case_list(client, cursor=cursor)

    assert names_listed(response) == ["Only Row"]
    assert not response.context["page"].has_previous


def test_a_cursor_of_another_order_shows_the_first_page_of_this_one(client, monkeypatch):
    monkeypatch.setattr(CaseListView, "page_size", 1)
    for days in (5, 10):
        detention(days, name=f"Held {days} days")

    by_date = case_list(client).context["page"]
    by_days = case_list(client, ordering="-days", cursor=by_date.next_token)

    assert names_listed(by_days) == ["Held 10 days"]


def test_newest_first_lists_open_started_and_undated_cases_last_by_id(client, monkeypatch):
    """Newest first, a case known only to end by a date, and one with no date, come after
    every dated one, in the order they were entered; "to" a date lists the open-started,
    never the undated. A cursor of an earlier release (an undated row's value null) still
    reads on from its row."""
    monkeypatch.setattr(CaseListView, "page_size", 2)
    undated = detention(15, name="Undated", ruling_date="")
    detention(15, name="In 2019", ruling_date="2019-03-01")
    detention(15, name="By May 2023", ruling_date="../2023-05-18")
    detention(15, name="In 2024", ruling_date="2024-01-01")

    first = case_list(client)
    second = case_list(client, cursor=first.context["page"].next_token)

    assert names_listed(first) + names_listed(second) == [
        "In 2024",
        "In 2019",
        "Undated",
        "By May 2023",
    ]
    assert names_listed(case_list(client, date_to="2023")) == ["In 2019", "By May 2023"]
    assert names_listed(case_list(client, date_to="2018")) == ["By May 2023"]
    earlier = Cursor("-date", AFTER, None, undated.pk).token()
    assert names_listed(case_list(client, cursor=earlier)) == ["By May 2023"]


@pytest.fixture(scope="class")
def paging_rows_for_class(django_db_setup, django_db_blocker):
    """Ties, unknown values (nulls last) and rows of other kinds, for TestPaging."""
    with shared_until_rolled_back(django_db_blocker):
        for n, days in enumerate((15, 15, 15, 10, None, 30, 15, None, 5, 10)):
            if days is None:
                fine(1000 * n, name=f"Row {n}", ruling_date=None if n % 2 else f"2025-0{n}-01")
            else:
                detention(days, name=f"Row {n}", ruling_date=f"202{n % 3}-01-0{n % 5 + 1}")
        detention(7, name="Undated", ruling_date=None)
        yield


@pytest.mark.usefixtures("paging_rows_for_class")
class TestPaging:
    """One set of rows, paged in every order."""

    @pytest.mark.parametrize("ordering", list(ORDERINGS))
    def test_paging_forward_and_back_visits_every_row_once_in_the_lists_order(
        self, client, monkeypatch, ordering
    ):
        """Following Next from the first page, and Previous from the last, gives every row
        once, in the CSV's order."""
        monkeypatch.setattr(CaseListView, "page_size", 3)
        expected = [
            row["person"]
            for row in csv.DictReader(
                io.StringIO(
                    b"".join(
                        client.get("/cases.csv", {"ordering": ordering}).streaming_content
                    ).decode()
                )
            )
        ]

        forward, page = [], case_list(client, ordering=ordering)
        while True:
            forward += names_listed(page)
            token = page.context["page"].next_token
            if not token:
                break
            page = case_list(client, ordering=ordering, cursor=token)
        last_token = case_list(client, ordering=ordering).context["page"].last_token
        backward, page = [], case_list(client, ordering=ordering, cursor=last_token)
        while True:
            backward.insert(0, (page.context["page"].start, names_listed(page)))
            token = page.context["page"].previous_token
            if not token:
                break
            page = case_list(client, ordering=ordering, cursor=token)

        assert len(expected) == 11
        assert forward == expected
        # Backwards, each page is the rows just before the one after it, and where fewer
        # than a page remain, the first page (which then overlaps the second).
        covered = set()
        for start, names in backward:
            assert names == expected[start : start + len(names)]
            covered |= set(range(start, start + len(names)))
        assert covered == set(range(len(expected)))
        assert [start for start, _ in backward] == [0, 2, 5, 8]


def test_the_count_is_kept_per_filter_until_the_public_site_changes(client, settings):
    """Counted once per filter and generation (events.paging.count_rows); a publish moves
    the generation, and the next page counts again."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    for n in range(2):
        detention(15, name=f"Person {n}")

    def counts(**params):
        # Each request a new address (the pages themselves are cached by address too):
        # the orderings and a cursor this list never made leave the filters as they are.
        with CaptureQueriesContext(connection) as queries:
            response = case_list(client, cursor=next(addresses), **params)
        counting = [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
        return response.context["page"].count, len(counting)

    addresses = (f"never-made-{n}" for n in range(100))
    assert counts() == (2, 1)
    assert counts(ordering="date") == (2, 0)  # the same filters: from the cache
    assert counts(kind="fine") == (0, 1)  # other filters, their own count
    detention(15, name="Person 2")
    assert counts() == (3, 1)


def test_a_count_beyond_the_exact_limit_is_the_planners_estimate_said_as_about(client, settings):
    """Above CASETRACKER_EXACT_COUNT_LIMIT rows, PostgreSQL's plan gives the count, never
    below what the bounded count read, and the page says "about"; the facets wait for a
    narrower list and the last page names no row numbers it cannot know. Other databases
    count exactly. Up to the limit, every database counts exactly."""
    settings.CASETRACKER_EXACT_COUNT_LIMIT = 3
    with in_bulk():
        for n in range(51):
            detention(15, name=f"Person {n:02d}")
    gather_statistics()

    narrow = case_list(client, name="Person 07")
    assert (narrow.context["page"].count, narrow.context["page"].count_exact) == (1, True)
    assert "1 sentence." in " ".join(narrow.content.decode().split())

    first = case_list(client)
    page = first.context["page"]
    last = case_list(client, cursor=page.last_token)
    if connection.vendor == "postgresql":
        assert not page.count_exact
        assert page.count >= 4  # the bounded count read past the limit
        assert summary(first).startswith(f"about {page.count} sentences, rows 1–50.")
        assert first.context["facets_deferred"]
        assert summary(last).startswith(f"about {page.count} sentences. ")
    else:
        assert (page.count, page.count_exact) == (51, True)
        assert summary(first).startswith("51 sentences, rows 1–50.")
        assert summary(last).startswith("51 sentences, rows 2–51.")


def summary(response) -> str:
    """The text of the line above the results: "51 sentences, rows 1–50. …"."""
    html = response.content.decode().split('<p class="results-summary">', 1)[1]
    return " ".join(strip_tags(html.split("</p>", 1)[0]).split())


@pytest.mark.parametrize(
    "number, rounded",
    [(4, 4), (10_001, 10_000), (12_345, 12_000), (247_703, 250_000), (995_000, 1_000_000)],
)
def test_estimates_aretwo_significant_figures_to_two_significant_figures(number, rounded):
    assert two_significant_figures(number) == rounded


def test_filter_form_has_labels_and_keeps_values(client):
    content = case_filters(client, name="Ажибай", days_min=15).content.decode()

    assert '<label for="id_name">Person’s name:</label>' in content
    assert 'value="Ажибай"' in content
    assert 'name="days_min" value="15"' in content


def test_a_field_that_cannot_be_understood_shows_its_error_beside_it(client):
    valid = case_filters(client, days_min=15).content.decode()
    invalid = case_filters(client, days_min="abc", court="notanumber").content.decode()

    assert "errorlist" not in valid
    # Once in the notice above the form, once under each field.
    assert invalid.count("Enter a whole number in digits only") == 2
    assert invalid.count("Select a valid choice.") == 2
    assert invalid.count('<ul class="errorlist"') == 2


def test_the_list_names_each_error_and_links_to_its_field_on_the_page_of_filters(client):
    detention(15, name="Someone")

    response = case_list(client, days_min="abc", court="notanumber", ordering="days")
    content = response.content.decode()

    assert response.context["object_list"] == []  # no rows under filters it cannot apply
    assert content.count("Enter a whole number in digits only") == 1
    assert content.count("Select a valid choice.") == 1
    query = "days_min=abc&amp;court=notanumber&amp;ordering=days"
    filters = f"{reverse('events:case_filters')}?{query}"
    assert f'<a href="{filters}#id_days_min">Term at least (days)</a>' in content
    assert f'<a href="{filters}#id_court">Court</a>' in content
    assert f'<a href="{filters}">Correct them on the page of filters</a>' in content


def test_the_list_shows_each_filter_in_use_and_removes_it_alone(client):
    court = cited(CourtFactory(name="Almaty City Court"))
    detention(15, name="Someone", court=court)
    query = {
        "name": "Someone",
        "kind": "administrative_detention",
        "court": court.pk,
        "without_case": "",
        "days_min": "",
        "ordering": "-days",
        "cursor": "x",
    }

    response = case_list(client, **query)

    path = reverse("events:case_list")
    rest = "kind=administrative_detention&court={}&without_case=&days_min=&ordering=-days"
    assert response.context["filters_in_use"] == [
        ("Person’s name", "Someone", f"{path}?{rest.format(court.pk)}"),
        (
            "Sentence",
            "Administrative detention",
            f"{path}?name=Someone&court={court.pk}&without_case=&days_min=&ordering=-days",
        ),
        (
            "Court",
            "Almaty City Court",
            f"{path}?name=Someone&kind=administrative_detention&without_case=&days_min="
            "&ordering=-days",
        ),
    ]
    # The order is no filter, nor is an empty box or a parameter no filter reads.
    assert "3 filters used" in response.content.decode()
    assert "filter used" not in case_list(client, ordering="-kzt").content.decode()
    assert "1 filter used:" in case_list(client, name="Someone", utm_source="x").content.decode()
    alone = case_list(client, name="Someone", without_case="on").context["filters_in_use"]
    assert alone[-1] == ("Detention without a case", "yes", f"{path}?name=Someone")
    assert case_list(client, days_min="abc").context["filters_in_use"] == []


@pytest.mark.parametrize("off", ["0", "false", "off", "no", "OFF"])
def test_a_tick_box_left_off_in_an_address_filters_nothing(client, off):
    """``?without_case=0`` switched the filter on (Django's box reads any value but "false"
    as ticked): every row shown, no filter said to be in use, in the list and the API."""
    detention(15, name="Held And Tried")
    held = detention(1, name="Held Without Charge")
    Sentence.objects.filter(pk=held.pk).update(kind=SentenceKind.HELD_WITHOUT_CHARGE, ruling=None)

    response = case_list(client, without_case=off)
    api = client.get("/api/v1/cases/", {"without_case": off}).json()["results"]

    assert names_listed(response) == ["Held And Tried", "Held Without Charge"]
    assert response.context["filters_in_use"] == []
    assert len(api) == 2
    assert names_listed(case_list(client, without_case="1")) == ["Held Without Charge"]


def test_the_filters_page_shows_the_list_at_an_address_of_the_filters_filled_in(client):
    show = reverse("events:case_filters_apply")
    form = case_filters(client).content.decode()
    assert f'<form class="filters" method="get" action="{show}"' in form

    def shown(query):
        response = client.get(show, query)
        assert response.status_code == 302
        return response["Location"]

    assert shown({"name": "Azhibai", "kind": "", "ordering": "-date", "days_min": ""}) == (
        "/?name=Azhibai"
    )
    assert shown({"kind": "fine", "ordering": "-kzt"}) == "/?kind=fine&ordering=-kzt"
    assert shown({"name": "", "ordering": "-date"}) == "/"
    assert shown({"days_min": "abc"}) == "/?days_min=abc"  # the list names the error
    assert client.get(f"/ru{show}", {"name": "Ажибай", "kind": ""})["Location"] == (
        "/ru/?name=%D0%90%D0%B6%D0%B8%D0%B1%D0%B0%D0%B9"
    )


def test_user_input_is_escaped(client):
    detention(15, name="<script>alert(1)</script>")

    content = case_list(client, name="<b>bold</b>").content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "<b>bold</b>" not in content


def test_every_cell_and_menu_escapes_what_researchers_typed(client):
    court = cited(CourtFactory(name="<i>Court</i> & Sons"))
    protest = cited(ProtestFactory(title="<u>Picket</u>"))
    detention(
        15,
        name="Safe Name",
        court=court,
        protests=[protest],
        charges=[("<em>Art</em>", "<s>rally</s>")],
    )

    content = case_list(client).content.decode()
    menus = case_filters(client).content.decode()

    for raw in ["<i>Court</i>", "<u>Picket</u>", "<em>Art</em>", "<s>rally</s>"]:
        assert raw not in content
        assert raw not in menus
    assert "&lt;i&gt;Court&lt;/i&gt; &amp; Sons</a>" in content  # the row
    assert "&lt;i&gt;Court&lt;/i&gt; &amp; Sons</option>" in menus  # the court menu
    assert "&lt;u&gt;Picket&lt;/u&gt;</a>" in content
    assert "&lt;em&gt;Art&lt;/em&gt;: &lt;s&gt;rally&lt;/s&gt;" in content


# Query count ------------------------------------------------------------------------------


def build_rows(count, court, protest):
    many_cases(
        count,
        name="Defendant {n}",
        names=("Подсудимый {n}",),
        court=court,
        protests=[protest],
        charges=[("Art. 488", "unsanctioned rally"), ("Art. 434", "petty hooliganism")],
    )


def gather_statistics():
    """Let PostgreSQL plan with table statistics, as autovacuum gives it in production.

    A test's rows are never committed, so autovacuum never analyzes them and the planner
    assumes every table is nearly empty: with a few hundred rows, the nested publication
    checks of public() then run as nested loops over every citation (minutes, not ms).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:case_list"), params)
    assert response.status_code == 200
    return len(queries)


def test_case_list_runs_the_same_few_queries_for_5_and_200_rows(client):
    court = cited(CourtFactory())
    protest = cited(ProtestFactory())
    build_rows(5, court, protest)
    gather_statistics()
    count_queries(client)  # warm the content-type cache
    with_5 = count_queries(client)
    filtered_5 = count_queries(client, name="defendant", court=court.pk, ordering="-days")

    build_rows(195, court, protest)
    gather_statistics()
    with_200 = count_queries(client)
    filtered_200 = count_queries(client, name="defendant", court=court.pk, ordering="-days")

    # Up to 12: the facets read the filtered rows once, then the courts, charges and places
    # of their cases by id (events.facets), rather than repeating every filter, or reading
    # the rows again, in each of a dozen parts of one query.
    assert with_5 == with_200 <= 12
    assert filtered_5 == filtered_200 <= 12


# Demo data --------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_loaded_for_class, db):
    """The demo data, shared by the tests of one class (see conftest)."""


def demo_rows(client, **params) -> list[str]:
    return names_listed(case_list(client, **params))


class TestDemoCaseList:
    """The journalists' questions, asked of the case list on the demo data."""

    def test_demo_everyone_sentenced_to_15_days_of_administrative_detention(self, client, demo):
        rows = demo_rows(client, kind="administrative_detention", days_min=15, days_max=15)

        assert sorted(rows) == ["Baibolat Kunbolat", "Serik Azhibay"]

    def test_demo_fines_of_at_least_100000_tenge(self, client, demo):
        # Bounds are inclusive: "over 100,000 KZT" is kzt_min=100001; 100000 gives the same here.
        assert demo_rows(client, kzt_min=100001) == ["Gulbaran Omirali"]
        assert demo_rows(client, kzt_min=100000) == ["Gulbaran Omirali"]

    def test_demo_rulings_at_the_almaty_specialized_inter_district_court(self, client, demo):
        from people.models import Organization

        court = Organization.objects.get(name="Almaty Specialized Inter-District Court")

        rows = demo_rows(client, court=court.pk)

        assert "Baibolat Kunbolat" in rows
        assert "Serik Azhibay" not in rows  # his court is not reported

    def test_demo_criminal_charges_of_inciting_discord_since_november_2025(self, client, demo):
        rows = demo_rows(
            client, proceeding_kind="criminal", charge="inciting discord", date_from="2025-11"
        )

        named = sorted(name for name in rows if name != "unnamed")
        assert named == ["Bekzat Maksutkan", "Guldariya Sherizat"]
        assert "Serikzhan Bilash" not in rows  # charged with inciting discord in 2019

    @pytest.mark.parametrize("query", ["Azhibai", "azhibay", "Ажибай", "Серік Әжібай"])
    def test_demo_name_search_finds_azhibay_in_any_spelling(self, client, demo, query):
        assert demo_rows(client, name=query) == ["Serik Azhibay"]

    def test_demo_name_search_finds_turganbay_spelt_turgunbay(self, client, demo):
        rows = demo_rows(client, name="Turgunbay")

        assert "Alimnur Turganbay" in rows
        assert set(rows) <= {"Alimnur Turganbay", "Nephew of Alimnur Turganbay (name not reported)"}


def test_a_row_of_unnamed_defendants_starts_its_cell_with_a_capital_in_every_language(client):
    """Kazakh puts the count after the words ("аты аталмаған 12 айыпталушы"): the list's
    cell, which starts with them, has a message of its own, capitalised."""
    make_case(name=None, kind=SentenceKind.FINE, amount_as_reported="not reported")

    cells = {
        prefix: re.search(
            r'<td data-label="[^"]*">([^<]*)<br>', client.get(f"{prefix}/").content.decode()
        ).group(1)
        for prefix in ("", "/ru", "/kk")
    }

    assert cells == {
        "": "12 unnamed defendants",
        "/ru": "12 неназванных подсудимых",
        "/kk": "Аты аталмаған 12 айыпталушы",
    }


@pytest.mark.parametrize(
    ("params", "kazakh"),
    [
        ({"kzt_min": "1e400"}, "Соманы 12 цифрдан аспайтын етіп"),
        ({"kzt_min": "-5"}, "0 немесе одан көп сома енгізіңіз."),
        ({"days_min": "-5"}, "0 немесе одан үлкен бүтін сан енгізіңіз."),
        ({"days_max": "1.000"}, "Бүтін санды тек цифрмен"),
    ],
)
def test_number_box_messages_are_the_sites_own_in_every_language(client, params, kazakh):
    """Django's own words for these ("Ensure that there are no more than 14 digits") were
    English on the Kazakh list, or garbled: each is the site's, and says how to write it."""
    detention(15, name="Anyone")

    content = client.get("/kk/", params).content.decode()

    assert kazakh in content
    assert "Ensure" not in content
