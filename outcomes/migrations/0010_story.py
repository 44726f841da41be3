from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0009_cached_figures_of_the_dashboard"),
    ]

    operations = []
