"""The question a button with ``data-confirm`` asks (window.confirm) in the browser tests."""


def answer_yes(page) -> list[str]:
    """Accept the next question the page asks; returns the list its text is put in (empty if none was asked)."""
    asked: list[str] = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return asked
