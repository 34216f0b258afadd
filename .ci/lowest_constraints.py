"""Print pip constraints pinning every dependency in pyproject.toml to its lower bound.

CI installs the project a second time with these, so the bounds that
pyproject.toml promises are bounds that were tested.
"""
import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
                        .read_text("utf-8"))["project"]
requirements = list(project["dependencies"])
for extra in project.get("optional-dependencies", {}).values():
    requirements.extend(extra)
for requirement in requirements:
    match = re.match(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)", requirement)
    if not match:
        sys.exit(f"no lower bound in {requirement!r}: write it as name>=version")
    print(f"{match.group(1)}=={match.group(3)}")
