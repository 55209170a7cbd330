"""Awareness trainings: participants counted per department, no names."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingProvider(models.TextChoices):
    COMENSHA = "comensha", _("CoMensha Mensenhandel Academy")
    CCV = "ccv", _("CCV")
    FAIRWORK = "fairwork", _("FairWork")
    OWN = "own", _("Eigen organisatie")
    OTHER = "other", _("Andere aanbieder")


class TrainingKind(models.TextChoices):
    ONLINE = "online", _("Online training (e-learning)")
    CLASSROOM = "classroom", _("Fysieke training")
    MEETING = "meeting", _("Bijeenkomst of workshop")


class Department(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("Burgerzaken")
    ENFORCEMENT = "enforcement", _("Handhaving")
    SOCIAL_TEAM = "social_team", _("Wmo / wijkteam")
    SCHOOL_ATTENDANCE = "school_attendance", _("Leerplicht")
    INCOME = "income", _("Inkomen")
    PERMITS = "permits", _("Vergunningen")
    SUPERVISION = "supervision", _("Toezicht")
    OTHER = "other", _("Andere afdeling")


# The departments whose staff meet residents and premises: the coverage counts these.
FRONT_LINE_DEPARTMENTS = tuple(d for d in Department if d != Department.OTHER)


class Training(models.Model):
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.CASCADE,
                                     related_name="trainings", verbose_name=_("gemeente"))
    title = models.CharField(_("titel"), max_length=200)
    provider = models.CharField(_("aanbieder"), max_length=20, choices=TrainingProvider.choices)
    provider_name = models.CharField(_("naam aanbieder"), max_length=200, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=TrainingKind.choices)
    held_on = models.DateField(_("datum"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")

    def __str__(self) -> str:
        return self.title

    @property
    def provider_label(self) -> str:
        return self.provider_name or self.get_provider_display()

    @property
    def participants(self) -> int:
        return sum(a.participants for a in self.attendances.all())


class TrainingAttendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances")
    department = models.CharField(_("afdeling"), max_length=30, choices=Department.choices)
    participants = models.PositiveIntegerField(_("deelnemers"))

    class Meta:
        ordering = ["training", "department"]
        constraints = [
            models.UniqueConstraint(fields=["training", "department"], name="policy_one_count_per_department"),
            models.CheckConstraint(condition=models.Q(participants__gt=0), name="policy_attendance_positive"),
        ]
