"""Migrations 0001_initial to 0002_translatable_verbose_names in one.

A new database creates each model as it is now, then runs what those migrations did that
a new database still needs (kept_by_squash). Django applies this instead of them to a new
database; a database that applied them all reads it as applied.

Written by makemigrations for the models as they were at 0002_translatable_verbose_names, each
model's constraints and indexes in its CreateModel (one state change instead of one per
constraint).
"""

import casetracker.fields
import django.db.models.deletion
import simple_history.models
from casetracker.migration_operations import kept_by_squash
from django.conf import settings
from django.db import migrations, models

REPLACED = [
    "0001_initial",
    "0002_translatable_verbose_names",
]


class Migration(migrations.Migration):

    replaces = [("places", name) for name in REPLACED]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Place',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('is_public', models.BooleanField(db_index=True, default=False, editable=False, help_text='Computed by the publishing rule (publishing.rules): published, backed by a published citation, every parent record public, and naming no protected person. Kept current by publishing.upkeep on every write.', verbose_name='public')),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, help_text='WGS84 latitude.', max_digits=8, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, help_text='WGS84 longitude.', max_digits=8, null=True, verbose_name='longitude')),
                ('coordinate_precision', models.CharField(blank=True, choices=[('exact', 'Exact spot'), ('locality', 'Town or city'), ('region', 'Region')], help_text='How precise the coordinates are; required with coordinates.', max_length=10, verbose_name='coordinate precision')),
                ('name', models.CharField(help_text='The name Casetracker displays, as the main English sources spell it (Aktobe).', max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('country', 'Country'), ('region', 'Region or province'), ('district', 'District'), ('locality', 'City, town or village'), ('site', 'Site or address')], help_text='Country, region, district, locality (city, town, village) or site.', max_length=10, verbose_name='kind')),
                ('search_key', casetracker.fields.SearchKeyField(db_index=True, help_text='The display name folded for search (see casetracker.search).', max_length=200, source='name', verbose_name='search key')),
                ('parent', models.ForeignKey(blank=True, help_text="The place it lies in: a town's region, a region's country. Blank for a country. A filter by a place includes every place inside it.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='places.place', verbose_name='inside')),
            ],
            options={
                'verbose_name': 'place',
                'verbose_name_plural': 'places',
                'ordering': ['name', 'pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
                'constraints': [models.CheckConstraint(condition=models.Q(('publication_status__in', ['draft', 'review', 'published', 'retracted'])), name='place_publication_status_valid'), models.CheckConstraint(condition=models.Q(('kind__in', ['country', 'region', 'district', 'locality', 'site'])), name='place_kind_valid', violation_error_message='Choose a valid kind.'), models.CheckConstraint(condition=models.Q(('coordinate_precision__in', ['exact', 'locality', 'region', ''])), name='place_coordinate_precision_valid', violation_error_message='Choose a valid coordinate precision.'), models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__gte', -90), ('latitude__lte', 90), ('longitude__gte', -180), ('longitude__lte', 180), models.Q(('coordinate_precision', ''), _negated=True)), _connector='OR'), name='place_coordinates_valid', violation_error_message='Give both coordinates, in range, with their precision.'), models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='place_name_not_blank', violation_error_message='A place needs a name.'), models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='place_not_own_parent', violation_error_message='A place cannot lie inside itself.')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalPlaceName',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('name', models.CharField(help_text='The name exactly as written (Aqtobe, Актобе, Ақтөбе).', max_length=200, verbose_name='name as written')),
                ('script', models.CharField(choices=[('latin', 'Latin'), ('cyrillic', 'Cyrillic (Russian)'), ('kazakh_cyrillic', 'Kazakh Cyrillic'), ('chinese', 'Chinese'), ('arabic', 'Arabic (incl. Uyghur)'), ('other', 'Other')], default='latin', help_text='Writing system.', max_length=20, verbose_name='script')),
                ('origin', models.CharField(choices=[('attested', 'Attested by a source'), ('researcher', 'Added by a researcher (for search)')], default='researcher', help_text='Attested by a source (cite it, with the quote that spells it) or added by a researcher to help search (needs no citation).', max_length=20, verbose_name='origin')),
                ('note', models.CharField(blank=True, help_text='E.g. “official Kazakh Latin spelling since 2021”.', max_length=300, verbose_name='note')),
                ('search_key', casetracker.fields.SearchKeyField(db_index=True, help_text='The name folded to lower-case ASCII with spelling variants merged.', max_length=200, source='name', verbose_name='search key')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('place', models.ForeignKey(blank=True, db_constraint=False, help_text='The place that bears this name.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.place', verbose_name='place')),
            ],
            options={
                'verbose_name': 'historical place name',
                'verbose_name_plural': 'historical place names',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPlace',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, help_text='WGS84 latitude.', max_digits=8, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, help_text='WGS84 longitude.', max_digits=8, null=True, verbose_name='longitude')),
                ('coordinate_precision', models.CharField(blank=True, choices=[('exact', 'Exact spot'), ('locality', 'Town or city'), ('region', 'Region')], help_text='How precise the coordinates are; required with coordinates.', max_length=10, verbose_name='coordinate precision')),
                ('name', models.CharField(help_text='The name Casetracker displays, as the main English sources spell it (Aktobe).', max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('country', 'Country'), ('region', 'Region or province'), ('district', 'District'), ('locality', 'City, town or village'), ('site', 'Site or address')], help_text='Country, region, district, locality (city, town, village) or site.', max_length=10, verbose_name='kind')),
                ('search_key', casetracker.fields.SearchKeyField(db_index=True, help_text='The display name folded for search (see casetracker.search).', max_length=200, source='name', verbose_name='search key')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, help_text="The place it lies in: a town's region, a region's country. Blank for a country. A filter by a place includes every place inside it.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.place', verbose_name='inside')),
            ],
            options={
                'verbose_name': 'historical place',
                'verbose_name_plural': 'historical places',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PlaceName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.', verbose_name='updated')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10, verbose_name='publication status')),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.', verbose_name='internal notes')),
                ('is_public', models.BooleanField(db_index=True, default=False, editable=False, help_text='Computed by the publishing rule (publishing.rules): published, backed by a published citation, every parent record public, and naming no protected person. Kept current by publishing.upkeep on every write.', verbose_name='public')),
                ('name', models.CharField(help_text='The name exactly as written (Aqtobe, Актобе, Ақтөбе).', max_length=200, verbose_name='name as written')),
                ('script', models.CharField(choices=[('latin', 'Latin'), ('cyrillic', 'Cyrillic (Russian)'), ('kazakh_cyrillic', 'Kazakh Cyrillic'), ('chinese', 'Chinese'), ('arabic', 'Arabic (incl. Uyghur)'), ('other', 'Other')], default='latin', help_text='Writing system.', max_length=20, verbose_name='script')),
                ('origin', models.CharField(choices=[('attested', 'Attested by a source'), ('researcher', 'Added by a researcher (for search)')], default='researcher', help_text='Attested by a source (cite it, with the quote that spells it) or added by a researcher to help search (needs no citation).', max_length=20, verbose_name='origin')),
                ('note', models.CharField(blank=True, help_text='E.g. “official Kazakh Latin spelling since 2021”.', max_length=300, verbose_name='note')),
                ('search_key', casetracker.fields.SearchKeyField(db_index=True, help_text='The name folded to lower-case ASCII with spelling variants merged.', max_length=200, source='name', verbose_name='search key')),
                ('place', models.ForeignKey(help_text='The place that bears this name.', on_delete=django.db.models.deletion.PROTECT, related_name='names', to='places.place', verbose_name='place')),
            ],
            options={
                'verbose_name': 'place name',
                'verbose_name_plural': 'place names',
                'ordering': ['place', 'name'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
                'constraints': [models.CheckConstraint(condition=models.Q(('publication_status__in', ['draft', 'review', 'published', 'retracted'])), name='placename_publication_status_valid'), models.CheckConstraint(condition=models.Q(('script__in', ['latin', 'cyrillic', 'kazakh_cyrillic', 'chinese', 'arabic', 'other'])), name='placename_script_valid', violation_error_message='Choose a valid script.'), models.CheckConstraint(condition=models.Q(('origin__in', ['attested', 'researcher'])), name='placename_origin_valid', violation_error_message='Choose a valid origin.'), models.UniqueConstraint(fields=('place', 'name'), name='placename_unique'), models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='placename_not_blank', violation_error_message='A place name cannot be blank.')],
            },
        ),
        *kept_by_squash("places", REPLACED),
    ]
