from django.conf import settings

from .models import Role
from .roles import has_role


def roles(request):
    user = getattr(request, "user", None)
    return {
        "role": {r.value: has_role(user, r.value) for r in Role},
        "PROGRAMME_CONTACT_EMAIL": settings.PROGRAMME_CONTACT_EMAIL,
        "MFA_RELAXED": not settings.LOBMATCH_REQUIRE_MFA,
    }
