"""Stored lines of the CSV export, and the stamps that say when they are stale.

On PostgreSQL, every table the export's statement reads gets three statement-level
triggers (insert, update, delete) that move on the ``ExportStamp`` of each proceeding whose
export rows read the rows written, in the writing transaction: whatever writes them (a
save, a bulk update, the visibility upkeep's plain UPDATEs, a fixture, plain SQL).
tests/events/test_export_lines.py holds every table the compiled statement names to a
trigger here. SQLite stores no lines (its exports read every row live), so it gets none.
"""

from django.db import migrations, models

SENTENCE_TYPE = (
    "(SELECT id FROM django_content_type WHERE app_label = 'events' AND model = 'sentence')"
)
# table -> the proceedings whose export rows read its rows ``changed``
PROCEEDINGS_OF = {
    "events_proceeding": "SELECT c.id FROM changed c",
    "events_sentence": "SELECT c.proceeding_id FROM changed c",
    # The sentences a ruling imposed belong to its case; should one not, it is stamped too.
    "events_ruling": (
        "SELECT c.proceeding_id FROM changed c"
        " UNION ALL SELECT s.proceeding_id FROM events_sentence s JOIN changed c"
        " ON s.ruling_id = c.id"
    ),
    "events_charge": "SELECT c.proceeding_id FROM changed c",
    "events_courtrole": "SELECT c.proceeding_id FROM changed c",
    "events_hearing": "SELECT c.proceeding_id FROM changed c",
    "events_pretrialmeasure": "SELECT c.proceeding_id FROM changed c",
    "events_proceeding_protests": "SELECT c.proceeding_id FROM changed c",
    "events_protest": (
        "SELECT l.proceeding_id FROM events_proceeding_protests l"
        " JOIN changed c ON l.protest_id = c.id"
    ),
    "events_protest_occasions": (
        "SELECT l.proceeding_id FROM events_proceeding_protests l"
        " JOIN changed c ON l.protest_id = c.protest_id"
    ),
    "events_occasion": (
        "SELECT l.proceeding_id FROM events_proceeding_protests l"
        " JOIN events_protest_occasions o ON o.protest_id = l.protest_id"
        " JOIN changed c ON o.occasion_id = c.id"
    ),
    "people_person": (
        "SELECT p.id FROM events_proceeding p JOIN changed c ON p.person_id = c.id"
        " UNION ALL SELECT r.proceeding_id FROM events_courtrole r JOIN changed c"
        " ON r.person_id = c.id"
    ),
    "people_personname": (
        "SELECT p.id FROM events_proceeding p JOIN changed c ON p.person_id = c.person_id"
    ),
    "people_reportedage": (
        "SELECT p.id FROM events_proceeding p JOIN changed c ON p.person_id = c.person_id"
    ),
    "people_organization": (
        "SELECT p.id FROM events_proceeding p JOIN changed c ON p.court_id = c.id"
        " UNION ALL SELECT r.proceeding_id FROM events_ruling r JOIN changed c"
        " ON r.court_id = c.id"
        " UNION ALL SELECT h.proceeding_id FROM events_hearing h JOIN changed c"
        " ON h.court_id = c.id"
        " UNION ALL SELECT h.proceeding_id FROM events_hearing h JOIN changed c"
        " ON h.from_court_id = c.id"
    ),
    "places_place": (
        "SELECT p.id FROM events_proceeding p JOIN people_organization o ON p.court_id = o.id"
        " JOIN changed c ON o.location_id = c.id"
        " UNION ALL SELECT l.proceeding_id FROM events_proceeding_protests l"
        " JOIN events_protest t ON t.id = l.protest_id JOIN changed c ON t.location_id = c.id"
    ),
    "sources_citation": (
        "SELECT s.proceeding_id FROM events_sentence s JOIN changed c ON c.object_id = s.id"
        f" WHERE c.content_type_id = {SENTENCE_TYPE}"
    ),
    "sources_source": (
        "SELECT s.proceeding_id FROM sources_citation i JOIN changed c ON i.source_id = c.id"
        f" JOIN events_sentence s ON s.id = i.object_id WHERE i.content_type_id = {SENTENCE_TYPE}"
    ),
}
# The rows a statement wrote: as inserted, as deleted, or as they were and as they are
# (a row moved to another case stales both). An update that leaves a row as it was still
# stamps its cases: comparing old and new rows joins two tables without statistics, which
# a plan made for one row ran in quadratic time for thousands (18 s for 5,000 people).
CHANGED = {
    "INSERT": "SELECT * FROM new_rows",
    "DELETE": "SELECT * FROM old_rows",
    "UPDATE": "SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows",
}
REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _stamp(table: str, operation: str) -> str:
    return (
        f"WITH changed AS ({CHANGED[operation]}) "
        "INSERT INTO events_exportstamp (proceeding_id, number) "
        f"SELECT t.id, 1 FROM ({PROCEEDINGS_OF[table]}) AS t(id) WHERE t.id IS NOT NULL "
        "GROUP BY t.id ORDER BY t.id "  # stamps locked in id order: no waits in a circle
        "ON CONFLICT (proceeding_id) DO UPDATE SET number = events_exportstamp.number + 1"
    )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in PROCEEDINGS_OF:
        # EXECUTE: planned for each statement's own rows. A plan PL/pgSQL keeps for the
        # session, made for the first statement's rows, would serve a save of one row
        # after a bulk update with a scan of every case, or the reverse.
        branches = " ".join(
            f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{operation}' THEN "
            f"EXECUTE {_literal(_stamp(table, operation))};"
            for n, operation in enumerate(CHANGED)
        )
        schema_editor.execute(
            f"CREATE FUNCTION {table}_export_stamp() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {branches} END IF; RETURN NULL; END $$"
        )
        for operation in CHANGED:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_export_stamp_{operation.lower()} "
                f"AFTER {operation} ON {table} REFERENCING {REFERENCING[operation]} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_export_stamp()"
            )


def _literal(sql: str) -> str:
    return "'" + sql.replace("'", "''") + "'"


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in PROCEEDINGS_OF:
        for operation in CHANGED:
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {table}_export_stamp_{operation.lower()} ON {table}"
            )
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_export_stamp()")



class Migration(migrations.Migration):

    dependencies = [
        ('events', '0035_sentence_public_updated_idx'),
        ('people', '0016_person_public_name_idx'),
        ('places', '0002_translatable_verbose_names'),
        ('sources', '0008_source_public_newest_idx'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExportStamp',
            fields=[
                ('proceeding_id', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='proceeding')),
                ('number', models.BigIntegerField(default=0, verbose_name='number')),
            ],
            options={
                'verbose_name': 'export stamp',
                'verbose_name_plural': 'export stamps',
                'default_permissions': (),
            },
        ),
        migrations.CreateModel(
            name='ExportLine',
            fields=[
                ('pk', models.CompositePrimaryKey('sentence_id', 'variant', blank=True, editable=False, primary_key=True, serialize=False)),
                ('sentence_id', models.BigIntegerField(verbose_name='sentence')),
                ('variant', models.CharField(max_length=16, verbose_name='statement')),
                ('stamp', models.BigIntegerField(verbose_name='stamp')),
                ('line', models.TextField(verbose_name='line')),
            ],
            options={
                'verbose_name': 'stored export line',
                'verbose_name_plural': 'stored export lines',
                'default_permissions': (),
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
