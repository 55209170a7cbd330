"""Load the VNG Kader components (reference data, data/vng_kader.json) with their source."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "vng_kader.json"


def load(apps, schema_editor):
    KaderComponent = apps.get_model("policy", "KaderComponent")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for component in data["components"]:
        KaderComponent.objects.update_or_create(
            key=component["key"],
            defaults={"number": component["number"], "title": component["title"],
                      "description": component["description"], "source": data["source"][:500]})


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
