"""Issue 17: a placement run stores the frontier between fairness and places (placement.frontier)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newcomers", "0004_school_statistics_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="placementrun",
            name="frontier",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
