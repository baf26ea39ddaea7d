"""The person page as a journalist reads it: where things stand and the latest penalty
first, then the story in true date order with the relatives' events marked as theirs, and
every source once in one numbered list of references."""

import re
from datetime import date
from types import SimpleNamespace

import pytest

from events.models import Charge, LegalCode, MeasureKind, Outcome, SentenceKind, SentenceStatus
from events.standing import standing
from people.models import Person, Relationship
from tests.events.test_person_pages import cited, measure, page, participation, positions
from tests.factories import (
    PersonFactory,
    ProceedingFactory,
    ProtestFactory,
    RulingFactory,
)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def summary_of(html: str) -> str:
    return text_of(html.split('class="person-summary"')[1].split("</section>")[0])


def story_of(html: str) -> str:
    return text_of(html.split('class="timeline"')[1].split("</ol>")[0])


def own_entries(html: str) -> list[str]:
    """The text of each entry of the person's own story (not a relative's), in order."""
    entries = html.split('class="timeline"')[1].split("</ol>")[0].split("<li")[1:]
    return [text_of(entry) for entry in entries if "timeline-entry--relative" not in entry]


def index_of(entries: list[str], text: str) -> int:
    return next(i for i, entry in enumerate(entries) if text in entry)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_loaded_for_class")
class TestDemoPeople:
    def test_summary_says_where_azhibay_stands_and_his_latest_penalty(self, client):
        summary = summary_of(page(client, Person.objects.get(preferred_name="Serik Azhibay")))
        assert "Where things stand Sentenced · 3 Aug 2020" in summary
        assert "Latest penalty 15 days in jail (administrative detention, imposed)" in summary
        assert "ruling of 3 Aug 2020" in summary
        assert "Also written: Azihibai, Serik Azhibai" in summary

    def test_summary_says_sherizat_awaits_her_verdict_under_house_arrest(self, client):
        summary = summary_of(page(client, Person.objects.get(preferred_name="Guldariya Sherizat")))
        assert "Awaiting verdict, under house arrest · 23 Jan 2026" in summary
        assert "up to 10 years (imprisonment, maximum possible)" in summary

    def test_sherizats_story_puts_each_link_after_what_caused_it(self, client):
        """The seed case the old page got wrong: the case opened "in Nov 2025" came before
        the protest of 13 Nov 2025 that caused it, and the house arrest, whose start is not
        reported, came after the ruling it preceded."""
        html = page(client, Person.objects.get(preferred_name="Guldariya Sherizat"))
        entries = own_entries(html)
        order = [
            index_of(entries, text)
            for text in (
                "Protest: Burning of Chinese flags",
                "Proceeding opened: Criminal case",
                "Charge: inciting ethnic discord",
                "Before trial: House arrest",
                "In court: Trial hearing",
                "Ruling: Pending",
            )
        ]
        assert order == sorted(order) == list(range(6))

    def test_sherizats_charge_follows_her_case_opening_with_its_law_and_source(self, client):
        html = page(client, Person.objects.get(preferred_name="Guldariya Sherizat"))
        entries = own_entries(html)
        charge = index_of(entries, "Charge: inciting ethnic discord")
        assert charge == index_of(entries, "Proceeding opened: Criminal case") + 1
        assert "Law Criminal Code" in entries[charge]
        # Dated by the opening, and cited: the charge's own footnote beside its title.
        entry = html.split("inciting ethnic discord</a>")[1].split("</h3>")[0]
        assert re.search(r'href="#ref-\d+"', entry)
        assert "Nov 2025" in entries[charge]

    def test_a_protests_placards_and_slogans_appear_under_its_entry(self, client):
        html = page(client, Person.objects.get(preferred_name="Guldariya Sherizat"))
        entries = own_entries(html)
        protest = entries[index_of(entries, "Protest: Burning of Chinese flags")]
        assert "Slogan or chant Down with Xi Jinping!" in protest
        assert "Down with the Communist Party!" in protest
        entry = html.split("Down with Xi Jinping!")[1].split("</dd>")[0]
        assert re.search(r'href="#ref-\d+"', entry)

    def test_her_husbands_arrest_is_on_her_story_marked_as_his(self, client):
        html = page(client, Person.objects.get(preferred_name="Guldariya Sherizat"))
        story = story_of(html)
        husband = Person.objects.get(preferred_name="Alimnur Turganbay")
        assert "Event of Alimnur Turganbay (spouse) Before trial: Detention" in story
        assert "arrested by border officials in Xinjiang" in story
        assert positions(story, "arrested by border officials", "Protest: Burning")[0] == min(
            positions(story, "arrested by border officials", "Protest: Burning")
        )
        entry = html.split("Event of")[1].split("</li>")[0]
        assert husband.get_absolute_url() in entry

    def test_every_footnote_links_to_the_one_list_where_each_source_appears_once(self, client):
        html = page(client, Person.objects.get(preferred_name="Guldariya Sherizat"))
        references = html.split('class="reference-list"')[1].split("</ol>")[0]
        listed = re.findall(r'<li id="ref-(\d+)">', references)
        assert listed == [str(n) for n in range(1, len(listed) + 1)]
        assert len(listed) >= 2
        source_links = re.findall(r'<cite><a href="([^"]+)"', references)
        assert len(source_links) == len(set(source_links)) == len(listed)
        marks = set(re.findall(r'href="#ref-(\d+)"', html))
        assert marks == set(listed)
        assert html.count('id="ref-1"') == 1
        # The quotes are there on demand, inside each reference's <details>.
        assert re.search(r"<details[^>]*>.*?staged a protest.*?</details>", references, re.S)

    def test_each_reference_lists_each_quote_once_however_many_facts_it_supports(self, client):
        """The lawyer's name, role and client are three facts cited by one sentence of the
        article: the reference shows that sentence once, not three times."""
        repeated = {}
        for person in Person.objects.public():
            html = page(client, person)
            if 'class="reference-list"' not in html:
                continue
            references = html.split('class="reference-list"')[1].split("</ol>")[0]
            for reference in references.split("<li ")[1:]:
                quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", reference, re.S)
                quotes += re.findall(r'class="quote-withheld"', reference)
                if len(quotes) != len(set(quotes)):
                    repeated[person.preferred_name] = quotes
                shown = re.search(r"Quotes? \((\d+)\)|Quote</summary>", reference)
                assert shown and int(shown.group(1) or 1) == len(quotes), reference
        assert not repeated
        lawyer = page(client, Person.objects.get(preferred_name="Shynkuat Bayzhanov"))
        assert lawyer.count("rejects the charge that the defendants") == 1

    def test_only_sources_that_differ_in_meaning_are_shown_as_disagreeing(self, client):
        azhibay = own_entries(page(client, Person.objects.get(preferred_name="Serik Azhibay")))
        sentence = azhibay[index_of(azhibay, "Sentence: Administrative detention")]
        assert "15 days in jail" in sentence
        assert "Sources disagree" not in sentence  # "15 days in jail" / "15 days in prison"
        ruling = azhibay[index_of(azhibay, "Ruling: Found guilty")]
        assert "Sources disagree" not in ruling  # "late on August 3" / "Monday"
        kunbolat = own_entries(page(client, Person.objects.get(preferred_name="Baibolat Kunbolat")))
        penalty = kunbolat[index_of(kunbolat, "Sentence: Administrative detention")]
        assert re.search(r"Sources disagree: 15 days ?\[\d\] ?; one week ?\[\d\]", penalty)


@pytest.mark.django_db
def test_house_arrest_is_placed_before_or_after_the_ruling_by_its_date(client):
    person = cited(PersonFactory(preferred_name="Dated Defendant"))
    proceeding = cited(ProceedingFactory(person=person, opened="2024-01"))
    cited(RulingFactory(proceeding=proceeding, date="2024-03-10"))
    cited(measure(proceeding, kind=MeasureKind.HOUSE_ARREST, start="2024-02-01", as_reported="A1"))
    cited(measure(proceeding, kind=MeasureKind.HOUSE_ARREST, start="2024-04", as_reported="A2"))
    story = story_of(page(client, person))
    before, ruled, after = positions(story, "A1", "Ruling:", "A2")
    assert before < ruled < after


@pytest.mark.django_db
def test_a_case_opened_in_the_month_of_the_protest_comes_after_the_protest(client):
    person = cited(PersonFactory())
    protest = cited(ProtestFactory(title="The mid-month protest", start="2025-11-13"))
    participation(person, protest)
    cited(ProceedingFactory(person=person, opened="2025-11", summary="opened"))
    earlier = cited(ProtestFactory(title="An earlier protest", start="2025-11-02"))
    participation(person, earlier)
    story = story_of(page(client, person))
    order = positions(story, "An earlier protest", "The mid-month protest", "Proceeding opened")
    assert order == sorted(order)


@pytest.mark.django_db
def test_a_protected_relative_is_never_named_nor_their_events_shown(client):
    person = cited(PersonFactory(preferred_name="Open Activist"))
    relative = cited(
        PersonFactory(
            preferred_name="Hidden Real Name",
            is_protected=True,
            pseudonym="Relative Z",
            protection_reason="Held in Xinjiang",
        )
    )
    cited(
        Relationship.objects.create(
            person=relative, kind="spouse", related_person=person, publication_status="published"
        )
    )
    proceeding = cited(ProceedingFactory(person=relative, opened="2025-07"))
    cited(measure(proceeding, kind=MeasureKind.DETENTION, as_reported="taken at the border"))
    cited(charge(proceeding, "spreading false information"))
    html = page(client, person)
    assert "spreading false information" not in html
    assert "Hidden Real Name" not in html
    assert "Relative Z" not in html  # the relation itself would point to who they are
    assert "taken at the border" not in html
    assert "Event of" not in html


def charge(proceeding, as_reported, **kwargs):
    return Charge.objects.create(
        proceeding=proceeding, as_reported=as_reported, publication_status="published", **kwargs
    )


@pytest.mark.django_db
def test_a_charge_stays_with_its_case_opening_whatever_else_falls_in_that_month(client):
    person = cited(PersonFactory())
    proceeding = cited(ProceedingFactory(person=person, opened="2025-11"))
    cited(measure(proceeding, kind=MeasureKind.DETENTION, start="2025-11-20", as_reported="D1"))
    cited(charge(proceeding, "inciting discord", code=LegalCode.CRIMINAL, article="Art. 174"))
    cited(charge(proceeding, "unsanctioned rally"), quote="charged with an unsanctioned rally")
    undated = cited(ProceedingFactory(person=person, opened=""))
    cited(RulingFactory(proceeding=undated, date="2026-02-01"))
    cited(charge(undated, "the later charge"))
    entries = own_entries(page(client, person))
    # The detention of 20 Nov came before the case "opened in Nov" (the chain's order);
    # the charges come with the opening, not on the first day of the month.
    opened = index_of(entries, "Proceeding opened")
    assert index_of(entries, "D1") == opened - 1
    assert index_of(entries, "Charge: inciting discord") == opened + 1
    assert index_of(entries, "Charge: unsanctioned rally") == opened + 2
    assert "Nov 2025" in entries[opened + 1]
    assert "Law Criminal Code Art. 174" in entries[opened + 1]
    assert "Law not reported" in entries[opened + 2]
    # A case whose opening is not reported: its charge still follows it, before its ruling.
    later = index_of(entries, "Charge: the later charge")
    assert later > opened + 2
    assert "Proceeding opened" in entries[later - 1]
    assert "Ruling" in entries[later + 1]


@pytest.mark.django_db
def test_a_protected_persons_charges_never_appear_on_their_page(client):
    person = cited(PersonFactory(is_protected=True, pseudonym="Activist C", protection_reason="x"))
    cited(charge(cited(ProceedingFactory(person=person)), "inciting discord"))
    html = page(client, person)
    assert "Activist C" in html
    assert "inciting discord" not in html


@pytest.mark.django_db
def test_a_public_relatives_events_are_marked_with_their_public_name(client):
    person = cited(PersonFactory(preferred_name="Open Activist"))
    brother = cited(PersonFactory(preferred_name="Open Brother"))
    cited(
        Relationship.objects.create(
            person=brother, kind="sibling", related_person=person, publication_status="published"
        )
    )
    proceeding = cited(ProceedingFactory(person=brother, opened="2025-07"))
    cited(measure(proceeding, kind=MeasureKind.DETENTION, as_reported="taken at the border"))
    story = story_of(page(client, person))
    assert "Event of Open Brother (sibling)" in story
    assert "taken at the border" in story


# The standing rule, case by case (events.standing.standing)


def proceeding(opened="", rulings=(), sentences=(), measures=()):
    return SimpleNamespace(
        opened=opened,
        public_rulings=list(rulings),
        public_sentences=list(sentences),
        public_measures=list(measures),
        public_hearings=[],
    )


def ruling(pk, day, outcome=Outcome.GUILTY):
    return SimpleNamespace(pk=pk, date=day, outcome=outcome)


def sentence(ruling_pk, kind, status=SentenceStatus.IMPOSED, term_days=None):
    return SimpleNamespace(ruling_id=ruling_pk, kind=kind, status=status, term_days=term_days)


def house_arrest(start="", end=""):
    return SimpleNamespace(kind=MeasureKind.HOUSE_ARREST, start=start, end=end, public_changes=[])


TODAY = date(2026, 2, 1)


def test_standing_of_no_case_is_none():
    assert standing([], TODAY) is None


def test_standing_awaiting_verdict_names_the_measure_in_force():
    case = proceeding(
        "2025-11",
        [ruling(1, "2026-01-23", Outcome.PENDING)],
        [sentence(None, SentenceKind.IMPRISONMENT, SentenceStatus.MAXIMUM)],
        [house_arrest()],
    )
    found = standing([case], TODAY)
    assert found.status == "Awaiting verdict, under house arrest"
    assert found.since == "2026-01-23"
    assert found.penalty.status == SentenceStatus.MAXIMUM


def test_standing_after_a_ruling_says_sentenced_or_fined_with_the_latest_penalty():
    jailed = proceeding("2020-08-03", [ruling(1, "2020-08-03")])
    jailed.public_sentences = [sentence(1, SentenceKind.ADMINISTRATIVE_DETENTION, term_days=15)]
    fined = proceeding("2021-06", [ruling(2, "2021-06-22")], [sentence(2, SentenceKind.FINE)])
    found = standing([jailed, fined], TODAY)
    assert found.status == "Fined"
    assert found.penalty.kind == SentenceKind.FINE
    only_jailed = standing([jailed], TODAY)
    assert only_jailed.status == "Sentenced"
    assert only_jailed.term_over_by == date(2020, 8, 18)


@pytest.mark.parametrize(
    ("outcome", "words"),
    [(Outcome.ACQUITTED, "Acquitted"), (Outcome.DISMISSED, "Case dismissed")],
)
def test_standing_after_acquittal_or_dismissal(outcome, words):
    assert standing([proceeding("2024", [ruling(1, "2024-05", outcome)])], TODAY).status == words


def test_standing_before_any_ruling_is_the_measure_in_force_or_an_open_case():
    held = proceeding("2025-07", measures=[house_arrest("2025-07-02")])
    assert standing([held], TODAY).status == "Under house arrest"
    ended = proceeding("2025-07", measures=[house_arrest("2025-07-02", "2025-09-01")])
    assert standing([ended], TODAY).status == "Case opened"
    served = proceeding("2024", [ruling(1, "2024-02")])
    served.public_sentences = [
        sentence(1, SentenceKind.IMPRISONMENT, SentenceStatus.SERVED, term_days=30)
    ]
    assert standing([served], TODAY).status == "Served the sentence"
