"""``loaddata`` (publishing/management/commands/loaddata.py) computes the stored visibility
flags once, after the whole fixture: by the publishing rule, never as the file says."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction

from events.models import Proceeding, Sentence
from events.selectors import public_sentences
from tests.events.test_case_list import make_case

pytestmark = pytest.mark.django_db


def dumped(tmp_path, records: dict) -> tuple:
    """The records ``records`` builds, written as a fixture, then rolled back: the database
    is as before, and the file holds them with the flags they were stored with."""
    path = tmp_path / "records.json"
    with transaction.atomic():
        built = records()
        call_command("dumpdata", "people", "places", "sources", "events", output=str(path))
        transaction.set_rollback(True)
    return path, built


def test_loaddata_judges_each_record_by_the_rule_and_not_by_the_flags_in_the_file(tmp_path):
    def records():
        shown = make_case("Serik Azhibay")
        hidden = make_case("Kaisha Akankyzy")
        return shown.pk, hidden.pk, hidden.proceeding_id

    path, (shown, hidden, hidden_case) = dumped(tmp_path, records)
    # The file says the second case is a draft, yet keeps the flags of a public one.
    rows = json.loads(path.read_text())
    for row in rows:
        if row["model"] == "events.proceeding" and row["pk"] == hidden_case:
            row["fields"]["publication_status"] = "draft"
            assert row["fields"]["is_public"] is True
    path.write_text(json.dumps(rows))

    call_command("loaddata", str(path), verbosity=0)

    assert list(public_sentences().values_list("pk", flat=True)) == [shown]
    sentence = Sentence.objects.get(pk=hidden)
    assert (sentence.is_public, sentence.listed) == (False, False)
    assert not Proceeding.objects.get(pk=hidden_case).is_public
