"""Migrations 0001_initial to 0007_translatable_verbose_names in one.

A new database creates each model as it is now, then runs what those migrations did that
a new database still needs (kept_by_squash). Django applies this instead of them to a new
database; a database that applied them all reads it as applied.

Written by makemigrations for the models as they were at 0007_translatable_verbose_names, each
model's constraints and indexes in its CreateModel (one state change instead of one per
constraint).
"""

import casetracker.partial_dates
import django.db.models.deletion
import simple_history.models
from casetracker.migration_operations import kept_by_squash
from django.conf import settings
from django.db import migrations, models

REPLACED = [
    "0001_initial",
    "0002_history_and_publish_permission",
    "0003_stored_visibility",
    "0004_headline_outlet_trigram_indexes",
    "0005_is_public_whole_rule",
    "0006_partial_date_ranges",
    "0007_translatable_verbose_names",
]


class Migration(migrations.Migration):

    replaces = [("sources", name) for name in REPLACED]

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('people', '0015_description_trigram_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalSource',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('outlet', models.CharField(help_text="Who published the report, e.g. “AFP”, “RFE/RL's Kazakh Service”.", max_length=200, verbose_name='outlet')),
                ('headline', models.CharField(help_text='Headline as published.', max_length=500, verbose_name='headline')),
                ('url', models.URLField(db_index=True, error_messages={'unique': 'A source with this URL already exists.'}, help_text='Address of the article as read. Each article is entered once.', max_length=500, verbose_name='URL')),
                ('published', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='Publication date, as precisely as known.', max_length=40, verbose_name='publication date')),
                ('date_note', models.TextField(blank=True, help_text='How the publication date is known (stated, or inferred and why).', verbose_name='how the date is known')),
                ('language', models.CharField(default='en', help_text='Language code of the text read: en, ru, kk, …', max_length=10, verbose_name='language')),
                ('author', models.CharField(blank=True, help_text='Byline, if any. Blank means not reported.', max_length=200, verbose_name='author')),
                ('copy_read', models.CharField(blank=True, help_text='The copy actually read, when not the original (“AFP text on Asia Times”).', max_length=300, verbose_name='copy read')),
                ('archive_url', models.URLField(blank=True, help_text='A permanent archived copy (Wayback, archive.today).', max_length=500, verbose_name='archive URL')),
                ('accessed_on', models.DateField(blank=True, help_text='The day a researcher last read the article.', null=True, verbose_name='accessed on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('published_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of publication date: year, month or day (filled from it).', max_length=5, source='published', verbose_name='publication date: precision')),
                ('published_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day publication date can mean (filled from it; for filters).', null=True, source='published', verbose_name='publication date: first day')),
                ('published_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day publication date can mean (filled from it; for filters).', null=True, source='published', verbose_name='publication date: last day')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outlet_organization', models.ForeignKey(blank=True, db_constraint=False, help_text="The outlet's organization record, if it has one.", limit_choices_to={'kind': 'media'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.organization', verbose_name="outlet's organization")),
            ],
            options={
                'verbose_name': 'historical source',
                'verbose_name_plural': 'historical sources',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('is_public', models.BooleanField(db_index=True, default=False, editable=False, help_text='Computed by the publishing rule (publishing.rules): published, backed by a published citation, every parent record public, and naming no protected person. Kept current by publishing.upkeep on every write.', verbose_name='public')),
                ('outlet', models.CharField(help_text="Who published the report, e.g. “AFP”, “RFE/RL's Kazakh Service”.", max_length=200, verbose_name='outlet')),
                ('headline', models.CharField(help_text='Headline as published.', max_length=500, verbose_name='headline')),
                ('url', models.URLField(error_messages={'unique': 'A source with this URL already exists.'}, help_text='Address of the article as read. Each article is entered once.', max_length=500, unique=True, verbose_name='URL')),
                ('published', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='Publication date, as precisely as known.', max_length=40, verbose_name='publication date')),
                ('date_note', models.TextField(blank=True, help_text='How the publication date is known (stated, or inferred and why).', verbose_name='how the date is known')),
                ('language', models.CharField(default='en', help_text='Language code of the text read: en, ru, kk, …', max_length=10, verbose_name='language')),
                ('author', models.CharField(blank=True, help_text='Byline, if any. Blank means not reported.', max_length=200, verbose_name='author')),
                ('copy_read', models.CharField(blank=True, help_text='The copy actually read, when not the original (“AFP text on Asia Times”).', max_length=300, verbose_name='copy read')),
                ('archive_url', models.URLField(blank=True, help_text='A permanent archived copy (Wayback, archive.today).', max_length=500, verbose_name='archive URL')),
                ('accessed_on', models.DateField(blank=True, help_text='The day a researcher last read the article.', null=True, verbose_name='accessed on')),
                ('published_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of publication date: year, month or day (filled from it).', max_length=5, source='published', verbose_name='publication date: precision')),
                ('published_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day publication date can mean (filled from it; for filters).', null=True, source='published', verbose_name='publication date: first day')),
                ('published_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day publication date can mean (filled from it; for filters).', null=True, source='published', verbose_name='publication date: last day')),
                ('outlet_organization', models.ForeignKey(blank=True, help_text="The outlet's organization record, if it has one.", limit_choices_to={'kind': 'media'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='published_sources', to='people.organization', verbose_name="outlet's organization")),
            ],
            options={
                'verbose_name': 'source',
                'verbose_name_plural': 'sources',
                'ordering': ['-published_start', 'outlet', 'pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
                'constraints': [models.CheckConstraint(condition=models.Q(('publication_status__in', ['draft', 'review', 'published', 'retracted'])), name='source_publication_status_valid'), models.CheckConstraint(condition=models.Q(models.Q(('published', ''), ('published_end__isnull', True), ('published_precision', ''), ('published_start__isnull', True)), models.Q(models.Q(('published', ''), _negated=True), models.Q(('published_start__isnull', False), ('published_end__isnull', False), _connector='OR'), models.Q(('published_start__isnull', True), ('published_end__isnull', True), ('published_end__gte', models.F('published_start')), _connector='OR'), ('published_precision__in', ['year', 'month', 'day'])), _connector='OR'), name='source_published_partial_date_valid', violation_error_message='Published is not a valid date.'), models.CheckConstraint(condition=models.Q(('url', ''), _negated=True), name='source_url_not_blank'), models.CheckConstraint(condition=models.Q(('headline', ''), _negated=True), name='source_headline_not_blank')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCitation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('object_id', models.PositiveBigIntegerField(help_text='The id of the record cited.', verbose_name='record ID')),
                ('field', models.CharField(blank=True, help_text='The field of the record this citation supports; blank for the whole record.', max_length=100, verbose_name='field')),
                ('quote', models.TextField(help_text='A short verbatim quote from the source that states the fact.', verbose_name='quote')),
                ('translation', models.TextField(blank=True, help_text='English translation of the quote, if the source is not English.', verbose_name='translation')),
                ('reported_value', models.CharField(blank=True, help_text='The value this source gives, when sources disagree (“one week” vs “15 days”). Citations of one field with different values are shown side by side.', max_length=500, verbose_name='reported value')),
                ('locator', models.CharField(blank=True, help_text='Where in the source: paragraph, page, timestamp.', max_length=100, verbose_name='locator')),
                ('confidence', models.CharField(choices=[('high', 'High: stated plainly'), ('medium', 'Medium: implied or second-hand'), ('low', 'Low: inferred by the researcher')], default='high', help_text='How directly the quote states the fact.', max_length=10, verbose_name='confidence')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('content_type', models.ForeignKey(blank=True, db_constraint=False, help_text='The kind of record cited (person, protest, sentence, …).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, help_text='The article that reports the fact.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sources.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'historical citation',
                'verbose_name_plural': 'historical citations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Citation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('is_public', models.BooleanField(db_index=True, default=False, editable=False, help_text='Computed by the publishing rule (publishing.rules): published, backed by a published citation, every parent record public, and naming no protected person. Kept current by publishing.upkeep on every write.', verbose_name='public')),
                ('object_id', models.PositiveBigIntegerField(help_text='The id of the record cited.', verbose_name='record ID')),
                ('field', models.CharField(blank=True, help_text='The field of the record this citation supports; blank for the whole record.', max_length=100, verbose_name='field')),
                ('quote', models.TextField(help_text='A short verbatim quote from the source that states the fact.', verbose_name='quote')),
                ('translation', models.TextField(blank=True, help_text='English translation of the quote, if the source is not English.', verbose_name='translation')),
                ('reported_value', models.CharField(blank=True, help_text='The value this source gives, when sources disagree (“one week” vs “15 days”). Citations of one field with different values are shown side by side.', max_length=500, verbose_name='reported value')),
                ('locator', models.CharField(blank=True, help_text='Where in the source: paragraph, page, timestamp.', max_length=100, verbose_name='locator')),
                ('confidence', models.CharField(choices=[('high', 'High: stated plainly'), ('medium', 'Medium: implied or second-hand'), ('low', 'Low: inferred by the researcher')], default='high', help_text='How directly the quote states the fact.', max_length=10, verbose_name='confidence')),
                ('content_type', models.ForeignKey(help_text='The kind of record cited (person, protest, sentence, …).', on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype', verbose_name='record type')),
                ('source', models.ForeignKey(help_text='The article that reports the fact.', on_delete=django.db.models.deletion.PROTECT, related_name='citations', to='sources.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'citation',
                'verbose_name_plural': 'citations',
                'ordering': ['source__published_start', 'pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='citation_fact_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('publication_status__in', ['draft', 'review', 'published', 'retracted'])), name='citation_publication_status_valid'), models.CheckConstraint(condition=models.Q(('confidence__in', ['high', 'medium', 'low'])), name='citation_confidence_valid', violation_error_message='Choose a valid confidence.'), models.CheckConstraint(condition=models.Q(('quote', ''), _negated=True), name='citation_quote_not_blank', violation_error_message='A citation needs a verbatim quote.')],
            },
        ),
        *kept_by_squash("sources", REPLACED),
    ]
