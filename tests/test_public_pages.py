"""Cached public pages (casetracker.public_pages, publishing.generation): a publish, retract or
amendment changes what a cached page shows at once, whichever way it is written; a cached
page never shows what the gate hides; conditional GETs get 304; without the cache pages
are still served. Each test runs on each process's own memory and on Redis."""

import os
import threading
import time
import uuid

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.migrations.loader import MigrationLoader
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.throttling import ClientRateThrottle
from casetracker.public_pages import public_page
from casetracker.settings.base import cache_config
from events import views
from events.export_slots import Slot
from events.facets import facet_counts
from events.models import Proceeding, Sentence
from imports import services as imports
from imports import spreadsheets
from people.models import Person
from publishing import generation
from publishing import services as publishing
from publishing.models import PublicationStatus
from tests.admin_pages import submit
from tests.events.test_case_csv_limit import abandon, start
from tests.events.test_case_list import cited, detention, fine, make_case
from tests.events.test_case_screen import case_url, post_screen
from tests.factories import CitationFactory, CourtFactory, PersonFactory
from tests.imports.test_import_admin import as_csv, row

pytestmark = pytest.mark.django_db

CASE_LIST = reverse("events:case_list")
FILTERS = reverse("events:case_filters")
CSV = reverse("events:case_csv")


def _redis_url() -> str:
    """A Redis database of this xdist worker's own (gw0: the base, gw1: the next, ...)."""
    url = os.environ.get("CASETRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    base = int(os.environ.get("CASETRACKER_TEST_REDIS_DB", "0"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"{url}/{(base + int(worker or 0)) % 16}"


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """Pages stored, in a cache of this test's own: locmem, or keys of a prefix no one else
    uses in a Redis database of this worker's (removed afterwards, and only those)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    if request.param == "locmem":
        settings.CACHES = {"default": cache_config("locmem://", f"test-{uuid.uuid4().hex}")}
        yield
        return
    url = _redis_url()
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs these tests on Redis; none answers at {url}")
        pytest.skip(f"no Redis at {url}")
    prefix = f"ct-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex}"
    settings.CACHES = {"default": cache_config(url, prefix)}
    yield
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), response.status_code
    return response


def page(client, url) -> str:
    return get(client, url).content.decode()


def served_from_cache(client, url) -> bool:
    # A page the view built carries its template context; one from the cache has none.
    return get(client, url).context is None


def admin_action(client, user, model, action: str, pks):
    client.force_login(user)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(changelist, {"action": action, "_selected_action": list(pks)})
    assert response.status_code == 302
    client.logout()


def test_publishing_and_retracting_in_the_admin_change_the_cached_case_list_at_once(
    client, editor, page_cache
):
    sentence = make_case("Kaisha Akankyzy", publication_status=PublicationStatus.DRAFT)
    assert "Kaisha Akankyzy" not in page(client, CASE_LIST)
    assert served_from_cache(client, CASE_LIST)

    admin_action(client, editor, Sentence, "publish", [sentence.pk])
    assert "Kaisha Akankyzy" in page(client, CASE_LIST)
    assert served_from_cache(client, CASE_LIST)

    admin_action(client, editor, Sentence, "retract", [sentence.pk])
    assert "Kaisha Akankyzy" not in page(client, CASE_LIST)


def test_a_cached_person_page_never_shows_what_the_gate_hides(client, editor, page_cache):
    person = make_case("Serik Azhibay").proceeding.person
    url = person.get_absolute_url()
    assert "Serik Azhibay" in page(client, url)
    assert served_from_cache(client, url)

    # Protected: a save, as the admin's form does it.
    person.is_protected = True
    person.pseudonym = "Relative A"
    person.protection_reason = "Family in Xinjiang."
    person.save()
    shown = page(client, url)
    assert "Relative A" in shown and "Serik Azhibay" not in shown
    assert "Serik Azhibay" not in page(client, CASE_LIST)

    # Retracted through the editorial service (one UPDATE, no signal): gone at once.
    publishing.retract(Person.objects.filter(pk=person.pk), user=editor)
    assert client.get(url).status_code == 410
    assert "Relative A" not in page(client, CASE_LIST)


def test_an_editors_amendment_of_a_published_record_shows_at_once(client, editor, page_cache):
    person = make_case("Serik Azhibay").proceeding.person
    url = person.get_absolute_url()
    assert "Pensioner from Almaty" not in page(client, url)

    client.force_login(editor)
    change = reverse("admin:people_person_change", args=[person.pk])
    assert submit(client, change, {"description": "Pensioner from Almaty."}).status_code == 302
    client.logout()
    assert "Pensioner from Almaty." in page(client, url)

    # A bulk update (an admin action's or a script's) sends no signal and still counts.
    Person.objects.filter(pk=person.pk).update(description="Veteran activist.")
    assert "Veteran activist." in page(client, url)


def test_saving_on_the_case_screen_shows_at_once(client, editor, page_cache):
    proceeding = make_case("Serik Azhibay").proceeding
    url = proceeding.get_absolute_url()
    assert "2-1234/2019" not in page(client, url)

    client.force_login(editor)
    response = post_screen(client, case_url(proceeding), {"case-case_number": "2-1234/2019"})
    assert response.status_code == 302
    client.logout()
    assert Proceeding.objects.get(pk=proceeding.pk).case_number == "2-1234/2019"
    assert "2-1234/2019" in page(client, url)


def test_an_import_moves_the_generation_and_publishing_it_shows_at_once(client, editor, page_cache):
    CourtFactory(name="Almaty District Court")
    assert "Серік Ажибай" not in page(client, CASE_LIST)
    before = generation.state()[0]

    plan = imports.plan(spreadsheets.read_table("cases.csv", as_csv(row())))
    saved = imports.apply(plan, user=editor, filename="cases.csv")

    assert generation.state()[0] > before
    for model, objs in saved.items():
        publishing.publish(model.objects.filter(pk__in=[obj.pk for obj in objs]), user=editor)
    assert "Серік Ажибай" in page(client, CASE_LIST)


def test_a_matching_etag_or_date_gets_304_until_the_next_publish(client, editor, page_cache):
    sentence = make_case("Kaisha Akankyzy", publication_status=PublicationStatus.DRAFT)
    first = get(client, CASE_LIST)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert "Expires" not in first

    again = get(client, CASE_LIST, if_none_match=etag)
    assert again.status_code == 304 and again.content == b""
    assert "public" in again["Cache-Control"]
    assert get(client, CASE_LIST, if_modified_since=modified).status_code == 304

    publishing.publish(Sentence.objects.filter(pk=sentence.pk), user=editor)
    fresh = get(client, CASE_LIST, if_none_match=etag)
    assert fresh.status_code == 200 and "Kaisha Akankyzy" in fresh.content.decode()
    assert fresh["ETag"] != etag


def csv_text(response) -> str:
    """A CSV download's text, whether streamed or kept whole."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def test_the_csv_carries_the_pages_validators_and_answers_304(client, editor, page_cache):
    sentence = make_case("Kaisha Akankyzy", publication_status=PublicationStatus.DRAFT)
    first = get(client, CSV)
    assert "public" in first["Cache-Control"] and first["ETag"] and first["Last-Modified"]
    assert "Kaisha Akankyzy" not in csv_text(first)
    assert get(client, CSV, if_none_match=first["ETag"]).status_code == 304

    publishing.publish(Sentence.objects.filter(pk=sentence.pk), user=editor)
    fresh = get(client, CSV, if_none_match=first["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]
    assert "Kaisha Akankyzy" in csv_text(fresh)


def sentence_queries(client, url) -> tuple[str, int]:
    """The CSV at ``url`` and how many statements read sentences to give it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        text = csv_text(response)  # a streamed export reads its rows here
    return text, sum("events_sentence" in query["sql"] for query in queries.captured_queries)


def test_a_small_export_is_kept_per_generation_and_a_publish_or_retract_shows_at_once(
    client, editor, page_cache
):
    shown = make_case("Serik Azhibay")
    draft = make_case("Kaisha Akankyzy", publication_status=PublicationStatus.DRAFT)
    url = f"{CSV}?kind=administrative_detention"
    text, read = sentence_queries(client, url)
    assert "Serik Azhibay" in text and "Kaisha Akankyzy" not in text and read
    again, read_again = sentence_queries(client, url)
    assert (again, read_again) == (text, 0)  # kept: no statement read the rows
    # Another language, another order or the headers for people are kept apart.
    assert csv_text(get(client, f"{url}&headers=localized")) != text
    assert sentence_queries(client, f"{url}&ordering=date")[1]

    publishing.publish(Sentence.objects.filter(pk=draft.pk), user=editor)
    assert "Kaisha Akankyzy" in sentence_queries(client, url)[0]
    publishing.retract(Sentence.objects.filter(pk=shown.pk), user=editor)
    assert "Serik Azhibay" not in sentence_queries(client, url)[0]


def test_a_kept_exports_first_download_streams_and_is_kept_once_read_to_the_end(client, page_cache):
    """Kept whole before its first byte left, a cold export of 7,500 rows reached its
    reader after 1.6 s: the first download now streams, and what it sent is kept."""
    make_case("Serik Azhibay")
    first = client.get(CSV)
    assert first.status_code == 200 and first.streaming
    text = csv_text(first)  # read to the end: the test client closes it, as a server does
    again, read_again = sentence_queries(client, CSV)
    assert (again, read_again) == (text, 0)
    assert not client.get(CSV).streaming


def test_an_abandoned_download_keeps_nothing_and_leaves_no_one_waiting(client, rf, page_cache):
    make_case("Serik Azhibay")
    first = start(rf)  # the first download of this export, which would be kept
    next(iter(first.streaming_content))  # the header, then the reader leaves
    abandon(first)
    started = time.monotonic()
    second = client.get(CSV)
    assert second.streaming  # not kept: produced again
    assert time.monotonic() - started < generation.BUILD_SECONDS / 2  # no build mark left
    assert "Serik Azhibay" in csv_text(second)
    assert not client.get(CSV).streaming


def test_a_kept_export_needs_no_slot_and_one_to_build_gets_503_when_all_are_taken(
    client, page_cache, settings
):
    make_case("Serik Azhibay")
    settings.CASETRACKER_EXPORT_LIMIT = 1
    kept = csv_text(get(client, CSV))
    slot = Slot.take()  # another reader's download holds the only slot
    try:
        assert csv_text(get(client, CSV)) == kept
        busy = client.get(f"{CSV}?kind=fine")
        assert busy.status_code == 503 and busy["Retry-After"]
    finally:
        slot.release()
    assert client.get(f"{CSV}?kind=fine").status_code == 200


def test_an_export_above_the_kept_size_streams_and_is_read_each_time(client, page_cache, settings):
    make_case("Serik Azhibay")
    make_case("Aigul Azhibay")
    settings.CASETRACKER_KEPT_EXPORT_ROWS = 1
    assert client.get(CSV).streaming
    text, read = sentence_queries(client, CSV)
    assert "Aigul Azhibay" in text and read


def test_staff_get_pages_built_for_them_marked_private(client, editor, page_cache):
    make_case("Kaisha Akankyzy")
    assert get(client, CASE_LIST).context is not None
    client.force_login(editor)
    response = get(client, CASE_LIST)
    assert response.context is not None  # built, not the public copy
    assert "private" in response["Cache-Control"] and "ETag" not in response


def test_feeds_search_and_source_pages_are_cached_too(client, page_cache):
    sentence = make_case("Kaisha Akankyzy")
    urls = [
        reverse("feeds:cases"),
        reverse("search") + "?q=Kaisha",
        reverse("sources:source_list"),
        sentence.proceeding.get_absolute_url(),
    ]
    for url in urls:
        first = get(client, url)
        assert "ETag" in first, url
        assert served_from_cache(client, url), url


def test_pages_are_served_without_the_cache_and_writes_still_succeed(
    client, editor, settings, caplog
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    # Nothing listens on port 1.
    settings.CACHES = {"default": cache_config("redis://127.0.0.1:1/0")}
    sentence = make_case("Kaisha Akankyzy", publication_status=PublicationStatus.DRAFT)
    response = get(client, CASE_LIST)
    assert response.status_code == 200 and "ETag" not in response

    admin_action(client, editor, Sentence, "publish", [sentence.pk])
    assert "Kaisha Akankyzy" in page(client, CASE_LIST)
    assert get(client, CSV).status_code == 200
    assert "Cache unavailable" in caplog.text


def test_a_new_public_person_shows_on_the_cached_people_list(client, page_cache):
    url = reverse("events:person_list")
    assert "Ainur Kurmanova" not in page(client, url)
    person = PersonFactory(preferred_name="Ainur Kurmanova")
    CitationFactory(fact=person)
    assert "Ainur Kurmanova" in page(client, url)


def test_a_transactions_writes_move_the_generation_once_before_it_reads_and_again_at_commit(
    client, page_cache, django_capture_on_commit_callbacks
):
    """Five records saved in one transaction: the generation has moved once by the time the
    writer reads it (its next page is fresh), not once per record; and again at commit,
    for every other reader."""
    before = generation.state()[0]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            CitationFactory(fact=PersonFactory(preferred_name=f"Ainur Kurmanova {n}"))
        assert generation.state()[0] == before + 1
        assert "Ainur Kurmanova 4" in page(client, reverse("events:person_list"))
        during = generation.state()[0]
    assert generation.state()[0] > during


def test_a_transactions_writes_move_the_generation_once_at_commit(
    page_cache, django_capture_on_commit_callbacks
):
    """Five records saved and committed in one transaction move the generation once at
    commit, not once per record; and the writer's next read moves it no further."""
    before = generation.state()[0]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            CitationFactory(fact=PersonFactory(preferred_name=f"Ainur Kurmanova {n}"))
    assert generation.state()[0] == before + 1
    assert generation.state()[0] == before + 1


def test_a_migrate_run_that_applied_a_migration_makes_every_kept_page_stale(client, page_cache):
    """A data migration writes through the migration's own models, which send no signal:
    people 0019 computed every search key again, and a search page kept before it would
    have gone on showing what the old keys found. migrate's post_migrate moves the
    generation once the run applied (or reversed) a migration; a run with nothing to do
    moves nothing."""
    url = reverse("search") + "?q=Yerzhan"
    page(client, url)
    before = generation.state()[0]

    emit_post_migrate_signal(0, False, DEFAULT_DB_ALIAS, plan=[])
    assert generation.state()[0] == before
    assert served_from_cache(client, url)

    migration = MigrationLoader(connection).get_migration("people", "0019_search_keys_refolded")
    emit_post_migrate_signal(0, False, DEFAULT_DB_ALIAS, plan=[(migration, False)])
    assert generation.state()[0] == before + 1  # once, though sent for every app
    assert not served_from_cache(client, url)


def test_a_cached_page_carries_its_own_requests_id_and_no_ones_cookie(client, page_cache):
    make_case("Kaisha Akankyzy")
    client.get(CASE_LIST)
    first = get(client, CASE_LIST, x_request_id="reader-one")
    second = get(client, CASE_LIST, x_request_id="reader-two")
    assert first.context is None and second.context is None  # both from the cache
    assert (first["X-Request-ID"], second["X-Request-ID"]) == ("reader-one", "reader-two")
    assert not first.cookies and not second.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "script-src" not in first["Content-Security-Policy"]  # no nonce to carry over


def test_the_people_lists_letters_are_kept_per_generation_and_a_publish_shows_at_once(
    client, editor, page_cache
):
    cited(PersonFactory(preferred_name="Azhibay"))
    draft = cited(
        PersonFactory(preferred_name="Bilash", publication_status=PublicationStatus.DRAFT)
    )
    people = reverse("events:person_list")
    assert get(client, people).context["letters"] == ["A"]
    with CaptureQueriesContext(connection) as queries:
        again = get(client, f"{people}?page=1")  # another address: built, letters kept
    assert again.context["letters"] == ["A"]
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"]]

    publishing.publish(Person.objects.filter(pk=draft.pk), user=editor)
    assert get(client, f"{people}?page=1").context["letters"] == ["A", "B"]


# The case list's menus read from the records (events.views.DATA_MENUS), on the page of
# filters, each kept as a fragment by its choices, language and choice selected
# (publishing.templatetags).
SELECT_TEMPLATE = "casetracker/widgets/select.html"
MENUS = 11  # every <select> of the filter form
DATA_MENUS = 4  # court, organization, place, occasion


def menus_rendered(client, url) -> int:
    """How many <select>s the page built rather than took from the cache."""
    response = get(client, url)
    assert response.context is not None, "the page itself came from the cache"
    return [template.name for template in response.templates].count(SELECT_TEMPLATE)


def test_the_record_menus_are_rendered_once_per_set_of_choices_and_language(client, page_cache):
    court = cited(CourtFactory(name="Almaty City Court"))
    # The list draws only its order: the menus read from the records are the filters page's.
    assert menus_rendered(client, f"{CASE_LIST}?court={court.pk}") == 1
    assert menus_rendered(client, FILTERS) == MENUS
    assert "Almaty City Court</option>" in page(client, f"{FILTERS}?ordering=-date")
    # Another page of the list (not cached itself) takes the four from the cache.
    assert menus_rendered(client, f"{FILTERS}?ordering=date") == MENUS - DATA_MENUS
    russian = f"/ru{FILTERS}?ordering=date"
    assert menus_rendered(client, russian) == MENUS
    assert "Любой суд" in page(client, f"/ru{FILTERS}?ordering=days")
    assert "Any court" in page(client, f"{FILTERS}?ordering=kzt")

    # The generation moved (a publish elsewhere) but no menu's choices changed: the page is
    # built again, its menus are not.
    generation.advance()
    assert menus_rendered(client, f"{FILTERS}?ordering=-kzt") == MENUS - DATA_MENUS
    # A court renamed changes the court menu's choices: that one is drawn again, with the
    # new name, and the old name is shown nowhere.
    type(court).objects.filter(pk=court.pk).update(name="Almaty Regional Court")
    assert menus_rendered(client, f"{FILTERS}?ordering=-days") == MENUS - DATA_MENUS + 1
    renamed = page(client, f"{FILTERS}?ordering=date&kind=fine")
    assert "Almaty Regional Court</option>" in renamed
    assert "Almaty City Court" not in renamed


def test_a_cached_court_menu_shows_the_choice_selected_and_no_other(client, page_cache):
    court = cited(CourtFactory(name="Almaty City Court"))
    other = cited(CourtFactory(name="Aktau City Court"))
    page(client, FILTERS)  # every menu kept with nothing selected
    chosen = page(client, f"{FILTERS}?court={court.pk}")
    assert f'<option value="{court.pk}" selected>Almaty City Court</option>' in chosen
    assert f'<option value="{other.pk}">Aktau City Court</option>' in chosen
    assert menus_rendered(client, f"{FILTERS}?court={court.pk}&ordering=date") == (
        MENUS - DATA_MENUS
    )
    plain = page(client, f"{FILTERS}?ordering=days")
    assert f'<option value="{court.pk}">Almaty City Court</option>' in plain
    assert " selected>Almaty City Court" not in plain


def test_a_court_retracted_leaves_the_cached_court_menu_at_once(client, editor, page_cache):
    court = cited(
        CourtFactory(name="Zhanaozen City Court", publication_status=PublicationStatus.DRAFT)
    )
    assert "Zhanaozen City Court" not in page(client, FILTERS)

    publishing.set_status(
        type(court), [court.pk], PublicationStatus.PUBLISHED, user=editor, reason="checked"
    )
    assert "Zhanaozen City Court" in page(client, f"{FILTERS}?ordering=date")

    publishing.set_status(
        type(court), [court.pk], PublicationStatus.RETRACTED, user=editor, reason="wrong"
    )
    assert "Zhanaozen City Court" not in page(client, f"{FILTERS}?ordering=date")
    assert "Zhanaozen City Court" not in page(client, f"{FILTERS}?ordering=days")


def test_a_page_reads_the_generation_once_and_keeps_every_part_under_it(
    client, page_cache, monkeypatch
):
    """The page, its count and its menus' choices are kept under the generation the page is cached
    under, read from the cache once per page (it was read again for each kept value, eight
    round trips to Redis on the case list)."""
    court = cited(CourtFactory(name="Almaty City Court"))
    detention(15, name="Tried There", court=court)
    reads = []
    read_state = generation.state
    monkeypatch.setattr(generation, "state", lambda: reads.append(1) or read_state())

    for url in (FILTERS, f"{CASE_LIST}?court={court.pk}"):  # its menu read to check the value
        reads.clear()
        assert "Almaty City Court" in page(client, url)
        assert len(reads) == 1
        reads.clear()
        assert served_from_cache(client, url)
        assert len(reads) == 1


def test_the_facets_of_a_filter_are_counted_once_for_every_order_and_page_until_a_publish(
    client, page_cache, monkeypatch
):
    """A reader paging or sorting a filtered list sees the same facets on every page: they
    are counted once per generation and filters, as the rows' count is, and a publish
    counts them again at once."""
    for n in range(3):
        fine(1000 * (n + 1), name=f"Person {n}")
    detention(15, name="Detained")
    counted = []

    def counting(filterset):
        counted.append(filterset)
        return facet_counts(filterset)

    monkeypatch.setattr(views, "facet_counts", counting)

    def kinds(url):
        (facet,) = [f for f in get(client, url).context["facets"] if f.name == "kind"]
        return {value.label: value.count for value in facet.values}, facet.values[0].query

    first, link = kinds(f"{CASE_LIST}?kind=fine")
    again, again_link = kinds(f"{CASE_LIST}?kind=fine&ordering=-kzt")
    assert first == again == {"Fine": 3} and len(counted) == 1
    assert "ordering=-kzt" in again_link and "ordering" not in link  # each page's own links
    assert kinds(f"{CASE_LIST}?kind=administrative_detention")[0] == {"Administrative detention": 1}
    assert len(counted) == 2

    fine(500, name="Person 3")
    assert kinds(f"{CASE_LIST}?kind=fine&ordering=kzt")[0] == {"Fine": 4}
    assert len(counted) == 3

    # Marked as typed: " fine" is no choice, but " Kazakhstan" filters as "Kazakhstan" does.
    def chosen(url):
        facets = get(client, url).context["facets"]
        return [value.label for f in facets for value in f.values if value.selected]

    assert chosen(f"{CASE_LIST}?country=+Kazakhstan") == []
    assert chosen(f"{CASE_LIST}?country=Kazakhstan") == ["Kazakhstan"]


def test_an_address_whose_parameters_filter_nothing_shares_the_lists_count(client, page_cache):
    """``/cases/`` and ``/cases/?x=1`` (or an empty filter box) list the same rows: one
    count kept for both, not one per way of writing no filter."""
    for n in range(2):
        make_case(f"Person {n}")
    counted = []
    for url in (CASE_LIST, f"{CASE_LIST}?x=1", f"{CASE_LIST}?name=&kind=&ordering=date"):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, url).context["page"].count == 2
        counted.append(sum(q["sql"].startswith("SELECT COUNT(*)") for q in queries))
    assert counted == [1, 0, 0]


def test_the_apis_kept_list_pages_change_at_once_and_never_carry_what_the_gate_hides(
    client, editor, page_cache, settings
):
    """A page of an API list is kept per generation (api.views): the same address again
    runs no query, and a publish, a protection or a retraction shows at its next request."""
    sentence = make_case("Kaisha Akankyzy", publication_status=PublicationStatus.DRAFT)
    person = make_case("Serik Azhibay").proceeding.person
    lists = [reverse("api:case-list"), reverse("api:person-list")]

    def api(url) -> str:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content.decode()

    assert "Kaisha Akankyzy" not in api(lists[0])  # her sentence is a draft
    for url in lists:
        assert "Serik Azhibay" in api(url)
        with CaptureQueriesContext(connection) as kept:
            assert "Serik Azhibay" in api(url)
        assert not kept.captured_queries, url

    publishing.publish(Sentence.objects.filter(pk=sentence.pk), user=editor)
    assert "Kaisha Akankyzy" in api(lists[0])

    person.is_protected = True
    person.pseudonym = "Relative A"
    person.protection_reason = "Family in Xinjiang."
    person.save()
    for url in lists:
        shown = api(url)
        assert "Relative A" in shown and "Serik Azhibay" not in shown, url

    publishing.retract(Person.objects.filter(pk=person.pk), user=editor)
    for url in lists:
        assert "Relative A" not in api(url), url
    # Another page of the list, or another filter, is another address: kept on its own.
    assert "Kaisha Akankyzy" not in api(f"{lists[0]}?kind=fine")

    # A kept page is no way around the rate limit: it counts before the page is read.
    # The requests above counted too: their count goes (this key alone: a shared Redis).
    cache.delete(ClientRateThrottle.cache_format % {"scope": "api", "ident": "127.0.0.1"})
    settings.API_RATE_LIMIT = "3/minute"
    assert [client.get(lists[0]).status_code for _ in range(5)] == [200, 200, 200, 429, 429]


class InThread(threading.Thread):
    """``call()`` in a thread of its own, keeping what it returned or raised."""

    def __init__(self, call):
        super().__init__(daemon=True)
        self.call = call
        self.outcome = None

    def run(self):
        try:
            self.outcome = self.call()
        except Exception as error:  # the test reads it
            self.outcome = error


def second_while_first_builds(first_call, second_call, started, finish):
    """Run ``first_call`` until it has ``started`` building, then ``second_call``, which must
    still be waiting 0.3 s later; then let the first ``finish``. Both threads, once done."""
    first = InThread(first_call)
    first.start()
    assert started.wait(10)
    second = InThread(second_call)
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the first, not building its own
    finish.set()
    first.join(10)
    second.join(10)
    return first, second


def test_what_is_kept_per_generation_is_built_once_while_others_wait_for_it(page_cache):
    """Fifty readers at a cold page used to build its menus, its count and its kept export
    fifty times at once (each export taking a slot: 503s): now one builds, the others wait
    for what it stores."""
    started, finish, built = threading.Event(), threading.Event(), []

    def slowly():
        built.append("first")
        started.set()
        finish.wait(10)
        return "the first reader's"

    def at_once():
        built.append("second")
        return "the second reader's"

    first, second = second_while_first_builds(
        lambda: generation.remember("menus", slowly),
        lambda: generation.remember("menus", at_once),
        started,
        finish,
    )
    assert (first.outcome, second.outcome) == ("the first reader's", "the first reader's")
    assert built == ["first"]


def test_a_build_that_fails_leaves_the_waiting_reader_to_build_it(page_cache):
    started, finish = threading.Event(), threading.Event()

    def failing():
        started.set()
        finish.wait(10)
        raise RuntimeError("the first build failed")

    first = InThread(lambda: generation.remember("menus", failing))
    first.start()
    assert started.wait(10)
    second = InThread(lambda: generation.remember("menus", lambda: "the second reader's"))
    second.start()
    finish.set()
    first.join(10)
    second.join(10)
    assert isinstance(first.outcome, RuntimeError)
    assert second.outcome == "the second reader's"


def test_a_streamed_body_leaves_at_once_and_others_wait_for_what_it_keeps(page_cache):
    started, finish, produced = threading.Event(), threading.Event(), []

    def slowly():
        produced.append("first")
        yield b"first chunk, "
        finish.wait(10)
        yield b"last chunk"

    def first_reader():
        body = generation.remember_stream("export", slowly)
        chunks = iter(body)
        sent = [next(chunks)]
        started.set()  # its first bytes left before the rest was produced
        sent += chunks
        body.close()
        return b"".join(sent)

    def second_reader():
        produced.append("second")
        return [b"the second reader's"]

    first, second = second_while_first_builds(
        first_reader,
        lambda: generation.remember_stream("export", second_reader),
        started,
        finish,
    )
    assert first.outcome == second.outcome == b"first chunk, last chunk"
    assert produced == ["first"]


def test_a_page_is_built_once_while_other_readers_wait_for_the_stored_copy(page_cache, rf):
    started, finish, built = threading.Event(), threading.Event(), []

    @public_page
    def view(request):
        built.append(request.GET["reader"])
        started.set()
        finish.wait(10)
        return HttpResponse(f"built for reader {request.GET['reader']}")

    def read(reader):
        request = rf.get("/cases/", {"reader": reader})
        request.user = AnonymousUser()
        return view(request)

    # The cache's key is the whole address: both readers ask for the same one.
    first, second = second_while_first_builds(lambda: read("1"), lambda: read("1"), started, finish)
    assert first.outcome.content == second.outcome.content == b"built for reader 1"
    assert built == ["1"]
    # Another address is built on its own.
    assert read("2").content == b"built for reader 2" and built == ["1", "2"]
