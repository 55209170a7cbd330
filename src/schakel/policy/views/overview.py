"""The policy start page: what needs attention, and the way to each instrument."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from schakel.accounts.permissions import permission_required
from schakel.clock import today

from .. import attention


@require_GET
@permission_required("policy.use")
def index(request):
    return render(request, "policy/index.html", {"attention": attention.summary(request.user, today())})
