from allauth.account.decorators import reauthentication_required
from allauth.usersessions.views import ListUserSessionsView
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from .forms import DeleteAccountForm, ProfileForm
from .privacy import DELETION_GRACE, export_archive, request_deletion
from .privacy import cancel_deletion as privacy_cancel_deletion


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def privacy(request):
    deletes_on = (
        request.user.deletion_requested_at + DELETION_GRACE
        if request.user.deletion_requested_at
        else None
    )
    context = {
        "form": DeleteAccountForm(user=request.user),
        "deletes_on": deletes_on,
        "grace_days": DELETION_GRACE.days,
    }
    return render(request, "accounts/privacy.html", context)


# Where the doctor is signed in (allauth's user sessions): the list is shown freely, but signing
# the other devices out asks them to prove it is them again (ASVS 5.0 7.5.2).
signed_in_devices = reauthentication_required(ListUserSessionsView.as_view(), allow_get=True)


# Everything about a doctor's network in one file, and the end of the account: both ask the
# doctor to prove it is them again (password, or authenticator code where set up), so a session
# left open on a shared computer is not enough (ASVS 5.0 7.5.1).
@reauthentication_required
def download_data(request):
    archive = export_archive(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="netmed-{stamp}.zip"'
    return response


@require_POST
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        context = {"form": form, "deletes_on": None, "grace_days": DELETION_GRACE.days}
        return render(request, "accounts/privacy.html", context, status=400)
    deletes_on = request_deletion(user=request.user)
    logout(request)
    messages.success(
        request,
        f"Your account will be deleted on {date_format(timezone.localtime(deletes_on), 'j F Y')}. "
        "Sign in before then to cancel.",
    )
    return redirect("account_login")


@require_POST
def cancel_deletion(request):
    privacy_cancel_deletion(user=request.user)
    messages.success(request, "Your account will not be deleted.")
    return redirect("accounts:privacy")
