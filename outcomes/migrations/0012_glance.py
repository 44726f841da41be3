from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0011_return"),
    ]

    operations = []
