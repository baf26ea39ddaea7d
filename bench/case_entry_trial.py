"""One whole seed case entered twice, as a new researcher would: on the case screen, and
through today's per-model admin pages. Counts form submissions, fields typed and picks
made, and times the scripted entry.

    .venv/bin/python bench/case_entry_trial.py [--runs 3]

Makes an empty SQLite database in a temporary directory, migrates it, adds a superuser and
the one record the case picks rather than types (the relatives' picket, published and cited
on its own page), then for each way starts `manage.py runserver --noreload` on a free port
(checked to be held by that very process before anything is sent to it), on a fresh copy of
that database, and drives Debian chromium through Playwright. The case is Gulbaran
Omirali's: two spellings, the relatives' picket, an administrative case that arose from it,
its ruling (March 2021, guilty) and a fine of 100 MCI, with one source quoted for every
record. Publishing (the person's "Publish the whole case", one confirmation) is the same for
both ways and is not counted here.

Scripted time is not human time: a script types instantly and never searches a page. The
human estimate multiplies the counts by the per-action times in HUMAN_SECONDS (say so
whenever the estimate is quoted).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
USER, PASSWORD = "trial", "trial-password-16"
SOURCE_URL = "https://example.org/omirali"
QUOTE = "Gulbaran Omirali was fined 100 MCI."
PICKET = "Relatives' picket at the Chinese consulate"

# Seconds a researcher who knows the case spends per action: find the field and type a
# short value (a name, a date, an amount) or paste one (the URL, the quote); open a menu and
# choose; type into an autocomplete, read its labels and choose; tick a box; load a page and
# find one's place on it (after each submission and each link followed). Assumptions of
# this script, not measurements.
HUMAN_SECONDS = {"typed": 8, "menu": 4, "autocomplete": 10, "tick": 2, "page": 10}

SEED = f"""
from django.contrib.auth import get_user_model
from tests.factories import CitationFactory, ProtestFactory, SourceFactory
get_user_model().objects.create_superuser({USER!r}, "trial@example.org", {PASSWORD!r})
picket = ProtestFactory(title={PICKET!r}, start="2021-02")
ProtestFactory(title="Another picket", start="2021-02")
CitationFactory(fact=picket, source=SourceFactory(outlet="Vlast.kz"))
"""


@dataclass
class Tally:
    """What one way of entering the case cost."""

    way: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(HUMAN_SECONDS, 0))
    submissions: int = 0
    seconds: float = 0.0

    def human_seconds(self) -> int:
        return sum(HUMAN_SECONDS[kind] * n for kind, n in self.counts.items())


class Researcher:
    """A Playwright page that counts what it does."""

    def __init__(self, page, base: str, tally: Tally):
        self.page, self.base, self.tally = page, base, tally
        page.on("request", self._count_submission)

    def _count_submission(self, request):
        if request.is_navigation_request() and request.method == "POST":
            self.tally.submissions += 1

    def goto(self, path: str):
        self.tally.counts["page"] += 1
        self.page.goto(self.base + path)

    def follow(self, locator):
        self.tally.counts["page"] += 1
        with self.page.expect_navigation():
            locator.click()

    def type(self, selector: str, value: str):
        self.tally.counts["typed"] += 1
        self.page.fill(selector, value)

    def choose(self, selector: str, value: str):
        self.tally.counts["menu"] += 1
        self.page.select_option(selector, value)

    def tick(self, locator):
        self.tally.counts["tick"] += 1
        locator.check()

    def autocomplete(self, selector: str, search: str, expected: str | None = None):
        """Type into a select2 picker, wait for the wanted hit, click it."""
        self.tally.counts["autocomplete"] += 1
        self.page.locator(f"{selector} + .select2 .select2-selection").click()
        box = self.page.locator(".select2-container--open .select2-search__field")
        box.fill(search)
        hit = self.page.locator(".select2-results__option--highlighted")
        expect(hit).to_contain_text(expected or search)
        # The page refuses a pick while a search is still loading (static/casetracker/picker.js).
        expect(self.page.locator(".select2-container--open .loading-results")).to_have_count(0)
        hit.click()
        # Picked, not merely highlighted: the picker shows the choice.
        expect(self.page.locator(f"{selector} + .select2 .select2-selection")).to_contain_text(
            expected or search
        )

    def save(self, button_name: str = "Save"):
        self.tally.counts["page"] += 1
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button_name, exact=True).click()
        errors = self.page.locator(".errornote, .errors, .errorlist").evaluate_all(
            "els => els.map(e => (e.closest('[class*=field-]')?.className || '') + ' '"
            " + e.innerText)"
        )
        if errors:
            raise SystemExit(f"{self.tally.way}: {self.page.url} refused the form: {errors}")


def on_the_case_screen(r: Researcher):
    r.goto("/admin/events/proceeding/case/")
    r.type("#id_person-preferred_name", "Gulbaran Omirali")
    r.type("#id_names-0-name", "Gulbaran Omirali")
    r.type("#id_names-1-name", "Gulbaran Ömirali")
    r.autocomplete("#id_participations-0-protest", "Relatives")
    r.choose("#id_case-kind", "administrative")
    r.autocomplete("#id_case-protests", "Relatives")
    r.type("#id_rulings-0-date", "2021-03")
    r.choose("#id_rulings-0-outcome", "guilty")
    r.choose("#id_sentences-0-ruling_key", "0")
    r.choose("#id_sentences-0-kind", "fine")
    r.type("#id_sentences-0-fine_amount", "100")
    r.choose("#id_sentences-0-fine_currency", "MCI")
    r.type("#id_sources-0-new_url", SOURCE_URL)
    r.type("#id_sources-0-new_outlet", "RFE/RL")
    r.type("#id_sources-0-new_headline", "Relatives' picket fined")
    r.type("#id_sources-0-new_published", "2021-03")
    r.type("#id_sources-0-quote", QUOTE)
    for title in (
        "Person",
        "Spelling 1 (new row)",
        "Spelling 2 (new row)",
        "Protest participation 1 (new row)",
        "Case",
        "Ruling 1 (new row)",
        "Sentence 1 (new row)",
    ):
        group = r.page.locator("#id_sources-0-facts > div").filter(
            has=r.page.locator(f'xpath=./label[normalize-space()="{title}"]')
        )
        r.tick(group.get_by_label("the whole record"))
    r.save("Save the case")


CITE = "#id_sources-citation-content_type-object_id-0"


def cite(r: Researcher):
    """The citation inline's first row on a record's own page: the source, the quote."""
    r.autocomplete(f"{CITE}-source", "RFE/RL", "Relatives' picket fined")
    r.type(f"{CITE}-quote", QUOTE)


def through_the_admin(r: Researcher):
    # The source first, so that every record's citation row can pick it.
    r.goto("/admin/sources/source/add/")
    r.type("#id_url", SOURCE_URL)
    r.type("#id_outlet", "RFE/RL")
    r.type("#id_headline", "Relatives' picket fined")
    r.type("#id_published", "2021-03")
    r.save()
    # The person, her two spellings inline, and the person's citation.
    r.goto("/admin/people/person/add/")
    r.type("#id_preferred_name", "Gulbaran Omirali")
    r.type("#id_names-0-name", "Gulbaran Omirali")
    r.page.locator("#names-group .add-row a").click()  # a second spelling row
    r.tally.counts["tick"] += 1
    r.type("#id_names-1-name", "Gulbaran Ömirali")
    cite(r)
    r.save("Save and continue editing")
    person_url = r.page.url
    # Each spelling is cited on its own page.
    for spelling in ("Gulbaran Omirali", "Gulbaran Ömirali"):
        row = r.page.locator("#names-group tr.has_original").filter(
            has=r.page.locator(f'input[value="{spelling}"]')
        )
        r.follow(row.locator("a.inlinechangelink"))
        cite(r)
        r.save()
        r.page.goto(person_url)  # back to the person (the browser's Back button)
        r.tally.counts["page"] += 1
    # The participation in the picket, with its citation.
    r.goto("/admin/events/participation/add/")
    r.autocomplete("#id_protest", "Relatives")
    r.autocomplete("#id_person", "Omirali")
    cite(r)
    r.save()
    # The case: person, kind, the protest it arose from, its citation, the ruling and the
    # sentence inline (a new case offers no ruling to hang the sentence from).
    r.goto("/admin/events/proceeding/add/")
    r.autocomplete("#id_person", "Omirali")
    r.choose("#id_kind", "administrative")
    r.autocomplete("#id_protests", "Relatives")
    r.type("#id_rulings-0-date", "2021-03")
    r.choose("#id_rulings-0-outcome", "guilty")
    r.choose("#id_sentences-0-kind", "fine")
    r.type("#id_sentences-0-fine_amount", "100")
    r.choose("#id_sentences-0-fine_currency", "MCI")
    cite(r)
    r.save("Save and continue editing")
    proceeding_url = r.page.url
    # The ruling's citation on its own page.
    r.follow(r.page.locator("#rulings-group a.inlinechangelink").first)
    cite(r)
    r.save()
    # The sentence: hung from its ruling and cited, on its own page.
    r.page.goto(proceeding_url)
    r.tally.counts["page"] += 1
    r.follow(r.page.locator("#sentences-group a.inlinechangelink").first)
    r.autocomplete("#id_ruling", "Omirali", "Found guilty")
    cite(r)
    r.save()


WAYS = {"case screen": on_the_case_screen, "per-model admin": through_the_admin}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_pid_holds(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the socket listening on 127.0.0.1:``port``."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        cols = line.split()
        local, state, inode = cols[1], cols[3], cols[9]
        if state == "0A" and int(local.split(":")[1], 16) == port and inode in inodes:
            return True
    return False


def start_server(database: Path, log: Path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver exited; see {log}")
        if listening_pid_holds(server.pid, port):
            with urllib.request.urlopen(base + "/admin/login/", timeout=10) as response:
                if response.status == 200:
                    return server, base
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"runserver did not listen on {port} within 60 s; see {log}")


def manage(database: Path, *args: str):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def trial(way: str, seeded: Path, workdir: Path, browser) -> Tally:
    database = workdir / f"{way.replace(' ', '-')}.sqlite3"
    shutil.copyfile(seeded, database)
    server, base = start_server(database, workdir / f"{way.replace(' ', '-')}.log")
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(base + "/admin/login/")
        page.fill("#id_username", USER)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
        tally = Tally(way)
        researcher = Researcher(page, base, tally)
        started = time.perf_counter()
        WAYS[way](researcher)
        tally.seconds = time.perf_counter() - started
        context.close()
        check_the_case(database)
        return tally
    finally:
        server.terminate()
        server.wait()


CHECK = """
from events.models import Proceeding
from sources.models import Citation
p = Proceeding.objects.get()
assert sorted(n.name for n in p.person.names.all()) == ["Gulbaran Omirali", "Gulbaran Ömirali"]
assert p.person.participations.get().protest.title.startswith("Relatives")
assert p.protests.get().title.startswith("Relatives")
s = p.sentences.get()
assert s.ruling == p.rulings.get() and s.fine_amount == 100 and s.fine_currency == "MCI"
assert Citation.objects.filter(source__url="https://example.org/omirali").count() == 7
"""


def check_the_case(database: Path):
    """Both ways must leave the same case: 7 records, each cited once from the source."""
    manage(database, "shell", "-c", CHECK)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="entries per way (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="case-entry-trial-") as tmp:
        workdir = Path(tmp)
        seeded = workdir / "seeded.sqlite3"
        manage(seeded, "migrate", "-v0")
        manage(seeded, "shell", "-c", SEED)
        results: dict[str, list[Tally]] = {way: [] for way in WAYS}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for _ in range(args.runs):
                for way in WAYS:
                    results[way].append(trial(way, seeded, workdir, browser))
            browser.close()
    print(
        f"{'way':<16} {'submissions':>11} {'typed':>5} {'menus':>5} {'autoc.':>6} "
        f"{'ticks':>5} {'pages':>5} {'scripted s (min/median/max)':>28} {'human est.':>10}"
    )
    for way, tallies in results.items():
        t = tallies[0]
        secs = sorted(x.seconds for x in tallies)
        c = t.counts
        spread = f"{secs[0]:.1f} / {secs[len(secs) // 2]:.1f} / {secs[-1]:.1f}"
        print(
            f"{way:<16} {t.submissions:>11} {c['typed']:>5} {c['menu']:>5} "
            f"{c['autocomplete']:>6} {c['tick']:>5} {c['page']:>5} {spread:>28} "
            f"{t.human_seconds() / 60:>7.1f} min"
        )
    print(f"Human estimate: counts × {HUMAN_SECONDS} seconds (assumed, not measured).")


if __name__ == "__main__":
    main()
