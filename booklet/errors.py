"""The errors booklet reports to people, each pointing at what they can fix."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content: where it is and what to do about it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content has problems; every one found is listed (exit code 1)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


class UsageError(Exception):
    """The command line asks for something that cannot be done (exit code 2)."""


class BuildError(Exception):
    """The build cannot go on for a reason outside the content (exit code 1)."""


class Problems:
    """Collects problems so that validation reports all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.items.append(Problem(str(path), line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)
