"""URLs of the matching area (the matching pages themselves live in the admin)."""

urlpatterns: list = []
