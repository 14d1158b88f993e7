"""`journey-maps validate`: check a journeys folder without building the site.

Authors learn what is wrong before a pull request fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..source.problems import JourneyMapsError, Problem, format_report
from ..views.evidence import measured_warnings
from ..views.labels import plural
from ..views.review import BuildDateError, build_date, future_reviews
from .errors import UsageError
from .settings import display, journeys_dir, load_journeys, plugin_options

if TYPE_CHECKING:
    import argparse

__all__ = ["validate_command"]


def validate_command(arguments: argparse.Namespace) -> int:
    folder = journeys_dir(arguments.path)
    try:
        handbook = load_journeys(folder)
    except JourneyMapsError as error:
        _print_problems(error.problems, arguments.format)
        return 1
    try:
        warnings = [*handbook.warnings, *measured_warnings(handbook, _margin(arguments.margin))]
        future = future_reviews(handbook, build_date())  # errors, though the site builds
    except BuildDateError as error:
        raise UsageError(str(error)) from None
    if arguments.format == "json":
        errors = [
            {"file": f.file, "line": None, "column": None, "path": f.path, "message": f.message}
            for f in future
        ]
        report = {"errors": errors, "count": len(errors), "warnings": warnings}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 1 if future else 0
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if future:
        files = len({f.file for f in future})
        print("\n".join(str(f) for f in future))
        print(f"{plural(len(future), 'error')} in {plural(files, 'file')}")
        return 1
    journeys = [j for p in handbook.personas for j in p.journeys]
    stages = sum(len(j.stages) for j in journeys)
    print(
        f"{display(folder)}: {plural(len(handbook.personas), 'persona')}, "
        f"{plural(len(journeys), 'journey')}, {plural(stages, 'stage')}, no problems"
    )
    return 0


def _print_problems(problems: list[Problem], output: str) -> None:
    if output == "json":
        errors = [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message.removeprefix(f"{p.path}: ") if p.path else p.message,
            }
            for p in problems
        ]
        print(json.dumps({"errors": errors, "count": len(errors)}, indent=2, ensure_ascii=False))
    else:
        print(format_report(problems))


def _margin(given: float | None) -> float:
    if given is None:
        return plugin_options(Path("mkdocs.yml")).emotion_margin  # checked as the build does
    if not given >= 0:
        raise UsageError(f"--margin must be a number of points, 0 or more; got {given}")
    return given
