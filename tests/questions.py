"""The questions asked before a step that cannot be undone, in the tests: the one a button with ``data-confirm`` asks
(window.confirm) in the browser, and the server's question page (lobmatch.confirm) after its check."""


def answer_yes(page) -> list[str]:
    """Accept the next question the page asks; returns the list its text is put in (empty if none was asked)."""
    asked: list[str] = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return asked


def asked_by_the_server(response) -> dict[str, str] | None:
    """The values the server's question page (lobmatch.confirm, asked after its check) keeps to send again, or None
    when ``response`` is no such page (a refusal, a redirect)."""
    if response.status_code != 200 or "confirm_step.html" not in [t.name for t in response.templates]:
        return None
    return dict(response.context["keep"])


def post_and_confirm(client, url, data, **kwargs):
    """Post a form whose step the server asks about first, and answer yes to the question it asks (as a user who
    presses the confirm button): the confirming response, or the first one when no question came."""
    first = client.post(url, data)
    kept = asked_by_the_server(first)
    if kept is None:
        return first
    return client.post(url, {**kept, "step": "confirm"}, **kwargs)
