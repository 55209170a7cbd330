from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "schakel.jobs"
    verbose_name = _("Periodieke taken")

    def ready(self) -> None:
        from .schedules import ensure_schedule_after_migrate

        # Every app registers its periodic jobs in its own `periodic_jobs` module.
        autodiscover_modules("periodic_jobs")
        post_migrate.connect(ensure_schedule_after_migrate, sender=self,
                             dispatch_uid="schakel.jobs.ensure_schedule")
