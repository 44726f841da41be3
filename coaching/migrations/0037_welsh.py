from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0036_production"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en-gb", "English"), ("cy", "Cymraeg")],
                default="",
                max_length=8,
            ),
        ),
    ]
