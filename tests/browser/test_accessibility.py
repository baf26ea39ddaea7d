"""Every kind of public page, on the demo data, in a real browser (Debian chromium) at a
desktop width (1,366 px) and a phone's (390 px): axe-core finds no serious or critical
violation, and nothing makes the page scroll sideways.

axe-core comes from the npm registry, pinned in package-lock.json (``make install`` runs
``npm ci``); the test injects node_modules/axe-core/axe.min.js into each page.
"""

import os

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from events.models import Proceeding, Protest, Sentence
from people.models import Person
from sources.models import Source

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
BLOCKING = {"serious", "critical"}


def _axe_script() -> str:
    if not AXE.exists():
        reason = f"{AXE} is missing: run `make install` (npm ci) to run the accessibility tests."
        if os.environ.get("CASETRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CASETRACKER_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def demo_pages(demo_server, db):
    """The path of one page of each kind, on the demo data."""
    sentence = Sentence.objects.public().filter(proceeding__person__isnull=False).first()
    person = Person.objects.public().get(pk=sentence.proceeding.person_id)
    proceeding = Proceeding.objects.public().get(pk=sentence.proceeding_id)
    protest = Protest.objects.public().filter(proceedings=proceeding).first()
    protest = protest or Protest.objects.public().first()
    source = Source.objects.public().first()
    return demo_server, {
        "case list": "/",
        "person": person.get_absolute_url(),
        "proceeding": proceeding.get_absolute_url(),
        "protest": protest.get_absolute_url(),
        "source": source.get_absolute_url(),
        "search": "/search/?q=Azhibay",
        "people": "/people/",
        "organizations": "/organizations/",
        "places": "/places/",
        "chronology": f"{protest.get_absolute_url()}chronology/",
        "search by kind": "/search/?q=house+arrest",
        "data (Kazakh)": "/kk/data/",
        "page not found (Russian)": "/ru/nowhere/",
    }


# Pages that answer other than 200, on purpose.
STATUS = {"page not found (Russian)": 404}


def _violations(page, axe: str) -> list[str]:
    # Evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # (rightly) refuses an injected <script>, and bypassing it could change what is tested.
    page.evaluate(f"() => {{ {axe}\n }}")
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert results["passes"], "axe-core ran no check"
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_every_page_kind_passes_axe_and_never_scrolls_sideways(demo_pages, page, width):
    axe = _axe_script()
    base, paths = demo_pages
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    failures = {}
    for kind, path in paths.items():
        response = page.goto(base + path)
        if response.status != STATUS.get(kind, 200):
            failures[f"{kind} {path}"] = [f"answered {response.status}"]
            continue
        problems = _violations(page, axe)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            problems.append(f"scrolls sideways: {scroll_width} px wide in {inner_width} px")
        if problems:
            failures[f"{kind} {path}"] = problems
    assert not failures, "\n".join(
        f"{page_}:\n  " + "\n  ".join(problems) for page_, problems in failures.items()
    )


@pytest.mark.browser
def test_skip_link_is_the_first_stop_and_leads_to_the_content(demo_pages, page):
    base, paths = demo_pages
    for path in paths.values():
        page.goto(base + path)
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.textContent.trim(), "
            "document.activeElement.getAttribute('href')]"
        )
        language = path.split("/")[1] if path[3:4] == "/" else "en"  # /ru/…, /kk/…
        with translation.override(language):
            assert focused == [gettext("Skip to content"), "#main"], path
        assert page.locator("#main").count() == 1
