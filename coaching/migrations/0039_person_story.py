from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0038_resend"),
    ]

    operations = []
