from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0025_every_text_has_a_limit"),
    ]

    operations = []
