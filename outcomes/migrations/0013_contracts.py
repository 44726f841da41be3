from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0012_glance"),
    ]

    operations = []
