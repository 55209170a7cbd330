"""The public form and the anonymous mailbox: no account, no IP address, no cookie but csrftoken.

Language comes from `?taal=` (links on the page), not from a cookie, so choosing Polish leaves
no trace on the reporter's device. Pages are never cached. Rate limits count a daily
pseudonym of the client in process memory only (see ratelimit.py).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from schakel.organisations.models import Municipality, Region

from . import ratelimit
from .forms import PublicIntakeForm, new_form_token
from .models import Channel
from .services import mailbox as mailbox_service
from .views_intake import IntakePage, changed_words

LANGUAGE_PARAMETER = "taal"
# Posts (submits, 'add a row', file re-uploads) per client per hour on the public form.
FORM_POSTS_PER_HOUR = 30
# Wrong receipt codes per client per 15 minutes, and per mailbox id per day.
WRONG_CODES_PER_CLIENT = 5
WRONG_CODES_WINDOW = 15 * 60
WRONG_CODES_PER_MAILBOX = 10
DAY = 24 * 3600
HOUR = 3600


def public_language(request) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    chosen = request.GET.get(LANGUAGE_PARAMETER) or request.POST.get(LANGUAGE_PARAMETER)
    if chosen in codes:
        return chosen
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in codes else settings.LANGUAGE_CODE


def _languages(request, language: str) -> list[dict]:
    """Each language named in its own language ("English", "Polski"), whatever the page's."""
    return [{"code": code, "name": capfirst(get_language_info(code)["name_local"]), "current": code == language,
             "url": f"{request.path}?{LANGUAGE_PARAMETER}={code}"}
            for code, _name in settings.LANGUAGES]


def _render(request, template: str, context: dict, language: str, status: int = 200):
    context = {"language": language, "languages": _languages(request, language),
               "language_parameter": LANGUAGE_PARAMETER, **context}
    response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _wait(response, seconds: int):
    """The true waiting time on the page and in Retry-After (RFC 9110)."""
    response["Retry-After"] = str(seconds)
    return response


def _wait_minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _too_many(request, language: str, *, seconds: int):
    return _wait(_render(request, "signalling/public/too_many.html", {"wait_minutes": _wait_minutes(seconds)},
                         language, status=429), seconds)


def _receipt(request, signal, receipt_code, region, language, status=200):
    """The receipt page. Its language links are buttons that post the code back (see
    public_form), so choosing another language shows this page again, with the code."""
    return _render(request, "signalling/public/receipt.html", {
        "signal": signal, "receipt_code": receipt_code, "region": region,
        "receipt_language_action": request.path,
    }, language, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def public_form(request, region_slug: str, cbs_code: str | None = None):
    """/melden/<region>/ (choose the municipality) and /melden/<region>/<GMxxxx>/ (fixed)."""
    region = get_object_or_404(Region, slug=region_slug)
    municipalities = Municipality.objects.filter(active=True, region_membership__region=region).order_by("name")
    fixed = get_object_or_404(municipalities, cbs_code=cbs_code.upper()) if cbs_code else None
    language = public_language(request)
    with translation.override(language):
        page = IntakePage(request, PublicIntakeForm, municipalities=municipalities,
                          initial={"municipality": fixed.pk if fixed else None},
                          fixed={"municipality": fixed.pk} if fixed else None,
                          namespace="public", language=language)
        form_context = {"region": region, "fixed_municipality": fixed,
                        "form_action": f"{request.path}?{LANGUAGE_PARAMETER}={language}"}
        if request.method == "GET":
            page.unbound()
        elif request.POST.get("receipt_code") is not None:
            return _receipt_again(request, page, region, language, form_context)
        else:
            client = ratelimit.client_key(request)
            if ratelimit.count("public-form", client, window_seconds=HOUR) > FORM_POSTS_PER_HOUR:
                # Nothing typed is lost: the form comes back filled in, with the true wait.
                seconds = ratelimit.seconds_left(window_seconds=HOUR)
                page.read().bind()
                return _wait(_render(request, "signalling/public/form.html", page.context(
                    wait_minutes=_wait_minutes(seconds), **form_context), language, status=429), seconds)
            if page.handle_post():
                signal = page.submit(channel=Channel.PUBLIC, reporter=None)
                if signal is not None and getattr(signal, "changed_after_submit", False):
                    return _sent_before(request, page, signal, language, form_context)
                if signal is not None:
                    return _receipt(request, signal, signal.receipt_code, region, language,
                                    status=201 if signal.created_now else 200)
        return _render(request, "signalling/public/form.html", page.context(**form_context), language)


def _sent_before(request, page, signal, language: str, form_context: dict):
    """The same form sent again with other words (409): nothing is lost. The form comes back as
    typed, with a new token (sending it again makes a new signal); the changed words can go to the
    first signal as a message through the mailbox, with the code the reporter was given (the page
    names no reference: the code is the only key a public reporter holds)."""
    addition = changed_words(signal, page.payload)
    page.data = page.data.copy()
    page.data["form_token"] = new_form_token()
    page.form = None
    page.bind()
    mailbox_action = f"{reverse('public:mailbox')}?{LANGUAGE_PARAMETER}={language}"
    return _render(request, "signalling/public/form.html", page.context(
        sent_before=True, addition=addition, mailbox_action=mailbox_action, **form_context), language, status=409)


def _receipt_again(request, page, region, language: str, form_context: dict):
    """The receipt page in another language: the code posted back must open its mailbox (the same
    check, work and limits as the mailbox page), so only who holds the code sees it again."""
    client = ratelimit.client_key(request)
    code = request.POST.get("receipt_code", "")
    parsed = mailbox_service.parse_code(code)
    mailbox_key = parsed[0] if parsed else "-"
    blocked = _mailbox_blocked(client, mailbox_key)
    if blocked:
        return _too_many(request, language, seconds=blocked)
    signal = mailbox_service.open_mailbox(code)
    if signal is None:
        ratelimit.count("mailbox-wrong", client, window_seconds=WRONG_CODES_WINDOW)
        ratelimit.count("mailbox-wrong-id", mailbox_key, window_seconds=DAY)
        page.unbound()
        return _render(request, "signalling/public/form.html", page.context(**form_context), language)
    return _receipt(request, signal, code.strip(), region, language)


def _mailbox_blocked(client: str, mailbox_key: str) -> int:
    """Seconds to wait when this client or this mailbox id had too many wrong codes, else 0."""
    if ratelimit.current("mailbox-wrong", client, window_seconds=WRONG_CODES_WINDOW) >= WRONG_CODES_PER_CLIENT:
        return ratelimit.seconds_left(window_seconds=WRONG_CODES_WINDOW)
    if ratelimit.current("mailbox-wrong-id", mailbox_key, window_seconds=DAY) >= WRONG_CODES_PER_MAILBOX:
        return ratelimit.seconds_left(window_seconds=DAY)
    return 0


@never_cache
@require_http_methods(["GET", "POST"])
def mailbox(request):
    """/melden/postvak: enter the receipt code, read the focal officer's messages, answer.

    A wrong code, whether its mailbox id exists or not, gets the same page with the same
    status after the same Argon2 work; repeated wrong codes are throttled.
    """
    language = public_language(request)
    with translation.override(language):
        context: dict = {"form_action": f"{request.path}?{LANGUAGE_PARAMETER}={language}"}
        if request.method == "GET":
            return _render(request, "signalling/public/mailbox_code.html", context, language)
        code = request.POST.get("code", "")
        parsed = mailbox_service.parse_code(code)
        client = ratelimit.client_key(request)
        mailbox_key = parsed[0] if parsed else "-"
        blocked = _mailbox_blocked(client, mailbox_key)
        if blocked:
            return _too_many(request, language, seconds=blocked)
        signal = mailbox_service.open_mailbox(code)
        if signal is None:
            ratelimit.count("mailbox-wrong", client, window_seconds=WRONG_CODES_WINDOW)
            ratelimit.count("mailbox-wrong-id", mailbox_key, window_seconds=DAY)
            context["code_error"] = _("Deze code klopt niet. Controleer de code en probeer het opnieuw. "
                                      "Na een aantal pogingen moet u even wachten.")
            return _render(request, "signalling/public/mailbox_code.html", context, language)
        if request.POST.get("action") == "reply":
            try:
                mailbox_service.answer_from_reporter(signal=signal, text=request.POST.get("text", ""))
            except mailbox_service.MailboxError as exc:
                context["reply_error"] = exc.message
                context["reply_text"] = request.POST.get("text", "")
            else:
                context["reply_sent"] = True
        mailbox_service.mark_read_by_reporter(signal=signal)
        context.update({
            "signal": signal,
            "code": code.strip(),
            "messages_for_reporter": mailbox_service.messages_for_reporter(signal),
        })
        return _render(request, "signalling/public/mailbox.html", context, language)
