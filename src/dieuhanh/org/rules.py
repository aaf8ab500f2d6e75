"""Who may see and change what: every access rule of the project in one module (django-rules).

- Office staff and the office chief see and edit everything of their issuing body.
- The Chair and Vice-Chairs see everything of their issuing body and decide; they edit their unit's work.
- A unit's head and staff see and edit their own unit's work only.
- Viewers read what their issuing body shares internally and change nothing.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import LEADER_ROLES, OFFICE_ROLES, UNIT_ROLES, Person, Role, Unit


def person_of(user: Any) -> Person | None:
    """The registry person behind a login, or None (anonymous users, accounts without a person)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        person: Person = user.person
        return person
    except Person.DoesNotExist:
        return None


def _issuer_of(unit: Unit) -> int:
    return unit.issuer_id or unit.pk


@rules.predicate
def has_person(user: Any) -> bool:
    return person_of(user) is not None


@rules.predicate
def is_office(user: Any) -> bool:
    person = person_of(user)
    return person is not None and person.role in OFFICE_ROLES


@rules.predicate
def is_office_chief(user: Any) -> bool:
    person = person_of(user)
    return person is not None and person.role == Role.OFFICE_CHIEF


@rules.predicate
def is_leader(user: Any) -> bool:
    person = person_of(user)
    return person is not None and person.role in LEADER_ROLES


@rules.predicate
def is_chair(user: Any) -> bool:
    person = person_of(user)
    return person is not None and person.role == Role.CHAIR


@rules.predicate
def same_issuer(user: Any, unit: Unit | None) -> bool:
    person = person_of(user)
    if person is None or unit is None:
        return False
    return _issuer_of(person.unit) == _issuer_of(unit)


@rules.predicate
def is_own_unit(user: Any, unit: Unit | None) -> bool:
    person = person_of(user)
    return person is not None and unit is not None and person.role in UNIT_ROLES and person.unit_id == unit.pk


@rules.predicate
def is_viewer(user: Any) -> bool:
    person = person_of(user)
    return person is not None and person.role == Role.VIEWER


is_superuser = rules.is_superuser

# The whole issuing body's work: office, leaders and viewers (read only for viewers).
sees_issuer = same_issuer & (is_office | is_leader | is_viewer)

rules.add_perm("org.view_registry", has_person | is_superuser)
rules.add_perm("org.manage_registry", is_office | is_superuser)
rules.add_perm("org.view_unit", is_superuser | sees_issuer | is_own_unit)
rules.add_perm("org.change_unit_work", is_superuser | (same_issuer & (is_office | is_leader)) | is_own_unit)
rules.add_perm("org.import_people", is_office | is_superuser)
# The health page's details (database vendor, worker and queue state); anyone else sees only up/down.
rules.add_perm("core.view_health", is_office | is_superuser)


# The outbox (/hop-thu-di/, the object is an ``OutboxMessage``): the office sees and sends again the e-mail of
# its own issuing body; superusers see all of it. ``outbox.queries.visible_to`` is the same rule as a queryset.
@rules.predicate
def message_of_own_issuer(user: Any, message: Any) -> bool:
    person = person_of(user)
    return person is not None and message is not None and message.issuer_id == _issuer_of(person.unit)


rules.add_perm("outbox.view", is_office | is_superuser)
rules.add_perm("outbox.view_message", is_superuser | (is_office & message_of_own_issuer))
rules.add_perm("outbox.manage", is_superuser | (is_office & message_of_own_issuer))


def can_view_unit(user: Any, unit: Unit) -> bool:
    """True when ``user`` may open the pages of ``unit``."""
    return bool(user.has_perm("org.view_unit", unit))


def can_change_unit_work(user: Any, unit: Unit) -> bool:
    """True when ``user`` may report or edit the work of ``unit``."""
    return bool(user.has_perm("org.change_unit_work", unit))


def visible_units(user: Any) -> Any:
    """The units whose pages ``user`` may open, as a queryset."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    person = person_of(user)
    if person is None:
        return Unit.objects.none()
    if person.role in UNIT_ROLES:
        return Unit.objects.filter(pk=person.unit_id)
    issuer_id = _issuer_of(person.unit)
    return Unit.objects.filter(pk=issuer_id) | Unit.objects.filter(issuer_id=issuer_id)


# Sessions: the object is the issuing body (a Unit) whose committee meets.
office_of_issuer = same_issuer & is_office
leader_of_issuer = same_issuer & is_leader
rules.add_perm("meetings.view", is_superuser | (same_issuer & has_person))
rules.add_perm("meetings.prepare", is_superuser | office_of_issuer)
rules.add_perm("meetings.run", is_superuser | office_of_issuer | leader_of_issuer)
rules.add_perm("meetings.conclude", is_superuser | office_of_issuer | leader_of_issuer)
rules.add_perm("meetings.close_vote", is_superuser | (same_issuer & is_chair) | (same_issuer & is_leader))

# Sessions: what is said and decided in the room. The record of a session (members' individual votes, the
# minutes, the session exported as dieuhanh.notice/1) is for the office that keeps it and the leaders who chair
# and decide; the other people of the issuing body see the agenda and the tallies only.
rules.add_perm("meetings.view_record", is_superuser | office_of_issuer | leader_of_issuer)

# Notices: drafted by the office, issued by the office chief or a leader (the object is the issuing body).
# The notice pages of an issuing body (the list, the outgoing register): office, leaders and viewers.
rules.add_perm("notices.view", is_superuser | (same_issuer & (is_office | is_leader | is_viewer)))


# One notice (the object is a ``Notice``): the office and the leaders of its issuing body read drafts and issued
# notices; its viewers read issued notices only (never drafts); a unit reads an issued notice delivered to it;
# anyone signed in reads an issued notice that is published on the portal. ``notices.queries.visible_to`` is the
# same rule as a queryset, for lists, the API and feeds.
@rules.predicate
def notice_of_own_issuer(user: Any, notice: Any) -> bool:
    person = person_of(user)
    return person is not None and notice is not None and _issuer_of(person.unit) == notice.issuer_id


@rules.predicate
def notice_is_issued(user: Any, notice: Any) -> bool:
    return notice is not None and bool(notice.is_issued)


@rules.predicate
def notice_is_public(user: Any, notice: Any) -> bool:
    return notice is not None and bool(notice.is_public)


@rules.predicate
def notice_delivered_to_own_unit(user: Any, notice: Any) -> bool:
    person = person_of(user)
    return (
        person is not None
        and notice is not None
        and notice.deliveries.filter(unit_id=person.unit_id).exists()
    )


rules.add_perm(
    "notices.view_notice",
    is_superuser
    | (notice_of_own_issuer & (is_office | is_leader))
    | (
        notice_is_issued
        & (
            (notice_of_own_issuer & is_viewer)
            | (has_person & notice_is_public)
            | notice_delivered_to_own_unit
        )
    ),
)
rules.add_perm("notices.draft", is_superuser | office_of_issuer)
rules.add_perm("notices.issue", is_superuser | (same_issuer & (is_office_chief | is_leader)))


# --- Directives and assignments ------------------------------------------------------------------------
# The object is an ``Assignment`` for per-assignment permissions and the issuing body (a ``Unit``) for the
# issuer-wide ones. A unit's officers work on their own unit's assignments only (the office's people on the
# office's own); the office and the leaders of the issuing body see all of them.
@rules.predicate
def assignment_of_own_unit(user: Any, assignment: Any) -> bool:
    person = person_of(user)
    return (
        person is not None
        and assignment is not None
        and person.role in UNIT_ROLES | OFFICE_ROLES
        and person.unit_id == assignment.unit_id
    )


@rules.predicate
def assignment_of_own_issuer(user: Any, assignment: Any) -> bool:
    person = person_of(user)
    return person is not None and assignment is not None and _issuer_of(person.unit) == assignment.issuer_id


rules.add_perm(
    "directives.view_assignment",
    is_superuser | (assignment_of_own_issuer & (is_office | is_leader | is_viewer)) | assignment_of_own_unit,
)
rules.add_perm("directives.report_progress", assignment_of_own_unit)
rules.add_perm("directives.request_extension", assignment_of_own_unit)
rules.add_perm(
    "directives.decide_extension", is_superuser | (assignment_of_own_issuer & (is_office_chief | is_leader))
)
rules.add_perm("directives.review_completion", is_superuser | (assignment_of_own_issuer & is_office))
rules.add_perm(
    "directives.change_assignment", is_superuser | (assignment_of_own_issuer & (is_office | is_leader))
)
rules.add_perm("directives.dashboard", is_superuser | (same_issuer & (is_office | is_leader | is_viewer)))
rules.add_perm("directives.create", is_superuser | (same_issuer & (is_office | is_leader)))
rules.add_perm("directives.assign", is_superuser | (same_issuer & is_office))
rules.add_perm("directives.report", is_superuser | (same_issuer & (is_office | is_leader)))


# --- TTHC: dossier statistics, rankings, publication ---------------------------------------------------
# The object is the issuing body (a ``Unit``). The office imports, publishes and issues follow-up directives;
# the leaders and viewers of the issuing body read the figures. The published pages need no login at all.
rules.add_perm("tthc.view", is_superuser | (same_issuer & (is_office | is_leader | is_viewer)))
rules.add_perm("tthc.import", is_superuser | office_of_issuer)
rules.add_perm("tthc.publish", is_superuser | office_of_issuer)
rules.add_perm("tthc.follow_up", is_superuser | office_of_issuer)


# --- Accounts and the audit log ------------------------------------------------------------------------
# Two-factor sign-in is required of the people who run the office, decide, or administer: the office, the
# Chair and Vice-Chairs, and superusers; everyone else may enrol from their account page.
must_use_two_factor = is_superuser | is_office | is_leader


def two_factor_required(user: Any) -> bool:
    """True when ``user`` must confirm each sign-in with a second factor (TOTP or a recovery code)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and must_use_two_factor(user))


# The audit log and anyone's sign-in history are for administrators; a person sees their own sign-ins.
rules.add_perm("core.view_audit", is_superuser)
rules.add_perm("accounts.view_any_signin_history", is_superuser)
