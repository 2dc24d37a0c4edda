"""All configuration goes through the one Settings object, and every variable is documented twice.

The scan reads the code's syntax trees: an environment read is ``os.environ.get(X)``, ``os.getenv(X)``,
``os.environ[X]`` (read, not assigned) or ``X in os.environ``, where X is a ``PRAKERJA_*`` string literal or a
module constant holding one. Setting a variable for a child process is not a read.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from prakerja_dq import settings as settings_module
from prakerja_dq.settings import Settings, get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = REPO_ROOT / "src" / "prakerja_dq" / "settings.py"
SCANNED = [REPO_ROOT / "src", REPO_ROOT / "flows"]
VARIABLE = re.compile(r"\bPRAKERJA_[A-Z0-9_]*[A-Z0-9]\b")


def is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    constants[target.id] = node.value.value
    return constants


def read_names(tree: ast.Module) -> list[tuple[int, ast.AST]]:
    """(line, key expression) of every environment read in a module."""
    reads: list[tuple[int, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            environ_get = isinstance(func, ast.Attribute) and func.attr == "get" and is_environ(func.value)
            getenv = isinstance(func, ast.Attribute) and func.attr == "getenv"
            if environ_get or getenv:
                reads.append((node.lineno, node.args[0]))
        elif isinstance(node, ast.Subscript) and is_environ(node.value) and isinstance(node.ctx, ast.Load):
            reads.append((node.lineno, node.slice))
        elif isinstance(node, ast.Compare) and any(is_environ(other) for other in node.comparators):
            reads.append((node.lineno, node.left))
    return reads


def prakerja_reads(path: Path, root: Path = REPO_ROOT) -> list[str]:
    """``file:line VARIABLE`` for every read of a PRAKERJA_* variable in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    constants = module_constants(tree)
    found = []
    for line, key in read_names(tree):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            name = key.value
        elif isinstance(key, ast.Name):
            name = constants.get(key.id, "")
        else:
            name = ""
        if name.startswith("PRAKERJA_"):
            found.append(f"{path.relative_to(root)}:{line} {name}")
    return found


def python_files() -> list[Path]:
    return sorted(path for root in SCANNED for path in root.rglob("*.py"))


def settings_table_variables() -> list[str]:
    """The variables of the table in the Settings docstring, in order."""
    doc = Settings.__doc__ or ""
    return [match.group(1) for match in re.finditer(r"^\s*\| (PRAKERJA_[A-Z0-9_]+) \|", doc, re.M)]


def readme_configuration() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1]
    return section.split("\n## ", 1)[0]


def test_the_scan_finds_reads_of_every_form(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom os import environ\nNAME = 'PRAKERJA_B'\n"
        "os.environ.get('PRAKERJA_A')\nos.environ.get(NAME)\nos.getenv('PRAKERJA_C')\n"
        "os.environ['PRAKERJA_D']\n'PRAKERJA_E' in os.environ\nenviron.get('PRAKERJA_F')\n"
        "os.environ['PRAKERJA_SET'] = '1'\nos.environ.get('PREFECT_HOME')\n"
    )
    assert prakerja_reads(sample, root=tmp_path) == [
        f"sample.py:{line} PRAKERJA_{letter}" for line, letter in zip(range(4, 10), "ABCDEF", strict=True)
    ]


def test_only_settings_reads_prakerja_variables():
    offenders = [read for path in python_files() if path != SETTINGS_FILE for read in prakerja_reads(path)]
    assert offenders == [], "read these through prakerja_dq.settings.get_settings():\n" + "\n".join(offenders)


def test_settings_reads_every_variable_of_its_table():
    source = SETTINGS_FILE.read_text(encoding="utf-8")
    read_by_settings = set(re.findall(r'_env_\w+\("(PRAKERJA_[A-Z0-9_]+)"', source))
    assert read_by_settings == set(settings_table_variables())


def test_every_variable_the_code_names_is_in_the_settings_table():
    documented = set(settings_table_variables())
    named = {
        f"{path.relative_to(REPO_ROOT)} {name}"
        for path in python_files()
        for name in VARIABLE.findall(path.read_text(encoding="utf-8"))
        if name not in documented
    }
    assert named == set()


def test_the_readme_configuration_lists_every_variable_of_the_settings_table():
    readme_table = re.findall(r"^\| `(PRAKERJA_[A-Z0-9_]+)` \|", readme_configuration(), re.M)
    assert sorted(readme_table) == sorted(settings_table_variables())


def test_defaults_and_overrides(monkeypatch, tmp_path):
    for name in settings_table_variables():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    defaults = get_settings()
    assert defaults.home == tmp_path / "warehouse"
    assert (defaults.schedule_cron, defaults.schedule_timezone) == ("0 * * * *", "UTC")
    assert (defaults.debug, defaults.report_url, defaults.failpoint) == (False, None, None)
    assert defaults.failpoint_marker == settings_module.DEFAULT_FAILPOINT_MARKER
    monkeypatch.setenv("PRAKERJA_HOME", "~/elsewhere")
    monkeypatch.setenv("PRAKERJA_DEBUG", "1")
    monkeypatch.setenv("PRAKERJA_SCHEDULE_CRON", "*/5 * * * *")
    monkeypatch.setenv("PRAKERJA_REPORT_URL", "http://localhost:8080/")
    changed = get_settings()
    assert changed.home == (Path.home() / "elsewhere").resolve()
    assert (changed.debug, changed.schedule_cron, changed.report_url) == (
        True,
        "*/5 * * * *",
        "http://localhost:8080/",
    )


@pytest.mark.parametrize("value", ["", "0", "false", "no"])
def test_debug_off_values(monkeypatch, value):
    monkeypatch.setenv("PRAKERJA_DEBUG", value)
    assert get_settings().debug is False


def test_a_bad_number_names_its_variable(monkeypatch):
    monkeypatch.setenv("PRAKERJA_BATCH_SIZE", "many")
    with pytest.raises(ValueError, match="PRAKERJA_BATCH_SIZE"):
        get_settings()
