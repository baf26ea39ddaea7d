"""Admin pickers in a real browser: Enter picks nothing unless a result for the typed term
is highlighted (casetracker/admin_pickers.py, static/casetracker/picker.js)."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from casetracker.admin_pickers import PickerView
from tests.factories import PersonNameFactory

pytestmark = pytest.mark.browser


def participation_form(live_server, client, admin_user, page, prefix=""):
    PersonNameFactory(name="Serik Azhibay")
    # The groups the migrations make do not outlive a transactional test: a superuser.
    client.force_login(admin_user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}{prefix}/admin/events/participation/add/")
    return page


@pytest.fixture
def participation_page(live_server, transactional_db, client, admin_user, page):
    return participation_form(live_server, client, admin_user, page)


def open_person_picker(page):
    page.locator("#id_person + .select2 .select2-selection").click()
    return page.locator(".select2-search__field")


def test_enter_on_a_search_that_matches_nothing_picks_nothing(participation_page):
    page = participation_page
    search = open_person_picker(page)
    search.fill("Qwertyuiop")
    expect(page.locator(".select2-results__message")).to_have_text("No results found")

    search.press("Enter")

    assert page.locator("#id_person").input_value() == ""


def test_enter_while_a_new_search_loads_picks_nothing(participation_page, monkeypatch):
    page = participation_page
    answer = PickerView.get_queryset

    def slow_for_the_new_term(view):
        if view.term == "Serik X":
            time.sleep(1.5)  # the live server answers in its own thread
        return answer(view)

    monkeypatch.setattr(PickerView, "get_queryset", slow_for_the_new_term)
    search = open_person_picker(page)
    search.fill("Serik")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text("Serik Azhibay")

    search.fill("Serik X")
    expect(page.locator(".loading-results")).to_be_visible()
    search.press("Enter")

    expect(page.locator(".select2-results__message")).to_have_text("No results found")
    assert page.locator("#id_person").input_value() == ""


@pytest.mark.parametrize("prefix", ["/ru", "/kk"])
def test_the_picker_finds_and_picks_in_the_russian_and_kazakh_admin(
    live_server, transactional_db, client, admin_user, page, prefix
):
    """The Russian and Kazakh admin had the public site's policy, which blocks every
    script: the picker was a bare, empty menu, and nothing already recorded could be
    chosen."""
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page = participation_form(live_server, client, admin_user, page, prefix)
    search = open_person_picker(page)
    # The search's own answer, not the list the empty search opened with (picking from
    # that while the term's search loads is refused: see above).
    with page.expect_response(lambda response: "term=Azhibay" in response.url) as answer:
        search.fill("Azhibay")
    assert answer.value.status == 200
    expect(page.locator(".loading-results")).to_have_count(0)

    page.locator(".select2-results__option", has_text="Serik Azhibay").click()

    expect(page.locator("#id_person")).to_have_value(re.compile(r"^[0-9]+$"))
    expect(page.locator("#id_person + .select2")).to_contain_text("Serik Azhibay")
    assert blocked == []
