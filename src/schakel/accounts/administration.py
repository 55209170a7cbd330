"""Administration pages for users, memberships, API keys and the permission overview (/beheer/).

Thin views: parse the form, call a service, render. A user outside the administrator's scope
answers 404, as if absent. Every POST ends in a redirect, so a double submit cannot act twice.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schakel.web.form_errors import add_validation_errors, posted_data

from . import selectors, services
from .forms import (
    DeactivateForm,
    DecisionForm,
    MembershipCreateForm,
    MembershipEditForm,
    UserCreateForm,
    UserFieldsForm,
    UserSearchForm,
)
from .middleware import has_second_factor_in_session
from .models import Membership, MembershipRequest, User
from .permissions import has_permission, permission_matrix, permission_required
from .roles import Role

PAGE_SIZE = 25
ONCE_KEY = "schakel_show_once"
SORT_COLUMNS = [
    ("naam", _("Naam")),
    ("gebruikersnaam", _("Gebruikersnaam")),
    ("email", _("E-mailadres")),
    ("status", _("Status")),
    ("laatst-ingelogd", _("Laatst ingelogd")),
]


def _show_once(request, user: User, kind: str, value: str) -> None:
    """Keep a secret (a set-password link, an API key) in the session for exactly one page view."""
    request.session[ONCE_KEY] = {"user": user.pk, "kind": kind, "value": value}


def _pop_once(request, user: User) -> dict | None:
    shown = request.session.get(ONCE_KEY)
    if shown and shown.get("user") == user.pk:
        del request.session[ONCE_KEY]
        return shown
    return None


def _managed_user(request, pk: int) -> User:
    return get_object_or_404(selectors.users_administered_by(request.user), pk=pk)


@permission_required("accounts.manage_users")
def user_list(request):
    search = UserSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    sort = request.GET.get("sorteer", "naam")
    if sort.lstrip("-") not in selectors.SORTS:
        sort = "naam"
    users = selectors.user_list(request.user, query=query, sort=sort)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("pagina"))
    columns = [{"key": key, "label": label, "active": sort.lstrip("-") == key, "descending": sort.startswith("-"),
                "next": f"-{key}" if sort == key else key} for key, label in SORT_COLUMNS]
    return render(request, "accounts/administration/user_list.html",
                  {"search": search, "query": query, "sort": sort, "page": page, "columns": columns})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_create(request):
    organisations = selectors.organisations_administered_by(request.user).filter(active=True).order_by("name")
    form = UserCreateForm(posted_data(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_user(
                actor=request.user, username=data["username"], email=data["email"],
                first_name=data["first_name"], last_name=data["last_name"], organisation=data["organisation"],
                role=data["role"], is_service_account=data["is_service_account"],
                initial_password=data["initial_password"])
        except ValidationError as error:
            add_validation_errors(form, error)
        except services.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            if created.set_password_path:
                _show_once(request, created.user, "link", request.build_absolute_uri(created.set_password_path))
            messages.success(request, _("Gebruiker %(name)s is aangemaakt.") % {"name": created.user})
            if services.needs_approval(data["role"]):
                messages.info(request, _("De rol wacht op goedkeuring door een andere beheerder of de "
                                         "privacyfunctionaris; tot dan is hij niet actief."))
            return redirect("administration:user_detail", pk=created.user.pk)
    return render(request, "accounts/administration/user_form.html", {"form": form})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_detail(request, pk: int):
    user = _managed_user(request, pk)
    initial = {"first_name": user.first_name, "last_name": user.last_name, "username": user.username,
               "email": user.email}
    form = UserFieldsForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        except services.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("administration:user_detail", pk=user.pk)
    from allauth.mfa.models import Authenticator
    from schakel.api.services import current_token

    return render(request, "accounts/administration/user_detail.html", {
        "subject": user,
        "form": form,
        "memberships": _with_pending(selectors.memberships_visible_to(request.user, user)),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "token": current_token(user),
        "shown_once": _pop_once(request, user),
        "may_issue_tokens": has_permission(request.user, "accounts.issue_api_tokens"),
    })


def _with_pending(memberships) -> list[Membership]:
    """The memberships, each with `pending` (its request waiting for approval, or None)."""
    memberships = list(memberships)
    pending = {r.membership_id: r for r in MembershipRequest.objects.filter(
        membership__in=memberships, outcome=MembershipRequest.Outcome.PENDING).select_related("requested_by")}
    for membership in memberships:
        membership.pending = pending.get(membership.pk)
    return memberships


def _membership_form_kwargs(request, user: User, organisation=None, role: str = "") -> dict:
    colleagues = (selectors.users_administered_by(request.user).filter(is_active=True, is_service_account=False)
                  .exclude(pk=user.pk).order_by("last_name", "first_name"))
    if organisation is not None and role:
        # Only who may cover (the rule of services._validate_membership): the same role at the same
        # organisation, so a reporter or policy officer is never offered as a focal officer's backup.
        colleagues = colleagues.filter(pk__in=Membership.objects.filter(
            organisation=organisation, role=role, active=True).values("user_id"))
    elif organisation is not None:
        colleagues = colleagues.filter(memberships__organisation=organisation).distinct()
    return {"municipalities": selectors.municipalities_administered_by(request.user).order_by("name"),
            "colleagues": colleagues}


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def membership_create(request, pk: int):
    user = _managed_user(request, pk)
    organisations = selectors.organisations_administered_by(request.user).filter(active=True).order_by("name")
    form = MembershipCreateForm(posted_data(request), organisations=organisations,
                                **_membership_form_kwargs(request, user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_membership(actor=request.user, user=user, organisation=data["organisation"],
                                    role=data["role"], acts_for=list(data["acts_for"]), backup=data["backup"],
                                    absent=data["absent"])
        except ValidationError as error:
            add_validation_errors(form, error)
        except services.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            if services.needs_approval(data["role"]):
                messages.success(request, _("De rol is aangevraagd en wacht op goedkeuring door een andere "
                                            "beheerder of de privacyfunctionaris; tot dan is hij niet actief."))
            else:
                messages.success(request, _("De rol is toegekend."))
            return redirect("administration:user_detail", pk=user.pk)
    return render(request, "accounts/administration/membership_form.html",
                  {"subject": user, "form": form, "membership": None})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def membership_edit(request, pk: int, membership_pk: int):
    user = _managed_user(request, pk)
    membership: Membership = get_object_or_404(selectors.memberships_visible_to(request.user, user), pk=membership_pk)
    initial = {"acts_for": list(membership.acts_for.all()), "backup": membership.backup,
               "absent": membership.absent, "active": membership.active}
    form = MembershipEditForm(posted_data(request), initial=initial,
                              **_membership_form_kwargs(request, user, membership.organisation, membership.role))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_membership(actor=request.user, membership=membership, acts_for=list(data["acts_for"]),
                                       backup=data["backup"], absent=data["absent"], active=data["active"])
        except ValidationError as error:
            add_validation_errors(form, error)
        except services.AdministrationError as error:
            form.add_error(None, str(error))
        else:
            if services.pending_request(membership):
                messages.success(request, _("De rol is bijgewerkt. De uitbreiding wacht op goedkeuring door een "
                                            "andere beheerder of de privacyfunctionaris."))
            else:
                messages.success(request, _("De rol is bijgewerkt."))
            return redirect("administration:user_detail", pk=user.pk)
    return render(request, "accounts/administration/membership_form.html",
                  {"subject": user, "form": form, "membership": membership})


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk: int):
    user = _managed_user(request, pk)
    if not user.is_active and request.method == "GET":
        messages.info(request, _("Deze gebruiker is al gedeactiveerd."))
        return redirect("administration:user_detail", pk=user.pk)
    form = DeactivateForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.deactivate_user(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except services.AdministrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _(
                "%(name)s is gedeactiveerd. %(sessions)d sessie(s) beëindigd, %(tokens)d API-sleutel(s) "
                "ingetrokken.") % {"name": user, "sessions": result.sessions_ended, "tokens": result.tokens_deleted})
        return redirect("administration:user_detail", pk=user.pk)
    return render(request, "accounts/administration/user_deactivate.html", {"subject": user, "form": form})


def _post_action(request, pk: int, action, success: str):
    user = _managed_user(request, pk)
    try:
        value = action(actor=request.user, user=user)
    except services.AdministrationError as error:
        messages.error(request, str(error))
        return user, None
    messages.success(request, success)
    return user, value


@permission_required("accounts.manage_users")
@require_POST
def user_reactivate(request, pk: int):
    user, _value = _post_action(request, pk, services.reactivate_user, _("De gebruiker is weer actief."))
    return redirect("administration:user_detail", pk=user.pk)


@permission_required("accounts.manage_users")
@require_POST
def user_password_link(request, pk: int):
    user, path = _post_action(request, pk, services.new_set_password_link,
                              _("Er is een nieuwe link gemaakt. Geef hem veilig door; hij werkt één keer."))
    if path:
        _show_once(request, user, "link", request.build_absolute_uri(path))
    return redirect("administration:user_detail", pk=user.pk)


@permission_required("accounts.manage_users")
@require_http_methods(["GET", "POST"])
def user_reset_second_factor(request, pk: int):
    user = _managed_user(request, pk)
    if request.method == "POST":
        _post_action(request, pk, services.reset_second_factor, _(
            "De tweestapsverificatie is verwijderd. De gebruiker stelt bij de volgende keer inloggen een nieuwe in."))
        return redirect("administration:user_detail", pk=user.pk)
    return render(request, "accounts/administration/user_reset_second_factor.html", {"subject": user})


@permission_required("accounts.issue_api_tokens")
@require_POST
def user_token_issue(request, pk: int):
    user = _managed_user(request, pk)
    try:
        key = services.issue_api_token(actor=request.user, user=user,
                                       actor_has_second_factor=has_second_factor_in_session(request))
    except services.AdministrationError as error:
        messages.error(request, str(error))
    else:
        _show_once(request, user, "token", key)
        messages.success(request, _("Er is een nieuwe API-sleutel uitgegeven; een eerdere sleutel werkt niet meer."))
    return redirect("administration:user_detail", pk=user.pk)


@permission_required("accounts.issue_api_tokens")
@require_POST
def user_token_revoke(request, pk: int):
    user, _value = _post_action(request, pk, services.revoke_api_token, _("De API-sleutel is ingetrokken."))
    return redirect("administration:user_detail", pk=user.pk)


@permission_required("accounts.view_permission_overview")
def permission_overview(request):
    return render(request, "accounts/administration/permission_overview.html", {
        "roles": Role.choices,
        "groups": permission_matrix(),
    })


@permission_required("accounts.decide_membership_requests")
def membership_request_list(request):
    return render(request, "accounts/administration/membership_requests.html", {
        "requests": selectors.membership_requests_decidable_by(request.user),
        "form": DecisionForm(),
    })


def _decide(request, request_pk: int, decide, success: str):
    membership_request = get_object_or_404(selectors.membership_requests_decidable_by(request.user), pk=request_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controleer de toelichting."))
        return redirect("administration:membership_request_list")
    try:
        decide(actor=request.user, request=membership_request, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.AdministrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"role": membership_request.membership.get_role_display(),
                                             "name": membership_request.membership.user})
    return redirect("administration:membership_request_list")


@permission_required("accounts.decide_membership_requests")
@require_POST
def membership_request_approve(request, request_pk: int):
    return _decide(request, request_pk, services.approve_membership_request,
                   _("De aanvraag voor de rol %(role)s van %(name)s is goedgekeurd; de wijziging geldt nu."))


@permission_required("accounts.decide_membership_requests")
@require_POST
def membership_request_refuse(request, request_pk: int):
    return _decide(request, request_pk, services.refuse_membership_request,
                   _("De aanvraag voor de rol %(role)s van %(name)s is afgewezen; er verandert niets."))


def index(request):
    """The administration start page: the sections this person may use."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    sections = [
        (reverse("administration:user_list"), _("Gebruikers"), _("Accounts, rollen, vervangers en API-sleutels."),
         "accounts.manage_users"),
        (reverse("administration:organisation_list"), _("Organisaties"),
         _("Gemeenten, regiobureaus en ketenpartners, met hun inlogkoppeling."), "organisations.manage_organisations"),
        (reverse("administration:region_list"), _("Regio's"),
         _("Gemeenten per regio, normtermijnen en extra sluitingsdagen."), "organisations.manage_regions"),
        (reverse("administration:membership_request_list"), _("Goedkeuringen"),
         _("Rolaanvragen met toegang tot persoonsgegevens die op een tweede persoon wachten."),
         "accounts.decide_membership_requests"),
        (reverse("administration:permission_overview"), _("Rechten per rol"),
         _("Wat elke rol in Schakel mag."), "accounts.view_permission_overview"),
    ]
    allowed = [{"url": url, "title": title, "text": text} for url, title, text, permission in sections
               if has_permission(request.user, permission)]
    if not allowed:
        raise PermissionDenied
    return render(request, "accounts/administration/index.html", {"sections": allowed})
