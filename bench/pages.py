"""The main pages of DESIGN.md's performance budget, with the role that opens each one.

Each entry: (label, role, path). The path may use the placeholders that ``bench/measure.py setup`` fills in from
the seeded data: ``{practice}`` (a published good practice), ``{draft}`` (the bench school's complete draft),
``{tranche}`` (the current tranche, 10,000 applications), ``{adviser_trajectory}``, ``{school_trajectory}`` and
``{batch}`` (a payment batch). The trivial view (/healthz/) is the yardstick and comes first.
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
]
