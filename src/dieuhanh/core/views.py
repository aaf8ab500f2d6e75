"""Home pages: each role lands on the page of its daily work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.org import queries
from dieuhanh.org.models import LEADER_ROLES, OFFICE_ROLES, UNIT_ROLES, Role
from dieuhanh.org.rules import person_of

HOME_TEMPLATES = {
    **{role: "core/home_leader.html" for role in LEADER_ROLES},
    **{role: "core/home_office.html" for role in OFFICE_ROLES},
    **{role: "core/home_unit.html" for role in UNIT_ROLES},
    Role.VIEWER: "core/home_viewer.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's home page, chosen by role."""
    person = person_of(request.user)
    if person is None:
        return render(request, "core/home_noperson.html")
    context = {"person": person, "role": person.role, "summary": queries.registry_summary(person.issuer)}
    if person.role in UNIT_ROLES:
        context["unit"] = person.unit
        context["colleagues"] = queries.people_of_unit(person.unit)
    return render(request, HOME_TEMPLATES[Role(person.role)], context)
