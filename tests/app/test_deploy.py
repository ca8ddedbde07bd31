"""Deploy readiness: a clean copy with an empty data/ starts, answers its health endpoint, renders Home, and
writes only under data/; every import of the app is covered by requirements.txt."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import requests
from packaging.requirements import Requirement

from tests.support.server import ROOT, streamlit_app

APP_DIRS = ("core", "ui", "app_pages")


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [line for line in out.splitlines() if line and (ROOT / line).is_file()]


def snapshot(folder: Path) -> dict[str, float]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.parts[len(folder.parts)] != "data"
    }


def test_clean_copy_starts_answers_health_and_renders_home(tmp_path):
    app = tmp_path / "app"
    for name in tracked_files():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, app / name)
    data = app / "data"
    for generated in data.glob("*"):
        if generated.suffix in {".db", ".key"} or ".db-" in generated.name:
            generated.unlink()
    before = snapshot(app)

    with streamlit_app(app) as url:
        assert requests.get(f"{url}/_stcore/health", timeout=5).text.strip() == "ok"
        from playwright.sync_api import sync_playwright

        from tests.browser.conftest import CHROMIUM_FLAGS, chromium_or_skip

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_or_skip(), args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("text=Connected as", timeout=60_000)
            body = page.inner_text("body")
            browser.close()
    assert "Dana Demo" in body and "Sandbox" in body

    assert snapshot(app) == before, "the app wrote outside data/"
    written = {p.name for p in data.iterdir()}
    assert any(name.endswith(".db") for name in written), written


def _third_party_imports() -> set[str]:
    stdlib = set(sys.stdlib_module_names)
    local = {"core", "ui", "app_pages", "tests", "bench"}
    found: set[str] = set()
    files = [ROOT / "dashboard.py", *(p for d in APP_DIRS for p in (ROOT / d).rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found.update(n.split(".")[0] for n in names)
    return {n for n in found if n not in stdlib and n not in local}


def _requirement_closure() -> set[str]:
    """Distributions requirements.txt installs: the pinned ones and everything they depend on."""
    pending = [
        re.split(r"[\[=<>; ]", line.strip())[0]
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    seen: set[str] = set()
    while pending:
        name = pending.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        for spec in importlib.metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                pending.append(req.name)
    return seen


def test_every_app_import_is_installed_by_requirements_txt():
    providers = importlib.metadata.packages_distributions()
    closure = _requirement_closure()
    missing = {
        module: providers.get(module, ["?"])
        for module in _third_party_imports()
        if not any(dist.lower().replace("_", "-") in closure for dist in providers.get(module, []))
    }
    assert not missing, f"imported by the app but not installed by requirements.txt: {missing}"
