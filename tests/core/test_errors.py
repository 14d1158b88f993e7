"""One root for the package's exceptions: `except JourneyMapsException` catches every error
the package raises on purpose, from any layer, and nothing it did not mean to raise."""

from __future__ import annotations

import importlib
import pkgutil

import journey_maps
from journey_maps.errors import JourneyMapsException
from journey_maps.views.review import BuildDateError


def public_exception_classes() -> dict[str, type[BaseException]]:
    """Every exception class a module of the package defines, by `module.Name`; private
    ones (`_Refused`) are signals a module raises and catches itself, never let out."""
    found: dict[str, type[BaseException]] = {}
    for module_info in pkgutil.walk_packages(journey_maps.__path__, "journey_maps."):
        if module_info.name.endswith(".__main__"):  # running it is the command itself
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


def test_every_exception_the_package_raises_derives_from_the_root() -> None:
    found = public_exception_classes()
    # The ones named in the issue, so the walk above is known to have seen them.
    assert {
        "journey_maps.source.problems.JourneyMapsError",
        "journey_maps.source.git_history.GitError",
        "journey_maps.importers.ImportFailed",
        "journey_maps.cli.errors.UsageError",
        "journey_maps.views.review.BuildDateError",
        "journey_maps.owned_folder.UnsafeTarget",
    } <= set(found)
    outside = sorted(
        name for name, cls in found.items() if not issubclass(cls, JourneyMapsException)
    )
    assert outside == []


def test_the_build_date_error_is_still_a_value_error() -> None:
    """Callers that caught it as ValueError before the root existed still catch it."""
    assert issubclass(BuildDateError, ValueError)
    assert issubclass(BuildDateError, JourneyMapsException)
