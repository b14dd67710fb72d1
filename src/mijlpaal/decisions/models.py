"""Governance: who commissions and leads the plan, and the decisions taken at its milestones."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mijlpaal.plans.models import Activity, Milestone, Party, Plan


class RoleKind(models.TextChoices):
    """Project roles, apart from the access roles (owner, editor, contributor, viewer)."""

    COMMISSIONER = "opdrachtgever", _("commissioner (opdrachtgever)")
    PROJECT_LEADER = "projectleider", _("project leader (projectleider)")
    STEERING = "stuurgroep", _("steering group member (stuurgroep)")


# The roles a plan has at most one of.
SINGLE_ROLES = (RoleKind.COMMISSIONER, RoleKind.PROJECT_LEADER)


class ProjectRole(models.Model):
    """A party of the plan in a project role; its member account is the party's linked user."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="project_roles")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="project_roles", verbose_name=_("party")
    )
    kind = models.CharField(_("project role"), max_length=20, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("project role")
        verbose_name_plural = _("project roles")
        ordering = ("kind", "party__order", "party__name", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("plan", "kind"),
                condition=Q(kind__in=[str(k) for k in SINGLE_ROLES]),
                name="project_role_single",
            ),
            models.UniqueConstraint(fields=("party", "kind"), name="project_role_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.party}"  # the Dutch names read well in both languages


class DocumentState(models.TextChoices):
    CONCEPT = "concept", _("draft (concept)")
    SUBMITTED = "voorgelegd", _("submitted (voorgelegd)")
    DECIDED = "besloten", _("decided (besloten)")
    REPLACED = "vervangen", _("replaced by a new version")


class Verdict(models.TextChoices):
    GO = "go", _("go")
    GO_CONDITIONS = "go_voorwaarden", _("go with conditions (go onder voorwaarden)")
    ADJUST = "bijsturen", _("adjust the plan (bijsturen)")
    NO_GO = "no_go", _("no-go")


class ConditionsBecome(models.TextChoices):
    LOG = "log", _("logbook entries")
    ACTIVITIES = "activities", _("follow-up activities")


# Geld, Organisatie, Tijd, Informatie, Kwaliteit: the aspects of project control (seed 002).
GOTIK = ("geld", "organisatie", "tijd", "informatie", "kwaliteit")
GOTIK_LABELS = {
    "geld": _("Money (Geld)"),
    "organisatie": _("Organisation (Organisatie)"),
    "tijd": _("Time (Tijd)"),
    "informatie": _("Information (Informatie)"),
    "kwaliteit": _("Quality (Kwaliteit)"),
}
GOTIK_LIGHTS = ("green", "orange", "red")


class DecisionDocument(models.Model):
    """Beslisdocument: the state of the plan, GOTIK, the issues with their options, the advice,
    and the decision. Voorgelegd freezes it: a later change makes a new version."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decision_documents")
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_documents",
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_documents",
    )
    subject = models.CharField(_("about"), max_length=300)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_version"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=DocumentState.choices, default=DocumentState.CONCEPT
    )
    question = models.TextField(
        _("the decision asked for"),
        help_text=_("What the decider is asked to decide, in one or two sentences."),
    )
    decider = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decider"),
    )
    gotik = models.JSONField(default=dict, blank=True)
    advice = models.TextField(_("advice of the project leader"), blank=True)
    situation = models.JSONField(default=dict, blank=True)  # frozen when submitted
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verdict = models.CharField(_("decision"), max_length=16, choices=Verdict.choices, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    requested_change = models.TextField(_("requested change"), blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_for_decider = models.BooleanField(_("an owner decided for the decider"), default=False)

    class Meta:
        verbose_name = _("decision document")
        verbose_name_plural = _("decision documents")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.subject} (v{self.version})"

    @property
    def item(self) -> Milestone | Activity | None:
        return self.milestone or self.activity

    @property
    def frozen(self) -> bool:
        return self.state != DocumentState.CONCEPT


class DecisionIssue(models.Model):
    """Kwestie: a question that needs a decision, with its options."""

    document = models.ForeignKey(DecisionDocument, on_delete=models.CASCADE, related_name="issues")
    question = models.TextField(_("issue"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ("order", "id")

    def __str__(self) -> str:
        return self.question[:80]


class DecisionOption(models.Model):
    """Optie: one way to settle an issue, with its pros and cons and its effect."""

    issue = models.ForeignKey(DecisionIssue, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(_("option"), max_length=300)
    pros = models.TextField(_("pros"), blank=True)
    cons = models.TextField(_("cons"), blank=True)
    effect_time = models.CharField(_("effect on time"), max_length=200, blank=True)
    effect_money = models.CharField(_("effect on money"), max_length=200, blank=True)
    advised = models.BooleanField(_("the project leader advises this option"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ("order", "id")

    def __str__(self) -> str:
        return self.title


class Baseline(models.Model):
    """Vastgestelde planning: a named snapshot of every item's computed dates. Never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="baselines")
    name = models.CharField(_("name"), max_length=200)
    taken_at = models.DateTimeField(_("taken"), auto_now_add=True)
    taken_on = models.DateField(_("taken on"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        DecisionDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baselines",
        verbose_name=_("taken at the decision"),
    )
    end_date = models.DateField(_("end date of the plan"))

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ("-taken_at", "-id")

    def __str__(self) -> str:
        return self.name


class BaselineItem(models.Model):
    """One milestone or activity as the baseline fixed it; kept when the item is deleted."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10)  # "milestone" | "activity"
    item_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300)
    start = models.DateField(null=True, blank=True)
    finish = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    lead_time = models.CharField(max_length=8, blank=True)
    slack = models.IntegerField(null=True, blank=True)
    critical = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("baseline", "kind", "item_id"), name="baseline_item_once"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ChangeField(models.TextChoices):
    DEADLINE = "deadline", _("deadline of the milestone")
    END_DATE = "end_date", _("end date of the plan")


class ChangeState(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", pgettext_lazy("change request", "rejected")
    APPLIED = "applied", _("applied (no decider)")


class ChangeRequest(models.Model):
    """Wijzigingsverzoek: a change of an adopted deadline or end date, with its reason. With a
    decider it waits for approval; without one it is applied at once and kept for the record."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="change_requests")
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
    )
    label = models.CharField(_("item"), max_length=300)  # kept when the milestone is deleted
    field = models.CharField(_("what changes"), max_length=10, choices=ChangeField.choices)
    before = models.DateField(_("before"), null=True, blank=True)
    after = models.DateField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    decider = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decider"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_on = models.DateField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_for_decider = models.BooleanField(_("an owner decided for the decider"), default=False)
    note = models.TextField(_("note of the decider"), blank=True)
    decision = models.ForeignKey(
        DecisionDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("decided in the decision document"),
    )
    request_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ("-requested_at", "-id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("plan", "request_key"), name="change_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"
