from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0023_contact_summary_build"),
    ]

    operations = []
