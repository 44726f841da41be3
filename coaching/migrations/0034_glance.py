from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0033_coach_minute"),
    ]

    operations = []
