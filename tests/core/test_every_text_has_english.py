"""Every text the code and the templates mark for translation has an English translation in
locale/en: English is a choice on every page, so a missing entry shows a Dutch sentence to whoever chose English.

The check runs ``makemessages`` as ``make messages`` does, but on a copy of the catalogues (the source is reached
through links, so the real catalogues are not touched), and asks gettext which entries are untranslated or only
guessed from a similar text (fuzzy). Texts that are English already (Django's and Celery beat's own, reused) carry
themselves as their translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import require_services

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ("ambassadors", "partners", "trajectories", "lobmatch", "templates", "demo", "static", "manage.py")
# As the Makefile's `messages`: lobmatch/locale holds hand-written Dutch overrides of allauth and is left out. (The
# scripts in static/js carry their few texts in both languages: no JavaScript catalogue.)
IGNORE = ["lobmatch/locale"]


def _msgids(po: Path, *options: str) -> list[str]:
    out = subprocess.run(["msgattrib", *options, "--no-obsolete", str(po)], capture_output=True, text=True,
                         check=True).stdout
    return [m.strip().replace('"\n"', "") for m in re.findall(r'^msgid ((?:"[^\n]*"\n?)+)', out, flags=re.M)
            if m.strip() != '""']


def _entries_without_english(po: Path) -> list[str]:
    return _msgids(po, "--untranslated") + _msgids(po, "--only-fuzzy")


def test_every_marked_text_has_an_english_translation(tmp_path):
    if not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgattrib")):
        if require_services():
            pytest.fail("REQUIRE_SERVICES=1 but gettext (xgettext, msgmerge, msgattrib) is not installed")
        pytest.skip("gettext is not installed")
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in SOURCE:
        (tree / name).symlink_to(ROOT / name)
    catalogue = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po", catalogue)
    (tmp_path / "catalogue_settings.py").write_text(
        f"from lobmatch.settings.base import *  # noqa\nLOCALE_PATHS = [{str(tmp_path / 'locale')!r}]\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
           "DJANGO_SETTINGS_MODULE": "catalogue_settings", "DATABASE_URL": "sqlite://:memory:"}
    ignore = [arg for pattern in IGNORE for arg in ("--ignore", pattern)]
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "en", "--symlinks", *ignore],
                   cwd=tree, env=env, check=True, capture_output=True, text=True)
    # The source was read (a text of a template and one of the Python code are current entries), so an empty
    # result below means complete, not unread.
    current = _msgids(catalogue)
    assert '"Nieuwe tijdstippen voorstellen"' in current and '"adviseur uit de regio"' in current
    assert len(current) > 1000
    missing = _entries_without_english(catalogue)
    assert not missing, f"{len(missing)} texts without English in locale/en/LC_MESSAGES/django.po: {missing}"


def test_the_check_finds_a_text_without_english(tmp_path):
    """The check above can fail: a catalogue with one untranslated and one fuzzy entry gives both."""
    if not shutil.which("msgattrib"):
        pytest.skip("gettext is not installed")
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Goedemorgen"\nmsgstr "Good morning"\n\n'
                  'msgid "Tot ziens"\nmsgstr ""\n\n'
                  '#, fuzzy\nmsgid "Nieuwe tijdstippen"\nmsgstr "Propose times"\n')
    assert _entries_without_english(po) == ['"Tot ziens"', '"Nieuwe tijdstippen"']
