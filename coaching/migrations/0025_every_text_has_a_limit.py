from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0024_history_kept_by_the_database"),
    ]

    operations = []
