"""Every third-party module the package imports is a dependency declared in pyproject.toml."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Code that ships (the package) or runs from a checkout in production (deployment entry points).
SHIPPED = [ROOT / "src" / "newsingest", ROOT / "flows", ROOT / "spiders"]
# Standard-library modules newer than the oldest Python we support, imported only where they exist.
LATER_STDLIB = {"compression"}  # 3.14 (backports.zstd before)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(roots: list[Path]) -> dict[str, set[str]]:
    """Return {top-level module: files importing it} of every absolute import under roots."""
    found: dict[str, set[str]] = {}
    for root in roots:
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def declared() -> set[str]:
    """Return the normalised names of the project's declared runtime dependencies and extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra, listed in project.get("optional-dependencies", {}).items():
        if extra != "test":  # the test extra is not installed where the package runs
            requirements += listed
    return {_normal(re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]) for r in requirements}


def test_every_imported_distribution_is_declared() -> None:
    distributions = packages_distributions()
    own = {"newsingest", "flows", "spiders", "bench", "tests"}
    missing = {}
    for module, files in imported_modules(SHIPPED).items():
        if module in sys.stdlib_module_names or module in own | LATER_STDLIB or module == "__future__":
            continue
        providers = {_normal(d) for d in distributions.get(module, [module])}
        if not providers & declared():
            missing[module] = sorted(files)[:3]
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
