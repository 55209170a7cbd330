"""The permission matrix: every route × every role → the status it must answer.

Routes are enumerated from the URL resolver, so a new route that is not listed in CASES fails
`test_every_route_is_in_the_matrix`. Each case states, per actor, the status of a GET (or the
given method) — 200 allowed, 302 sent to log in, 403 not for your role, 404 not yours (or not
there), 405 wrong method. Actors are every role of municipality A1 / region A, plus a focal
officer of another municipality in the same region (A2) and one of another region (B1): the
records used below belong to A1, so for those two they must look like they do not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from schakel.api.services import issue_token

from schakel.organisations.models import ClosingDay
from tests.fixtures.people import with_second_factor
from tests.signalling.triage_factories import SignalFactory

from .routes import all_route_names

ROLES = (
    "reporter",
    "focal_officer",
    "care_coordinator",
    "chain_director",
    "partner_member",
    "policy_officer",
    "administrator",
    "privacy_officer",
)
ACTORS = ("anonymous", *ROLES, "focal_officer_a2", "focal_officer_b1")
FOCAL_OFFICERS = ("focal_officer", "focal_officer_a2", "focal_officer_b1")
ADMINS = ("administrator",)


@dataclass
class Context:
    world: object
    signal: object
    stored_file: object
    target: object
    target_membership: object
    far_target: object
    far_membership: object
    closing_day: object


@dataclass
class Case:
    path: Callable[[Context], str]
    expect: dict[str, int]
    method: str = "get"
    extra: dict = field(default_factory=dict)
    token: bool = False  # authenticate with an API token instead of a session

    def expected(self, actor: str) -> int:
        return self.expect.get(actor, self.expect["*"])


def fixed(path: str) -> Callable[[Context], str]:
    return lambda ctx: path


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {"*": status, **overrides}


def only(allowed: tuple[str, ...], *, ok: int = 200, others: int = 403, anonymous: int = 302,
         **overrides: int) -> dict[str, int]:
    return {"*": others, "anonymous": anonymous, **{actor: ok for actor in allowed}, **overrides}


SIGNAL_OF_A1 = {"focal_officer": 200, "focal_officer_a2": 404, "focal_officer_b1": 404}

CASES: dict[str, Case] = {
    # Rule: 403 when the page is not for your role at all (it says nothing about any record);
# 404 when the record is not yours, so that its existence is not revealed.
# Infrastructure: no personal data, open to all.
    "health-live": Case(fixed("/health/live"), everyone(200)),
    "health-ready": Case(fixed("/health/ready"), everyone(200)),
    "set_language": Case(fixed("/i18n/setlang/"), everyone(302)),
    # Page frame.
    "web:home": Case(fixed("/"), everyone(200, anonymous=302)),
    "web:<unnamed favicon.ico>": Case(fixed("/favicon.ico"), everyone(301)),  # to the static icon
    # API.
    "api:root": Case(fixed("/api/v1"), everyone(200)),
    "api:schema": Case(fixed("/api/v1/schema"), everyone(200)),
    "api:openapi": Case(fixed("/api/v1/openapi.json"), everyone(200)),
    "api:docs": Case(fixed("/api/v1/docs"), everyone(200)),
    "api:me": Case(fixed("/api/v1/me"), everyone(200, anonymous=401)),
    "api:signal-collection": Case(fixed("/api/v1/signals"),
                                  only(FOCAL_OFFICERS, anonymous=401)),
    "api:signal-detail": Case(lambda ctx: f"/api/v1/signals/{ctx.signal.reference}",
                              only(("focal_officer",), anonymous=401, **SIGNAL_OF_A1)),
    # Signals: the focal officer's triage.
    "signalling:inbox": Case(fixed("/signalen/"), only(FOCAL_OFFICERS)),
    "signalling:signal-detail": Case(lambda ctx: f"/signalen/{ctx.signal.reference}/",
                                     only(("focal_officer",), care_coordinator=404, chain_director=404,
                                          **SIGNAL_OF_A1)),
    "signalling:signal-action": Case(lambda ctx: f"/signalen/{ctx.signal.reference}/pickup/",
                                     everyone(405)),  # POST only; the POST matrix is in test_triage_views
    # The inbox's tools (issue 12): export, 'Mijn filters', the region's standard texts.
    "signalling:inbox-export": Case(fixed("/signalen/export?formaat=csv"), only(FOCAL_OFFICERS)),
    "signalling:saved-filter-create": Case(fixed("/signalen/filters"), everyone(405)),  # POST only
    "signalling:saved-filter-delete": Case(fixed("/signalen/filters/1/verwijderen"), everyone(405)),
    "signalling:signal-standard-message": Case(lambda ctx: f"/signalen/{ctx.signal.reference}/standaardbericht/",
                                               everyone(405)),  # POST only
    "signalling:standard-texts": Case(fixed("/signalen/standaardteksten"), only(FOCAL_OFFICERS)),
    # A text of region A: the focal officers of region A keep it; region B's does not see it.
    "signalling:standard-text-edit": Case(lambda ctx: f"/signalen/standaardteksten/{_standard_text(ctx).pk}/",
                                          only(FOCAL_OFFICERS, focal_officer_b1=404)),
    # Intake: anyone with a role may report; only the reporter sees their receipt.
    "signalling:intake-report": Case(fixed("/signalen/melden"), everyone(200, anonymous=302)),
    "signalling:intake-phone": Case(fixed("/signalen/telefonisch"), only(FOCAL_OFFICERS)),
    "signalling:intake-mine": Case(fixed("/signalen/mijn-meldingen"), everyone(200, anonymous=302)),
    # One's own report and the messages about it: only the reporter; the handling focal officer too gets 404.
    "signalling:intake-mine-detail": Case(lambda ctx: f"/signalen/mijn-meldingen/{ctx.signal.reference}/",
                                          everyone(404, anonymous=302, reporter=200)),
    "signalling:intake-received": Case(lambda ctx: f"/signalen/ontvangen/{ctx.signal.reference}",
                                       everyone(404, anonymous=302, reporter=200, focal_officer=200)),
    # The public form and the anonymous mailbox: no account, same for everyone.
    "public:form-region": Case(lambda ctx: f"/melden/{ctx.world.region_a.slug}/", everyone(200)),
    "public:form-municipality": Case(lambda ctx: f"/melden/{ctx.world.region_a.slug}/{ctx.world.a1.cbs_code}/",
                                     everyone(200)),
    "public:mailbox": Case(fixed("/melden/postvak"), everyone(200)),
    # Administration: the administrator of region A manages people and organisations of region A.
    # Actions that change state are POST-only: a GET by an administrator answers 405 after the
    # permission check (everyone else still gets 403).
    "administration:index": Case(fixed("/beheer/"), only(ADMINS + ("privacy_officer",))),
    "administration:user_list": Case(fixed("/beheer/gebruikers"), only(ADMINS)),
    "administration:user_create": Case(fixed("/beheer/gebruikers/nieuw"), only(ADMINS)),
    "administration:user_detail": Case(lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}", only(ADMINS)),
    "administration:user_detail#other-region": Case(
        lambda ctx: f"/beheer/gebruikers/{ctx.far_target.pk}", only(ADMINS, administrator=404)),
    "administration:membership_create": Case(lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/rollen/nieuw",
                                             only(ADMINS)),
    "administration:membership_edit": Case(
        lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/rollen/{ctx.target_membership.pk}", only(ADMINS)),
    "administration:membership_edit#other-region": Case(
        lambda ctx: f"/beheer/gebruikers/{ctx.far_target.pk}/rollen/{ctx.far_membership.pk}",
        only(ADMINS, administrator=404)),
    "administration:user_deactivate": Case(lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/deactiveren",
                                           only(ADMINS)),
    "administration:user_reactivate": Case(lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/activeren",
                                           only(ADMINS, ok=405)),
    "administration:user_password_link": Case(lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/wachtwoordlink",
                                              only(ADMINS, ok=405)),
    "administration:user_reset_second_factor": Case(
        lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/tweestapsverificatie", only(ADMINS)),
    "administration:user_token_issue": Case(lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/api-sleutel",
                                            only(ADMINS, ok=405)),
    "administration:user_token_revoke": Case(
        lambda ctx: f"/beheer/gebruikers/{ctx.target.pk}/api-sleutel/intrekken", only(ADMINS, ok=405)),
    "administration:permission_overview": Case(fixed("/beheer/rechten"), only(ADMINS + ("privacy_officer",))),
    "administration:membership_request_list": Case(fixed("/beheer/goedkeuringen"),
                                                   only(ADMINS + ("privacy_officer",))),
    "administration:membership_request_approve": Case(fixed("/beheer/goedkeuringen/999999/goedkeuren"),
                                                      only(ADMINS + ("privacy_officer",), ok=405)),
    "administration:membership_request_refuse": Case(fixed("/beheer/goedkeuringen/999999/afwijzen"),
                                                     only(ADMINS + ("privacy_officer",), ok=405)),
    "administration:organisation_list": Case(fixed("/beheer/organisaties"), only(ADMINS)),
    "administration:organisation_create": Case(fixed("/beheer/organisaties/nieuw"), only(ADMINS)),
    "administration:organisation_edit": Case(
        lambda ctx: f"/beheer/organisaties/{ctx.world.organisations['a1'].pk}", only(ADMINS)),
    "administration:organisation_edit#other-region": Case(
        lambda ctx: f"/beheer/organisaties/{ctx.world.organisations['b1'].pk}", only(ADMINS, administrator=404)),
    "administration:region_list": Case(fixed("/beheer/regios"), only(ADMINS)),
    "administration:region_detail": Case(lambda ctx: f"/beheer/regios/{ctx.world.region_a.pk}", only(ADMINS)),
    "administration:region_detail#other-region": Case(
        lambda ctx: f"/beheer/regios/{ctx.world.region_b.pk}", only(ADMINS, administrator=404)),
    "administration:closing_day_add": Case(lambda ctx: f"/beheer/regios/{ctx.world.region_a.pk}/sluitingsdagen",
                                           only(ADMINS, ok=405)),
    "administration:closing_day_remove": Case(
        lambda ctx: f"/beheer/regios/{ctx.world.region_a.pk}/sluitingsdagen/{ctx.closing_day.pk}/verwijderen",
        only(ADMINS, ok=405)),
    "administration:region_place_municipality": Case(
        lambda ctx: f"/beheer/regios/{ctx.world.region_a.pk}/gemeenten", only(ADMINS, ok=405)),
    # Privacy.
    "privacy:access_log": Case(fixed("/privacy/toegangslog"), only(("privacy_officer",), others=404)),
    "privacy:access_log_export": Case(fixed("/privacy/toegangslog/export"),
                                      only(("privacy_officer",), others=404)),
    "privacy:download": Case(lambda ctx: f"/privacy/bestanden/{ctx.stored_file.pk}",
                             only(("focal_officer",), others=404)),
    "privacy:emergency_access_end": Case(
        fixed("/privacy/noodtoegang/999999/beeindigen"), everyone(404, anonymous=302), method="post"),
    "privacy:emergency_access": Case(
        lambda ctx: f"/privacy/noodtoegang/signalling.signal/{ctx.signal.reference}",
        # In scope already: straight to the record (302); outside scope: the form asking a reason
        # (the same form whether or not the record exists or is in the user's region).
        only(("focal_officer_a2", "focal_officer_b1", "care_coordinator", "chain_director"), others=404,
             focal_officer=302)),
    # The privacy officer's desk (issue 18): the privacy officer only, 404 for everyone else.
    "privacy:desk": Case(fixed("/privacy/bureau"), only(("privacy_officer",), others=404)),
    "privacy:grants": Case(fixed("/privacy/bureau/noodtoegang"), only(("privacy_officer",), others=404)),
    "privacy:grant_revoke": Case(fixed("/privacy/bureau/noodtoegang/999999/beeindigen"),
                                 everyone(404, anonymous=302), method="post"),
    "privacy:flags": Case(fixed("/privacy/bureau/opvallend"), only(("privacy_officer",), others=404)),
    "privacy:flags_detect": Case(fixed("/privacy/bureau/opvallend/nalopen"),
                                 only(("privacy_officer",), ok=302, others=404), method="post"),
    "privacy:flag_review": Case(fixed("/privacy/bureau/opvallend/999999/gecontroleerd"),
                                everyone(404, anonymous=302), method="post"),
    "privacy:retention": Case(fixed("/privacy/bureau/bewaartermijnen"), only(("privacy_officer",), others=404)),
    "privacy:retention_period": Case(fixed("/privacy/bureau/bewaartermijnen/wijzigen"),
                                     only(("privacy_officer",), ok=400, others=404), method="post"),
    "privacy:holds": Case(fixed("/privacy/bureau/bewaarplicht"), only(("privacy_officer",), others=404)),
    "privacy:hold_lift": Case(fixed("/privacy/bureau/bewaarplicht/999999/opheffen"),
                              everyone(404, anonymous=302), method="post"),
    "privacy:register": Case(fixed("/privacy/verwerkingsregister"), only(("privacy_officer",), others=404)),
    "privacy:register_export": Case(fixed("/privacy/verwerkingsregister/export"),
                                    only(("privacy_officer",), others=404)),
    "privacy:requests": Case(fixed("/privacy/verzoeken"), only(("privacy_officer",), others=404)),
    "privacy:request_detail": Case(fixed("/privacy/verzoeken/999999"), everyone(404, anonymous=302)),
    "privacy:request_overview": Case(fixed("/privacy/verzoeken/999999/overzicht"), everyone(404, anonymous=302)),
    "privacy:request_export": Case(fixed("/privacy/verzoeken/999999/export"), everyone(404, anonymous=302)),
    "privacy:request_extend": Case(fixed("/privacy/verzoeken/999999/verlengen"), everyone(404, anonymous=302),
                                   method="post"),
    "privacy:request_answer": Case(fixed("/privacy/verzoeken/999999/beantwoorden"), everyone(404, anonymous=302),
                                   method="post"),
}


def _rows_beside_the_apps() -> dict[str, Case]:
    """Each app's rows live beside its tests, in tests/<app>/matrix_rows.py, as a `ROWS` dict:
    route name -> (path, expect) or (path, expect, method). Found here, so two apps never edit
    this file at once; path is a function of the Context (or a fixed string)."""
    import importlib
    import pathlib

    cases: dict[str, Case] = {}
    for module_file in sorted(pathlib.Path(__file__).resolve().parents[1].glob("*/matrix_rows.py")):
        module = importlib.import_module(f"tests.{module_file.parent.name}.matrix_rows")
        for name, row in module.ROWS.items():
            path, expect, *method = row
            if isinstance(path, str):
                path = fixed(path)
            cases[name] = Case(path, expect, method=method[0] if method else "get")
    return cases


CASES.update(_rows_beside_the_apps())


def _action_of_police_a(ctx: Context):
    cached = getattr(ctx.world, "_matrix_action", None)
    if cached is None:
        from tests.actions.factories import make_action

        cached = ctx.world._matrix_action = make_action(ctx.world, signal=ctx.signal)
    return cached


# Actions (issue 13): the partner works on their organisation's actions; the focal officer of the
# signal's municipality follows them; others' actions look like not there.
ACTION_WORKERS = {"partner_member": 200, "focal_officer": 404, "care_coordinator": 404,
                  "focal_officer_a2": 404, "focal_officer_b1": 404}
CASES.update({
    "actions:mine": Case(fixed("/acties/"), only(("partner_member", "focal_officer", "care_coordinator",
                                                  "focal_officer_a2", "focal_officer_b1"))),
    "actions:detail": Case(lambda ctx: f"/acties/{_action_of_police_a(ctx).pk}/", only((), **ACTION_WORKERS)),
    "actions:accept": Case(lambda ctx: f"/acties/{_action_of_police_a(ctx).pk}/oppakken", everyone(405)),
    "actions:report": Case(lambda ctx: f"/acties/{_action_of_police_a(ctx).pk}/terugmelden", everyone(405)),
})


def _standard_text(ctx: Context):
    from schakel.signalling.models import StandardText

    return StandardText.objects.get_or_create(region=ctx.world.region_a, title="Ontvangen", defaults={
        "texts": {"nl": "Dank u voor uw melding."}, "updated_at": ctx.signal.received_at})[0]


def build_context(world) -> Context:
    from schakel.privacy.files import store_upload
    from schakel.signalling.models import SignalAttachment

    signal = SignalFactory(municipality=world.a1, reporter=world.user("reporter"))
    attachment = SignalAttachment.objects.create(signal=signal, created_at=signal.received_at)
    upload = SimpleUploadedFile("verslag.txt", b"Synthetisch verslag voor de rechtenmatrix.\n",
                                content_type="text/plain")
    stored = store_upload(uploaded_file=upload, user=world.user("focal_officer"), owner=attachment)
    attachment.stored_file = stored
    attachment.save(update_fields=["stored_file"])
    target = world.user("focal_officer")
    far_target = world.users["focal_officer_b1"]
    closing_day = ClosingDay.objects.create(region=world.region_a, date=datetime.date(2026, 5, 15),
                                            description="Brugdag na Hemelvaart")
    return Context(world=world, signal=signal, stored_file=stored, target=target,
                   target_membership=target.memberships.get(), far_target=far_target,
                   far_membership=far_target.memberships.get(), closing_day=closing_day)


def route_of(key: str) -> str:
    """Case keys are route names, optionally with '#variant' for a second record of the same route."""
    return key.split("#", 1)[0]


def client_for(actor: str, world, *, token: bool = False) -> Client:
    client = Client()
    if actor == "anonymous":
        return client
    user = world.users[actor]
    if token:
        key = issue_token(user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")
    return with_second_factor(client, user)


def test_every_route_is_in_the_matrix():
    unlisted = sorted(all_route_names() - {route_of(key) for key in CASES})
    assert unlisted == [], f"routes without an entry in the permission matrix: {unlisted}"


def test_matrix_lists_no_route_that_does_not_exist():
    stale = sorted({route_of(key) for key in CASES} - all_route_names())
    assert stale == [], f"matrix entries for routes that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_route_answers_each_actor_as_the_matrix_says(world):
    """One walk over all routes (one world, one login per actor) keeps the matrix fast."""
    context = build_context(world)
    clients = {actor: client_for(actor, world) for actor in ACTORS}
    token_clients = {actor: client_for(actor, world, token=True) for actor in ACTORS}
    wrong = {}
    for name, case in sorted(CASES.items()):
        path = case.path(context)
        for actor in ACTORS:
            client = (token_clients if case.token else clients)[actor]
            response = getattr(client, case.method)(path, **case.extra)
            if response.status_code != case.expected(actor):
                wrong[f"{name} {path} as {actor}"] = f"{response.status_code}, expected {case.expected(actor)}"
    assert wrong == {}, "permission matrix violated:\n" + "\n".join(f"{k}: {v}" for k, v in wrong.items())


# allauth's own flows and Schakel's session endpoints. Login and second-factor pages are reachable
# before login by design; sign-up is closed by the account adapter; e-mail management and password
# reset are allauth routes that Schakel does not link to.
ALLAUTH_ROUTES: dict[str, Case] = {
    "account_login": Case(fixed("/account/login/"), everyone(302, anonymous=200)),
    "account_logout": Case(fixed("/account/logout/"), everyone(200, anonymous=302)),
    "account_inactive": Case(fixed("/account/inactive/"), everyone(200)),
    "account_signup": Case(fixed("/account/signup/"), everyone(302, anonymous=200)),
    "account_reauthenticate": Case(fixed("/account/reauthenticate/"), everyone(200, anonymous=302)),
    # Shows the one address an administrator set; adding addresses is refused (ACCOUNT_MAX_EMAIL_ADDRESSES).
    "account_email": Case(fixed("/account/email/"), everyone(200, anonymous=302)),
    "account_email_verification_sent": Case(fixed("/account/confirm-email/"), everyone(200)),
    "account_confirm_email": Case(fixed("/account/confirm-email/onbekend/"), everyone(200)),
    "account_change_password": Case(fixed("/account/password/change/"), everyone(200, anonymous=302)),
    "account_set_password": Case(fixed("/account/password/set/"), everyone(302)),
    "account_reset_password": Case(fixed("/account/password/reset/"), everyone(200)),
    "account_reset_password_done": Case(fixed("/account/password/reset/done/"), everyone(200)),
    "account_reset_password_from_key": Case(fixed("/account/password/reset/key/1-onbekend/"), everyone(200)),
    "account_reset_password_from_key_done": Case(fixed("/account/password/reset/key/done/"), everyone(200)),
    "account_confirm_login_code": Case(fixed("/account/login/code/confirm/"), everyone(302)),
    "mfa_index": Case(fixed("/account/2fa/"), everyone(200, anonymous=302)),
    "mfa_authenticate": Case(fixed("/account/2fa/authenticate/"), everyone(302)),
    "mfa_reauthenticate": Case(fixed("/account/2fa/reauthenticate/"), everyone(302)),
    "mfa_activate_totp": Case(fixed("/account/2fa/totp/activate/"), everyone(302)),  # already active
    "mfa_deactivate_totp": Case(fixed("/account/2fa/totp/deactivate/"), everyone(404, anonymous=302)),
    "mfa_view_recovery_codes": Case(fixed("/account/2fa/recovery-codes/"), everyone(404, anonymous=302)),
    "mfa_generate_recovery_codes": Case(fixed("/account/2fa/recovery-codes/generate/"), everyone(302)),
    "mfa_download_recovery_codes": Case(fixed("/account/2fa/recovery-codes/download/"),
                                        everyone(404, anonymous=302)),
    "openid_connect_login": Case(fixed("/account/oidc/onbekend/login/"), everyone(404)),
    "openid_connect_callback": Case(fixed("/account/oidc/onbekend/login/callback/"), everyone(404)),
    "socialaccount_connections": Case(fixed("/account/3rdparty/"), everyone(200, anonymous=302)),
    "socialaccount_login_cancelled": Case(fixed("/account/3rdparty/login/cancelled/"), everyone(200)),
    "socialaccount_login_error": Case(fixed("/account/3rdparty/login/error/"), everyone(401)),
    "socialaccount_signup": Case(fixed("/account/3rdparty/signup/"), everyone(302)),
    "<unnamed social/connections/>": Case(fixed("/account/social/connections/"), everyone(301)),
    "<unnamed social/login/cancelled/>": Case(fixed("/account/social/login/cancelled/"), everyone(301)),
    "<unnamed social/login/error/>": Case(fixed("/account/social/login/error/"), everyone(301)),
    "<unnamed social/signup/>": Case(fixed("/account/social/signup/"), everyone(301)),
    "accounts:session_status": Case(fixed("/account/sessie/status"), everyone(200)),
    "accounts:session_keep_alive": Case(fixed("/account/sessie/verlengen"), everyone(405)),
}
CASES.update(ALLAUTH_ROUTES)
