from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0027_no_page_cache"),
    ]

    operations = []
