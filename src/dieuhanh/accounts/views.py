"""Account pages: second factor (verify, enrol, recovery codes), password change, sign-in history."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.org.rules import person_of

from . import policy, qr, services
from .forms import CodeForm
from .models import SignInEvent

RECOVERY_SESSION_KEY = "dieuhanh_new_recovery_codes"
HISTORY_LIMIT = 200


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's account: second factor, recovery codes left, password, sign-in history."""
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "person": person_of(user),
            "has_authenticator": services.has_authenticator(user),
            "recovery_left": services.recovery_codes_left(user),
            "required": policy.required_for(user),
            "verified": policy.is_verified(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the authenticator app (or a recovery code) after the password step."""
    if policy.pending_step(request) != "verify":
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_second_factor(request=request, token=form.cleaned_data["code"])
        except DomainError as exc:
            error = exc.message
        else:
            return HttpResponseRedirect(_next_url(request))
    status = 400 if error else 200
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "error": error, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and secret, confirmed with one code; then the recovery codes."""
    user = request.user
    if services.has_authenticator(user) and not policy.is_verified(user):
        # Replacing the app needs the current one (or a recovery code) first.
        return redirect(reverse("accounts:verify") + "?next=" + reverse("accounts:enrol"))
    device = services.pending_device(user)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_enrolment(request=request, token=form.cleaned_data["code"])
        except DomainError as exc:
            error = exc.message
        else:
            request.session[RECOVERY_SESSION_KEY] = codes
            target = reverse("accounts:recovery_codes")
            wanted = request.POST.get("next", "")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': wanted})}" if wanted else target)
    secret = services.secret_of(device)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "error": error,
            "qr_svg": qr.svg(device.config_url),
            "secret": secret,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": policy.required_for(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once; a verified session may replace them with new ones."""
    if request.method == "POST":
        if not policy.is_verified(request.user):
            raise PermissionDenied
        try:
            request.session[RECOVERY_SESSION_KEY] = services.regenerate_recovery_codes(user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:account")
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": [services.format_recovery_code(c) for c in codes or []],
            "shown": codes is not None,
            "left": services.recovery_codes_left(request.user),
            "can_regenerate": policy.is_verified(request.user),
            "next": _next_url(request),
        },
    )


class PasswordChange(auth_views.PasswordChangeView):
    """Django's change-password page with the project's validators (Vietnamese messages) and an audit entry."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        user: Any = self.request.user
        audit.record(actor=user, action="account.password_change", obj=user, object_label=user.get_username())
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


@login_required
def sign_in_history(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own sign-ins; an administrator may name any account (?tai-khoan=...)."""
    wanted = request.GET.get("tai-khoan", "").strip()[:150]
    can_view_any = request.user.has_perm("accounts.view_any_signin_history")
    subject: Any = request.user
    if wanted and wanted != request.user.get_username():
        if not can_view_any:
            raise PermissionDenied
        subject = get_user_model().objects.filter(username=wanted).first()
    events = (
        SignInEvent.objects.filter(user=subject).order_by("-at", "-id")[:HISTORY_LIMIT]
        if subject is not None
        else SignInEvent.objects.filter(username=wanted).order_by("-at", "-id")[:HISTORY_LIMIT]
    )
    return render(
        request,
        "accounts/sign_in_history.html",
        {
            "events": events,
            "subject_name": wanted or request.user.get_username(),
            "can_view_any": can_view_any,
            "limit": HISTORY_LIMIT,
        },
    )
