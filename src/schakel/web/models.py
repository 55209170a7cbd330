"""Shared rate-limit counters (issue 11): one fixed-window count per client and bucket, in the
database every web worker and restart shares (decision 0082).

A client is never stored by its address: the key is an HMAC of the address with a salt of the
day (`RateSalt`), which every worker reads from here and which is deleted with its counters after
two days, so yesterday's keys cannot be linked to an address again.
"""

from django.db import models


class RateWindow(models.Model):
    key = models.CharField(max_length=120, primary_key=True)   # bucket:subject (a pseudonym or user id)
    window_start = models.BigIntegerField()                    # unix seconds at the start of the window
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)         # unix seconds; purged after

    class Meta:
        verbose_name = "rate-limit window"


class RateSalt(models.Model):
    day = models.DateField(primary_key=True)
    salt = models.BinaryField()

    class Meta:
        verbose_name = "rate-limit salt"
