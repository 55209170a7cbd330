"""rebuild_linkage and rotate_linkage_secret: everything re-tokenised, resumable, matches kept."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from schakel.linkage import secrets as linkage_secrets
from schakel.linkage.models import LinkToken, Match, PersonEncoding, RebuildRun
from schakel.linkage.services import batch

from .helpers import signal_with

PHONE = ("phone", {"number": "0612345678"})
PERSON = ("person", {"name": "Ioana Popescu", "date_of_birth": "1995-07-08"})


def test_rebuild_finds_matches_of_signals_recorded_before_linkage(world):
    signal_with(world.a1, PHONE, link=False)
    signal_with(world.a2, PHONE, PERSON, link=False)
    signal_with(world.b1, ("person", {"name": "Popescu Ioana", "date_of_birth": "1995-08-07"}), link=False)
    out = StringIO()
    call_command("rebuild_linkage", stdout=out)
    assert Match.objects.count() == 2
    assert "3/3 signalen (100%)" in out.getvalue()


def test_an_interrupted_rebuild_resumes_after_the_last_committed_signal(world):
    signals = [signal_with(world.a1, PHONE, link=False)[0] for _ in range(3)]
    run = batch.start_or_resume()
    batch.run_rebuild(run, stop_after=1, batch=1)
    run.refresh_from_db()
    assert run.finished_at is None and run.last_signal_id == signals[0].pk
    resumed = batch.start_or_resume()
    assert resumed.pk == run.pk
    batch.run_rebuild(resumed, batch=1)
    resumed.refresh_from_db()
    assert resumed.finished_at is not None and resumed.done == 3
    assert Match.objects.count() == 3  # every pair of the three signals


@override_settings(LINKAGE_SECRETS=["old-secret-for-tests-0123456789"])
def _link_under_old_secret(world):
    first, _ = signal_with(world.a1, PHONE, PERSON)
    second, matches = signal_with(world.a2, PHONE, PERSON)
    return first, second, matches


def test_rotating_the_secret_retokenises_everything_and_keeps_matches(world):
    first, second, matches = _link_under_old_secret(world)
    assert len(matches) == 2
    old_tokens = set(LinkToken.objects.values_list("token", flat=True))
    with override_settings(LINKAGE_SECRETS=["new-secret-for-tests-9876543210", "old-secret-for-tests-0123456789"]):
        new_key = linkage_secrets.current().key_id
        call_command("rotate_linkage_secret", stdout=StringIO())
        assert set(LinkToken.objects.values_list("key_id", flat=True)) == {new_key}
        assert set(PersonEncoding.objects.values_list("key_id", flat=True)) == {new_key}
        assert not old_tokens & set(LinkToken.objects.values_list("token", flat=True))
        assert Match.objects.count() == 2
        # A new signal under the new secret still meets the re-tokenised ones.
        _, new_matches = signal_with(world.b1, PHONE)
        assert len(new_matches) == 2
        assert RebuildRun.objects.filter(only_stale=True, finished_at__isnull=False).exists()


def test_the_default_secret_is_derived_and_not_the_index_key(settings):
    settings.LINKAGE_SECRETS = []
    assert linkage_secrets.current().key != settings.INDEX_KEY.encode()
    settings.LINKAGE_SECRETS = ["a-configured-secret"]
    assert linkage_secrets.current().key == b"a-configured-secret"
