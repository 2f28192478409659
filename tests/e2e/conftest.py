"""Fixtures of the end-to-end journeys: numbered full-page screenshots per test, kept as artefacts.

``shot(page, "step-name")`` writes ``$LOBMATCH_ARTIFACTS/e2e/<test-name>/<NN>-<step-name>.png`` (default artefacts
directory: ``<repo>/test-artifacts``, git-ignored). The test's directory is emptied when the test starts, so what is
there afterwards is exactly this run's journey. ``shot.assert_saved()`` checks every file is a non-empty PNG.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.meetings.conftest import group, media  # noqa: F401  (fixtures: a trajectory with its working group; MEDIA_ROOT)

REPO = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def artifacts_root() -> Path:
    return Path(os.environ.get("LOBMATCH_ARTIFACTS") or REPO / "test-artifacts")


class Shots:
    """Numbered screenshots of one test, in the order the steps happen."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.paths: list[Path] = []
        self.steps = 0
        # Viewport widths to photograph each step at (e.g. (390, 1280): phone and desktop); () = the page's own.
        self.widths: tuple[int, ...] = ()

    def __call__(self, page, step: str) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        assert slug, f"step name {step!r} has no usable characters"
        self.steps += 1
        page.wait_for_load_state()  # a step may end in a navigation: measure and photograph the page it led to
        if not self.widths:
            path = self.directory / f"{self.steps:02d}-{slug}.png"
            page.screenshot(path=str(path), full_page=True)
            self.paths.append(path)
            return path
        size = page.viewport_size
        for width in self.widths:
            page.set_viewport_size({"width": width, "height": size["height"]})
            # Nothing makes the page scroll sideways at this width (WCAG 1.4.10 reflow); wide tables scroll inside
            # their own focusable region instead.
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{step}: the page is {overflow} px wide at a {width} px viewport"
            path = self.directory / f"{self.steps:02d}-{slug}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            self.paths.append(path)
        page.set_viewport_size(size)
        return path

    def assert_saved(self, minimum: int = 1) -> list[Path]:
        """Every screenshot of this test exists, is a non-empty PNG, and nothing else PNG is in the directory."""
        assert len(self.paths) >= minimum, f"only {len(self.paths)} screenshot(s), expected at least {minimum}"
        for path in self.paths:
            assert path.is_file(), f"{path} was not written"
            data = path.read_bytes()
            assert len(data) > len(PNG_SIGNATURE) and data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
        assert sorted(self.directory.glob("*.png")) == sorted(self.paths)
        return self.paths


@pytest.fixture
def artifacts_dir(request) -> Path:
    """An empty directory for this test's artefacts: ``<artefacts>/e2e/<test-name>/``."""
    directory = artifacts_root() / "e2e" / request.node.originalname
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


@pytest.fixture
def shot(artifacts_dir) -> Shots:
    return Shots(artifacts_dir)
