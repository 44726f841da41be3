from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0034_glance"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="user",
            name="user_role_known",
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="viewer_role",
            field=models.CharField(
                choices=[
                    ("coach", "Coach"),
                    ("manager", "Manager"),
                    ("person", "Person"),
                    ("commissioner", "Commissioner"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor_role",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("coach", "Coach"),
                    ("manager", "Manager"),
                    ("person", "Person"),
                    ("commissioner", "Commissioner"),
                ],
                default="person",
                max_length=12,
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["coach", "manager", "person", "commissioner"])),
                name="user_role_known",
            ),
        ),
    ]
