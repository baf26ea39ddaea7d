"""Data releases: a dated zip of the whole public data set, served from /data/; every
record page says how to cite it."""

import csv
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from publishing import rules
from releases.build import file_name
from tests.demo import load_demo
from tests.editorial.test_leaks import BIRTH_DATE, MARK, PSEUDONYM, REAL_NAMES
from tests.events.test_case_list import cited, detention, make_case
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DEMO = settings.BASE_DIR / "fixtures" / "demo.json"


@pytest.fixture
def releases_dir(tmp_path, settings):
    settings.CASETRACKER_RELEASES_DIR = tmp_path
    return tmp_path


def build(releases_dir, date="2026-12-01"):
    call_command("build_release", "--date", date, "--base-url", "https://ct.example")
    path = releases_dir / f"casetracker-data-{date}.zip"
    archive = zipfile.ZipFile(path)
    stem = path.stem
    return {
        name.removeprefix(f"{stem}/"): archive.read(name).decode("utf-8-sig")
        for name in archive.namelist()
    }


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_release_files_parse_and_hold_every_public_row(releases_dir):
    load_demo()
    cited(PersonFactory(preferred_name="Draft Person", publication_status="draft"))
    make_case(name="Public Person", amount_as_reported="DRAFT-SENTENCE", publication_status="draft")
    files = build(releases_dir)

    assert {"README.md", "LICENSE.txt", "CITATION.txt", "cases.csv", "casetracker.json"} <= set(
        files
    )
    data = json.loads(files["casetracker.json"])
    for model in rules.record_models():
        public = model.objects.public()
        parsed = rows(files[file_name(model)])
        if rules.label(model) == "sources.Citation":
            # Citations of public records only: a public citation of a hidden record is not.
            cited_public = [c for c in public if c.fact is not None and c.fact.shows_publicly]
            assert len(parsed) == len(cited_public)
        else:
            assert len(parsed) == public.count(), model
            assert sorted(int(row["id"]) for row in parsed) == sorted(
                public.values_list("pk", flat=True)
            )
        stem = file_name(model).removesuffix(".csv")
        assert len(data["records"][stem]) == len(parsed)
        for column in ("internal_notes", "created_at", "updated_at", "is_public"):
            assert column not in (parsed[0] if parsed else {}), model
    from events.models import Sentence
    from people.models import Affiliation, Organization, Person

    assert len(rows(files["cases.csv"])) == Sentence.objects.public().filter(listed=True).count()
    assert len(data["persons"]) == Person.objects.public().count() > 0
    assert len(data["organizations"]) == Organization.objects.public().count() > 0
    assert len(data["memberships"]) == Affiliation.objects.public().count()
    assert data["persons"][0]["id"].startswith("person/")
    everything = "".join(files.values())
    assert "Draft Person" not in everything and "DRAFT-SENTENCE" not in everything
    assert "Public Person" in files["people.csv"]

    readme = files["README.md"]
    # The column dictionary comes from the models' help_text.
    help_text = str(Sentence._meta.get_field("fine_kzt").help_text)
    assert "### sentences.csv" in readme and help_text in readme
    assert "CC BY 4.0" in files["LICENSE.txt"] and "Attribution 4.0" in files["LICENSE.txt"]
    assert "2026-12-01" in files["CITATION.txt"] and "Cite this dataset" in files["CITATION.txt"]


def test_release_names_no_protected_person_and_no_unpublished_record(releases_dir, leaky_site):
    files = build(releases_dir)
    everything = "\n".join(files.values())
    assert MARK not in everything, everything[everything.find(MARK) - 300 : everything.find(MARK)]
    for spelling in REAL_NAMES:
        assert spelling not in everything
    assert BIRTH_DATE not in everything
    assert PSEUDONYM in files["people.csv"]


def test_data_page_lists_and_serves_the_latest_release(client, releases_dir):
    detention(15, name="Serik Azhibay")
    assert "No release" in client.get(reverse("data")).text
    build(releases_dir, "2026-11-01")
    build(releases_dir, "2026-12-01")
    text = client.get(reverse("data")).text
    latest = reverse("releases:download", args=["casetracker-data-2026-12-01.zip"])
    assert text.index(latest) < text.index("casetracker-data-2026-11-01.zip")
    response = client.get(latest)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any(name.endswith("cases.csv") for name in archive.namelist())
    assert client.get(reverse("releases:download", args=["settings.py"])).status_code == 404
    assert client.get("/data/..%2Fmanage.py").status_code == 404


@pytest.mark.parametrize(("language", "heading"), [("ru", "Данные"), ("kk", "Деректер")])
def test_the_data_page_is_in_the_readers_language_and_its_files_at_one_address(
    client, releases_dir, language, heading
):
    build(releases_dir, "2026-12-01")
    name = "casetracker-data-2026-12-01.zip"

    response = client.get(f"/{language}/data/")

    assert response.status_code == 200
    text = response.text
    assert f'<html lang="{language}">' in text and f"<h1>{heading}</h1>" in text
    assert f'href="/data/{name}"' in text  # the file's one address, from every language
    assert client.get(f"/data/{name}").status_code == 200
    assert client.get(f"/{language}/data/{name}").status_code == 404


def test_record_pages_show_cite_this_record(client):
    from tests.factories import CitationFactory, CourtFactory, PlaceFactory, ProtestFactory

    court = cited(CourtFactory(name="Almaty District Court"))
    protest = cited(ProtestFactory(title="Picket at the consulate"))
    sentence = detention(15, name="Serik Azhibay", court=court, protests=[protest])
    place = PlaceFactory(name="Almaty")
    source = CitationFactory(fact=court).source
    today = timezone.localdate()
    for url, title in [
        (sentence.proceeding.person.get_absolute_url(), "Serik Azhibay"),
        (sentence.proceeding.get_absolute_url(), "Serik Azhibay"),
        (court.get_absolute_url(), "Almaty District Court"),
        (protest.get_absolute_url(), "Picket at the consulate"),
        (place.get_absolute_url(), "Almaty"),
        (source.get_absolute_url(), source.headline),
    ]:
        text = client.get(url).text
        assert "Cite this record" in text, url
        citation = text[text.index("Cite this record") :]
        assert title in citation, url
        assert f"http://testserver{url}" in citation, url
        assert f"retrieved {today.day} {today:%B %Y}" in citation, url
