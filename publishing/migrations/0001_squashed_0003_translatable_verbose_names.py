"""Migrations 0001_initial to 0003_translatable_verbose_names in one.

A new database creates each model as it is now, then runs what those migrations did that
a new database still needs (kept_by_squash). Django applies this instead of them to a new
database; a database that applied them all reads it as applied.

Written by makemigrations for the models as they were at 0003_translatable_verbose_names, each
model's constraints and indexes in its CreateModel (one state change instead of one per
constraint).
"""

import django.db.models.deletion
from casetracker.migration_operations import kept_by_squash
from django.conf import settings
from django.db import migrations, models

REPLACED = [
    "0001_initial",
    "0002_revision_roles_and_visibility",
    "0003_translatable_verbose_names",
]


class Migration(migrations.Migration):

    replaces = [("publishing", name) for name in REPLACED]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0027_search_trigram_indexes'),
        ('people', '0015_description_trigram_indexes'),
        ('sources', '0007_translatable_verbose_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Revision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='When this row was first saved.', verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, help_text='When this row was last saved.', verbose_name='updated')),
                ('object_id', models.PositiveBigIntegerField(help_text='The id of the record changed.', verbose_name='record ID')),
                ('changes', models.JSONField(help_text='The fields changed: name -> the proposed value, as the form stores it.', verbose_name='changes')),
                ('original', models.JSONField(help_text="The same fields' published values when the change was proposed.", verbose_name='original values')),
                ('status', models.CharField(choices=[('pending', 'Pending review'), ('approved', 'Approved'), ('rejected', 'Rejected')], db_index=True, default='pending', help_text='Pending review, approved (applied) or rejected.', max_length=10, verbose_name='review status')),
                ('decided_at', models.DateTimeField(blank=True, help_text='When the editor approved or rejected it.', null=True, verbose_name='decided at')),
                ('rejection_reason', models.TextField(blank=True, help_text='Why the editor rejected it (shown to the researcher).', verbose_name='reason for rejection')),
                ('content_type', models.ForeignKey(help_text='The kind of record the change is for.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
                ('decided_by', models.ForeignKey(blank=True, help_text='The editor who approved or rejected it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decided_revisions', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('proposed_by', models.ForeignKey(help_text='The researcher who proposed the change.', on_delete=django.db.models.deletion.PROTECT, related_name='proposed_revisions', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
            ],
            options={
                'verbose_name': 'revision',
                'verbose_name_plural': 'revisions',
                'ordering': ['-created_at', 'pk'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='revision_record_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'approved', 'rejected'])), name='revision_status_valid', violation_error_message='Choose a valid status.'), models.CheckConstraint(condition=models.Q(('status', 'pending'), models.Q(('decided_at__isnull', False), ('decided_by__isnull', False)), _connector='OR'), name='revision_decision_has_editor', violation_error_message='A decided revision names its editor and date.'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('rejection_reason', ''), _negated=True), _connector='OR'), name='revision_rejection_has_reason', violation_error_message='Say why the revision is rejected.')],
            },
        ),
        *kept_by_squash("publishing", REPLACED),
    ]
