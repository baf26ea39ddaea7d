"""GIN trigram indexes for every text of events' records the header search matches, on
PostgreSQL only (migration 0007 made the first three, people/0015 the descriptions of
people and organizations).

The search finds a case by its own words (summary, court as reported, case number), its
charges, pre-trial measures, rulings' summaries and penalties as reported, and a protest by
its place, description, demands, target and slogans (casetracker.site_search),
case-insensitively (``icontains``, which Django writes as ``UPPER(col::text) LIKE
UPPER('%…%')``). Without these expression indexes each word read every row of five tables
(0.54 s at the benchmark's default size). SQLite has no pg_trgm: nothing happens there.
"""

from django.db import migrations

from casetracker.migration_operations import postgresql_indexes

COLUMNS = {
    "events_proceeding": ["summary", "court_as_reported", "case_number"],
    "events_charge": ["article", "as_reported"],
    "events_pretrialmeasure": ["as_reported"],
    "events_ruling": ["summary"],
    "events_sentence": ["amount_as_reported"],
    "events_protest": ["region", "description", "demands", "target"],
    "events_slogan": ["text", "translation"],
}


class Migration(migrations.Migration):
    dependencies = [("events", "0026_sentence_case_country_and_kind"), ("people", "0002_pg_trgm")]

    operations = [
        postgresql_indexes(
            {
                f"{table.removeprefix('events_')}_{column}_upper_trgm": (
                    f'ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
                )
                for table, columns in COLUMNS.items()
                for column in columns
            }
        )
    ]
