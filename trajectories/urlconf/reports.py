"""URLs of the reports area (PDF reports and the staff dashboard are not built yet)."""

urlpatterns: list = []
