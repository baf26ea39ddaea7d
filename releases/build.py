"""A data release: the whole public data set as one dated zip file.

``build_release`` writes ``casetracker-data-<date>.zip`` into the releases directory
(``settings.CASETRACKER_RELEASES_DIR``), holding

- one CSV per kind of record (``sentences.csv``, ``people.csv``…): public rows only
  (``Model.objects.public()``), protected people under their pseudonym
  (``rules.redact_person``, ``rules.redact_record``), no internal notes, timestamps or
  editorial state; a link to a record the public cannot see is left empty;
- ``cases.csv``: the case list's CSV, exactly as the site exports it (events.csv_export);
- ``casetracker.json``: people, organizations and memberships in Popolo's form, and every
  kind of record with the same columns as its CSV (the shape is in the README);
- ``README.md`` (a column dictionary built from the models' ``help_text``), ``LICENSE.txt``
  (CC BY 4.0) and ``CITATION.txt`` ("cite this dataset", with the release date).

Everything is read through the publishing gate (publishing.rules): this module decides
only the files' shape.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from functools import reduce
from operator import or_
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from events import csv_export
from events.filters import CaseFilter
from events.selectors import public_sentences
from publishing import rules
from publishing.models import BOOKKEEPING

RELEASE_PREFIX = "casetracker-data-"
# Never exported: the editorial state (every exported row is published and public) and
# why a person is protected (editors only).
NOT_EXPORTED = frozenset({*BOOKKEEPING, "publication_status", "is_public", "protection_reason"})
LIST_SEPARATOR = ";"


def release_name(day: datetime.date) -> str:
    return f"{RELEASE_PREFIX}{day.isoformat()}.zip"


def file_name(model) -> str:
    return f"{slugify(model._meta.verbose_name_plural)}.csv"


def columns(model) -> list:
    """The exported fields of ``model``: what a researcher enters, except bookkeeping.
    Computed columns (search keys, date ranges) are left out: they follow from the rest."""
    fields = [model._meta.pk]
    fields += [
        field
        for field in model._meta.concrete_fields
        if field.editable and field.name not in NOT_EXPORTED and not field.primary_key
    ]
    return fields + [field for field in model._meta.many_to_many if field.editable]


def header(field) -> str:
    if field.name == "content_type":  # a citation's: the kind of record cited
        return "record_kind"
    if field.many_to_many:
        return f"{field.name}_ids"
    return field.attname if field.is_relation else field.name


# Kinds whose rows the JSON file's Popolo part is built from (kept in memory; the others
# are streamed from the database to the files, so memory stays flat at any size).
POPOLO_KINDS = (
    "people.Person",
    "people.PersonName",
    "people.Organization",
    "people.OrganizationName",
    "people.Affiliation",
)
ITERATOR_CHUNK = 2000


class Release:
    """Reads the public data set and writes it as the release's files."""

    def __init__(self, *, day: datetime.date, base_url: str):
        self.day = day
        self.base_url = base_url.rstrip("/")
        self.models = rules.record_models()
        self.public_ids = {
            model: set(model.objects.public().values_list("pk", flat=True)) for model in self.models
        }
        # Public records that belong to a protected person (rules.BELONGS_TO_PERSON).
        self.protected_ids = {}
        for name, prefixes in rules.BELONGS_TO_PERSON.items():
            model = apps.get_model(name)
            condition = reduce(or_, (Q(**{f"{p}is_protected": True}) for p in prefixes))
            self.protected_ids[model] = set(
                model.objects.public().filter(condition).values_list("pk", flat=True)
            )
        self.counts = {}
        self.kept = {}

    # Rows ------------------------------------------------------------------------------

    def rows(self, model) -> Iterator[dict]:
        """The public rows of ``model`` as exported, one dict per record, in id order."""
        fields = columns(model)
        many = [field for field in fields if field.many_to_many]
        queryset = model.objects.public().order_by("pk")
        if many:
            queryset = queryset.prefetch_related(*(field.name for field in many))
        if rules.label(model) == "sources.Citation":
            yield from self._citations(queryset, fields)
            return
        protected = self.protected_ids.get(model, set())
        for record in queryset.iterator(chunk_size=ITERATOR_CHUNK):
            if rules.label(model) == "people.Person":
                record = rules.redact_person(record)
            else:
                record = rules.redact_record(record, protected=record.pk in protected)
            yield {header(field): self._value(record, field) for field in fields}

    def _value(self, record, field):
        if field.many_to_many:
            public = self.public_ids.get(field.related_model, set())
            ids = sorted(o.pk for o in getattr(record, field.name).all() if o.pk in public)
            return LIST_SEPARATOR.join(map(str, ids))
        value = getattr(record, field.attname)
        if field.is_relation and field.related_model in self.public_ids:
            # A link to a record the public cannot see is not reported.
            return value if value in self.public_ids[field.related_model] else None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        return str(value)

    def _citations(self, queryset, fields) -> Iterator[dict]:
        """Citations of public records only; a protected person's quotes and their withheld
        fields left out as on the pages (rules.withheld_quote, rules.field_withheld)."""
        by_type = {ContentType.objects.get_for_model(model).pk: model for model in self.models}
        withheld = set(queryset.filter(rules.withheld_quote()).values_list("pk", flat=True))
        for citation in queryset.iterator(chunk_size=ITERATOR_CHUNK):
            model = by_type.get(citation.content_type_id)
            if model is None or citation.object_id not in self.public_ids[model]:
                continue
            if citation.field and self._field_withheld(model, citation.object_id, citation.field):
                continue
            row = {header(field): self._value(citation, field) for field in fields}
            row["record_kind"] = rules.label(model)
            if citation.pk in withheld:
                for name in ("quote", "translation", "locator", "reported_value"):
                    row[name] = ""
            yield row

    def _field_withheld(self, model, pk, field: str) -> bool:
        name = rules.label(model)
        if name == "people.Person":
            return pk in self.protected_ids[model] and field in rules.PROTECTED_PERSON_FIELDS
        return pk in self.protected_ids.get(model, ()) and field in (
            rules.PROTECTED_RECORD_FIELDS.get(name, ())
        )

    # Files -----------------------------------------------------------------------------

    def write_kind(self, model, csv_file, json_file) -> None:
        """Write ``model``'s rows to its CSV and, as a JSON array, to ``json_file``."""
        writer = csv.DictWriter(
            csv_file, fieldnames=[header(field) for field in columns(model)], lineterminator="\n"
        )
        writer.writeheader()
        keep = rules.label(model) in POPOLO_KINDS
        kept = self.kept.setdefault(model, []) if keep else None
        count = 0
        json_file.write("[")
        for row in self.rows(model):
            writer.writerow({k: ("" if v is None else _csv_cell(v)) for k, v in row.items()})
            json_file.write(("," if count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
            if keep:
                kept.append(row)
            count += 1
        json_file.write("\n ]")
        self.counts[model] = count

    def write_cases_csv(self, target) -> None:
        sentences = CaseFilter(None, queryset=public_sentences()).qs
        for chunk in csv_export.stream(sentences, lambda path: self.base_url + path):
            target.write(chunk)

    def popolo(self) -> dict:
        """The JSON file's head: Popolo's persons, organizations and memberships."""
        model = apps.get_model
        person, organization = model("people.Person"), model("people.Organization")
        other_names = defaultdict(list)
        names = (("person", "people.PersonName"), ("organization", "people.OrganizationName"))
        for kind, key in names:
            for row in self.kept[model(key)]:
                other_names[(kind, row[f"{kind}_id"])].append(
                    {"name": row["name"], "note": row["script"]}
                )
        persons = [
            {
                "id": f"person/{row['id']}",
                "name": row["preferred_name"] or row["pseudonym"],
                "other_names": other_names[("person", row["id"])],
                "birth_date": row["birth_date"] or None,
                "summary": row["description"],
                "national_identity": row["citizenship"],
                "links": [{"url": self.url_of(person, row["id"]), "note": "Casetracker page"}],
            }
            for row in self.kept[person]
        ]
        organizations = [
            {
                "id": f"organization/{row['id']}",
                "name": row["name"],
                "classification": row["kind"],
                "other_names": other_names[("organization", row["id"])],
                "links": [
                    {"url": self.url_of(organization, row["id"]), "note": "Casetracker page"}
                ],
            }
            for row in self.kept[organization]
        ]
        memberships = [
            {
                "id": f"membership/{row['id']}",
                "person_id": f"person/{row['person_id']}",
                "organization_id": f"organization/{row['organization_id']}",
                "role": row["role"],
                "start_date": row["start"] or None,
                "end_date": row["end"] or None,
            }
            for row in self.kept[model("people.Affiliation")]
        ]
        return {
            "meta": {
                "title": "Casetracker data release",
                "release_date": self.day.isoformat(),
                "license": "CC-BY-4.0",
                "url": self.base_url + "/data/",
            },
            "persons": persons,
            "organizations": organizations,
            "memberships": memberships,
        }

    def url_of(self, model, pk) -> str:
        return self.base_url + model(pk=pk).get_absolute_url()

    def dictionary(self) -> list[dict]:
        """Per kind of record: its file, and each column with its help_text."""
        kinds = []
        for model in self.models:
            fields = []
            for field in columns(model):
                text = str(field.help_text) or "Casetracker's id of the record (stable)."
                if field.name == "content_type":
                    text += " Written as app.Model, e.g. events.Sentence (ids in that file)."
                elif field.is_relation and field.related_model in self.public_ids:
                    target = file_name(field.related_model)
                    text += f" (id{'s' if field.many_to_many else ''} in {target})"
                if field.choices:
                    text += " One of: " + ", ".join(str(value) for value, _ in field.choices) + "."
                fields.append({"name": header(field), "help": text})
            kinds.append(
                {
                    "file": file_name(model),
                    "name": str(model._meta.verbose_name_plural),
                    "count": self.counts[model],
                    "fields": fields,
                }
            )
        return kinds

    def context(self) -> dict:
        doc = csv_export.__doc__
        return {
            "day": self.day,
            "base_url": self.base_url,
            "kinds": self.dictionary(),
            "case_columns": doc[doc.index("Columns, in order") :].strip(),
            "cases_count": public_sentences().count(),
        }

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / release_name(self.day)
        partial = target.with_suffix(".zip.partial")
        stem = Path(release_name(self.day)).stem
        with (
            zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            tempfile.TemporaryFile("w+", encoding="utf-8") as records,
        ):
            # The records' JSON goes to a temporary file while their CSVs are written (a
            # zip takes one file at a time), then after the Popolo part into the JSON file.
            records.write("{")
            for index, model in enumerate(self.models):
                stem_of_kind = Path(file_name(model)).stem
                records.write(("," if index else "") + f"\n {json.dumps(stem_of_kind)}: ")
                with (
                    archive.open(f"{stem}/{file_name(model)}", "w") as raw,
                    io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
                ):
                    self.write_kind(model, text, records)
            records.write("\n}")
            with archive.open(f"{stem}/cases.csv", "w") as raw:
                self.write_cases_csv(raw)
            with (
                archive.open(f"{stem}/casetracker.json", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8") as text,
            ):
                head = json.dumps(self.popolo(), ensure_ascii=False, indent=1)
                text.write(head[: head.rindex("}")].rstrip() + ',\n "records": ')
                records.seek(0)
                shutil.copyfileobj(records, text)
                text.write("\n}\n")
            context = self.context()
            for name, template in RELEASE_TEXTS.items():
                archive.writestr(f"{stem}/{name}", render_to_string(template, context))
        partial.replace(target)  # a half-written zip is never listed
        return target


RELEASE_TEXTS = {
    "README.md": "releases/README.md",
    "LICENSE.txt": "releases/LICENSE.txt",
    "CITATION.txt": "releases/CITATION.txt",
}


def _csv_cell(value):
    """A cell a spreadsheet shows as text, never runs as a formula (as events.csv_export)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def build_release(*, day: datetime.date | None = None, base_url: str, directory=None) -> Path:
    """Write today's (or ``day``'s) release zip; returns its path."""
    day = day or timezone.localdate()
    directory = Path(directory or settings.CASETRACKER_RELEASES_DIR)
    return Release(day=day, base_url=base_url).write(directory)


def releases(directory=None) -> list[Path]:
    """The release zips in the releases directory, newest first."""
    directory = Path(directory or settings.CASETRACKER_RELEASES_DIR)
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"{RELEASE_PREFIX}*.zip"), reverse=True)
