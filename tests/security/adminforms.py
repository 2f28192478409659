"""Read the forms of an admin page as a browser would submit them, so a test can post any admin form unchanged (or
with extra fields) without knowing its fields."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"id": a.get("id", ""), "method": a.get("method", "get").lower(), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and "name" in a and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and "name" in a and "disabled" not in a:
            self._select = {"name": a["name"], "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and "name" in a and "disabled" not in a:
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def _close_option(self):
        option, self._option = self._option, None
        if option is None or self._select is None:
            return
        value = option["value"] if option["value"] is not None else option["text"].strip()
        if self._select["first"] is None:
            self._select["first"] = value
        if option["selected"]:
            self._select["chosen"].append(value)

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            select, self._select = self._select, None
            chosen = select["chosen"] or ([] if select["multiple"] or select["first"] is None else [select["first"]])
            self._form["fields"] += [(select["name"], value) for value in chosen]
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._form["fields"].append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def post_forms(html: str) -> list[dict]:
    """Every ``method="post"`` form of the page: ``{"id": ..., "data": {name: [values]}}``."""
    parser = _Forms()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        data: dict[str, list[str]] = {}
        for name, value in form["fields"]:
            data.setdefault(name, []).append(value)
        forms.append({"id": form["id"], "data": data})
    return forms


def admin_form_data(html: str) -> dict[str, list[str]]:
    """The data of the admin change/add form of the page (the form whose id ends in ``_form``)."""
    forms = [form for form in post_forms(html) if form["id"].endswith("_form")]
    assert len(forms) == 1, f"expected one admin change form, found {[f['id'] for f in post_forms(html)]}"
    return forms[0]["data"]
