"""Building POST data for the application form, and complete drafts, for the partners tests."""

from partners.models import PartnerApplication
from tests.factories import PartnerApplicationFactory, PreferenceFactory, WorkingGroupMemberFactory

LEADER = ("Petra de Vries", "petra@example.org")


def form_data(practices=(), *, members=5, school=None, action="submit", existing=(), **overrides):
    """A complete form (unless overridden). Member 0 is the project leader; ``existing`` are saved members."""
    data = {
        "action": action,
        "brin": school.code if school else "",
        "project_leader_name": LEADER[0], "project_leader_email": LEADER[1],
        "project_leader_position": "decaan", "school_leader_name": "Karel Bos",
        "school_leader_email": "karel@example.org",
        "lob_situation": "Versnipperd.", "ambition": "Een leerlijn.", "motivation": "Leren van anderen.",
        "availability_kickoff": "dinsdagmiddag", "availability_sessions": "woensdag",
        "commit_project_leader": "on", "commit_working_group": "on", "commit_school_leader": "on",
        "consent_publicity": "on", "consent_privacy": "on",
        "members-TOTAL_FORMS": str(max(members, len(existing))), "members-INITIAL_FORMS": str(len(existing)),
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "8",
    }
    for i, practice in enumerate(practices, start=1):
        data[f"choice_{i}"] = str(practice.pk)
    for i in range(members):
        name, email = LEADER if i == 0 else (f"Lid {i}", f"lid{i}@example.org")
        data.update({f"members-{i}-name": name, f"members-{i}-email": email, f"members-{i}-role": "docent"})
        if i == 0:
            data[f"members-{i}-is_project_leader"] = "on"
    for i, member in enumerate(existing):
        data[f"members-{i}-id"] = str(member.pk)
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def complete_draft(*, practices=None, members=5, **kwargs) -> PartnerApplication:
    """A draft that may be submitted: group with one leader, preferences, commitments."""
    app = PartnerApplicationFactory(**kwargs)
    for i in range(members):
        WorkingGroupMemberFactory(application=app, is_project_leader=(i == 0))
    for rank, practice in enumerate(practices or [None], start=1):
        PreferenceFactory(application=app, rank=rank, **({"practice": practice} if practice else {}))
    return app
