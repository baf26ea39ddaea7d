"""The demo fixture as a file: what it holds, and that the build command reproduces it.

Apart from tests/test_demo_data.py, whose tests share the loaded demo data: the build
command needs an empty database.
"""

import io
import json

import pytest
from django.core.management import call_command

from sources.models import Citation, Source
from tests.test_demo_data import FACT_MODELS, fixture_path


def test_fixture_holds_only_casetracker_records_and_natural_content_types():
    rows = json.loads(fixture_path().read_text(encoding="utf-8"))
    models = {row["model"] for row in rows}
    assert models == {
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in [*FACT_MODELS, Source, Citation]
    }
    citations = [row for row in rows if row["model"] == "sources.citation"]
    assert all(len(row["fields"]["content_type"]) == 2 for row in citations)
    assert {tuple(row["fields"]["content_type"])[0] for row in citations} == {
        "people",
        "events",
        "sources",
        "places",
    }


@pytest.mark.django_db
def test_build_command_reproduces_the_committed_fixture(tmp_path):
    output = tmp_path / "demo.json"
    call_command("build_demo_fixture", output=str(output), stdout=io.StringIO())
    assert output.read_text(encoding="utf-8") == fixture_path().read_text(encoding="utf-8")
