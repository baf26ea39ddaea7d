"""Exporting the public CSV and importing it into an empty database gives the same CSV.

The public CSV carries no quotes, and the import requires one for every source: the file
imported is the export plus the ``quotes`` column, filled with the public quote of each of
the row's sources for that sentence (what the public site and the API show beside it).
Casetracker's own ids (``sentence_id`` and the ids in the page URLs) are assigned anew, so
the two files are compared with each kind of id numbered in order of first appearance.
"""

import csv
import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from events.models import Sentence
from imports import services, spreadsheets
from publishing import services as publishing
from publishing.models import PublicationStatus
from sources.models import Citation

pytestmark = pytest.mark.django_db

ID_COLUMNS = {
    "sentence_id": re.compile(r"^(\d+)$"),
    "person_url": re.compile(r"/people/(\d+)/"),
    "case_url": re.compile(r"/proceedings/(\d+)/"),
    "protest_urls": re.compile(r"/protests/(\d+)/"),
}


def public_csv(client) -> str:
    response = client.get(reverse("events:case_csv"))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def with_numbered_ids(text: str) -> list[dict[str, str]]:
    """The rows, each kind of id replaced by its order of first appearance."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for column, pattern in ID_COLUMNS.items():
        numbers: dict[str, int] = {}

        def numbered(match, numbers=numbers):
            number = numbers.setdefault(match.group(1), len(numbers) + 1)
            return match.group(0).replace(match.group(1), f"#{number}")

        for row in rows:
            row[column] = pattern.sub(numbered, row[column])
    return rows


def with_quotes(text: str) -> str:
    """The export plus the quotes column: the public quote of each source for the row's
    sentence, in the order of the row's source URLs."""
    sentence_type = ContentType.objects.get_for_model(Sentence)
    quotes = {}
    for citation in (
        Citation.objects.public()
        .filter(content_type=sentence_type)
        .select_related("source")
        .order_by("pk")
    ):
        quotes.setdefault((citation.object_id, citation.source.url), citation.quote)
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        urls = row["source_urls"].split(" | ")
        row["quotes"] = " | ".join(quotes[int(row["sentence_id"]), url] for url in urls)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*rows[0].keys()], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def empty_every_record_table() -> None:
    """Delete every row of the apps' tables (foreign keys are checked at commit, which this
    test's transaction never reaches, and nothing is left to point anywhere)."""
    tables = [
        model._meta.db_table
        for label in ("sources", "events", "people", "places", "publishing")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def test_exporting_the_public_csv_and_importing_it_into_an_empty_database_gives_the_same_csv(
    client, editor
):
    call_command("loaddata", settings.BASE_DIR / "fixtures" / "demo.json", verbosity=0)
    exported = public_csv(client)
    assert exported.count("\n") > 10
    file = with_quotes(exported)

    empty_every_record_table()
    assert public_csv(client).count("\n") == 1
    plan = services.plan(spreadsheets.read_table("cases.csv", file.encode()))
    assert plan.valid, [row.errors for row in plan.rows if row.errors]
    saved = services.apply(plan, user=editor, filename="cases.csv")
    assert public_csv(client).count("\n") == 1  # drafts only: nothing public yet
    for model, objs in saved.items():
        publishing.publish(
            model.objects.filter(
                pk__in=[obj.pk for obj in objs], publication_status=PublicationStatus.DRAFT
            ),
            user=editor,
        )

    assert with_numbered_ids(public_csv(client)) == with_numbered_ids(exported)
