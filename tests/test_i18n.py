"""The interface languages (casetracker/language.py): English at the addresses of before,
Russian and Kazakh under /ru/ and /kk/; the switcher keeps the page and its filters; the
browser's preference leads a first visit; dates and numbers in each language's formats
(from Django's own catalogs and formats, not ours)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import formats, translation

from casetracker.partial_dates import PartialDate
from events.models import Protest
from people.models import Organization, Person
from places.models import Place
from tests.factories import ProceedingFactory

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "en"), ("/ru/", "ru"), ("/kk/", "kk"), ("/ru/people/", "ru"), ("/kk/about/", "kk")],
)
def test_the_prefix_chooses_the_language(client, path, language):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


def test_the_machine_outputs_have_one_address(client):
    assert client.get("/ru/api/").status_code == 404
    assert client.get("/ru/cases.atom").status_code == 404
    assert client.get("/kk/health/").status_code == 404
    assert client.get("/cases.atom").status_code == 200


def test_the_admin_is_in_each_language(admin_client):
    assert html_lang(admin_client.get("/admin/")) == "en"
    assert html_lang(admin_client.get("/ru/admin/")) == "ru"
    assert 'hreflang="kk"' in admin_client.get("/ru/admin/").content.decode()


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Case number", "Unnamed defendants", "Court as reported", "Pre-trial measures"]),
        ("ru", ["Номер дела", "Неназванные подсудимые", "Суд по сообщениям", "Меры пресечения"]),
        (
            "kk",
            ["Іс нөмірі", "Аты аталмаған айыпталушылар", "Хабарланған сот", "Бұлтартпау шаралары"],
        ),
    ],
)
def test_the_admin_labels_a_proceeding_in_each_language(admin_client, language, labels):
    """Field labels, inline titles and the case screen's headings come from the catalogs,
    not from the attributes' names (issue 19: "Case number" stayed English)."""
    proceeding = ProceedingFactory()
    prefix = "" if language == "en" else f"/{language}"
    change = admin_client.get(f"{prefix}/admin/events/proceeding/{proceeding.pk}/change/")
    case_screen = admin_client.get(f"{prefix}/admin/events/proceeding/{proceeding.pk}/case/")
    text = change.content.decode() + case_screen.content.decode()
    assert [label for label in labels if label not in text] == []
    if language != "en":
        assert "Case number" not in text
        assert "Spellings of the name" not in text


def test_links_within_a_page_keep_its_language(client):
    content = client.get("/kk/").content.decode()
    assert 'href="/kk/people/"' in content
    assert 'href="/people/"' not in content


def test_hreflang_alternates_keep_the_query(client):
    content = client.get("/ru/?kind=fine").content.decode()
    for code, url in [
        ("en", "http://testserver/?kind=fine"),
        ("ru", "http://testserver/ru/?kind=fine"),
        ("kk", "http://testserver/kk/?kind=fine"),
        ("x-default", "http://testserver/?kind=fine"),
    ]:
        assert f'<link rel="alternate" hreflang="{code}" href="{url}">' in content


def test_the_switcher_keeps_the_filters_and_remembers(client):
    content = client.get("/?kind=fine&year_from=2020").content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"', content)[::-1])
    by_language = {code: url for url, code in links.items()}
    assert set(by_language) == {"en", "ru", "kk"}
    response = client.get(by_language["ru"].replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/ru/?kind=fine&year_from=2020"
    assert response.cookies["django_language"].value == "ru"
    # Remembered: the English address now leads to the Russian page.
    assert client.get("/people/")["Location"] == "/ru/people/"
    back = client.get("/language/en/", {"next": "/ru/people/?q=a"})
    assert back["Location"] == "/people/?q=a"
    assert client.get("/people/").status_code == 200


def test_the_switcher_stays_on_the_site(client):
    response = client.get("/language/ru/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/ru/"


@pytest.mark.parametrize(
    ("accept", "location"),
    [("ru-RU,ru;q=0.9,en;q=0.8", "/ru/?kind=fine"), ("kk,ru;q=0.5", "/kk/?kind=fine")],
)
def test_a_first_visit_follows_the_browser(client, accept, location):
    response = client.get("/?kind=fine", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == location
    vary = response["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_a_reader_who_chose_english_stays(client):
    client.cookies["django_language"] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]


def test_english_browsers_and_machines_are_not_redirected(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").status_code == 200
    assert client.get("/cases.atom", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.get("/health/", HTTP_ACCEPT_LANGUAGE="ru").status_code in (200, 503)
    prefixed = client.get("/ru/", HTTP_ACCEPT_LANGUAGE="kk")
    assert prefixed.status_code == 200
    assert "Accept-Language" not in prefixed.get("Vary", "")


@pytest.mark.parametrize(
    ("language", "month", "day"),
    [
        ("en", "Aug 2025", "14 Aug 2025"),
        ("ru", "авг. 2025", "14 августа 2025"),
        ("kk", "2025 ж. тамыз", "2025 ж. 14 тамыз"),
    ],
)
def test_partial_dates_in_each_language(language, month, day):
    with translation.override(language):
        assert PartialDate.parse("2025-08").display() == month
        assert PartialDate.parse("2025-08-14").display() == day
        assert PartialDate.parse("2025").display() == "2025"


def test_the_date_filter_caches_per_language():
    template = Template("{% load casetracker %}{{ value|partial_date }}")
    shown = {}
    for language in ("en", "ru", "kk", "en"):
        with translation.override(language):
            shown[language] = template.render(Context({"value": "2025-08"}))
    assert shown == {"en": "Aug 2025", "ru": "авг. 2025", "kk": "2025 ж. тамыз"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,000,000.5"), ("ru", "1\xa0000\xa0000,5"), ("kk", "1\xa0000\xa0000,5")],
)
def test_numbers_in_each_language(language, expected):
    with translation.override(language):
        assert formats.number_format(Decimal("1000000.5"), force_grouping=True) == expected


def test_a_fine_in_another_currency_shows_tenge_as_the_language_groups_it():
    from events.models import Sentence

    sentence = Sentence(fine_amount=Decimal("100"), fine_currency="MCI", fine_kzt=Decimal("277800"))
    with translation.override("en"):
        assert sentence.figure() == "100 MCI (277,800 KZT)"
    with translation.override("ru"):
        assert "277\xa0800" in sentence.figure()


def queries_of(client, path) -> int:
    client.get(path)  # content types and the like, read once per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


@pytest.mark.usefixtures("demo_loaded_for_class")
class TestEveryLanguageReadsAsMuch:
    """A page in Russian or Kazakh runs the queries of its English page, not one more per
    record: a text's versions (publishing.texts) are read with the text. A list that read
    its protests' titles alone loaded each one's versions by a query of its own."""

    def test_every_kind_of_public_page(self, client, db):
        protest = Protest.objects.public().filter(proceedings__isnull=False).first()
        place = Place.objects.public().filter(protests__isnull=False).first()
        person = Person.objects.public().exclude(description="").first()
        pages = [
            "/",
            "/people/",
            "/protests/",
            "/organizations/",
            "/places/",
            "/search/?q=picket",
            "/search/?q=Azhibay",
            person.get_absolute_url(),
            protest.get_absolute_url(),
            f"{protest.get_absolute_url()}chronology/",
            protest.proceedings.first().get_absolute_url(),
            place.get_absolute_url(),
            Organization.objects.public().filter(kind="court").first().get_absolute_url(),
        ]
        more = {}
        for path in pages:
            english = queries_of(client, path)
            for language in ("ru", "kk"):
                other = queries_of(client, f"/{language}{path}")
                if other != english:
                    more[f"/{language}{path}"] = (english, other)
        assert not more, str(more)


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/nowhere/", "en", "Page not found"),
        ("/ru/nowhere/", "ru", "Страница не найдена"),
        ("/kk/people/999999/", "kk", "Бет табылмады"),
    ],
)
def test_a_missing_page_says_so_in_the_readers_language(client, path, language, heading):
    response = client.get(path)

    assert response.status_code == 404
    assert html_lang(response) == language
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("view", "status", "words"),
    [
        ("bad_request", 400, "Неверный запрос"),
        ("permission_denied", 403, "Доступ запрещён"),
        ("server_error", 500, "Что-то пошло не так"),
    ],
)
def test_the_error_pages_are_in_the_readers_language(rf, view, status, words):
    from django.views import defaults

    request = rf.get("/ru/")
    request.user = AnonymousUser()
    with translation.override("ru"):
        response = (
            defaults.server_error(request)
            if view == "server_error"
            else getattr(defaults, view)(request, Exception())
        )

    assert response.status_code == status
    assert words in response.content.decode()
    assert html_lang(response) == "ru"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ["yes", "1972 or 1973", "between 1972 and 1974", "6 December 2026", "A: friend of B"],
        ),
        (
            "ru",
            ["да", "1972 или 1973", "между 1972 и 1974", "6 декабря 2026", "A: друг для B"],
        ),
        (
            "kk",
            [
                "иә",
                "1972 немесе 1973",
                "1972 мен 1974 аралығында",
                "2026 ж. 6 желтоқсан",
                "A: B үшін досы",
            ],
        ),
    ],
)
def test_words_the_code_builds_are_in_the_readers_language(language, words):
    """A yes/no fact (a hearing closed to the public) on a timeline and a source's page,
    the years of birth an age implies, the day a record was read ("Cite this record") and
    a relationship on a source's page."""
    from events.models import Hearing
    from people.models import Relationship, ReportedAge
    from sources import fact_kinds
    from sources.templatetags.casetracker import day_in_full, display_value

    (relationships,) = [kind for kind in fact_kinds.registered() if kind.model is Relationship]
    friends = Relationship(
        person=Person(preferred_name="A"), kind="friend", related_person=Person(preferred_name="B")
    )
    closed = Hearing(closed_to_public=True)
    with translation.override(language):
        assert display_value(closed, "closed_to_public") == words[0]
        assert ReportedAge(age=45, as_of="2018-08").birth_years_display() == words[1]
        assert ReportedAge(age=45, as_of="2018/2019").birth_years_display() == words[2]
        assert day_in_full("2026-12-06") == words[3]
        assert relationships.label(friends) == words[4]


@pytest.mark.parametrize(
    ("language", "english", "kazakh"),
    [
        ("en", "English", "Kazakh"),
        ("ru", "Английский", "Казахский"),
        ("kk", "Ағылшын тілі", "Қазақ тілі"),
    ],
)
def test_a_sources_language_is_named_in_the_readers_language(client, language, english, kazakh):
    from sources.templatetags.casetracker import language_name_or_code as language_name
    from tests.factories import CitationFactory, SourceFactory

    sources = [SourceFactory(language="kk"), SourceFactory(language="zh")]
    for source in sources:
        CitationFactory(source=source, fact=ProceedingFactory())
    with translation.override("en"):
        kazakh_page, chinese_page = (source.get_absolute_url() for source in sources)
    with translation.override(language):
        assert language_name("en") == english
        assert language_name("xx") == "xx"  # a code Django does not name stays as it is
    prefix = "" if language == "en" else f"/{language}"
    assert f"<td>{kazakh}</td>" in client.get(prefix + kazakh_page).text
    assert "<td>zh</td>" in client.get(prefix + chinese_page).text


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "The form could not be sent"), ("ru", "Форму не удалось отправить")],
)
def test_a_form_sent_without_its_token_says_what_to_do_in_the_readers_language(language, heading):
    from django.test import Client

    prefix = "" if language == "en" else f"/{language}"
    response = Client(enforce_csrf_checks=True).post(
        f"{prefix}/admin/login/", {"username": "someone", "password": "secret"}
    )

    assert response.status_code == 403
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert html_lang(response) == language


def test_other_agrees_with_what_it_is_another_of_in_russian():
    """ "Other" was "Другая" in every Russian menu: another outcome, sentence or
    circumstance, whose nouns are not feminine, read as nonsense. Each menu's "Other" has
    its own context, translated for its noun."""
    from casetracker.choices import Script
    from events import models as events
    from events.browse_views import KIND_HEADINGS
    from people.models import OrganizationKind

    menus = {
        "protest kind": events.ProtestKind,
        "occasion kind": events.OccasionKind,
        "pre-trial measure": events.MeasureKind,
        "detention circumstance": events.DetentionCircumstance,
        "outcome": events.Outcome,
        "sentence kind": events.SentenceKind,
        "court role": events.CourtRoleKind,
        "script": Script,
        "organization kind": OrganizationKind,
    }
    with translation.override("ru"):
        russian = {name: str(menu.OTHER.label) for name, menu in menus.items()}
        heading = str(KIND_HEADINGS[OrganizationKind.OTHER])
    with translation.override("kk"):
        kazakh = {str(menu.OTHER.label) for menu in menus.values()}

    assert russian == {
        "protest kind": "Другое",
        "occasion kind": "Другое",
        "pre-trial measure": "Другая мера",
        "detention circumstance": "Другие обстоятельства",
        "outcome": "Другой исход",
        "sentence kind": "Другое наказание",
        "court role": "Другая роль",
        "script": "Другая",
        "organization kind": "Другая",
    }
    assert heading == "Другие"  # over the groups of a list: "Суды", "НПО", … "Другие"
    assert kazakh == {"Басқа"}


@pytest.mark.parametrize(
    ("language", "home", "main_page"),
    [("ru", "Место жительства", "Главная"), ("kk", "Тұратын жері", "Басты бет")],
)
def test_a_persons_home_is_where_they_live_not_the_home_page(client, language, home, main_page):
    """ "Home" was one message for the admin's link to its first page and a person's place
    of residence: the person page said "main page" ("Главная") where it meant home."""
    from tests.events.test_case_list import cited
    from tests.factories import PersonFactory

    person = cited(PersonFactory(locality="Almaty"))
    html = client.get(f"/{language}{person.get_absolute_url()}").content.decode()

    about = html.split('aria-labelledby="about-heading"')[1].split("</section>")[0]
    about = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", about))
    assert f"{home} Almaty" in about
    assert main_page not in about
