"""Staff intake pages: the signal form, the phone/visit form, the confirmation and 'Mijn meldingen'.

Thin: parse, call the intake service, render. A reporter sees of their signals only the
reference, the day it arrived, whether it is handled and the messages with the focal officer,
never what others know or did.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import active_memberships, get_visible_or_404, scope_for
from schakel.organisations.models import Municipality
from schakel.privacy.audit import record_access

from . import selectors
from .forms import (
    FORMSETS,
    MAX_FILES,
    MAX_ROWS,
    ROW_KINDS,
    IntakeForm,
    PhoneIntakeForm,
    apply_service_errors,
    new_form_token,
    posted_payload,
)
from .forms_mailbox import ReporterAnswerForm
from .models import Channel, Signal
from .services import attachments
from .services import mailbox as mailbox_service
from .services.intake import IdempotencyConflict, IntakeValidationError, idempotency_hash, submit_signal

ADD_ROW = "add_row"

# The optional sections of the form (HTML <details>): open when they hold input or an error.
SECTIONS = {
    "where": ("observed_on", "postcode", "house_number", "house_number_addition", "street", "place",
              "location_type"),
    "about": ("sector", "minors_involved"),
    "indicators": ("indicators",),
    "files": ("files",),
    "reporter": ("reporter_department", "contact_name", "contact_email", "contact_phone"),
}
DEFAULTS = {"minors_involved": "unknown"}


class IntakePage:
    """The shared mechanics of every intake form page: rows, kept files, double submit, errors.

    A POST is read into the service's payload without building the forms
    (`forms.posted_payload`), and the service validates it once. The forms are built only to
    render the page: for a GET, after 'add a row', and when the POST is refused, by the service
    or because it is not in the form's shape; they then explain the refusal with their own
    messages, or with the service's mapped onto the fields (decision 0069).
    """

    def __init__(self, request, form_class, *, municipalities, initial: dict, namespace: str, language: str = "",
                 fixed: dict | None = None):
        self.request = request
        self.fixed = fixed or {}
        self.form_class = form_class
        self.municipalities = municipalities
        self.initial = initial
        self.namespace = namespace
        self.language = language
        self.show_errors = False
        self.pending = []
        self.file_errors: list[str] = []
        self.data = None
        self.form = None
        self.payload = None
        self.municipality = None
        # Only a POST with files looks up its form token first (see handle_post); otherwise a
        # double submit is caught by the service, through the key's unique constraint.
        self.submitted_before = False

    def unbound(self):
        self.form = self.form_class(initial={"form_token": new_form_token(), **self.initial},
                                    municipalities=self.municipalities)
        self.formsets = {key: formset(prefix=key) for key, formset in FORMSETS.items()}
        return self

    def read(self):
        """The POST as the page reads it; an 'add a row' button adds one empty row."""
        data = self.request.POST
        add = data.get(ADD_ROW)
        if add in FORMSETS or not data.get("form_token") or self.fixed:
            data = data.copy()  # only a POST the page changes is copied (a deep copy of every value)
        if add in FORMSETS:
            field = f"{add}-TOTAL_FORMS"
            try:
                data[field] = str(min(int(data.get(field, "1")) + 1, MAX_ROWS))
            except ValueError:
                data[field] = "1"
        if not data.get("form_token"):
            data["form_token"] = new_form_token()
        for name, value in self.fixed.items():  # fixed by the URL, whatever the page sent
            data[name] = str(value)
        self.data = data
        self.adding_row = add in FORMSETS
        return self

    def bind(self):
        """The forms bound to the POST: to render it with what was typed, and explain a refusal."""
        if self.form is None:
            self.form = self.form_class(self.data, self.request.FILES, municipalities=self.municipalities)
            self.formsets = {key: formset(self.data, prefix=key) for key, formset in FORMSETS.items()}
            for message in self.file_errors:
                self.form.add_error("files", message)
        return self

    @property
    def token(self) -> str:
        if self.data is not None:
            return self.data.get("form_token", "")
        return self.form.initial.get("form_token", "")

    def posted(self, name: str) -> str:
        return self.data.get(name, "")

    def idempotency_key(self) -> str:
        return f"{self.namespace}:{self.token}"

    def already_submitted(self) -> bool:
        return Signal.objects.filter(idempotency_key=idempotency_hash(self.idempotency_key())).exists()

    def keep_files(self) -> None:
        """Store the files of this POST encrypted under the form token, so a re-render keeps them."""
        attachments.discard_uploads(form_token=self.token, ids=self.data.getlist("remove_upload"))
        pending = attachments.pending_uploads(self.token)
        kept, added = len(pending), False
        for uploaded in self.request.FILES.getlist("files"):
            name = attachments.clean_name(uploaded.name)
            if kept >= MAX_FILES:
                self.file_errors.append(_("%(name)s: u kunt hoogstens %(max)s bestanden toevoegen.")
                                        % {"name": name, "max": MAX_FILES})
                continue
            try:
                attachments.keep_upload(uploaded_file=uploaded, form_token=self.token, user=self.request.user)
            except ValidationError as exc:
                self.file_errors.extend(f"{name}: {message}" for message in exc.messages)
            else:
                kept, added = kept + 1, True
        self.pending = attachments.pending_uploads(self.token) if added else pending

    def valid(self) -> bool:
        form_ok = self.form.is_valid()
        rows_ok = all(formset.is_valid() for formset in self.formsets.values())
        return form_ok and rows_ok

    def chosen_municipality(self):
        """The posted municipality if it is one of the page's (with its region where the page reads it)."""
        value = self.data.get("municipality", "")
        if not value.isdigit():
            return None
        return self.municipalities.filter(pk=int(value)).first()

    def handle_post(self) -> bool:
        """True when the POST goes to the service: its payload and municipality are read."""
        self.read()
        if self.adding_row:
            self.keep_files()
            self.bind()
            return False
        if self.request.FILES.getlist("files") or self.data.getlist("remove_upload"):
            # A double submit of files: the first submit attached them, so they are not kept again;
            # the service answers with the signal made the first time.
            self.submitted_before = self.already_submitted()
            if not self.submitted_before:
                self.keep_files()
        elif self.data.getlist("kept_upload"):  # the page listed files kept by an earlier POST
            self.pending = attachments.pending_uploads(self.token)
        self.payload = posted_payload(self.form_class, self.data, language=self.language)
        self.municipality = self.chosen_municipality() if self.payload is not None else None
        if self.payload is None or self.municipality is None or self.file_errors:
            self.refuse()
            return False
        return True

    def refuse(self, service_errors: dict[str, list[str]] | None = None) -> None:
        """Show the POST again with what was typed, and why it was refused.

        The forms' own messages when they refuse it too (what they said before the service was
        asked); else the service's errors, mapped onto the fields.
        """
        self.bind()
        self.show_errors = True
        if self.valid() and not self.form.errors and service_errors:
            apply_service_errors(self.form, self.formsets, service_errors)
            return
        self.form.mark_invalid()
        for formset in self.formsets.values():
            for row_form in formset.forms:
                row_form.mark_invalid()

    def submit(self, *, channel: str, reporter=None, recorded_by=None, reporter_organisation=None):
        """Call the service; on refusal show the forms with the reasons and return None."""
        try:
            signal = submit_signal(
                channel=channel, municipality=self.municipality, payload=self.payload,
                reporter=reporter, recorded_by=recorded_by, files=self.pending,
                idempotency_key=self.idempotency_key(), receipt_seed=self.token,
                look_up_replay=self.submitted_before, reporter_organisation=reporter_organisation)
        except IntakeValidationError as exc:
            self.refuse(exc.errors)
            return None
        except IdempotencyConflict:
            signal = Signal.objects.for_list().filter(
                idempotency_key=idempotency_hash(self.idempotency_key())).first()
            signal.created_now = False
            signal.receipt_code = None
            # The same form sent again with other words: never dropped without a word.
            signal.changed_after_submit = True
        return signal

    def open_sections(self) -> set[str]:
        form = self.form
        if not form.is_bound:
            return set()
        opened = set()
        for section, names in SECTIONS.items():
            for name in names:
                if name not in form.fields:
                    continue
                values = form.data.getlist(name) if hasattr(form.data, "getlist") else [form.data.get(name)]
                filled = any(str(v or "").strip() and v != DEFAULTS.get(name) for v in values)
                if (self.show_errors and name in form.errors) or filled:
                    opened.add(section)
        if self.pending:
            opened.add("files")
        return opened

    def rows_context(self) -> list[dict]:
        rows = []
        for key, (_form_class, heading, add_label) in ROW_KINDS.items():
            formset = self.formsets[key]
            is_open = formset.is_bound and (
                any(f.has_changed() for f in formset.forms) or self.request.POST.get(ADD_ROW) == key)
            rows.append({"key": key, "formset": formset, "heading": heading, "add_label": add_label,
                         "open": is_open})
        return rows

    def context(self, **extra) -> dict:
        return {
            "form": self.form,
            "rows": self.rows_context(),
            "open_sections": self.open_sections(),
            "row_errors": self.show_errors and any(
                formset.non_form_errors() or any(f.errors for f in formset.forms) for formset in self.formsets.values()),
            "show_errors": self.show_errors,
            "pending_uploads": self.pending,
            "indicator_groups": _indicator_groups(self.form) if "indicators" in self.form.fields else [],
            **extra,
        }


def _indicator_groups(form) -> list[dict]:
    """The indicator checkboxes grouped by form of exploitation, each with its help text."""
    from .models import IndicatorGroup

    chosen = set()
    if form.is_bound:
        chosen = set(form.data.getlist("indicators")) if hasattr(form.data, "getlist") else set()
    language = get_language() or "nl"
    groups = []
    queryset = form.fields["indicators"].queryset
    by_form: dict[str, list] = {}
    for indicator in queryset:
        by_form.setdefault(indicator.form, []).append(indicator)
    for value, label in IndicatorGroup.choices:
        items = by_form.get(value, [])
        if items:
            rows = [{"code": i.code, "label": i.label(language), "help": i.help(language),
                     "source": i.source, "checked": i.code in chosen} for i in items]
            groups.append({"key": value, "label": label, "items": rows,
                           "open": any(row["checked"] for row in rows)})
    return groups


def _home_municipality(user):
    """The organisation of the user's first membership with a municipality (from the request's memberships)."""
    for membership in active_memberships(user):
        if membership.organisation.municipality_id is not None:
            return membership.organisation
    return None


def _reporter_organisation(user):
    """The organisation a staff signal comes from: a municipality's first (by municipality), else the first."""
    memberships = [m for m in active_memberships(user) if m.organisation.active]
    memberships.sort(key=lambda m: (m.organisation.municipality_id is None, m.organisation.municipality_id or 0, m.pk))
    return memberships[0].organisation if memberships else None


# The reporter's department -> the slug of its signal guide (schakel.network, /netwerk/signaalwijzers/).
GUIDE_FOR_DEPARTMENT = {"front_office": "burgerzaken", "social_domain": "wmo", "enforcement": "handhaving",
                        "school_attendance": "leerplicht", "work_income": "inkomen", "permits": "vergunningen"}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    """The staff form (any role): a signal in under two minutes."""
    home = _home_municipality(request.user)
    # With their region: the chosen municipality's region then needs no query of its own in intake.
    municipalities = (Municipality.objects.filter(active=True, region_membership__isnull=False)
                      .select_related("region_membership__region").order_by("name"))
    page = IntakePage(request, IntakeForm, municipalities=municipalities,
                      initial={"municipality": home.municipality_id if home else None},
                      namespace=f"staff:{request.user.pk}", language=get_language() or "nl")
    if request.method == "GET":
        page.unbound()
    elif page.handle_post():
        signal = page.submit(channel=Channel.STAFF, reporter=request.user,
                             reporter_organisation=_reporter_organisation(request.user))
        if signal is not None and getattr(signal, "changed_after_submit", False):
            return _sent_before(request, page, signal, "signalling/intake/report.html",
                                title_text=None, action_name="signalling:intake-report")
        if signal is not None:
            return redirect("signalling:intake-received", reference=signal.reference)
    return render(request, "signalling/intake/report.html", page.context(
        title_text=None, action_name="signalling:intake-report",
        guide_department=GUIDE_FOR_DEPARTMENT.get(request.POST.get("reporter_department", ""))))


def changed_words(signal, payload: dict | None) -> str:
    """What the second submit says that the signal does not: the words added at the end of the
    description, or the whole new description when it was rewritten ('' when it is the same)."""
    first = (signal.description or "").strip()
    again = str((payload or {}).get("description") or "").strip()
    if not again or again == first:
        return ""
    if first and again.startswith(first):
        return again[len(first):].strip(" \t\r\n.,;:") or again
    return again


def _sent_before(request, page, signal, template: str, **extra):
    """The same form sent again with other words (409): say which signal it was sent as, show what
    was typed with a new form token (sending it again makes a new signal, on purpose), and offer to
    add the changed words to that signal: a message to the focal officer from the staff reporter
    (Mijn meldingen), a note on the signal from the officer who took the call."""
    from .forms_triage import NoteForm

    addition = changed_words(signal, page.payload)
    note_form = None
    if signal.reporter_id != request.user.pk:
        note_form = NoteForm(initial={"version": signal.version, "text": addition}, prefix="note")
    page.data = page.data.copy()
    page.data["form_token"] = new_form_token()
    page.form = None
    page.bind()
    return render(request, template, page.context(sent_before=signal, addition=addition, note_form=note_form,
                                                  **extra), status=409)


def _focal_municipalities(user):
    ids = scope_for(user).municipalities_for(Role.FOCAL_OFFICER)
    if not ids:
        raise PermissionDenied
    return (Municipality.objects.filter(pk__in=ids, active=True).select_related("region_membership__region")
            .order_by("name"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_by_phone(request):
    """The focal officer records a signal received by phone or at the desk, with the caller's details."""
    municipalities = _focal_municipalities(request.user)
    page = IntakePage(request, PhoneIntakeForm, municipalities=municipalities, initial={},
                      namespace=f"phone:{request.user.pk}", language="nl")
    if request.method == "GET":
        page.initial = {"municipality": _officers_municipality(request.user, municipalities)}
        page.unbound()
    elif page.handle_post():
        signal = page.submit(channel=page.posted("intake_channel"), reporter=None, recorded_by=request.user)
        if signal is not None and getattr(signal, "changed_after_submit", False):
            return _sent_before(request, page, signal, "signalling/intake/report_phone.html")
        if signal is not None:
            if signal.created_now:
                _assign_to_call_taker(request.user, signal)
            return redirect("signalling:intake-received", reference=signal.reference)
    return render(request, "signalling/intake/report_phone.html", page.context())


def _officers_municipality(user, municipalities):
    """The municipality the phone form starts with: the officer's own organisation's, else the
    only one they work for; None (choose) for a regional officer of several."""
    ids = [m.pk for m in municipalities]
    home = _home_municipality(user)
    if home is not None and home.municipality_id in ids:
        return home.municipality_id
    return ids[0] if len(ids) == 1 else None


def _assign_to_call_taker(user, signal) -> None:
    """The officer who took the call handles the signal (their backup while they are absent),
    through the triage service, which writes the history."""
    from .services import triage

    try:
        triage.assign(actor=user, signal=signal, assignee=user, expected_version=signal.version)
    except (triage.NotAFocalOfficer, triage.NobodyAvailable):
        return  # stays in the municipality's inbox, unassigned, as any new signal


@never_cache
@login_required
def received(request, reference: str):
    """Confirmation after submitting: the reference and what happens next, nothing more."""
    fields = ("id", "reference", "received_at", "acute_danger", "channel", "assigned_to_id")
    own = Signal.objects.reported_by(request.user).filter(reference=reference).only(*fields).first()
    signal = own or get_visible_or_404(Signal.objects.only(*fields), request.user, reference=reference)
    # A signal the officer recorded for a caller: the confirmation speaks to the officer, not as
    # if they had reported it themselves.
    recorded_for_caller = own is None and signal.channel in {Channel.PHONE, Channel.VISIT}
    return render(request, "signalling/intake/received.html", {
        "signal": signal, "recorded_for_caller": recorded_for_caller,
        "assigned_to_you": signal.assigned_to_id == request.user.pk})


@never_cache
@login_required
def my_signals(request):
    """'Mijn meldingen': per signal only the day it arrived, its reference, open/handled and unread messages."""
    page = Paginator(selectors.reported_signals(request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "signalling/intake/my_signals.html", {"page": page})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_signal(request, reference: str):
    """One of 'Mijn meldingen': arrival, open/handled and the messages with the focal officer; answer here.

    Only the user who reported it; for anyone else it does not exist (404). Never the triage,
    the notes, the persons or the partners: the reporter's view of the signal, nothing more.
    """
    signal = get_object_or_404(Signal.objects.reported_by(request.user), reference=reference)
    form = ReporterAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                mailbox_service.answer_from_reporter(signal=signal, text=form.cleaned_data["text"],
                                                     reporter=request.user)
            except mailbox_service.MailboxError as refused:
                form.add_error("text", refused.message)
            else:
                if request.POST.get("addition"):  # offered after a second submit with other words
                    messages.success(request, _("Uw aanvulling is toegevoegd aan signaal %(reference)s en "
                                                "verstuurd naar de aandachtsfunctionaris.")
                                     % {"reference": signal.reference})
                else:
                    messages.success(request, _("Uw antwoord is verstuurd naar de aandachtsfunctionaris."))
                return redirect("signalling:intake-mine-detail", reference=signal.reference)
        status = 400
    record_access(user=request.user, action="view", record=signal, reason="melder: eigen melding en berichten")
    mailbox_service.mark_read_by_reporter(signal=signal)
    return render(request, "signalling/intake/my_signal.html", {
        "signal": signal,
        "messages_for_reporter": mailbox_service.messages_for_reporter(signal),
        "form": form,
    }, status=status)
