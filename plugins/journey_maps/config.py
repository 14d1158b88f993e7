"""The plugin's options as MkDocs reads them under `journey-maps:` in `mkdocs.yml`.

A thin wrapper: `site.options.PluginOptions` holds every option's default, check and
description, so `journey-maps render`, `validate` and `diff` (which read mkdocs.yml without
MkDocs) and the Markdown extension accept exactly what the build accepts. This class
only names the options for MkDocs and reports every problem at once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from mkdocs.config import base

from .site.options import BadOption, PluginOptions, check_option, option_default, option_names

__all__ = ["JourneyMapsConfig"]

T = TypeVar("T")


class _Checked(base.BaseConfigOption[T]):
    """An option whose default and check are `PluginOptions`' field of the same name."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name  # as MkDocs' own, for names without a trailing "_"
        self.default = option_default(name)  # a name that is not a field fails at import

    def run_validation(self, value: object) -> T:
        try:
            checked: T = check_option(self._name, value)
        except BadOption as problem:
            raise base.ValidationError(problem.reason) from None
        return checked


class JourneyMapsConfig(base.Config):
    """Options of the `journey-maps` plugin; the reference describes each one."""

    enabled = _Checked[bool]()
    dir = _Checked[str]()
    prefix = _Checked[str]()
    ticket_url = _Checked[str | None]()
    review_every_days = _Checked[int]()
    stale_evidence_days = _Checked[int]()
    warn_overdue = _Checked[bool]()
    navigation = _Checked[str]()
    mermaid = _Checked[bool]()
    mermaid_js = _Checked[str]()
    emotion_margin = _Checked[float]()
    max_file_size = _Checked[int]()
    history = _Checked[bool]()
    custom_templates = _Checked[str | None]()
    language = _Checked[str | None]()
    labels = _Checked[tuple[tuple[str, str], ...]]()

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Every problem at once, as the command line reports them (MkDocs' own loop stops
        at the first); a name that is no option is a warning, as MkDocs has it."""
        failed: list[tuple[str, Exception]] = []
        for key, option in self._schema:
            try:
                self[key] = option.validate(self.get(key))
            except base.ValidationError as error:
                failed.append((key, error))
        unknown = sorted(set(self) - set(option_names()))
        return failed, [(key, f"Unrecognised configuration name: {key}") for key in unknown]

    def options(self) -> PluginOptions:
        """The checked options as the MkDocs-free core takes them."""
        values: dict[str, Any] = {name: self[name] for name in option_names()}
        return PluginOptions(**values)
