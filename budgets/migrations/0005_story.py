from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0004_every_text_has_a_limit"),
    ]

    operations = []
