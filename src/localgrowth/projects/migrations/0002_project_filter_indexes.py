"""Indexes for the project filters and facet counts: by status, by category, and by fund and
status together (the list's usual filter). The status indexes end in the reference, so that a
filtered page in reference order is read from the index without a sort. A fund's projects are
already indexed by its foreign key, as are a programme's."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("framework", "0001_initial"),
        ("places", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["status", "reference"], name="project_status_idx"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["category"], name="project_category_idx"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["fund", "status", "reference"], name="project_fund_status_idx"
            ),
        ),
    ]
