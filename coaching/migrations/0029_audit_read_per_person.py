from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0028_figures_read_side"),
    ]

    operations = [
        # "Download my data" reads the audit log of one person's own actions, in order.
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_occurred_at"),
        ),
    ]
