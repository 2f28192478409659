"""The anonymous pulse survey: anyone with the token link answers once; the answer is not linked to the person."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from ..forms import PulseForm
from ..models import PulseInvitation
from ..services import meetings as service


@require_http_methods(["GET", "POST"])
def pulse(request, token):
    invitation = get_object_or_404(PulseInvitation.objects.select_related("meeting__trajectory__application__school"),
                                   token=token)
    if invitation.answered:
        return render(request, "trajectories/pulse_done.html", {"already": True})
    if service.pulse_closed(invitation.meeting):
        return render(request, "trajectories/pulse_done.html", {"closed": True})
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answered = service.answer_pulse(token, **form.cleaned_data)
        return render(request, "trajectories/pulse_done.html", {"already": not answered})
    return render(request, "trajectories/pulse.html", {"form": form, "meeting": invitation.meeting})
