"""Admin: erase a person (AVG) from the user list; the workers' heartbeats, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mijlpaal.accounts import admin as accounts_admin  # registers the user admin first
from mijlpaal.accounts.models import User
from mijlpaal.operations.models import WorkerHeartbeat
from mijlpaal.operations.privacy import ErasureRefused, check_erasable, person_erase


@admin.action(description=gettext_lazy("Erase the selected people (AVG)"), permissions=["delete"])
def erase_people(
    modeladmin: admin.ModelAdmin[User], request: HttpRequest, queryset: QuerySet[User]
) -> HttpResponse | None:
    """First a page that says what erasure does, then, confirmed, erase one person at a time."""
    people = list(queryset.order_by("email"))
    if request.POST.get("post") != "yes":
        refusals = []
        for person in people:
            try:
                check_erasable(person)
            except ErasureRefused as refused:
                refusals.append(str(refused))
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase people"),
            "opts": modeladmin.model._meta,
            "people": people,
            "refusals": refusals,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "operations/admin_erase_confirm.html", context)
    for person in people:
        try:
            erased = person_erase(user=person)
        except ErasureRefused as refused:
            modeladmin.message_user(request, str(refused), messages.ERROR)
            continue
        done = _(
            "%(email)s erased: %(entries)d logbook entries and %(changes)d history records "
            "now say “verwijderde gebruiker”."
        ) % {"email": erased.email, "entries": erased.entries, "changes": erased.changes}
        modeladmin.message_user(request, done, messages.SUCCESS)
    return None


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(accounts_admin.UserAdmin):
    actions = (erase_people,)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ("worker_id", "host", "pid", "started_at", "last_seen")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
