"""What an applicant types (a school's name) is shown as text wherever a form says it, also in a field's help text:
the poll form's warning about an overlapping meeting names the other school, and a name with a link in it showed
the adviser a working link ("Sessie verlopen: log hier opnieuw in")."""

import pytest
import time_machine
from django.urls import reverse

from tests.meetings.helpers import NOW, OCT, kickoff, pair
from trajectories.services import planning

pytestmark = pytest.mark.django_db

NAME = 'Betuwehof <a href="https://evil.example/login">Sessie verlopen</a>'


def test_a_school_name_in_a_poll_warning_is_escaped(client):
    with time_machine.travel(NOW, tick=False):
        other = kickoff(pair())
        school = other.trajectory.application.school
        school.name = NAME
        school.save(update_fields=["name"])
        adviser = other.trajectory.adviser.user
        planning.plan_meeting(other, start=OCT[0], duration_minutes=90, location="Aula", by=adviser)
        meeting = kickoff(pair())
        meeting.trajectory.adviser = other.trajectory.adviser
        meeting.trajectory.save(update_fields=["adviser"])
        client.force_login(adviser)
        response = client.post(reverse("trajectories:poll_create", args=[meeting.pk]),
                               {"slot_1": f"{OCT[0]:%Y-%m-%dT%H:%M}", "slot_2": f"{OCT[1]:%Y-%m-%dT%H:%M}",
                                "duration_minutes": "90", "location": "Aula"})
    html = response.content.decode()
    assert "overlapt met uw" in html  # the warning is there, under the slot
    assert '<a href="https://evil.example/login">' not in html
    assert "Betuwehof &lt;a href=&quot;https://evil.example/login&quot;&gt;Sessie verlopen&lt;/a&gt;" in html


def test_the_projects_field_renderer_escapes_help_texts_unless_marked_safe():
    from django import forms
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    class Form(forms.Form):
        plain = forms.CharField(help_text=NAME)
        marked = forms.CharField(help_text=mark_safe("<em>zelf geschreven</em>"))  # noqa: S308 - a test constant

    html = Template("{% load form_fields %}{{ form.plain|as_field }}{{ form.marked|as_field }}").render(
        Context({"form": Form()}))
    assert '<a href="https://evil.example/login">' not in html and "Betuwehof &lt;a href=" in html
    assert "<em>zelf geschreven</em>" in html
