"""Detentions without a case, house arrest extended and moved, protests' status and
occasion.

- Proceeding kind "none" and Sentence kinds held_without_charge and
  missing_presumed_detained (no ruling), term unit hours; PretrialMeasure circumstance
  (detentions only) and place as reported.
- MeasureChange: a pre-trial measure extended, moved, changed or lifted.
- Protest.status (every row today is held: the default) and Occasion, linked to protests.
- The roles get the new records' permissions after migrate (publishing.roles).
"""

import casetracker.partial_dates
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0016_protest_location'),
        ('people', '0010_partial_date_ranges'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalMeasureChange',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was first saved.')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was last saved.')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10)),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.')),
                ('kind', models.CharField(choices=[('extended', 'Extended'), ('moved', 'Moved'), ('changed', 'Changed to another measure'), ('lifted', 'Lifted')], help_text='What was decided.', max_length=10)),
                ('date', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='When it was decided. Blank: not reported.', max_length=40)),
                ('new_end', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='For an extension: the new end of the measure. Blank: not reported.', max_length=40)),
                ('new_kind', models.CharField(blank=True, choices=[('detention', 'Detention'), ('house_arrest', 'House arrest'), ('travel_ban', 'Travel ban or recognizance'), ('bail', 'Bail'), ('other', 'Other')], help_text='For a change to another measure: the new measure (e.g. detention).', max_length=20)),
                ('place_as_reported', models.CharField(blank=True, help_text="For a move: the new place, in the sources' words (“Aqtobe”).", max_length=300)),
                ('note', models.TextField(blank=True, help_text='Anything more the sources say (public).')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('date_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of date: year, month or day (filled from it).', max_length=5, source='date')),
                ('date_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day date can mean (filled from it; for filters).', null=True, source='date')),
                ('date_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day date can mean (filled from it; for filters).', null=True, source='date')),
                ('new_end_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of new end: year, month or day (filled from it).', max_length=5, source='new_end')),
                ('new_end_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day new end can mean (filled from it; for filters).', null=True, source='new_end')),
                ('new_end_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day new end can mean (filled from it; for filters).', null=True, source='new_end')),
            ],
            options={
                'verbose_name': 'historical measure change',
                'verbose_name_plural': 'historical measure changes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalOccasion',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was first saved.')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, help_text='When this row was last saved.')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10)),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.')),
                ('name', models.CharField(help_text="Short name, e.g. “Xi Jinping's state visit to Kazakhstan”.", max_length=300)),
                ('kind', models.CharField(choices=[('state_visit', 'State visit'), ('summit', 'Summit'), ('anniversary', 'Anniversary'), ('election', 'Election'), ('trial', 'Trial'), ('other', 'Other')], help_text='What kind of occasion.', max_length=20)),
                ('date', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='When it took place, as precisely as known.', max_length=40)),
                ('description', models.TextField(blank=True, help_text='What it was (public).')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('date_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of date: year, month or day (filled from it).', max_length=5, source='date')),
                ('date_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day date can mean (filled from it; for filters).', null=True, source='date')),
                ('date_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day date can mean (filled from it; for filters).', null=True, source='date')),
            ],
            options={
                'verbose_name': 'historical occasion',
                'verbose_name_plural': 'historical occasions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='MeasureChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10)),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.')),
                ('is_public', models.BooleanField(db_index=True, default=False, editable=False, help_text='Computed by the publishing rule (publishing.rules): published, backed by a published citation, every parent record public, and naming no protected person. Kept current by publishing.upkeep on every write.')),
                ('kind', models.CharField(choices=[('extended', 'Extended'), ('moved', 'Moved'), ('changed', 'Changed to another measure'), ('lifted', 'Lifted')], help_text='What was decided.', max_length=10)),
                ('date', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='When it was decided. Blank: not reported.', max_length=40)),
                ('new_end', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='For an extension: the new end of the measure. Blank: not reported.', max_length=40)),
                ('new_kind', models.CharField(blank=True, choices=[('detention', 'Detention'), ('house_arrest', 'House arrest'), ('travel_ban', 'Travel ban or recognizance'), ('bail', 'Bail'), ('other', 'Other')], help_text='For a change to another measure: the new measure (e.g. detention).', max_length=20)),
                ('place_as_reported', models.CharField(blank=True, help_text="For a move: the new place, in the sources' words (“Aqtobe”).", max_length=300)),
                ('note', models.TextField(blank=True, help_text='Anything more the sources say (public).')),
                ('date_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of date: year, month or day (filled from it).', max_length=5, source='date')),
                ('date_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day date can mean (filled from it; for filters).', null=True, source='date')),
                ('date_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day date can mean (filled from it; for filters).', null=True, source='date')),
                ('new_end_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of new end: year, month or day (filled from it).', max_length=5, source='new_end')),
                ('new_end_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day new end can mean (filled from it; for filters).', null=True, source='new_end')),
                ('new_end_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day new end can mean (filled from it; for filters).', null=True, source='new_end')),
            ],
            options={
                'ordering': ['measure', 'date_start', 'pk'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
            },
        ),
        migrations.CreateModel(
            name='Occasion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.')),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], db_index=True, default='draft', help_text='Editorial state. Only published records appear on the public site, in search, in the CSV export and in the API.', max_length=10)),
                ('internal_notes', models.TextField(blank=True, help_text='For researchers and editors only: never shown publicly, never exported.')),
                ('is_public', models.BooleanField(db_index=True, default=False, editable=False, help_text='Computed by the publishing rule (publishing.rules): published, backed by a published citation, every parent record public, and naming no protected person. Kept current by publishing.upkeep on every write.')),
                ('name', models.CharField(help_text="Short name, e.g. “Xi Jinping's state visit to Kazakhstan”.", max_length=300)),
                ('kind', models.CharField(choices=[('state_visit', 'State visit'), ('summit', 'Summit'), ('anniversary', 'Anniversary'), ('election', 'Election'), ('trial', 'Trial'), ('other', 'Other')], help_text='What kind of occasion.', max_length=20)),
                ('date', casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='When it took place, as precisely as known.', max_length=40)),
                ('description', models.TextField(blank=True, help_text='What it was (public).')),
                ('date_precision', casetracker.partial_dates.PartialDatePrecisionField(choices=[('year', 'Year'), ('month', 'Month'), ('day', 'Day')], default='', help_text='Precision of date: year, month or day (filled from it).', max_length=5, source='date')),
                ('date_start', casetracker.partial_dates.PartialDateStartField(db_index=True, help_text='First day date can mean (filled from it; for filters).', null=True, source='date')),
                ('date_end', casetracker.partial_dates.PartialDateEndField(help_text='Last day date can mean (filled from it; for filters).', null=True, source='date')),
            ],
            options={
                'ordering': ['-date_start', 'name'],
                'default_permissions': ('add', 'change', 'delete', 'view', 'publish'),
            },
        ),
        migrations.RemoveConstraint(
            model_name='proceeding',
            name='proceeding_kind_valid',
        ),
        migrations.RemoveConstraint(
            model_name='sentence',
            name='sentence_kind_valid',
        ),
        migrations.RemoveConstraint(
            model_name='sentence',
            name='sentence_term_unit_valid',
        ),
        migrations.AddField(
            model_name='historicalpretrialmeasure',
            name='circumstance',
            field=models.CharField(blank=True, choices=[('at_protest', 'Detained at the protest'), ('summoned', 'Summoned and held'), ('transport', 'Taken off transport'), ('at_home', 'Detained at home'), ('missing', 'Missing, presumed detained'), ('other', 'Other')], help_text='For a detention: how the person came to be held (at the protest, summoned, taken off transport, at home, or missing and presumed detained). Blank: not reported.', max_length=20),
        ),
        migrations.AddField(
            model_name='historicalpretrialmeasure',
            name='place_as_reported',
            field=models.CharField(blank=True, help_text="Where it was held or served, in the sources' words (“in Almaty”).", max_length=300),
        ),
        migrations.AddField(
            model_name='historicalprotest',
            name='status',
            field=models.CharField(choices=[('held', 'Held'), ('planned', 'Planned'), ('prevented', 'Prevented'), ('dispersed', 'Dispersed')], default='held', help_text='Whether it took place: held, only planned (announced, not held), prevented (stopped before it began) or dispersed (broken up once under way).', max_length=10),
        ),
        migrations.AddField(
            model_name='pretrialmeasure',
            name='circumstance',
            field=models.CharField(blank=True, choices=[('at_protest', 'Detained at the protest'), ('summoned', 'Summoned and held'), ('transport', 'Taken off transport'), ('at_home', 'Detained at home'), ('missing', 'Missing, presumed detained'), ('other', 'Other')], help_text='For a detention: how the person came to be held (at the protest, summoned, taken off transport, at home, or missing and presumed detained). Blank: not reported.', max_length=20),
        ),
        migrations.AddField(
            model_name='pretrialmeasure',
            name='place_as_reported',
            field=models.CharField(blank=True, help_text="Where it was held or served, in the sources' words (“in Almaty”).", max_length=300),
        ),
        migrations.AddField(
            model_name='protest',
            name='status',
            field=models.CharField(choices=[('held', 'Held'), ('planned', 'Planned'), ('prevented', 'Prevented'), ('dispersed', 'Dispersed')], default='held', help_text='Whether it took place: held, only planned (announced, not held), prevented (stopped before it began) or dispersed (broken up once under way).', max_length=10),
        ),
        migrations.AlterField(
            model_name='historicalproceeding',
            name='kind',
            field=models.CharField(choices=[('administrative', 'Administrative'), ('criminal', 'Criminal'), ('none', 'No case: held without charge')], help_text='Administrative or criminal; “no case” for a detention that no proceeding followed (held for hours, summoned, missing).', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalproceeding',
            name='opened',
            field=casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='When the case was opened or the person charged; for a detention without a case, when the person was detained.', max_length=40),
        ),
        migrations.AlterField(
            model_name='historicalsentence',
            name='kind',
            field=models.CharField(choices=[('administrative_detention', 'Administrative detention'), ('fine', 'Fine'), ('imprisonment', 'Imprisonment'), ('suspended', 'Suspended sentence'), ('probation', 'Probation'), ('restriction_of_freedom', 'Restriction of freedom'), ('activity_ban', 'Ban on activity'), ('travel_ban', 'Travel ban'), ('house_arrest', 'House arrest'), ('held_without_charge', 'Held without charge'), ('missing_presumed_detained', 'Missing, presumed detained'), ('other', 'Other')], help_text='The penalty.', max_length=30),
        ),
        migrations.AlterField(
            model_name='historicalsentence',
            name='term_unit',
            field=models.CharField(blank=True, choices=[('hours', 'hours'), ('days', 'days'), ('weeks', 'weeks'), ('months', 'months'), ('years', 'years')], help_text='Unit of the term as reported; required with a length.', max_length=10),
        ),
        migrations.AlterField(
            model_name='proceeding',
            name='kind',
            field=models.CharField(choices=[('administrative', 'Administrative'), ('criminal', 'Criminal'), ('none', 'No case: held without charge')], help_text='Administrative or criminal; “no case” for a detention that no proceeding followed (held for hours, summoned, missing).', max_length=20),
        ),
        migrations.AlterField(
            model_name='proceeding',
            name='opened',
            field=casetracker.partial_dates.PartialDateField(blank=True, default='', help_text='When the case was opened or the person charged; for a detention without a case, when the person was detained.', max_length=40),
        ),
        migrations.AlterField(
            model_name='sentence',
            name='kind',
            field=models.CharField(choices=[('administrative_detention', 'Administrative detention'), ('fine', 'Fine'), ('imprisonment', 'Imprisonment'), ('suspended', 'Suspended sentence'), ('probation', 'Probation'), ('restriction_of_freedom', 'Restriction of freedom'), ('activity_ban', 'Ban on activity'), ('travel_ban', 'Travel ban'), ('house_arrest', 'House arrest'), ('held_without_charge', 'Held without charge'), ('missing_presumed_detained', 'Missing, presumed detained'), ('other', 'Other')], help_text='The penalty.', max_length=30),
        ),
        migrations.AlterField(
            model_name='sentence',
            name='term_unit',
            field=models.CharField(blank=True, choices=[('hours', 'hours'), ('days', 'days'), ('weeks', 'weeks'), ('months', 'months'), ('years', 'years')], help_text='Unit of the term as reported; required with a length.', max_length=10),
        ),
        migrations.AddConstraint(
            model_name='pretrialmeasure',
            constraint=models.CheckConstraint(condition=models.Q(('circumstance__in', ['at_protest', 'summoned', 'transport', 'at_home', 'missing', 'other', ''])), name='pretrialmeasure_circumstance_valid', violation_error_message='Choose a valid circumstance.'),
        ),
        migrations.AddConstraint(
            model_name='pretrialmeasure',
            constraint=models.CheckConstraint(condition=models.Q(('circumstance', ''), ('kind', 'detention'), _connector='OR'), name='pretrialmeasure_circumstance_only_for_detention', violation_error_message='Only a detention has a circumstance.'),
        ),
        migrations.AddConstraint(
            model_name='proceeding',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['administrative', 'criminal', 'none'])), name='proceeding_kind_valid', violation_error_message='Choose a valid kind.'),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['administrative_detention', 'fine', 'imprisonment', 'suspended', 'probation', 'restriction_of_freedom', 'activity_ban', 'travel_ban', 'house_arrest', 'warning', 'expulsion', 'held_without_charge', 'missing_presumed_detained', 'other'])), name='sentence_kind_valid', violation_error_message='Choose a valid kind.'),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.CheckConstraint(condition=models.Q(('term_unit__in', ['hours', 'days', 'weeks', 'months', 'years', ''])), name='sentence_term_unit_valid', violation_error_message='Choose a valid term unit.'),
        ),
        migrations.AddConstraint(
            model_name='sentence',
            constraint=models.CheckConstraint(condition=models.Q(('ruling__isnull', True), models.Q(('kind__in', ('held_without_charge', 'missing_presumed_detained')), _negated=True), _connector='OR'), name='sentence_without_case_has_no_ruling', violation_error_message='A detention without a case has no ruling.'),
        ),
        migrations.AddField(
            model_name='historicalmeasurechange',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalmeasurechange',
            name='measure',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The measure that was extended, moved, changed or lifted.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.pretrialmeasure'),
        ),
        migrations.AddField(
            model_name='historicaloccasion',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='measurechange',
            name='measure',
            field=models.ForeignKey(help_text='The measure that was extended, moved, changed or lifted.', on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='events.pretrialmeasure'),
        ),
        migrations.AddConstraint(
            model_name='occasion',
            constraint=models.CheckConstraint(condition=models.Q(('publication_status__in', ['draft', 'review', 'published', 'retracted'])), name='occasion_publication_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='occasion',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['state_visit', 'summit', 'anniversary', 'election', 'trial', 'other'])), name='occasion_kind_valid', violation_error_message='Choose a valid kind.'),
        ),
        migrations.AddConstraint(
            model_name='occasion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('date', ''), ('date_end__isnull', True), ('date_precision', ''), ('date_start__isnull', True)), models.Q(models.Q(('date', ''), _negated=True), models.Q(('date_start__isnull', False), ('date_end__isnull', False), _connector='OR'), models.Q(('date_start__isnull', True), ('date_end__isnull', True), ('date_end__gte', models.F('date_start')), _connector='OR'), ('date_precision__in', ['year', 'month', 'day'])), _connector='OR'), name='occasion_date_partial_date_valid', violation_error_message='Date is not a valid date.'),
        ),
        migrations.AddConstraint(
            model_name='occasion',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='occasion_name_not_blank'),
        ),
        migrations.AddField(
            model_name='protest',
            name='occasions',
            field=models.ManyToManyField(blank=True, help_text='What it was timed to or about (a state visit, a summit, an anniversary).', related_name='protests', to='events.occasion'),
        ),
        migrations.AddConstraint(
            model_name='protest',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['held', 'planned', 'prevented', 'dispersed'])), name='protest_status_valid', violation_error_message='Choose a valid status.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(('publication_status__in', ['draft', 'review', 'published', 'retracted'])), name='measurechange_publication_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['extended', 'moved', 'changed', 'lifted'])), name='measurechange_kind_valid', violation_error_message='Choose a valid kind.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(('new_kind__in', ['detention', 'house_arrest', 'travel_ban', 'bail', 'other', ''])), name='measurechange_new_kind_valid', violation_error_message='Choose a valid new kind.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('date', ''), ('date_end__isnull', True), ('date_precision', ''), ('date_start__isnull', True)), models.Q(models.Q(('date', ''), _negated=True), models.Q(('date_start__isnull', False), ('date_end__isnull', False), _connector='OR'), models.Q(('date_start__isnull', True), ('date_end__isnull', True), ('date_end__gte', models.F('date_start')), _connector='OR'), ('date_precision__in', ['year', 'month', 'day'])), _connector='OR'), name='measurechange_date_partial_date_valid', violation_error_message='Date is not a valid date.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('new_end', ''), ('new_end_end__isnull', True), ('new_end_precision', ''), ('new_end_start__isnull', True)), models.Q(models.Q(('new_end', ''), _negated=True), models.Q(('new_end_start__isnull', False), ('new_end_end__isnull', False), _connector='OR'), models.Q(('new_end_start__isnull', True), ('new_end_end__isnull', True), ('new_end_end__gte', models.F('new_end_start')), _connector='OR'), ('new_end_precision__in', ['year', 'month', 'day'])), _connector='OR'), name='measurechange_new_end_partial_date_valid', violation_error_message='New end is not a valid date.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(('date_start__isnull', True), ('new_end_end__isnull', True), ('new_end_end__gte', models.F('date_start')), _connector='OR'), name='measurechange_new_end_not_before_date', violation_error_message='New_end cannot be before date.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(('new_end', ''), ('kind', 'extended'), _connector='OR'), name='measurechange_new_end_only_for_extension', violation_error_message='Only an extension has a new end.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('new_kind', ''), models.Q(('kind', 'changed'), _negated=True)), models.Q(models.Q(('new_kind', ''), _negated=True), ('kind', 'changed')), _connector='OR'), name='measurechange_new_kind_for_change', violation_error_message='A change to another measure names the new measure.'),
        ),
        migrations.AddConstraint(
            model_name='measurechange',
            constraint=models.CheckConstraint(condition=models.Q(('place_as_reported', ''), ('kind', 'moved'), _connector='OR'), name='measurechange_place_only_for_move', violation_error_message='Only a move has a new place.'),
        ),
    ]
