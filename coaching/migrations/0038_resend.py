from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0037_welsh"),
    ]

    operations = []
