"""The partner's pages: the open referrals to their organisation, each showing only what it shares.

A referral is visible while it is requested or accepted; once declined, done, failed or withdrawn
it is gone for the partner (404), and the case itself is never shown to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from schakel.accounts.permissions import permission_required
from schakel.privacy.audit import record_access

from . import forms, selectors
from . import permissions  # noqa: F401
from .models import ReferralStatus
from .services import CareError
from .services.referrals import StaleReferral, answer


@require_GET
@permission_required("care.answer_referrals")
def referral_inbox(request):
    referrals = list(selectors.open_referrals_for_partner(request.user))
    return render(request, "care/referral_inbox.html", {"referrals": referrals})


@require_http_methods(["GET", "POST"])
@permission_required("care.answer_referrals")
def referral_detail(request, pk: int):
    referral = selectors.referral_for_partner(request.user, pk)
    status = 200
    error = ""
    if request.method == "POST":
        form = forms.AnswerForm(request.POST, prefix="answer", current=referral.status)
        if form.is_valid():
            data = form.cleaned_data
            try:
                updated = answer(actor=request.user, referral=referral, status=data["status"],
                                 text_=data.get("text", ""), failure_reason=data.get("failure_reason", ""),
                                 expected_version=data["version"])
            except StaleReferral as refused:
                referral.refresh_from_db()
                error, status = str(refused.message), 409
                data = request.POST.copy()
                data["answer-version"] = str(referral.version)
                form = forms.AnswerForm(data, prefix="answer", current=referral.status)
                form.is_valid()
            except CareError as refused:
                if refused.field and refused.field in form.fields:
                    form.add_error(refused.field, str(refused.message))
                else:
                    error = str(refused.message)
                status = 400
            else:
                if updated.is_open:
                    messages.success(request, _("De verwijzing is geaccepteerd. Meld de uitkomst als u klaar bent."))
                    return HttpResponseRedirect(reverse("care:referral-detail", kwargs={"pk": updated.pk}))
                messages.success(request, _("Uw antwoord is verstuurd naar de zorgcoördinator. De verwijzing is "
                                            "afgesloten; u ziet haar niet meer."))
                return HttpResponseRedirect(reverse("care:referral-inbox"))
        else:
            status = 400
    else:
        form = forms.AnswerForm(initial={"version": referral.version}, prefix="answer", current=referral.status)
    record_access(user=request.user, action="view", record=referral, reason="zorg: verwijzing bekeken door partner")
    return render(request, "care/referral_detail.html", {
        "referral": referral, "form": form, "error": error,
        "accepted": referral.status == ReferralStatus.ACCEPTED}, status=status)
