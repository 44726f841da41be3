from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0031_voice"),
    ]

    operations = []
