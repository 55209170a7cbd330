"""The demo-loader registry: other apps add demo records in order, with the demo region in hand."""

import pytest

from schakel.accounts.roles import Role
from schakel.demo import DemoLoaderAlreadyRegistered, register_demo_loader, registry
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data


def test_a_duplicate_loader_name_fails():
    loaders = DemoLoaderRegistry()
    loaders.register("test.signals", lambda context: None)

    with pytest.raises(DemoLoaderAlreadyRegistered, match="test.signals"):
        loaders.register("test.signals", lambda context: None)


def test_loaders_run_by_order_then_registration():
    loaders = DemoLoaderRegistry()
    for name, order in (("c", 100), ("a", 10), ("b", 100), ("d", 10)):
        loaders.register(name, lambda context: None, order=order)

    assert loaders.names() == ["a", "d", "c", "b"]


def test_the_project_registry_is_importable_for_other_apps():
    assert isinstance(registry, DemoLoaderRegistry)
    assert callable(register_demo_loader)


@pytest.mark.django_db
def test_each_loader_gets_the_demo_region_municipalities_organisations_and_users_by_role():
    seen = {}
    loaders = DemoLoaderRegistry()

    def first(context):
        seen["first"] = context
        return "3 signalen"

    def second(context):
        seen["order"] = list(seen)
        seen["second"] = context

    loaders.register("test.second", second, order=20)
    loaders.register("test.first", first, order=10)

    report = load_demo_data(registry=loaders)

    context = seen["first"]
    assert seen["order"] == ["first"]
    assert report.loaders == [("test.first", "3 signalen"), ("test.second", "")]
    assert context.region.is_demo
    assert [m.cbs_code for m in context.municipalities] == ["GM9901", "GM9902", "GM9903", "GM9904"]
    assert context.organisations["police"].kind == "police"
    assert context.municipal_organisation(context.municipalities[1]).name == "Gemeente Voorbeeldstad"
    assert context.user(Role.FOCAL_OFFICER).username == "demo-af"
    assert [u.username for u in context.users["focal_officer"]][:2] == ["demo-af", "demo-af-vervanger"]
    assert context.users_by_username["demo-privacy"].is_demo
    assert set(context.users) == set(Role.values)


@pytest.mark.django_db
def test_each_loader_gets_its_own_reproducible_random_numbers():
    draws = {}
    loaders = DemoLoaderRegistry()
    loaders.register("test.a", lambda context: draws.setdefault("a", []).append(context.random.random()))
    loaders.register("test.b", lambda context: draws.setdefault("b", []).append(context.random.random()))

    load_demo_data(registry=loaders)
    load_demo_data(registry=loaders)

    assert draws["a"][0] == draws["a"][1]
    assert draws["a"][0] != draws["b"][0]


@pytest.mark.django_db
def test_a_failing_loader_leaves_no_half_loaded_demo_data():
    from schakel.organisations.models import Region

    loaders = DemoLoaderRegistry()

    def broken(context):
        raise RuntimeError("kapot")

    loaders.register("test.broken", broken)

    with pytest.raises(RuntimeError, match="kapot"):
        load_demo_data(registry=loaders)

    assert not Region.objects.filter(is_demo=True).exists()


def test_loading_the_demo_sends_no_mail(db, settings):
    from django.core import mail
    from django.core.mail import send_mail

    from schakel.demo.loaders import DemoLoaderRegistry
    from schakel.demo.services import load_demo_data

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    registry = DemoLoaderRegistry()
    registry.register("tests.mailer", lambda context: str(send_mail("Onderwerp", "Tekst", None, ["a@example.org"])),
                      order=1)
    mail.outbox = []
    load_demo_data(registry=registry)
    assert mail.outbox == []


def test_loading_the_demo_sends_no_mail_after_its_commit_either(transactional_db, settings):
    from django.core import mail
    from django.core.mail import send_mail
    from django.db import transaction

    from schakel.demo.loaders import DemoLoaderRegistry
    from schakel.demo.services import load_demo_data

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    registry = DemoLoaderRegistry()
    registry.register("tests.mailer", lambda context: transaction.on_commit(
        lambda: send_mail("Onderwerp", "Tekst", None, ["a@example.org"])) or "", order=1)
    mail.outbox = []
    load_demo_data(registry=registry)
    assert mail.outbox == []
