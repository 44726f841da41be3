from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0026_forms_sent_once"),
    ]

    operations = []
