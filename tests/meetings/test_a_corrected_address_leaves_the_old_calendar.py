"""Staff correct an application's contact address (partners.services.correct_contacts): the new address gets the
invitations of the meetings already planned, and the old one a cancellation of each meeting still to come it was
invited to (METHOD:CANCEL of the same event), unless it is still expected there for another reason, such as being a
working-group member's address too. It kept those events in its calendar and was never told."""

import datetime as dt

import pytest
from django.utils import timezone

from lobmatch import mailing
from lobmatch.models import Role
from partners import services as applications
from tests.factories import TrajectoryFactory, UserFactory, WorkingGroupMemberFactory
from tests.meetings.helpers import event_of, invitations
from trajectories.models import Meeting
from trajectories.services import meetings, planning

pytestmark = pytest.mark.django_db
OLD_LEADER, OLD_HEAD = "petra@example.org", "karel@example.org"  # the factory's project and school leader


@pytest.fixture
def staff():
    return UserFactory(roles=[Role.STAFF])


def planned_trajectory(*kinds, shared_with_member: str = ""):
    """A published trajectory with a working group, the given meetings planned in the weeks to come (the others
    without a date) and ``shared_with_member`` also the address of a working-group member."""
    trajectory = TrajectoryFactory()
    WorkingGroupMemberFactory(application=trajectory.application, name="Petra de Vries", email=OLD_LEADER,
                              is_project_leader=True)
    WorkingGroupMemberFactory(application=trajectory.application, name="Lid 1", email=shared_with_member or
                              f"lid1-{trajectory.pk}@school.example")
    meetings.ensure_meetings(trajectory)
    for days, (kind, number) in enumerate(kinds, start=1):
        meeting = trajectory.meetings.get(kind=kind, number=number)
        planning.plan_meeting(meeting, start=timezone.now() + dt.timedelta(days=20 * days), duration_minutes=240,
                              location="Aula", by=trajectory.adviser.user)
    return trajectory


KICKOFF, SESSION_1, SESSION_2 = (Meeting.Kind.KICKOFF, 0), (Meeting.Kind.SESSION, 1), (Meeting.Kind.SESSION, 2)


def cancellations():
    return [m for m in invitations() if m.payload["attachments"][0]["method"] == "CANCEL"]


def meeting_of(message):
    return Meeting.objects.get(pk=message.payload["attachments"][0]["meeting"])


def test_the_old_address_gets_a_cancellation_of_each_meeting_to_come(staff):
    trajectory = planned_trajectory(KICKOFF, SESSION_1)
    kickoff, session = (trajectory.meetings.get(kind=k, number=n) for k, n in (KICKOFF, SESSION_1))
    sent_before = len(invitations())
    applications.correct_contacts(trajectory.application, {"project_leader_email": "p.devries@school.example"},
                                  by=staff)
    told = cancellations()
    assert sorted((meeting_of(m).pk, m.payload["to"][0]) for m in told) == [
        (kickoff.pk, OLD_LEADER), (session.pk, OLD_LEADER)]
    for message in told:
        meeting = meeting_of(message)
        cal, event, _mimetype = event_of(message)
        # the same event the address had, at the version it had, called off
        assert cal["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
        assert str(event["UID"]) == f"meeting-{meeting.pk}@lobmatch" and event["SEQUENCE"] == meeting.sequence
        mail = mailing.render_message(message.payload)
        assert "Beste Petra de Vries" in mail.body and "gaat gewoon door" in mail.body
        assert "de uitnodiging gaat nu naar het nieuwe adres" in mail.body
    # the new address is invited; nobody else hears anything
    new = invitations()[sent_before:]
    assert sorted(m.payload["to"][0] for m in new if m not in told) == ["p.devries@school.example"] * 2
    # correcting something else later sends nothing again
    applications.correct_contacts(trajectory.application, {"project_leader_phone": "010-1234567"}, by=staff)
    assert len(invitations()) == sent_before + 4


def test_an_address_still_expected_for_another_reason_keeps_the_meeting(staff):
    """The school leader's old address is a working-group member's too: the member is expected at the guided
    sessions, not at the kickoff."""
    trajectory = planned_trajectory(KICKOFF, SESSION_1, SESSION_2, shared_with_member=OLD_HEAD)
    applications.correct_contacts(trajectory.application, {"school_leader_email": "k.bos@school.example"}, by=staff)
    assert [(meeting_of(m).kind, m.payload["to"]) for m in cancellations()] == [(Meeting.Kind.KICKOFF, [OLD_HEAD])]


def test_an_address_that_was_not_invited_gets_no_cancellation(staff):
    """The school leader is not expected at the second guided session: nothing was in that calendar."""
    trajectory = planned_trajectory(SESSION_2)
    applications.correct_contacts(trajectory.application, {"school_leader_email": "k.bos@school.example"}, by=staff)
    assert cancellations() == []


def test_an_address_corrected_back_is_invited_again_at_a_higher_version(staff):
    """A to B and back to A: A's calendar had the event cancelled at its version, so only an invitation at a higher
    SEQUENCE brings it back there; B's goes; nobody else hears anything."""
    trajectory = planned_trajectory(KICKOFF)
    kickoff = trajectory.meetings.get(kind=Meeting.Kind.KICKOFF)
    version, new = kickoff.sequence, "p.devries@school.example"
    others_before = [m.pk for m in invitations() if m.payload["to"] != [OLD_LEADER]]
    applications.correct_contacts(trajectory.application, {"project_leader_email": new}, by=staff)
    applications.correct_contacts(trajectory.application, {"project_leader_email": OLD_LEADER}, by=staff)

    def told(address):
        return [(m.payload["attachments"][0]["method"], m.payload["attachments"][0]["sequence"])
                for m in invitations() if m.payload["to"] == [address]]

    assert told(OLD_LEADER) == [("REQUEST", version), ("CANCEL", version), ("REQUEST", version + 1)]
    assert told(new) == [("REQUEST", version), ("CANCEL", version)]
    kickoff.refresh_from_db()
    assert kickoff.sequence == version + 1
    cal, event, _mimetype = event_of(invitations()[-1])
    assert cal["METHOD"] == "REQUEST" and event["SEQUENCE"] == version + 1
    assert str(event["UID"]) == f"meeting-{kickoff.pk}@lobmatch"
    assert [m.pk for m in invitations() if m.payload["to"] not in ([OLD_LEADER], [new])] == others_before
    # and once more to B: B had its version cancelled before, not this one, so an invitation at this one reaches it
    applications.correct_contacts(trajectory.application, {"project_leader_email": new}, by=staff)
    assert told(new)[-1] == ("REQUEST", version + 1)
    assert told(OLD_LEADER)[-1] == ("CANCEL", version + 1)
