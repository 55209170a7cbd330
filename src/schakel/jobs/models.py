"""One row per (job, period): the row is the claim that makes a periodic job run once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("Bezig")
    SUCCEEDED = "succeeded", _("Geslaagd")
    FAILED = "failed", _("Mislukt")


class JobRun(models.Model):
    name = models.CharField(_("taak"), max_length=100)
    period_key = models.CharField(_("periode"), max_length=10,
                                  help_text=_("Bijvoorbeeld 2026-11-25 (dag), 2026-W48 (week) of 2026-11 (maand)."))
    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=1)
    detail = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("uitvoering periodieke taak")
        verbose_name_plural = _("uitvoeringen periodieke taken")
        constraints = [
            models.UniqueConstraint(fields=["name", "period_key"], name="one_job_run_per_period"),
        ]
        indexes = [models.Index(fields=["started_at"], name="jobrun_started_at")]

    def __str__(self) -> str:
        return f"{self.name} {self.period_key} ({self.get_outcome_display()})"
