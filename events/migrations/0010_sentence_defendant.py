"""Sentence.defendant: the proceeding's defendant, stored so the name filter reads one table.

Kept current by casetracker.visibility like ``listed`` and the case dates; filled here for
the sentences already recorded.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_defendants(apps, schema_editor):
    sentence = apps.get_model("events", "Sentence")
    proceeding = apps.get_model("events", "Proceeding")
    person = proceeding._base_manager.filter(pk=OuterRef("proceeding_id")).values("person_id")
    sentence._base_manager.update(defendant_id=Subquery(person[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_sentence_public_range_count_indexes'),
        ('people', '0007_protected_pseudonym_trigram_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsentence',
            name='defendant',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, help_text="Computed: the proceeding's defendant, so that the case list filters by name on this table alone.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.person'),
        ),
        migrations.AddField(
            model_name='sentence',
            name='defendant',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text="Computed: the proceeding's defendant, so that the case list filters by name on this table alone.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person'),
        ),
        migrations.RunPython(fill_defendants, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='sentence',
            index=models.Index(condition=models.Q(('is_public', True), ('listed', True), ('publication_status', 'published')), fields=['defendant', 'id'], name='sentence_listed_defendant_idx'),
        ),
    ]
