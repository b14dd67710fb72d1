"""Password reset that answers the same for known and unknown addresses, and is rate-limited.

The page only queues a task with the typed address; the worker looks the address up and sends
Django's own reset mail. So the page does the same work whether or not an account exists, and a
slow mail server never slows it down.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django_tasks import task

from mijlpaal.accounts.throttle import allow
from mijlpaal.middleware import client_address

WINDOW = dt.timedelta(hours=1)


@task()
def password_reset_send(email: str) -> int:
    """Send the reset link to the active accounts with this address; returns how many."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    users = list(form.get_users(email))
    form.save(domain_override=site.netloc, use_https=site.scheme == "https")
    return len(users)


class QueuedPasswordResetView(PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        limit = settings.PASSWORD_RESET_LIMIT
        address = client_address(self.request) or ""
        if not allow("reset-address", address, limit=limit, window=WINDOW):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        email = form.cleaned_data["email"]
        # Past the limit for one address nothing more is sent (no mail bombing), and the page
        # says what it always says, so it tells nobody whether the address has an account.
        if allow("reset-email", email, limit=limit, window=WINDOW):
            password_reset_send.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())
