"""The README documents every command, every option with an example, every setting and
variable, the two set-up commands, and Windows beside macOS and Linux."""
from __future__ import annotations

import argparse
import re

import pytest

from booklet import settings
from booklet.cli import build_parser
from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
CODE = re.findall(r"`([^`\n]+)`", README) + [
    line for block in re.findall(r"```[a-z]*\n(.*?)```", README, re.S)
    for line in block.splitlines()]


def _commands(parser, path=()):
    """(command path, parser) for every command and subcommand, the top level first."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


COMMANDS = [(" ".join(path), parser) for path, parser in _commands(build_parser())]


def _options(parser):
    return sorted({option for action in parser._actions for option in action.option_strings
                   if option.startswith("--") and option != "--help"})


@pytest.mark.parametrize("command", [name for name, _ in COMMANDS if name])
def test_every_command_is_documented(command):
    assert re.search(rf"(booklet|build_pdf\.py) {re.escape(command)}\b", README), \
        f"`booklet {command}` is not in README.md"


@pytest.mark.parametrize("command, parser", COMMANDS, ids=[n or "top" for n, _ in COMMANDS])
def test_every_option_is_documented_with_an_example(command, parser):
    # build is the default command: its examples may leave the word out
    words = "" if command in ("", "build") else rf"\b{re.escape(command)}\b.*"
    build = dict(COMMANDS)["build"]
    for option in _options(parser):
        if command == "config show" and option in _options(build) and option != "--config":
            continue   # config show takes the build options, documented there
        example = re.compile(rf"(booklet|build_pdf\.py) .*{words}{re.escape(option)}\b")
        assert any(example.search(code) for code in CODE), \
            f"{command or 'booklet'} {option} has no example in README.md"


def test_every_setting_is_documented():
    for key in settings.KEYS:
        assert f"| `{key.name}` |" in README, f"the setting {key.name} is not in README.md"


def test_every_environment_variable_is_documented():
    source = "".join((ROOT / "booklet" / name).read_text("utf-8")
                     for name in ("mail.py", "mailserver.py", "settings.py", "cli.py"))
    for variable in sorted(set(re.findall(r"BOOKLET_[A-Z_]+[A-Z]", source))):
        assert variable in README, f"{variable} is not documented in README.md"


def test_readme_has_the_two_commands():
    assert "python build_pdf.py" in README
    assert "python -m pytest" in README


def test_readme_speaks_to_every_role_and_to_windows():
    for heading in ("### Front desk", "### Office manager", "### Translator", "### IT",
                    "## Troubleshooting", "## The content format", "## For translators",
                    "## Figures"):
        assert heading in README
    assert "```powershell" in README and ".venv\\Scripts\\Activate.ps1" in README
    assert "%APPDATA%\\booklet\\booklet.toml" in README


def test_the_version_is_the_one_pyproject_gives():
    import tomllib

    import booklet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert booklet.__version__ == project["version"]


def test_an_installed_copy_holds_every_package():
    """`pip install .` must carry every subpackage (a missing one installed a
    `booklet` command that could not build)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    include = config["packages"]["find"]["include"]
    for folder in (ROOT / "booklet").rglob("*.py"):
        package = folder.parent.relative_to(ROOT).as_posix().replace("/", ".")
        assert (folder.parent / "__init__.py").is_file(), f"{package} has no __init__.py"
        assert package in include or package.split(".")[0] + ".*" in include, package
