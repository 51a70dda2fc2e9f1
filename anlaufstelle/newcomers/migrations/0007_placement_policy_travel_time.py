"""Issue 17: the centre's placement policy, the policy per run and proposal, travel times and their limit."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def placed_by_seniority(apps, schema_editor):
    """Every proposal made before this migration was placed by `propose` (the seniority policy)."""
    Placement = apps.get_model("newcomers", "Placement")
    Placement._base_manager.filter(run__isnull=False).update(policy="seniority")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_invitations_and_names_per_membership"),
        ("newcomers", "0006_language_names_for_readers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="eligibilityrule",
            name="max_minutes",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Door to door by bus, train or on foot. Empty: no limit beyond the distance.",
                null=True,
                validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(240)],
                verbose_name="maximum travel time (minutes)",
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="policy",
            field=models.CharField(
                blank=True,
                choices=[
                    ("seniority", "As many children as possible, those who waited longest first"),
                    ("fair", "As many children as possible, as few overtaken as possible"),
                    ("stable", "Nobody overtaken by a child who waited less"),
                ],
                max_length=20,
                verbose_name="way of placing",
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="travel_minutes",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="travel time (minutes)"),
        ),
        migrations.AddField(
            model_name="placementrun",
            name="policy",
            field=models.CharField(
                choices=[
                    ("seniority", "As many children as possible, those who waited longest first"),
                    ("fair", "As many children as possible, as few overtaken as possible"),
                    ("stable", "Nobody overtaken by a child who waited less"),
                ],
                default="seniority",
                max_length=20,
                verbose_name="way of placing",
            ),
        ),
        migrations.CreateModel(
            name="PlacementSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "policy",
                    models.CharField(
                        choices=[
                            ("seniority", "As many children as possible, those who waited longest first"),
                            ("fair", "As many children as possible, as few overtaken as possible"),
                            ("stable", "Nobody overtaken by a child who waited less"),
                        ],
                        default="seniority",
                        max_length=20,
                        verbose_name="way of placing",
                    ),
                ),
                ("changed_at", models.DateTimeField(auto_now=True)),
                (
                    "centre",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.centre"
                    ),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "placement settings",
                "verbose_name_plural": "placement settings",
            },
        ),
        migrations.RunPython(placed_by_seniority, migrations.RunPython.noop),
    ]
