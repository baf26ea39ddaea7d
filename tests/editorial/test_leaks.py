"""The leak test: nothing unpublished, internal or protected reaches any public surface.

Records of every model are created in every non-public state (draft, in review,
retracted, published without a public citation, published under a hidden parent), plus a
protected person with names, birth data, locality, relatives, a description and a whole
case, all citing sources with quotes. Every text field of them carries a unique marker
("LEAKMARK-<n>"), and so do the internal notes of every published record. Published
demo data (fixtures/demo.json) and published factory data sit beside them.

Then every public URL is requested: the case list with and without every filter, the CSV
and the API's case list likewise, the search page, every list page, every page reachable
by following links from them (a crawl of the whole public site, the JSON API included:
every list, page, record and link it returns), and the direct URL of every hidden record,
on the site and in the API. No marker may appear in any response body or header.
"""

import html
import itertools
import re
from collections import deque
from urllib.parse import quote, quote_plus, unquote_plus, urlencode, urlsplit

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from casetracker import site_search
from casetracker.partial_dates import PartialDateField
from events import models as events
from people import models as people
from places import models as places
from publishing import services, upkeep
from publishing.models import PublicationStatus
from publishing.texts import VERSION_LANGUAGES
from sources import models as sources
from tests.demo import load_demo
from tests.factories import CitationFactory, SourceFactory
from tests.figures import note

MARK = "LEAKMARK"
PUBLISHED = PublicationStatus.PUBLISHED
HIDDEN_STATUSES = [PublicationStatus.DRAFT, PublicationStatus.REVIEW, PublicationStatus.RETRACTED]
PSEUDONYM = "Witness Q"
# The protected person's real spellings, searched for below; each also holds a marker.
REAL_NAMES = ["Zhanbota Qairatqyzy", "Жанбота Қайратқызы", "Zhanbota Kairatkyzy"]
BIRTH_DATE = "1937-03-05"
MAX_CRAWL = 4000

_counter = itertools.count(1)


def marker() -> str:
    return f"{MARK}-{next(_counter)}"


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if field.choices or isinstance(field, PartialDateField) or not field.editable:
            continue
        if field.name in {"publication_status", "search_key"}:
            continue
        yield field


def marked(model, *, status=PUBLISHED, public_fields=(), **values):
    """Create ``model`` with a marker in every free-text field not listed in public_fields.

    ``internal_notes`` always gets one, even on a published record.
    """
    for field in _text_fields(model):
        if field.name in values or field.name in public_fields:
            continue
        text = marker()
        if isinstance(field, models.URLField):
            text = f"https://leak.example.org/{text}"
        values[field.name] = text[: field.max_length] if field.max_length else text
    values["internal_notes"] = f"{marker()} internal"
    return model.objects.create(publication_status=status, **values)


@pytest.fixture
def source():
    return SourceFactory(outlet="Published Outlet", headline="A published report")


def cite(fact, source, *, field="", status=PUBLISHED):
    """A citation whose quote, translation, locator and reported value are all markers."""
    return CitationFactory(
        fact=fact,
        source=source,
        field=field,
        quote=f"{marker()} quote naming {fact}",
        translation=marker(),
        locator=marker()[:100],
        reported_value=marker()[:200] if field else "",
        publication_status=status,
        internal_notes=marker(),
    )


PUBLIC_PERSON = (
    "preferred_name",
    "citizenship",
    "ethnicity",
    "locality",
    "description",
    "pseudonym",
    "protection_reason",
)
PUBLIC_COURT = ("country", "locality", "description")
PUBLIC_PROTEST = (
    "place",
    "locality",
    "region",
    "country",
    "target",
    "demands",
    "crowd_as_reported",
    "description",
)
PUBLIC_PROCEEDING = ("country", "court_as_reported", "case_number", "summary")
PUBLIC_SENTENCE = ("amount_as_reported", "custody_credit_as_reported")
PUBLIC_RULING = ("summary", "court_as_reported")


def with_versions(fields: tuple, *texts: str) -> tuple:
    """``fields`` and the versions of ``texts`` in the other languages (publishing.texts):
    a public record's Russian summary is as public as its summary."""
    return fields + tuple(f"{text}_{language}" for text in texts for language in VERSION_LANGUAGES)


PUBLIC_PERSON = with_versions(PUBLIC_PERSON, "description")
PUBLIC_COURT = with_versions(PUBLIC_COURT, "description")
PUBLIC_PROTEST = with_versions(PUBLIC_PROTEST, "title", "description")
PUBLIC_PROCEEDING = with_versions(PUBLIC_PROCEEDING, "summary")
PUBLIC_RULING = with_versions(PUBLIC_RULING, "summary")


def public_chain(source, label: str):
    """A published, cited chain whose only markers are in internal notes and hidden fields."""
    person = marked(
        people.Person, preferred_name=f"Public Person {label}", public_fields=PUBLIC_PERSON
    )
    cite(person, source, status=PUBLISHED).delete()
    CitationFactory(fact=person, source=source, quote=f"published quote {label}")
    organization = marked(
        people.Organization,
        name=f"Public Court {label}",
        kind=people.OrganizationKind.COURT,
        public_fields=PUBLIC_COURT,
    )
    CitationFactory(fact=organization, source=source, quote=f"court quote {label}")
    protest = marked(
        events.Protest,
        title=f"Public picket {label}",
        kind=events.ProtestKind.SOLO_PICKET,
        start="2025-07",
        public_fields=PUBLIC_PROTEST,
    )
    CitationFactory(fact=protest, source=source, quote=f"picket quote {label}")
    proceeding = marked(
        events.Proceeding,
        person=person,
        court=organization,
        kind=events.ProceedingKind.ADMINISTRATIVE,
        public_fields=PUBLIC_PROCEEDING,
    )
    proceeding.protests.add(protest)
    CitationFactory(fact=proceeding, source=source, quote=f"case quote {label}")
    ruling = marked(
        events.Ruling,
        proceeding=proceeding,
        date="2025-07-14",
        outcome=events.Outcome.GUILTY,
        public_fields=PUBLIC_RULING,
    )
    CitationFactory(fact=ruling, source=source, quote=f"ruling quote {label}")
    sentence = marked(
        events.Sentence,
        proceeding=proceeding,
        ruling=ruling,
        kind=events.SentenceKind.ADMINISTRATIVE_DETENTION,
        term_quantity=15,
        term_unit=events.TermUnit.DAYS,
        term_days=15,
        amount_as_reported="15 days",
        public_fields=PUBLIC_SENTENCE,
    )
    CitationFactory(fact=sentence, source=source, quote=f"sentence quote {label}")
    return {
        "person": person,
        "organization": organization,
        "protest": protest,
        "proceeding": proceeding,
        "ruling": ruling,
    }


def hidden_children(host, source, status):
    """Records of every child model, in ``status`` (or uncited), under public parents."""
    cited = status != "uncited"
    status = PUBLISHED if status == "uncited" else status
    other = public_chain(source, f"other-{next(_counter)}")
    rows = [
        marked(people.PersonName, status=status, person=host["person"]),
        marked(people.OrganizationName, status=status, organization=host["organization"]),
        marked(
            people.Relationship,
            status=status,
            person=host["person"],
            related_person=other["person"],
            kind=people.RelationshipKind.SPOUSE,
        ),
        marked(
            people.Affiliation,
            status=status,
            person=other["person"],
            organization=host["organization"],
        ),
        marked(events.Slogan, status=status, protest=host["protest"]),
        marked(
            events.Participation, status=status, protest=host["protest"], person=other["person"]
        ),
        marked(events.Charge, status=status, proceeding=host["proceeding"]),
        marked(
            events.PretrialMeasure,
            status=status,
            proceeding=host["proceeding"],
            kind=events.MeasureKind.values[0],
            start="2025-07-01",
        ),
        marked(
            events.Hearing,
            status=status,
            proceeding=host["proceeding"],
            kind=events.HearingKind.TRANSFER,
            date="2025-07-20",
        ),
        marked(
            events.CourtRole,
            status=status,
            proceeding=host["proceeding"],
            person=other["person"],
            role=events.CourtRoleKind.DEFENCE_LAWYER,
            represents=host["person"],
        ),
    ]
    ruling = marked(
        events.Ruling,
        status=status,
        proceeding=host["proceeding"],
        date="2025-08-01",
        outcome=events.Outcome.GUILTY,
    )
    rows.append(ruling)
    rows.append(
        marked(
            events.Sentence,
            status=status,
            proceeding=host["proceeding"],
            ruling=host["ruling"],
            kind=events.SentenceKind.FINE,
            fine_amount=1000,
            fine_currency=events.Currency.values[0],
            fine_kzt=987654,
            amount_as_reported=marker(),
        )
    )
    public_measure = marked(
        events.PretrialMeasure,
        proceeding=host["proceeding"],
        kind=events.MeasureKind.HOUSE_ARREST,
        start="2025-07-02",
        public_fields=("as_reported", "place_as_reported"),
    )
    CitationFactory(fact=public_measure, source=source, quote="house arrest quote")
    rows.append(
        marked(
            events.MeasureChange,
            status=status,
            measure=public_measure,
            kind=events.MeasureChangeKind.MOVED,
            date="2025-08-01",
        )
    )
    if cited:
        for row in rows:
            cite(row, source)
    return rows


def hidden_top_level(source, status):
    """Top-level records in ``status`` (or uncited), each with published, cited children."""
    cited = status != "uncited"
    status = PUBLISHED if status == "uncited" else status
    person = marked(people.Person, status=status)
    organization = marked(people.Organization, status=status, kind=people.OrganizationKind.COURT)
    protest = marked(events.Protest, status=status, kind=events.ProtestKind.RALLY, start="2025-09")
    hidden_source = marked(sources.Source, status=status, published="2025-09-01", language="en")
    proceeding = marked(
        events.Proceeding,
        status=status,
        person=public_chain(source, f"defendant-{next(_counter)}")["person"],
        kind=events.ProceedingKind.CRIMINAL,
    )
    occasion = marked(events.Occasion, status=status, kind=events.OccasionKind.SUMMIT)
    public_chain(source, f"occasion-{next(_counter)}")["protest"].occasions.add(occasion)
    tops = [person, organization, protest, proceeding, occasion]
    if cited:
        for row in tops:
            cite(row, source)
    # Published, cited children that must stay hidden with their parent.
    children = [
        marked(people.PersonName, person=person),
        marked(people.OrganizationName, organization=organization),
        marked(events.Slogan, protest=protest),
        marked(events.Charge, proceeding=proceeding),
    ]
    ruling = marked(
        events.Ruling, proceeding=proceeding, date="2025-09-10", outcome=events.Outcome.GUILTY
    )
    children.append(ruling)
    children.append(
        marked(
            events.Sentence,
            proceeding=proceeding,
            ruling=ruling,
            kind=events.SentenceKind.IMPRISONMENT,
            term_quantity=7,
            term_unit=events.TermUnit.YEARS,
            term_days=2555,
            amount_as_reported=marker(),
        )
    )
    for child in children:
        cite(child, source)
    if not cited:
        # A source is the evidence itself: published is enough, so there is no uncited one.
        hidden_source.delete()
        return tops
    # A published citation of the hidden source, on a published fact and on a hidden one.
    cite(public_chain(source, f"hidden-source-host-{next(_counter)}")["person"], hidden_source)
    cite(person, hidden_source)
    return tops + [hidden_source]


def protected_person(source, relative):
    """A published, protected person with everything that could identify them."""
    person = marked(
        people.Person,
        preferred_name=f"{REAL_NAMES[0]} {marker()}",
        is_protected=True,
        pseudonym=PSEUDONYM,
        birth_date=BIRTH_DATE,
        public_fields=("pseudonym",),
    )
    cite(person, source)
    for field in ("preferred_name", "birth_date", "locality", "description", "citizenship"):
        cite(person, source, field=field)
    for spelling in REAL_NAMES:
        name = marked(
            people.PersonName, person=person, name=f"{spelling} {marker()}", public_fields=("name",)
        )
        cite(name, source, field="name")
    cite(
        marked(
            people.Relationship,
            person=person,
            related_person=relative,
            kind=people.RelationshipKind.SPOUSE,
        ),
        source,
    )
    cite(
        marked(
            people.Relationship,
            person=relative,
            related_person=person,
            kind=people.RelationshipKind.NEPHEW_NIECE,
        ),
        source,
    )
    court = marked(
        people.Organization,
        name="Court Of The Protected Case",
        kind=people.OrganizationKind.COURT,
        public_fields=PUBLIC_COURT,
    )
    CitationFactory(fact=court, source=source)
    protest = marked(
        events.Protest,
        title="Picket with a protected participant",
        kind=events.ProtestKind.SOLO_PICKET,
        start="2025-06",
        public_fields=PUBLIC_PROTEST,
    )
    CitationFactory(fact=protest, source=source)
    cite(
        marked(events.Participation, person=person, protest=protest, public_fields=()),
        source,
    )
    cite(
        marked(people.Affiliation, person=person, organization=court, public_fields=("role",)),
        source,
    )
    proceeding = marked(
        events.Proceeding,
        person=person,
        court=court,
        kind=events.ProceedingKind.CRIMINAL,
        public_fields=PUBLIC_PROCEEDING,
    )
    proceeding.protests.add(protest)
    cite(proceeding, source)
    cite(
        marked(
            events.Charge,
            proceeding=proceeding,
            article="Art. 174",
            as_reported="inciting discord",
        ),
        source,
    )
    cite(
        marked(
            events.PretrialMeasure,
            proceeding=proceeding,
            kind=events.MeasureKind.values[0],
            start="2025-06-02",
            public_fields=("as_reported",),
        ),
        source,
    )
    house_arrest = marked(
        events.PretrialMeasure,
        proceeding=proceeding,
        kind=events.MeasureKind.HOUSE_ARREST,
        start="2025-06-03",
        public_fields=("as_reported",),
    )
    cite(house_arrest, source)
    cite(house_arrest, source, field="place_as_reported")
    moved = marked(
        events.MeasureChange,
        measure=house_arrest,
        kind=events.MeasureChangeKind.MOVED,
        date="2025-06-10",
        public_fields=("note",),
    )
    cite(moved, source)
    cite(moved, source, field="place_as_reported")
    ruling = marked(
        events.Ruling,
        proceeding=proceeding,
        date="2025-06-20",
        outcome=events.Outcome.GUILTY,
        public_fields=PUBLIC_RULING,
    )
    cite(ruling, source)
    for kind, days in (
        (events.SentenceKind.IMPRISONMENT, 730),
        (events.SentenceKind.ACTIVITY_BAN, 1095),
    ):
        sentence = marked(
            events.Sentence,
            proceeding=proceeding,
            ruling=ruling,
            kind=kind,
            term_quantity=days // 365,
            term_unit=events.TermUnit.YEARS,
            term_days=days,
            amount_as_reported=f"{days // 365} years",
            public_fields=PUBLIC_SENTENCE,
        )
        cite(sentence, source)
        cite(sentence, source, field="term_days")
    return person


class Crawl:
    """Requests public URLs, checks every response for markers, remembers what it saw."""

    def __init__(self, client):
        self.client = client
        self.requested = []
        self.seen = set()
        self.queue = deque()

    @staticmethod
    def body(response) -> str:
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content).decode("utf-8")
        return response.content.decode("utf-8")

    def get(self, url: str, *, expect=(200,)):
        response = self.client.get(url)
        self.requested.append(url)
        self.seen.add(url)
        assert response.status_code in expect, (url, response.status_code)
        # A body kept in many pieces is sent in as many writes (a feed was 1,231 of them):
        # every public response that is not streamed is one piece.
        assert response.streaming or len(list(response)) <= 1, (url, "a body in pieces")
        text = self.body(response)
        self.check(url, text, response)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="([^"]*)"', text):
                self.enqueue(html.unescape(href))
        if response.status_code == 200 and response.get("Content-Type") == "application/json":
            # The API's links (records, pages, next cursors) are absolute.
            for link in re.findall(r'"(http://testserver/[^"]*)"', text):
                self.enqueue(link.removeprefix("http://testserver"))
        return response, text

    def check(self, url, text, response):
        # The query a reader typed is echoed back (the search box, pagination links):
        # that is their own words, not a leak, so it is removed before looking for markers.
        query = urlsplit(url).query
        for part in query.split("&"):
            value = part.partition("=")[2]
            if not value:
                continue
            raw = unquote_plus(value)
            for form in {
                raw,
                html.escape(raw),
                quote_plus(raw),
                quote(raw),
                value,
                html.escape(value),
            }:
                text = text.replace(form, "")
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        assert MARK not in text, (url, text[max(0, text.find(MARK) - 300) : text.find(MARK) + 100])
        assert MARK not in headers, (url, headers)
        assert BIRTH_DATE not in text and "5 Mar 1937" not in text and "Mar 1937" not in text, url
        for spelling in REAL_NAMES:
            assert spelling not in text, (url, spelling)

    def enqueue(self, href: str):
        href = href.split("#", 1)[0]
        if href.startswith("/language/"):
            # The switcher only redirects to the page in that language (and remembers the
            # choice in a cookie, which this crawl's client must not keep): crawl that page,
            # so that every language's pages are checked.
            switched = Client().get(href)
            assert switched.status_code == 302, (href, switched.status_code)
            href = switched["Location"]
        if not href.startswith("/") or href.startswith("//"):
            return
        if href.startswith(("/admin/", "/static/")):
            return
        if href in self.seen:
            return
        self.seen.add(href)
        self.queue.append(href)

    def run(self):
        while self.queue and len(self.requested) < MAX_CRAWL:
            self.get(self.queue.popleft())
        assert not self.queue, f"crawl stopped at {MAX_CRAWL} URLs"


@pytest.fixture
def demo_rows(db):
    """The demo data, before any other row (tests.demo copies it into empty tables only)."""
    load_demo()


@pytest.fixture
def leaky_site(demo_rows, source):
    """The records above, built with their history rows but with the stored flags computed
    once at the end (``upkeep.deferred``), as a loader does: following each of the ~950
    saves down the chain was 5–6 s of every test using this on PostgreSQL. That each save
    keeps the flags current is the property test's (tests/publishing/test_leak_property.py,
    which checks every record's flag against its own oracle after per-save upkeep). The
    retractions come after, by the editorial service, from published records."""
    with upkeep.deferred():
        host = public_chain(source, "host")
        relative = public_chain(source, "relative")["person"]
        hidden = []
        for status in [*HIDDEN_STATUSES, "uncited"]:
            hidden += hidden_top_level(source, status)
            hidden += hidden_children(host, source, status)
        # Citations in every hidden state on a published fact, and one of a hidden source.
        for status in HIDDEN_STATUSES:
            cite(host["person"], source, field="description", status=status)
        protected = protected_person(source, relative)
    retract_published(host, protected, source)
    return {"host": host, "relative": relative, "hidden": hidden, "protected": protected}


def retract_published(host, protected, source):
    """Published records (the public saw them) then retracted: the feeds show a tombstone
    of each, if any, and nothing of what they said or whom they named."""
    fine = marked(
        events.Sentence,
        proceeding=host["proceeding"],
        ruling=host["ruling"],
        kind=events.SentenceKind.FINE,
        fine_amount=1000,
        fine_currency=events.Currency.values[0],
        fine_kzt=123456,
    )
    cite(fine, source)
    slogan = marked(events.Slogan, protest=host["protest"])
    cite(slogan, source)
    services.retract(events.Sentence.objects.filter(pk=fine.pk), user=None)
    services.retract(events.Slogan.objects.filter(pk=slogan.pk), user=None)
    services.retract(people.Relationship.objects.filter(person=protected), user=None)
    services.retract(
        events.Sentence.objects.filter(proceeding__person=protected)[:1].values("pk"), user=None
    )


DETAIL_MODELS = (
    people.Person,
    people.Organization,
    events.Protest,
    events.Proceeding,
    events.Occasion,
    sources.Source,
)


# Each kind of record in the API, by its path (/api/v1/<kind>/).
API_KINDS = {
    events.Sentence: "cases",
    people.Person: "people",
    people.Organization: "organizations",
    places.Place: "places",
    events.Protest: "protests",
    events.Occasion: "occasions",
    events.Proceeding: "proceedings",
    sources.Source: "sources",
    sources.Citation: "citations",
}


def filter_queries(site):
    """Query strings exercising every filter of the case list, one at a time."""
    host = site["host"]
    protected = site["protected"]
    values = {
        "name": [MARK, *REAL_NAMES, PSEUDONYM, "Public Person host", "Azhibay", "Ажибай"],
        "kind": events.SentenceKind.values,
        "status": events.SentenceStatus.values,
        "days_min": ["0", "10", "abc"],
        "days_max": ["15", "100000", "-1"],
        "kzt_min": ["0", "100000", "x"],
        "kzt_max": ["987654", "1"],
        "date_from": ["2025", "2025-07", "2025-99"],
        "date_to": ["2025-12-31", "2024"],
        "court": [str(host["organization"].pk), str(protected.proceedings.get().court_id)],
        "country": ["Kazakhstan", MARK],
        "proceeding_kind": events.ProceedingKind.values,
        "charge": [MARK, "174", "488"],
        "organization": [str(host["organization"].pk)],
        "protest": [str(host["protest"].pk)],
        "without_case": ["on", "off"],
        "protest_status": [*events.ProtestStatus.values, "cancelled"],
        "occasion": [MARK],
        "measure": [*events.MeasureKind.values, MARK],
        "plea": ["contested", *events.Plea.values, MARK],
        "ordering": ["date", "-date", "days", "-days", "kzt", "-kzt"],
        "page": ["2", "999", "abc"],
    }
    hidden_ids = [str(obj.pk) for obj in site["hidden"]]
    values["court"] += hidden_ids[:10]
    values["protest"] += hidden_ids[:10]
    values["organization"] += hidden_ids[:10]
    values["occasion"] += hidden_ids[:10]
    queries = [""]
    for key, options in values.items():
        queries += [urlencode({key: option}) for option in options]
    queries.append("x" * 10000)
    return queries


@pytest.mark.django_db
def test_no_unpublished_internal_or_protected_text_reaches_any_public_url(
    client, leaky_site, monkeypatch
):
    crawl = Crawl(client)
    protected = leaky_site["protected"]
    protected_url = protected.get_absolute_url()

    # The case list and the CSV, without and with every filter.
    for query in filter_queries(leaky_site):
        suffix = f"?{query}" if query and "=" in query else (f"?name={query}" if query else "")
        crawl.get(reverse("events:case_list") + suffix)
        response, _text = crawl.get(reverse("events:case_csv") + suffix, expect=(200, 400))
        crawl.get(reverse("feeds:cases") + suffix, expect=(200, 400))

    # The feeds of every subject (the crawl below also follows every page's feed link); a
    # retracted fact leaves a tombstone there, naming nothing.
    host = leaky_site["host"]
    for url in [
        reverse("feeds:person", args=[host["person"].pk]),
        reverse("feeds:person", args=[protected.pk]),
        reverse("feeds:person", args=[leaky_site["relative"].pk]),
        reverse("feeds:organization", args=[host["organization"].pk]),
        reverse("feeds:organization", args=[protected.proceedings.get().court_id]),
        reverse("feeds:protest", args=[host["protest"].pk]),
    ]:
        _response, text = crawl.get(url)
        assert "application/atom+xml" in _response["Content-Type"]
        if url != reverse("feeds:person", args=[leaky_site["relative"].pk]):
            assert "Retracted on" in text, url
    _response, text = crawl.get(reverse("feeds:cases") + "?kind=fine")
    assert "Retracted on" in text

    # The API's case list, with every filter (the same FilterSet as the page).
    for query in filter_queries(leaky_site):
        suffix = f"?{query}" if query and "=" in query else (f"?name={query}" if query else "")
        crawl.get(reverse("api:case-list") + suffix, expect=(200, 400))

    # Search: markers, the protected person's real names, and ordinary words; then again
    # with the cases found as when more than COUNT_LIMIT match (walked newest first).
    search_queries = [
        MARK,
        *REAL_NAMES,
        "Zhanbota",
        "Қайратқызы",
        "Kairatkyzy",
        PSEUDONYM,
        "Public",
        "court",
        "picket",
        "Azhibay",
        # Roles, measures, pleas and kinds of slogan: the protected person's own never show.
        "lawyer",
        "judge",
        "house arrest",
        "detention",
        "not guilty",
        "placard",
        # A typo of a real name: the correction never reads a protected person's names.
        "Zhanbotta",
        "Qairatqyzi",
    ]
    for count_limit in (site_search.COUNT_LIMIT, 1):
        monkeypatch.setattr(site_search, "COUNT_LIMIT", count_limit)
        for query in search_queries:
            response, text = crawl.get(f"{reverse('search')}?{urlencode({'q': query})}")
            if query in [*REAL_NAMES, "Zhanbota", "Қайратқызы", "Kairatkyzy", "Zhanbotta"]:
                assert protected_url not in text, query
                assert not response.context["found"], query
            if query == "Qairatqyzi":
                assert protected_url not in text, query
                assert not response.context.get("corrected_query"), query
            if query == MARK:
                # Every text the search reads that holds the marker is unpublished or withheld.
                assert not response.context["found"]

    # Searching by any real spelling finds nothing, on the search page and the case list.
    for spelling in REAL_NAMES:
        _response, text = crawl.get(
            f"{reverse('events:case_list')}?{urlencode({'name': spelling})}"
        )
        assert protected_url not in text
        _response, text = crawl.get(f"{reverse('events:case_csv')}?{urlencode({'name': spelling})}")
        assert PSEUDONYM not in text

    # The protected person's page: pseudonym only, "identity withheld".
    _response, text = crawl.get(protected_url)
    assert PSEUDONYM in text
    assert "identity withheld" in text.lower()
    # Relatives on the other side of either relationship do not mention them.
    _response, text = crawl.get(leaky_site["relative"].get_absolute_url())
    assert PSEUDONYM not in text
    # The quotes of their case are withheld, the sources still linked.
    _response, text = crawl.get(protected.proceedings.get().get_absolute_url())
    assert "quote withheld" in text.lower()
    _response, text = crawl.get(
        reverse(
            "sources:source_detail", args=[leaky_site["host"]["person"].citations.first().source_id]
        )
    )

    # The whole public site, by following every link.
    for start in [
        "/",
        "/protests/",
        "/sources/",
        "/about/",
        f"/search/?q={PSEUDONYM}",
        "/search/?q=Public",
        # The API: every list, followed through its pages, records and links.
        *(f"/api/v1/{kind}/" for kind in API_KINDS.values()),
        "/api/v1/schema/",
        "/api/v1/docs/",
    ]:
        crawl.enqueue(start)
    crawl.run()

    # The direct URL of every hidden record: 404, or 410 with a bare notice when retracted.
    statuses = {}
    for obj in leaky_site["hidden"]:
        if not isinstance(obj, DETAIL_MODELS):
            continue
        retracted = obj.publication_status == PublicationStatus.RETRACTED
        response, text = crawl.get(obj.get_absolute_url(), expect=(410,) if retracted else (404,))
        statuses[type(obj).__name__, response.status_code] = True
        if retracted:
            assert "retracted" in text.lower()
    for model in DETAIL_MODELS:
        assert (model.__name__, 404) in statuses and (model.__name__, 410) in statuses, model
    # ... and in the API: 404 whatever the reason.
    api_hidden = [obj for obj in leaky_site["hidden"] if type(obj) in API_KINDS]
    for obj in api_hidden:
        crawl.get(f"/api/v1/{API_KINDS[type(obj)]}/{obj.pk}/", expect=(404,))
    assert {type(obj) for obj in api_hidden} >= {people.Person, events.Sentence}

    # The protected person in the API: under the pseudonym, quotes of their case withheld.
    _response, text = crawl.get(f"/api/v1/people/{protected.pk}/")
    assert PSEUDONYM in text and '"identity_withheld":true' in text
    _response, text = crawl.get(f"/api/v1/proceedings/{protected.proceedings.get().pk}/")
    assert PSEUDONYM in text
    walked = {url.split("/")[3] for url in crawl.requested if url.startswith("/api/v1/")}
    assert set(API_KINDS.values()) <= walked, walked
    api_urls = [url for url in crawl.requested if url.startswith("/api/v1/")]
    assert len(api_urls) > 300, len(api_urls)

    surfaces = sorted({urlsplit(url).path.split("/")[1] or "/" for url in crawl.requested})
    note(f"leak test: {len(crawl.requested)} URLs requested; surfaces: {surfaces}")
    assert len(crawl.requested) > 200
