from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="acute_first_reaction_hours",
            field=models.PositiveSmallIntegerField(
                db_default=4, default=4,
                help_text="Binnen hoeveel uur na ontvangst een signaal met acuut gevaar een eerste reactie krijgt. "
                          "Daarna krijgen de vervanger en de ketenregisseur direct een e-mail.",
                verbose_name="norm eerste reactie bij acuut gevaar (uren)"),
        ),
    ]
