import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('addons', '0004_categories'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('addon', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='addons.addon')),
                ('names', models.TextField()),
                ('body', models.TextField()),
                ('name_terms', models.PositiveSmallIntegerField(default=1)),
                ('modified', models.DateTimeField(auto_now=True)),
            ],
            options={
                'db_table': 'search_documents',
            },
        ),
        migrations.CreateModel(
            name='SearchKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.CharField(max_length=255)),
                ('kind', models.PositiveSmallIntegerField(choices=[(1, 'name'), (2, 'slug'), (3, 'guid')])),
                ('addon', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='search_keys', to='addons.addon')),
            ],
            options={
                'db_table': 'search_keys',
                'indexes': [models.Index(fields=['value'], name='search_key_value'), models.Index(fields=['kind', 'value'], name='search_key_kind_value')],
            },
        ),
    ]
