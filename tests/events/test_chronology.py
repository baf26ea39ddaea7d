"""A protest's chronology (/protests/<id>/chronology/): everyone's events in date order,
footnoted, through the gate, in a constant number of queries (events.chronology)."""

import pytest
from django.urls import reverse

from events.models import Hearing, PretrialMeasure, SentenceStatus
from tests.events.test_case_list import cited, make_case
from tests.factories import CitationFactory, PersonFactory, ProtestFactory, SourceFactory

pytestmark = pytest.mark.django_db


def chronology(client, protest):
    response = client.get(reverse("events:protest_chronology", args=[protest.pk]))
    assert response.status_code == 200
    return response


def lines(response) -> list[tuple[str, str, str]]:
    return [(h.date, h.what, h.who) for h in response.context["happenings"]]


def case_from(protest, name, ruling_date, *, opened=""):
    sentence = make_case(name, ruling_date=ruling_date, protests=[protest])
    if opened:
        sentence.proceeding.opened = opened
        sentence.proceeding.save()
    return sentence


def test_chronology_lists_everyone_in_date_order_never_before_the_protest(client):
    protest = cited(ProtestFactory(title="Rally", start="2025-11-13", kind="rally"))
    case_from(protest, "Later Defendant", "2026-01-23", opened="2025-11")
    case_from(protest, "Earlier Defendant", "2025-11-20")

    assert lines(chronology(client, protest)) == [
        ("2025-11-13", "Rally: Rally", ""),
        ("", "Administrative case opened", "Earlier Defendant"),
        # Opened "in November 2025": placed from the protest's day, not on 1 November.
        ("2025-11", "Administrative case opened", "Later Defendant"),
        ("2025-11-20", "Ruling: Found guilty", "Earlier Defendant"),
        ("2025-11-20", "Administrative detention: 15 days", "Earlier Defendant"),
        ("2026-01-23", "Ruling: Found guilty", "Later Defendant"),
        ("2026-01-23", "Administrative detention: 15 days", "Later Defendant"),
    ]


def test_chronology_takes_in_a_campaigns_days_and_dates_a_penalty_without_ruling(client):
    campaign = cited(ProtestFactory(title="Campaign", start="2021-02", kind="campaign"))
    day = cited(ProtestFactory(title="One day", start="2021-05", parent=campaign))
    sentence = case_from(day, "Picketer", None, opened="2021-06")
    sentence.status = SentenceStatus.MAXIMUM
    sentence.save()

    assert lines(chronology(client, campaign)) == [
        ("2021-02", "Campaign (series of protests): Campaign", ""),
        ("2021-05", "Solo picket: One day", ""),
        ("2021-06", "Administrative case opened", "Picketer"),
        ("2021-06", "Administrative detention: 15 days", "Picketer"),
    ]


def test_chronology_shows_a_protected_person_by_pseudonym_and_no_unpublished_record(client):
    protest = cited(ProtestFactory(start="2025-07-01"))
    sentence = case_from(protest, "Real Name", "2025-07-14")
    person = sentence.proceeding.person
    person.is_protected = True
    person.pseudonym = "Witness Q"
    person.protection_reason = "Relatives in Xinjiang"
    person.save()
    PretrialMeasure.objects.create(
        proceeding=sentence.proceeding, kind="house_arrest", publication_status="draft"
    )
    Hearing.objects.create(proceeding=sentence.proceeding, date="2025-07-10")  # no citation

    response = chronology(client, protest)
    page = response.content.decode()

    assert {who for _, _, who in lines(response)} == {"", "Witness Q"}
    assert "Real Name" not in page
    assert "House arrest" not in page
    assert "hearing" not in page.lower().split("<main")[-1]


def test_chronology_numbers_each_source_once_in_order_of_first_use(client):
    protest = ProtestFactory(start="2025-07-01")
    afp, rferl = SourceFactory(outlet="AFP"), SourceFactory(outlet="RFE/RL")
    CitationFactory(fact=protest, source=afp)
    sentence = case_from(protest, "Defendant", "2025-07-14")
    CitationFactory(fact=sentence.ruling, source=rferl)
    CitationFactory(fact=sentence.ruling, source=afp)

    response = chronology(client, protest)

    assert [r.source.outlet for r in response.context["references"]][:2] == ["AFP", "Example News"]
    ruling = next(h for h in response.context["happenings"] if h.what.startswith("Ruling"))
    numbers = {r.source.pk: r.number for r in response.context["references"]}
    assert numbers[rferl.pk] in ruling.footnotes and numbers[afp.pk] in ruling.footnotes
    page = response.content.decode()
    assert f'href="#ref-{numbers[rferl.pk]}"' in page
    assert f'id="ref-{numbers[rferl.pk]}"' in page


def test_protest_page_links_its_chronology(client):
    protest = cited(ProtestFactory())

    page = client.get(protest.get_absolute_url()).content.decode()

    assert reverse("events:protest_chronology", args=[protest.pk]) in page


def test_chronology_of_an_unpublished_protest_is_not_found(client):
    protest = ProtestFactory(publication_status="draft")
    cited(protest)

    response = client.get(reverse("events:protest_chronology", args=[protest.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("cases", [2, 20])
def test_chronology_runs_the_same_queries_however_many_cases(
    client, django_assert_max_num_queries, cases
):
    protest = cited(ProtestFactory(start="2025-07-01"))
    for n in range(cases):
        sentence = case_from(protest, f"Defendant {n}", "2025-07-14")
        cited(
            PretrialMeasure.objects.create(
                proceeding=sentence.proceeding, kind="detention", publication_status="published"
            )
        )
        cited(PersonFactory())
    # Protest, days, cases, links, charges, measures, hearings, rulings, penalties,
    # citations.
    with django_assert_max_num_queries(11):
        response = chronology(client, protest)
    assert len(response.context["happenings"]) == 1 + 4 * cases


@pytest.mark.parametrize(
    ("language", "opened", "ruling"),
    [("ru", "Административное дело: начало", "Решение: "), ("kk", ": басталды", "Шешім: ")],
)
def test_chronology_words_are_in_the_readers_language(client, language, opened, ruling):
    protest = cited(ProtestFactory(title="Rally", start="2025-11-13", kind="rally"))
    case_from(protest, "Defendant", "2025-11-20", opened="2025-11")
    url = reverse("events:protest_chronology", args=[protest.pk]).replace("/", f"/{language}/", 1)

    words = [what for _date, what, _who in lines(client.get(url))]

    assert any(opened in what for what in words), words
    assert any(what.startswith(ruling) for what in words), words
    assert not any("opened" in what or "Ruling:" in what for what in words), words
