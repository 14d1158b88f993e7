"""The plugin's options, each default, check and description written once; what they imply.

Three readers share them: MkDocs through `config.py` (a thin wrapper), the `journey-maps`
command through `cli/settings.py` (mkdocs.yml read without MkDocs), and the Markdown
extension through its own entry in `markdown_extensions`. All three call `PluginOptions`,
so a value one accepts the others accept, and a value one refuses the others refuse with
the same words. The render options the pages depend on, the files the options point at
and what the generated pages need from the host (Markdown extensions, assets) are derived
here too. Free of MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import JourneyMapsException
from ..source.handbook import DEFAULT_MAX_BYTES
from ..source.symlinks import folder_problem, real_path
from ..views.evidence import DEFAULT_MARGIN, DEFAULT_STALE_DAYS

if TYPE_CHECKING:
    import datetime as dt

    from .pages import NavLevel

__all__ = [
    "ASSETS",
    "MERMAID_FENCE",
    "REQUIRED_MARKDOWN_EXTENSIONS",
    "SCRIPT",
    "STYLESHEET",
    "VENDORED_MERMAID",
    "BadOption",
    "OptionsError",
    "PluginOptions",
    "ProjectFiles",
    "RenderOptions",
    "check_option",
    "locate",
    "option_default",
    "option_description",
    "option_names",
]

# --- what the generated pages need from the host ------------------------------------------------

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = ASSETS / "journey-maps.css"
"""Published at `SitePaths.stylesheet` by the plugin and by `render`."""
SCRIPT = ASSETS / "journey-maps.js"
"""Published at `SitePaths.script`: small unbundled enhancements; every page reads without it."""
VENDORED_MERMAID = ASSETS / "vendor" / "mermaid.min.js"
"""The copy of Mermaid `mermaid_js: local` ships, at `SitePaths.mermaid_script`."""
REQUIRED_MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc", "pymdownx.superfences")
"""What generated pages are written for: the plugin enables them, `render` names the missing."""
MERMAID_FENCE = {"name": "mermaid", "class": "mermaid"}
"""superfences' custom fence for the diagrams (its `format` is pymdownx's, set by the plugin)."""


class OptionsError(JourneyMapsException):
    """Options that cannot be used: every problem at once, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class BadOption(OptionsError):
    """One option's value refused, shown as `option 'name': reason` (MkDocs shows the
    reason after its own `Plugin 'journey-maps' option 'name': `)."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__([f"option '{name}': {reason}"])


# --- checks: each returns the value to use or raises _Refused with what is wrong ---------------


class _Refused(Exception):
    pass


Check = Callable[[object], Any]


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Refused(f"must be true or false; got {value!r}")


def _text(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise _Refused(f"must be a non-empty text; got {value!r}")


def _whole_number(minimum: int, maximum: int | None = None, unit: str = "") -> Check:
    def check(value: object) -> int:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is not None and number >= minimum and (maximum is None or number <= maximum):
            return number
        upto = f" to {maximum:,}" if maximum is not None else " or more"
        raise _Refused(f"must be a whole number{unit} from {minimum}{upto}; got {value!r}")

    return check


def _points(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    raise _Refused(f"must be a number of points on the 1-5 scale, 0 or more; got {value!r}")


_PREFIX = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$")


def _site_prefix(value: object) -> str:
    prefix = value.strip("/") if isinstance(value, str) else value
    if isinstance(prefix, str) and _PREFIX.match(prefix):
        return prefix
    raise _Refused(
        "must be a site path of lowercase words and hyphens, like 'journeys' or 'cx/maps'; "
        f"got {value!r}"
    )


def _ticket_url(value: object) -> str | None:
    if isinstance(value, str) and value.startswith("https://") and "{ticket}" in value:
        return value
    raise _Refused(
        "must be an https:// URL containing {ticket}, e.g. "
        "https://tracker.example.com/browse/{ticket}"
    )


def _navigation(value: object) -> str:
    # Imported here: pages.py needs the page context, which imports this module.
    from .pages import NAV_LEVELS

    if value in NAV_LEVELS:
        return str(value)
    raise _Refused(f"must be one of {', '.join(reversed(NAV_LEVELS))}; got {value!r}")


def _language(value: object) -> str:
    # Imported here, as _navigation: views are below this module but only this check needs them.
    from ..views.messages import catalogue_language, catalogue_languages

    found = catalogue_language(value) if isinstance(value, str) else None
    if found is not None:
        return found
    raise _Refused(
        f"must be a language the plugin has words for: {', '.join(catalogue_languages())} "
        f"(add views/locales/<language>.po for another); got {value!r}"
    )


def _labels(value: object) -> tuple[tuple[str, str], ...]:
    from ..views.messages import known_messages

    if value == ():  # the default, as MkDocs validates it when the option is left out
        return ()
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise _Refused(f"must map English labels to your own words; got {value!r}")
    known = known_messages()
    unknown = [key for key in value if key not in known]
    if unknown:
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, known, n=1)
            hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise _Refused(
            "names labels the pages do not write: " + ", ".join(hints) + "; the labels are "
            "the English messages in views/locales/journey-maps.pot"
        )
    return tuple(sorted(value.items()))  # hashable: options key the embeds' caches


def _about(check: Check, description: str) -> dict[str, Any]:
    """A field's metadata: its check, and its description for the Markdown extension."""
    return {"check": check, "description": description}


# --- the options ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PluginOptions:
    """The options under `journey-maps:` in mkdocs.yml, checked; each field's metadata
    holds its check and its description (the Markdown extension shows the description)."""

    enabled: bool = field(
        default=True,
        metadata=_about(
            _flag, "Turn the plugin off without removing it, e.g. `enabled: !ENV [JM, true]`."
        ),
    )
    dir: str = field(
        default="journeys",
        metadata=_about(
            _text, "Folder with `_catalog.yml` and the persona files, beside mkdocs.yml."
        ),
    )
    prefix: str = field(
        default="journeys",
        metadata=_about(_site_prefix, "Where the generated pages live in the site."),
    )
    ticket_url: str | None = field(
        default=None,
        metadata=_about(
            _ticket_url,
            "Link ticket ids to the tracker: `{ticket}` is replaced by the URL-encoded id.",
        ),
    )
    review_every_days: int = field(
        default=180,
        metadata=_about(
            _whole_number(1, 3660, " of days"),
            "How often a map should be reviewed, unless a journey sets its own interval.",
        ),
    )
    stale_evidence_days: int = field(
        default=DEFAULT_STALE_DAYS,
        metadata=_about(
            _whole_number(1, unit=" of days"),
            "Evidence older than this many days shows its age on cards, stages and the register.",
        ),
    )
    warn_overdue: bool = field(
        default=False,
        metadata=_about(
            _flag, "Log a warning per journey overdue for review (--strict fails on them)."
        ),
    )
    navigation: NavLevel = field(
        default="stages",
        metadata=_about(
            _navigation,
            "The deepest level the site navigation lists: stages, journeys, personas or landing.",
        ),
    )
    mermaid: bool = field(
        default=True,
        metadata=_about(_flag, "Emit a Mermaid journey diagram on each journey page."),
    )
    mermaid_js: str = field(
        default="cdn",
        metadata=_about(
            _text,
            "Where browsers get Mermaid: `cdn`, `local` (the copy shipped with the plugin) or a "
            "path to a `mermaid.min.js` beside mkdocs.yml.",
        ),
    )
    emotion_margin: float = field(
        default=DEFAULT_MARGIN,
        metadata=_about(
            _points,
            "How far an assumed emotion may be from the measured mean before the build warns.",
        ),
    )
    max_file_size: int = field(
        default=DEFAULT_MAX_BYTES,
        metadata=_about(
            _whole_number(1, unit=" of bytes"),
            "Largest YAML file read, in bytes; bigger files are refused with an error.",
        ),
    )
    history: bool = field(
        default=False,
        metadata=_about(
            _flag, "Read the maps' history from git: a Changes section on each journey page."
        ),
    )
    custom_templates: str | None = field(
        default=None,
        metadata=_about(
            _text, "A folder of templates that replace the package's templates of the same name."
        ),
    )
    language: str | None = field(
        default=None,
        metadata=_about(
            _language,
            "The language of the generated pages' labels (en, de, es, fr, ja, nl); "
            "by default the theme's `language`, and each language's under mkdocs-static-i18n.",
        ),
    )
    labels: tuple[tuple[str, str], ...] = field(
        default=(),
        metadata=_about(
            _labels,
            "Your own words for labels, by English label, e.g. `Pain points: Friction`; "
            "they win over every language's catalogue.",
        ),
    )

    @classmethod
    def from_mapping(cls, given: Mapping[str, object]) -> PluginOptions:
        """The options in `given`, every one checked, every problem reported at once.

        A missing option, or one written without a value (`None`, also what the command
        line reads for a YAML tag such as `!ENV`), takes its default, as in MkDocs. Names
        that are not options are left to the caller (MkDocs warns about them)."""
        values: dict[str, Any] = {}
        problems: list[str] = []
        for name in option_names():
            if given.get(name) is None:
                continue
            try:
                values[name] = check_option(name, given[name])
            except BadOption as error:
                problems += error.problems
        if problems:
            raise OptionsError(problems)
        return cls(**values)

    def spoken_language(self, *, build: str = "", theme: str | None = None) -> str | None:
        """The shipped language the labels speak: the language mkdocs-static-i18n builds
        now (`build`), else the `language` option, else the theme's; None when the site asks
        for one the plugin has no words for (the pages are then English)."""
        from ..views.messages import catalogue_language

        asked = build or self.language or theme or "en"
        return catalogue_language(asked)

    def render_options(self, today: dt.date, language: str | None = None) -> RenderOptions:
        """What the pages depend on, for a build on `today` in `language` (the shipped
        language the site asks for: see `spoken_language`)."""
        return RenderOptions(
            today=today,
            language=language or self.language or "en",
            labels=self.labels,
            ticket_url=self.ticket_url,
            review_every_days=self.review_every_days,
            mermaid=self.mermaid,
            stale_evidence_days=self.stale_evidence_days,
        )


_DEFAULTS = PluginOptions()


@dataclass(frozen=True)
class RenderOptions:
    """The options the pages depend on, for one build date; the defaults are the plugin's."""

    today: dt.date
    """The build date reviews are judged on (see `views.review.build_date`)."""
    ticket_url: str | None = _DEFAULTS.ticket_url
    review_every_days: int = _DEFAULTS.review_every_days
    mermaid: bool = _DEFAULTS.mermaid
    stale_evidence_days: int = _DEFAULTS.stale_evidence_days
    """Evidence whose newest item is older than this shows its age on cards and stages."""
    language: str = "en"
    """The language of the labels (a shipped catalogue's: views.messages)."""
    labels: tuple[tuple[str, str], ...] = _DEFAULTS.labels
    """The site's own words for labels, by English label."""


def option_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(PluginOptions))


def _field(name: str) -> Any:
    found = next((f for f in fields(PluginOptions) if f.name == name), None)
    if found is None:
        raise KeyError(f"{name!r} is not an option of PluginOptions")
    return found


def option_default(name: str) -> Any:
    return _field(name).default


def option_description(name: str) -> str:
    return str(_field(name).metadata["description"])


def check_option(name: str, value: object) -> Any:
    """The value to use for option `name` (its default for None); raises BadOption."""
    if value is None:
        return option_default(name)
    try:
        return _field(name).metadata["check"](value)
    except _Refused as refused:
        raise BadOption(name, str(refused)) from None


# --- the files the options point at -------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFiles:
    """Where the options point, resolved from the project folder (the one of mkdocs.yml)."""

    project: Path
    journeys: Path
    mermaid_script: Path | None
    """The file published as the site's Mermaid; None when browsers get it from the CDN."""
    custom_templates: Path | None


def locate(options: PluginOptions, project: Path) -> ProjectFiles:
    """The journeys folder, Mermaid and custom templates, each inside the project and real.

    Links are followed without ever raising (a loop is a message); every problem is
    reported at once, as OptionsError."""
    project = real_path(project)
    problems: list[str] = []
    journeys = _project_folder(project, "dir", options.dir, problems)
    if journeys is None:
        journeys = real_path(project / options.dir)
    templates = None
    if options.custom_templates is not None:
        templates = _project_folder(project, "custom_templates", options.custom_templates, problems)
    script = None
    choice = options.mermaid_js
    if options.mermaid and choice == "local":
        script = VENDORED_MERMAID
    elif options.mermaid and choice != "cdn":
        script = real_path(project / choice)
        if not script.is_file() or not script.is_relative_to(project):
            problems.append(
                f"mermaid_js must be 'cdn', 'local' or a .js file in the project; {choice!r} is not"
            )
    if problems:
        raise OptionsError(problems)
    return ProjectFiles(project, journeys, script, templates)


def _project_folder(project: Path, name: str, given: str, problems: list[str]) -> Path | None:
    folder = real_path(project / given)
    if not folder.is_relative_to(project):
        problems.append(f"'{name}: {given}' points outside the project folder")
        return None
    what = folder_problem(folder)
    if what is not None:
        hint = (
            "point 'dir:' at the folder with the persona files"
            if name == "dir"
            else f"point '{name}:' at a folder of templates"
        )
        problems.append(f"'{name}: {given}' {what} ({folder}); create it or {hint}")
        return None
    return folder
