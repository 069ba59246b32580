"""Every CLI command is documented in the README, and the README's commands exist."""

from __future__ import annotations

from pathlib import Path

import typer.main

from kg.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    names = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert names == ["build", "eval", "export", "extract", "query", "refresh"]
    for name in names:
        assert f"kg {name}" in README, f"`kg {name}` is not documented in README.md"


def test_every_long_option_is_in_the_readme() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name, command in commands.items():
        for param in command.params:
            for option in (o for o in getattr(param, "opts", []) if o.startswith("--")):
                assert option in README, f"`kg {name} {option}` is not documented in README.md"


def test_readme_gives_the_two_quick_start_commands() -> None:
    assert "make demo" in README and "make test" in README
