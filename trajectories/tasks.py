from . import report_tasks  # noqa: F401
