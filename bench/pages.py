"""The main pages of DESIGN.md's performance budget, with the role that opens each one.

Each entry: (label, role, path). The path may use the placeholders that ``bench/measure.py setup`` fills in from
the seeded data: ``{practice}`` (a published good practice), ``{draft}`` (the bench school's complete draft),
``{tranche}`` (the current tranche, 10,000 applications), ``{adviser_trajectory}``, ``{school_trajectory}`` and
``{batch}`` (a payment batch). The trivial view (/healthz/) is the yardstick and comes first.

Pages opened through a personal link (no account, so no session) start with one of ``PERSONAL_LINKS``: the
availability poll of the bench adviser's meeting answered by ``{poll_link}``'s person, and the calendar feed
``{feed}`` of the bench adviser (every meeting of their 50 trajectories); ``{poll}`` is the adviser's poll page.
The public page cache never serves them.
"""

TRIVIAL = ("trivial view /healthz/", None, "/healthz/")

PAGES = [
    ("home", None, "/"),
    ("catalogue", None, "/good-practices/"),
    ("catalogue search+filter", None, "/good-practices/?q=loopbaandossier&theme=externe-partijen&type=havo"),
    ("practice detail", None, "/good-practices/{practice}/"),
    ("application form (GET)", "school", "/aanmelden/{draft}/bewerken/"),
    ("school: trajectory", "school", "/trajecten/{school_trajectory}/"),
    ("school: claim", "school", "/trajecten/{school_trajectory}/declaratie/"),
    ("staff: applications changelist", "staff", "/admin/partners/partnerapplication/"),
    ("staff: trajectories changelist", "staff", "/admin/trajectories/trajectory/"),
    ("staff: matching", "staff", "/admin/trajectories/trajectory/koppelen/{tranche}/"),
    ("staff: dashboard", "staff", "/trajecten/dashboard/"),
    ("adviser: my trajectories", "adviser", "/trajecten/adviseur/"),
    ("adviser: trajectory", "adviser", "/trajecten/{adviser_trajectory}/"),
    ("finance: claim queue", "finance", "/trajecten/financien/declaraties/"),
    ("finance: batch", "finance", "/trajecten/financien/betaalbestanden/{batch}/"),
    # Planning (issue 20): the adviser's poll page, a person's answer page and the adviser's calendar feed.
    ("adviser: availability poll", "adviser", "/trajecten/peiling/beschikbaarheid/{poll}/"),
    ("personal link: poll answer", None, "/trajecten/planning/{poll_link}/"),
    ("personal link: adviser's calendar feed", None, "/trajecten/agenda/{feed}.ics"),
]

PERSONAL_LINKS = ("/trajecten/planning/", "/trajecten/agenda/")
