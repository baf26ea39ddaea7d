"""The JSON API: public records only, a protected person under the pseudonym, absolute
links, cursor pages, ETags, a rate limit, the schema and its documentation page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import (
    MeasureKind,
    Occasion,
    OccasionKind,
    PretrialMeasure,
    Protest,
    SentenceKind,
)
from people.models import (
    Affiliation,
    Organization,
    OrganizationKind,
    OrganizationRelation,
    OrganizationRelationKind,
    PersonName,
    Relationship,
    RelationshipKind,
    ReportedAge,
)
from publishing import upkeep
from sources.models import Citation
from tests.bulk import cite_all, many_cases, written
from tests.events.test_case_list import cited, detention, fine, gather_statistics, make_case
from tests.factories import (
    CitationFactory,
    CourtFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    ProtestFactory,
    SourceFactory,
    in_bulk,
)

pytestmark = pytest.mark.django_db

KINDS = [
    "cases",
    "people",
    "organizations",
    "places",
    "protests",
    "occasions",
    "proceedings",
    "sources",
    "citations",
]


def api(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def walk(client, path, **params) -> list[dict]:
    """Every row of a list endpoint, following ``next`` to the end."""
    rows, url = [], None
    data = api(client, path, **params)
    while True:
        rows += data["results"]
        url = data["next"]
        if url is None:
            return rows
        assert url.startswith("http://testserver/api/v1/")
        data = api(client, url.removeprefix("http://testserver"))


def test_cases_list_only_public_sentences_with_absolute_links(client):
    shown = detention(15, name="Serik Azhibay")
    hidden = detention(10, name="Draft Person")
    hidden.publication_status = "draft"
    hidden.save()

    rows = walk(client, "/api/v1/cases/")

    assert [row["id"] for row in rows] == [shown.pk]
    row = rows[0]
    assert row["url"] == f"http://testserver/api/v1/cases/{shown.pk}/"
    assert row["html_url"] == f"http://testserver/proceedings/{shown.proceeding_id}/"
    assert row["defendant"]["name"] == "Serik Azhibay"
    assert row["term_days"] == 15
    assert api(client, f"/api/v1/cases/{shown.pk}/")["id"] == shown.pk
    assert client.get(f"/api/v1/cases/{hidden.pk}/").status_code == 404


def test_no_bookkeeping_field_is_ever_serialized(client):
    sentence = detention(15, name="Serik Azhibay")
    sentence.proceeding.internal_notes = "NOTE-SECRET"
    sentence.proceeding.save()
    for kind in KINDS:
        text = client.get(f"/api/v1/{kind}/").content.decode()
        for word in ("internal_notes", "is_public", "created_at", "updated_at", "NOTE-SECRET"):
            assert word not in text, (kind, word)
        assert "publication_status" not in text


def test_protected_person_appears_only_under_the_pseudonym(client):
    person = cited(
        PersonFactory(
            preferred_name="Real Name Kept",
            is_protected=True,
            pseudonym="Witness Q",
            protection_reason="relatives in Xinjiang",
            locality="Home Town",
            birth_date="1970",
        )
    )
    cited(PersonNameFactory(person=person, name="Real Spelling Kept"))
    sentence = make_case(person=person)
    CitationFactory(fact=sentence, quote="Real Name Kept was sentenced", source=SourceFactory())
    measure = cited(
        PretrialMeasure.objects.create(
            proceeding=sentence.proceeding,
            kind=MeasureKind.HOUSE_ARREST,
            start="2025-07-01",
            place_as_reported="Home Street 5",
            publication_status="published",
        )
    )
    assert measure.pk

    people = walk(client, "/api/v1/people/")
    assert [p["name"] for p in people] == ["Witness Q"]
    assert people[0]["identity_withheld"] is True
    for field in ("birth_date", "locality", "description", "citizenship", "residence"):
        assert field not in people[0]
    proceeding = api(client, f"/api/v1/proceedings/{sentence.proceeding_id}/")
    assert proceeding["person"]["name"] == "Witness Q"
    assert proceeding["measures"][0]["place_as_reported"] == ""
    citations = walk(client, "/api/v1/citations/")
    assert citations and all(c["withheld"] and c["quote"] is None for c in citations)
    everything = "".join(client.get(f"/api/v1/{kind}/").content.decode() for kind in KINDS)
    for secret in ("Real Name Kept", "Real Spelling Kept", "Home Town", "Home Street", "1970"):
        assert secret not in everything, secret


def test_citations_show_quote_translation_locator_confidence_and_reported_value(client):
    sentence = detention(15, name="Serik Azhibay")
    citation = CitationFactory(
        fact=sentence,
        field="term_days",
        quote="sentenced to fifteen days",
        translation="to fifteen days",
        locator="para. 3",
        reported_value="15 days",
        confidence="medium",
    )

    rows = walk(client, "/api/v1/citations/", record_kind="events.sentence", record_id=sentence.pk)

    assert len(rows) == 2
    row = next(r for r in rows if r["id"] == citation.pk)
    assert row["record"] == {"kind": "events.sentence", "id": sentence.pk, "field": "term_days"}
    assert (row["quote"], row["translation"], row["locator"], row["reported_value"]) == (
        "sentenced to fifteen days",
        "to fifteen days",
        "para. 3",
        "15 days",
    )
    assert row["confidence"] == "medium" and row["withheld"] is False
    source_rows = walk(client, "/api/v1/citations/", source=citation.source_id)
    assert [r["id"] for r in source_rows] == [citation.pk]


def test_citation_of_a_hidden_record_is_not_listed(client):
    person = PersonFactory(publication_status="draft")
    CitationFactory(fact=person, quote="a draft person named")
    assert walk(client, "/api/v1/citations/") == []


def test_a_citations_own_page_shows_its_row_of_the_list_and_nothing_the_list_hides(client):
    """A citation's page reads the rule for the kind of record it cites only (the list
    reads it for every kind): it must show and hide exactly what the list does."""
    sentence = detention(15, name="Serik Azhibay")
    shown = CitationFactory(fact=sentence, field="term_days", quote="fifteen days")
    of_draft = CitationFactory(fact=PersonFactory(publication_status="draft"), quote="a draft")
    draft = CitationFactory(fact=sentence, quote="a draft quote", publication_status="draft")
    protected = cited(
        PersonFactory(is_protected=True, pseudonym="Witness Q", protection_reason="at risk")
    )
    of_protected = CitationFactory(fact=protected, quote="Witness Q spoke")
    withheld_field = CitationFactory(fact=protected, field="locality", quote="Home Town")
    protected_case = make_case(person=protected)
    of_protected_case = CitationFactory(fact=protected_case, quote="Real Name was fined")

    listed = {row["id"]: row for row in walk(client, "/api/v1/citations/")}

    assert {shown.pk, of_protected.pk, of_protected_case.pk} <= set(listed)
    assert listed[of_protected_case.pk]["withheld"]
    assert listed[of_protected_case.pk]["quote"] is None
    citations = [shown, of_draft, draft, of_protected, withheld_field, of_protected_case]
    for citation in [*citations, *Citation.objects.exclude(pk__in=[c.pk for c in citations])]:
        path = f"/api/v1/citations/{citation.pk}/"
        if citation.pk in listed:
            assert api(client, path) == listed[citation.pk], citation
        else:
            assert client.get(path).status_code == 404, citation
    assert not {of_draft.pk, draft.pk, withheld_field.pk} & set(listed)
    for path in ("/api/v1/citations/abc/", "/api/v1/citations/99999999999999999999999/"):
        assert client.get(path).status_code == 404


def test_cursor_pages_walk_every_row_once_in_the_case_list_order(client):
    with in_bulk():
        for days in [5, 7, 7, 7, 9, None]:
            if days is None:
                fine(1000, name="Fined")
            else:
                detention(days, name=f"Held {days}")
    rows = walk(client, "/api/v1/cases/", ordering="-days", page_size=2)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == 6
    assert [row["term_days"] for row in rows] == [9, 7, 7, 7, 5, None]
    assert client.get("/api/v1/cases/", {"cursor": "nonsense"}).status_code == 404
    assert client.get("/api/v1/cases/", {"days_min": "abc"}).status_code == 400
    assert client.get("/api/v1/cases/", {"days_min": 30, "days_max": 10}).status_code == 400


def test_responses_carry_an_etag_and_answer_304(client):
    detention(15, name="Serik Azhibay")
    response = client.get("/api/v1/cases/")
    etag = response["ETag"]
    assert etag
    again = client.get("/api/v1/cases/", headers={"if-none-match": etag})
    assert again.status_code == 304


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = "3/minute"
    cache.clear()
    statuses = [client.get("/api/v1/sources/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/sources/")
    assert int(response["Retry-After"]) > 0
    # Another client is counted apart.
    assert client.get("/api/v1/sources/", REMOTE_ADDR="10.0.0.9").status_code == 200
    cache.clear()


def test_schema_and_docs_are_served_with_same_origin_assets(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "openapi: 3" in text
    for kind in KINDS:
        assert f"/api/v1/{kind}/" in text

    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    csp = docs["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # No inline script or style: every asset is a same-origin file the site serves.
    assert not re.search(r"<script(?![^>]*\ssrc=)", page)
    assert "<style" not in page and "style=" not in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert len(assets) >= 4
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset
    script = [a for a in assets if "script" in a]
    init = client.get(script[0]).content.decode()
    assert "/api/v1/schema/" in init


def count_queries(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


def published(model, **fields):
    return cited(model.objects.create(publication_status="published", **fields))


def build_rows(n, court, protest):
    """``n`` cases, each with a measure, a spelling, an age, an affiliation, a relationship
    to the first defendant, a branch of the court and an occasion of the protest (written
    in bulk: tests.bulk)."""
    sentences = many_cases(
        n,
        name="defendant {n}",
        court=court,
        protests=[protest],
        charges=[("174", "inciting discord")],
        kind=SentenceKind.ADMINISTRATIVE_DETENTION,
        term_quantity=lambda i: 10 + i,
        term_unit="days",
        term_days=lambda i: 10 + i,
    )
    proceedings = [sentence.proceeding for sentence in sentences]
    people = [proceeding.person for proceeding in proceedings]
    shown = {"publication_status": "published"}
    branches = written(
        Organization,
        [
            Organization(name=f"branch {i}", kind=OrganizationKind.MOVEMENT, **shown)
            for i in range(n)
        ],
    )
    occasions = written(
        Occasion,
        [
            Occasion(name=f"visit {i}", kind=OccasionKind.STATE_VISIT, date="2025", **shown)
            for i in range(n)
        ],
    )
    Protest.occasions.through.objects.bulk_create(
        [Protest.occasions.through(protest=protest, occasion=occasion) for occasion in occasions]
    )
    facts = [*branches, *occasions]
    facts += written(
        PretrialMeasure,
        [
            PretrialMeasure(
                proceeding=proceeding, kind=MeasureKind.HOUSE_ARREST, start="2025-07-01", **shown
            )
            for proceeding in proceedings
        ],
    )
    facts += written(
        PersonName,
        [
            PersonName(person=person, name=f"spelling {i}", **shown)
            for i, person in enumerate(people)
        ],
    )
    facts += written(
        ReportedAge,
        [
            ReportedAge(person=person, age=30 + i % 50, as_of="2025-07", **shown)
            for i, person in enumerate(people)
        ],
    )
    facts += written(
        Affiliation,
        [
            Affiliation(person=person, organization=court, role="clerk", **shown)
            for person in people
        ],
    )
    facts += written(
        Relationship,
        [
            Relationship(
                person=person, kind=RelationshipKind.FRIEND, related_person=people[0], **shown
            )
            for person in people[1:]
        ],
    )
    facts += written(
        OrganizationRelation,
        [
            OrganizationRelation(
                organization=branch, kind=OrganizationRelationKind.BRANCH_OF, other=court, **shown
            )
            for branch in branches
        ],
    )
    cite_all(facts)
    upkeep.refresh_all()


def test_every_endpoint_runs_the_same_queries_for_5_and_200_rows(client):
    court = cited(CourtFactory())
    protest = cited(ProtestFactory())
    build_rows(5, court, protest)
    gather_statistics()
    paths = [f"/api/v1/{kind}/" for kind in KINDS]
    params = {"page_size": 200}
    for path in paths:
        count_queries(client, path, **params)  # warm the content-type cache
    with_5 = {path: count_queries(client, path, **params) for path in paths}
    build_rows(195, court, protest)
    gather_statistics()
    with_200 = {path: count_queries(client, path, **params) for path in paths}
    assert len(api(client, "/api/v1/cases/", page_size=200)["results"]) == 200
    assert with_5 == with_200
    assert max(with_200.values()) <= 12


def test_people_show_their_ages_affiliations_and_relationships_read_both_ways(client):
    court = cited(CourtFactory(name="Almaty Court"))
    movement = cited(OrganizationFactory(name="Atajurt"))
    draft_movement = OrganizationFactory(name="Draft Movement", publication_status="draft")
    sentence = make_case(name="Serik Azhibay", court=court)
    serik = sentence.proceeding.person
    aigul = cited(PersonFactory(preferred_name="Aigul Azhibay"))
    published(ReportedAge, person=serik, age=48, as_of="2026-01", as_reported="48-year-old")
    published(Affiliation, person=serik, organization=movement, role="member", start="2019")
    published(Affiliation, person=serik, organization=draft_movement, role="leader")
    Affiliation.objects.create(person=serik, organization=movement, role="Draft role")
    published(Relationship, person=aigul, kind=RelationshipKind.SPOUSE, related_person=serik)
    published(
        OrganizationRelation, organization=movement, kind=OrganizationRelationKind.BRANCH_OF,
        other=court,
    )  # fmt: skip

    person = api(client, f"/api/v1/people/{serik.pk}/")

    assert [(a["age"], a["as_of"]["value"], a["birth_years"]) for a in person["reported_ages"]] == [
        (48, "2026-01", [1977, 1978])
    ]
    assert [(a["organization"]["name"], a["role"]) for a in person["affiliations"]] == [
        ("Atajurt", "member")
    ]
    assert person["affiliations"][0]["organization"]["url"] == (
        f"http://testserver/api/v1/organizations/{movement.pk}/"
    )
    relation = person["relationships"][0]
    assert (relation["person"]["name"], relation["kind"], relation["related_person"]["name"]) == (
        "Aigul Azhibay",
        "spouse",
        "Serik Azhibay",
    )
    assert api(client, f"/api/v1/people/{aigul.pk}/")["relationships"] == person["relationships"]
    for organization in (movement, court):
        relations = api(client, f"/api/v1/organizations/{organization.pk}/")["relations"]
        assert [(r["organization"]["name"], r["kind"], r["other"]["name"]) for r in relations] == [
            ("Atajurt", "branch_of", "Almaty Court")
        ]
    text = client.get("/api/v1/people/").content.decode()
    assert "Draft role" not in text and "Draft Movement" not in text


def test_a_protected_persons_ages_affiliations_and_relationships_are_nowhere(client):
    movement = cited(OrganizationFactory(name="Atajurt"))
    protected = cited(
        PersonFactory(
            preferred_name="Real Name Kept",
            is_protected=True,
            pseudonym="Witness Q",
            protection_reason="relatives at risk",
        )
    )
    relative = cited(PersonFactory(preferred_name="Public Relative"))
    published(ReportedAge, person=protected, age=61, as_of="2024", as_reported="AGE-SECRET")
    published(Affiliation, person=protected, organization=movement, role="ROLE-SECRET")
    published(
        Relationship, person=relative, kind=RelationshipKind.SIBLING, related_person=protected,
        description="RELATION-SECRET",
    )  # fmt: skip

    assert api(client, f"/api/v1/people/{relative.pk}/")["relationships"] == []
    person = api(client, f"/api/v1/people/{protected.pk}/")
    assert person["name"] == "Witness Q"
    assert person["reported_ages"] == person["affiliations"] == person["relationships"] == []
    everything = "".join(client.get(f"/api/v1/{kind}/").content.decode() for kind in KINDS)
    for secret in ("AGE-SECRET", "ROLE-SECRET", "RELATION-SECRET", "Real Name Kept", "1963"):
        assert secret not in everything, secret


def test_occasions_list_their_public_protests_and_protests_their_occasions(client):
    held = cited(ProtestFactory(title="Picket at the consulate"))
    draft_protest = ProtestFactory(title="Draft Picket", publication_status="draft")
    visit = published(
        Occasion, name="Xi Jinping's state visit", kind=OccasionKind.STATE_VISIT, date="2019-09"
    )
    draft_visit = Occasion.objects.create(name="Draft Visit", kind=OccasionKind.SUMMIT, date="2020")
    held.occasions.add(visit, draft_visit)
    draft_protest.occasions.add(visit)

    occasions = walk(client, "/api/v1/occasions/")

    assert [o["name"] for o in occasions] == ["Xi Jinping's state visit"]
    occasion = occasions[0]
    assert occasion["url"] == f"http://testserver/api/v1/occasions/{visit.pk}/"
    assert occasion["html_url"] == f"http://testserver/occasions/{visit.pk}/"
    assert occasion["date"]["start"] == "2019-09-01"
    assert [p["name"] for p in occasion["protests"]] == ["Picket at the consulate"]
    assert api(client, f"/api/v1/occasions/{visit.pk}/") == occasion
    assert client.get(f"/api/v1/occasions/{draft_visit.pk}/").status_code == 404
    protest = api(client, f"/api/v1/protests/{held.pk}/")
    assert [o["url"] for o in protest["occasions"]] == [occasion["url"]]


def test_a_later_page_starts_from_its_cursor_without_counting_rows_before_it(client):
    with in_bulk():
        for days in range(1, 8):
            detention(days, name=f"Held {days}")
    for path in ("/api/v1/cases/", "/api/v1/people/"):
        data = api(client, path, page_size=2)
        for _ in range(2):
            url = data["next"].removeprefix("http://testserver")
            with CaptureQueriesContext(connection) as queries:
                data = api(client, url)
            assert data["results"]
            sql = " ".join(query["sql"] for query in queries).upper()
            assert "OFFSET" not in sql and "COUNT(" not in sql, sql


REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_rate_limit_is_counted_in_redis_for_every_worker(client, settings):
    from uuid import uuid4

    from django.core.cache.backends.redis import RedisCache

    prefix = f"casetracker-test-{uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.API_RATE_LIMIT = "2/minute"
    try:
        assert client.get("/api/v1/sources/").status_code == 200
        # Another worker: its own connection to the same Redis sees the same count.
        other_worker = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
        assert len(other_worker.get("throttle_api_127.0.0.1")) == 1
        assert client.get("/api/v1/sources/").status_code == 200
        assert client.get("/api/v1/sources/").status_code == 429
    finally:
        RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).delete("throttle_api_127.0.0.1")
