from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0029_audit_read_per_person"),
    ]

    operations = []
