from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0035_contracts"),
    ]

    operations = []
