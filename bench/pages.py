"""The main pages of DESIGN.md's performance budget, with the role that opens each one.

Each entry: (label, role, path). The path may use ``{trajectory}``, ``{application}`` or ``{practice}`` which
bench/run fills in from the seeded data. The trivial view (/healthz/) is the yardstick.
"""

PAGES = [
    ("trivial view /healthz/", None, "/healthz/"),
    ("home", None, "/"),
    ("catalogue", None, "/good-practices/"),
    ("catalogue search+filter", None, "/good-practices/?q=loopbaandossier&theme=externe-partijen"),
    ("practice detail", None, "/good-practices/{practice}/"),
    ("application form (GET)", "school", "/aanmelden/"),
    ("staff: applications changelist", "staff", "/admin/partners/partnerapplication/"),
    ("staff: trajectories changelist", "staff", "/admin/trajectories/trajectory/"),
    ("adviser: my trajectories", "adviser", "/trajecten/adviseur/"),
    ("finance: claim queue", "finance", "/trajecten/financien/declaraties/"),
]
