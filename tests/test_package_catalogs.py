"""Other packages' messages in Kazakh and Russian (issue 19): Django's own kk catalogs, and
django-axes' and django-simple-history's (no kk at all), leave the admin's chrome in English.
locale_packages/ (settings.LOCALE_PATHS, after our locale/) fills the gaps; these pages,
rendered as a researcher sees them, must hold none of the English messages it translates."""

import json
import re

import pytest

from tests.factories import ProceedingFactory

pytestmark = pytest.mark.django_db

# Django's msgids (admin, auth), django-axes' and django-simple-history's, as they appear in
# the pages' HTML; each one is translated in locale_packages/kk.
ENGLISH_CHROME = [
    "Skip to main content",
    "Breadcrumbs",
    "View site",
    "Toggle theme",
    "Toggle navigation",
    "Sidebar",
    "Start typing to filter",
    "Filter navigation items",
    "Models in the ",
    "Add link",
    "Change or view list link",
    "Recent actions",
    "My actions",
    "Authentication and Authorization",
    "Access attempts",
    "Access failures",
    "Access logs",
    "Show counts",
    "Select all objects on this page for an action",
    "Select this object for an action",
    " of 1-ден",
    "0 of 1 selected",
    "Change selected ",
    "Add another ",
    "View selected ",
    "Choose a date from the list below",
    "Changed by",
    "Change reason",
    ">Changes<",
    ">Comment<",
    "1 entry",
]


def english_in(html: str) -> list[str]:
    return [text for text in ENGLISH_CHROME if text in html]


@pytest.fixture
def proceeding():
    return ProceedingFactory()


def kk_pages(admin_client, proceeding) -> dict[str, str]:
    change = f"/kk/admin/events/proceeding/{proceeding.pk}"
    pages = {
        "index": "/kk/admin/",
        "change list": "/kk/admin/events/proceeding/",
        "change form": f"{change}/change/",
        "history": f"{change}/history/",
    }
    rendered = {}
    for name, path in pages.items():
        response = admin_client.get(path)
        assert response.status_code == 200, path
        rendered[name] = response.content.decode()
    return rendered


def test_the_kazakh_admin_shows_no_english_chrome(admin_client, client, proceeding):
    pages = kk_pages(admin_client, proceeding)
    pages["login"] = client.get("/kk/admin/login/").content.decode()
    found = {name: english_in(html) for name, html in pages.items()}
    assert {name: texts for name, texts in found.items() if texts} == {}
    # And the translations are there (not merely the English left out).
    assert "Сайтты қарау" in pages["index"]
    assert "Соңғы әрекеттер" in pages["index"]
    assert "Аутентификация және авторизация" in pages["index"]
    assert "Кіру әрекеттері" in pages["index"]
    assert "1 ішінен 0 таңдалды" in pages["change list"]
    assert ">Өзгерістер<" in pages["history"]
    # Django's own kk catalog had "Өзгетру" and "үщін" (typos), and "Date/time" as "Өшіру/Уақыт".
    assert "Өзгерту үшін іс жүргізу таңдаңыз" in pages["change list"]
    assert "Күні/уақыты" in pages["history"]


def test_the_kazakh_admin_javascript_catalog(admin_client):
    """The admin's JavaScript (SelectFilter, calendar, the actions counter) reads jsi18n."""
    response = admin_client.get("/kk/admin/jsi18n/")
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1)
    )
    assert catalog["%(sel)s of %(cnt)s selected"] == [
        "%(cnt)s ішінен %(sel)s таңдалды",
        "%(cnt)s ішінен %(sel)s таңдалды",
    ]
    assert catalog["January"] == "Қаңтар"
    assert catalog["abbrev. month May\x04May"] == "Мам"
    assert catalog["Choose a Date"] == "Күнді таңдаңыз"


def test_the_russian_history_page(admin_client, proceeding):
    html = admin_client.get(f"/ru/admin/events/proceeding/{proceeding.pk}/history/").content
    assert ">Изменения<" in html.decode()
    assert ">Changes<" not in html.decode()


@pytest.mark.parametrize(
    ("language", "action", "wrong"),
    [
        # Django's ru: the plural left in the nominative ("Удалить выбранные люди").
        ("ru", "Удалить выбранные записи: ", "Удалить выбранные "),
        # Django's kk: the past tense ("… өшірілді", "… were deleted").
        ("kk", "Таңдалған жазбаларды өшіру: ", "өшірілді"),
    ],
)
def test_the_delete_action_reads_as_an_action(admin_client, proceeding, language, action, wrong):
    html = admin_client.get(f"/{language}/admin/events/proceeding/").content.decode()
    assert f'value="delete_selected">{action}' in html
    assert wrong not in html.replace(action, "")


@pytest.mark.parametrize(
    "language, header, title",
    [
        ("en", "Casetracker administration", "Casetracker site admin"),
        ("ru", "Администрирование Casetracker", "Администрирование сайта Casetracker"),
        ("kk", "Casetracker әкімшілігі", "Casetracker сайтын басқару"),
    ],
)
def test_the_admin_is_named_casetracker_not_django(
    admin_client, client, proceeding, language, header, title
):
    """The header and the browser tab's title name the project, in the researcher's
    language, on every admin page, the login and the password pages included."""
    admin_root = "/admin/" if language == "en" else f"/{language}/admin/"
    change = f"{admin_root}events/proceeding/{proceeding.pk}"
    pages = {}
    for path in (
        admin_root,
        f"{admin_root}events/proceeding/",
        f"{change}/change/",
        f"{change}/history/",
        f"{admin_root}password_change/",
    ):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    pages["login"] = client.get(f"{admin_root}login/").content.decode()
    for name, html in pages.items():
        assert f'<div id="site-name"><a href="{admin_root}">{header}</a></div>' in html, name
        assert re.search(rf"<title>[^<]* \| {title}</title>", html), name
        assert "Django" not in re.search(r"<title>([^<]*)</title>", html).group(1), name
