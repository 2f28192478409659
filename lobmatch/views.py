from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from .models import Theme, Tranche
from .pagecache import cache_public_page
from .roles import is_finance, is_staff_member
from .start import panels_for


@require_safe
@cache_public_page
def home(request):
    tranche = Tranche.objects.filter(application_deadline__gte=timezone.now()).order_by("application_deadline").first()
    if tranche is None:
        tranche = Tranche.objects.order_by("-number").first()
    return render(request, "home.html", {"tranche": tranche, "themes": Theme.objects.all(), "now": timezone.now()})


@require_GET
@login_required
def start(request):
    # Staff and finance run the programme: they are not invited to apply as a partner school.
    return render(request, "start.html", {"panels": panels_for(request), "is_staff_member": is_staff_member(request.user),
                                          "is_finance": is_finance(request.user)})


@require_GET
def healthz(request):
    """Liveness probe for the load balancer and docker-compose; also the trivial view of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def privacy(request):
    return render(request, "privacy.html")


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """Rendered without the request, so no context processor reads the user, session, messages or cache: with the
    database away (a common cause) that would raise again and leave gunicorn's bare error page."""
    page = loader.get_template("500.html").render({"contact_email": settings.PROGRAMME_CONTACT_EMAIL})
    return HttpResponse(page, status=500)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)
