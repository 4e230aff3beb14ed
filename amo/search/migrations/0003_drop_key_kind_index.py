from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_fulltext'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchkey',
            name='search_key_kind_value',
        ),
    ]
