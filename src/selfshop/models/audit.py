"""An audit plan: which journeys to walk, where, on which devices, and what fails CI."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Discriminator, Field, SecretStr, Tag, field_validator, model_validator

from selfshop.models.common import FileModel
from selfshop.models.journey import Device, Lens

REMOTE_SCHEMES = ("ws://", "wss://", "http://", "https://")
MAX_SITEMAP_PAGES = 5_000  # one sitemap entry; an audit's steps are bounded as a whole too


class TraceMode(StrEnum):
    off = "off"
    on_failure = "on-failure"  # kept for walks with a failed step
    always = "always"


class FailOn(StrEnum):
    redesign = "redesign"  # any journey with a redesign verdict fails the gate
    middle = "middle"  # anything short of proud fails the gate
    never = "never"  # report only


class Gate(FileModel):
    fail_on: FailOn = FailOn.redesign
    max_drop: float | None = Field(
        None, ge=0, description="Fail when a journey's score drops more than this against last run"
    )
    min_score: float | None = Field(None, ge=0, le=100, description="Fail below this score")


class AlertRule(StrEnum):
    verdict_worse = "verdict-worse"  # a journey's verdict fell (proud -> middle -> redesign)
    score_drop = "score-drop"  # a journey lost more than `drop` points since the last run
    gate_failed = "gate-failed"  # the audit's gate failed
    goal_off_track = "goal-off-track"  # a goal fell below the milestone (or target) now due
    run_failed = "run-failed"  # the run could not start, or was interrupted


class Notify(FileModel):
    """Where alerts go, and which changes raise one."""

    url: SecretStr = Field(
        description="An Apprise URL: slack://..., msteams://..., mailtos://..., json://... "
        "Write tokens and passwords as ${secret:NAME} (never stored or shown)"
    )
    on: list[AlertRule] = Field(
        default_factory=lambda: list(AlertRule), description="Changes that raise an alert"
    )
    drop: float = Field(5, ge=0, description="score-drop: points a journey must lose to alert")
    owners: bool = Field(
        False,
        description="E-mail URLs: send each alert to the e-mail contact of the owner of what "
        "changed (the URL's own recipients get the alerts that have no such owner)",
    )


class Timeouts(FileModel):
    action_ms: int = Field(5_000, gt=0, le=600_000, description="One action: find, click, type")
    step_ms: int = Field(
        30_000,
        gt=0,
        le=3_600_000,
        description="One step's budget for its actions and its evidence gathering together",
    )
    navigation_ms: int = Field(15_000, gt=0, le=600_000, description="One page load")
    connect_ms: int = Field(
        30_000, gt=0, le=600_000, description="Time to connect to a remote browser (browser:)"
    )


class SitemapPages(FileModel):
    """The pages a sitemap.xml lists (sitemap index files are followed), on the audit's site."""

    sitemap: str = Field(
        min_length=1,
        description="A URL, a path on the site such as /sitemap.xml (joined to base_url), or a "
        "file relative to this audit (sitemaps/shop.xml)",
    )
    limit: int = Field(
        200, gt=0, le=MAX_SITEMAP_PAGES, description="At most this many of its pages, in order"
    )


def _page_kind(value: object) -> str:
    # A mapping is a sitemap entry, anything else a page: one error each, not one per kind.
    return "sitemap-entry" if isinstance(value, dict | SitemapPages) else "page"


PageItem = Annotated[
    Annotated[str, Field(min_length=1), Tag("page")]
    | Annotated[SitemapPages, Tag("sitemap-entry")],
    Discriminator(_page_kind),
]


class Audit(FileModel):
    name: str = Field(min_length=1)
    base_url: str = Field(description="Site to audit; ${env:NAME} allowed")
    journeys: list[str] = Field(
        default_factory=list, description="Journey files or globs, relative to this file"
    )
    pages: list[PageItem] = Field(
        default_factory=list,
        description="Plain pages, each walked as a one-step journey (a visit and the checks): "
        "paths joined to base_url, URLs on the site, or {sitemap: ...}",
    )
    devices: list[Device] = Field(default_factory=lambda: [Device.desktop], min_length=1)
    lenses: list[Lens] = Field(
        default_factory=list,
        description="Walk every journey again as these customers too (journeys may say): "
        "keyboard, screen-reader, zoom-400, slow-3g, reduced-motion, forced-colours",
    )
    standards: str = Field("../standards.yaml", description="Standards file, relative to this file")
    schedule: str | None = Field(None, description="Cron expression, e.g. '0 7 * * MON'")
    output: str = Field("../reports", description="Folder for run folders, relative to this file")
    gate: Gate = Field(default_factory=Gate)
    allowed_origins: list[str] = Field(
        default_factory=list, description="Origins besides base_url the journey may navigate to"
    )
    block: list[str] = Field(
        default_factory=list, description="URL globs refused outright, e.g. payment providers"
    )
    timeouts: Timeouts = Field(default_factory=Timeouts)
    notify: list[Notify] = Field(default_factory=list, description="Alerts after every run")
    history: SecretStr | None = Field(
        None,
        description="The run history's database when a team shares one, e.g. "
        "postgresql://cx@db.example.com/selfshop (password as ${secret:NAME}); default: "
        "$SELFSHOP_HISTORY, else history.sqlite in the output folder",
    )
    report_url: str | None = Field(
        None,
        description="Where the output folder is published (e.g. https://cx.example.com/reports); "
        "alerts link the report there instead of to the file on this machine",
    )
    retries: int = Field(
        0, ge=0, le=5, description="Tries again a failed step this many times (journeys may say)"
    )
    trace: TraceMode = Field(
        TraceMode.off,
        description="Keep a Playwright trace of each walk: on-failure, always or off (journeys "
        "that type secrets are never traced: a trace would record them)",
    )
    browser: str | None = Field(
        None,
        description="A remote browser to walk in instead of launching Chromium: a Playwright "
        "browser server (ws:// or wss://) or a Chrome DevTools endpoint (http:// or https://)",
    )

    @field_validator("schedule")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        if value is None:
            return value
        from croniter import croniter

        if not croniter.is_valid(value):
            raise ValueError(f"not a valid cron expression: {value!r}")
        return value

    @field_validator("trace", mode="before")
    @classmethod
    def _yaml_off(cls, value: object) -> object:
        # YAML 1.1 reads a bare `off` as false: `trace: off` means what it says.
        return TraceMode.off if value is False else value

    @field_validator("browser")
    @classmethod
    def _browser_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(REMOTE_SCHEMES):
            raise ValueError(
                f"browser must start with ws://, wss://, http:// or https://, got {value!r}"
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {value!r}")
        try:
            host = urlsplit(value).hostname
        except ValueError as error:  # e.g. 'http://[::1': an unclosed IPv6 address
            raise ValueError(f"base_url is not a valid address ({error}): {value!r}") from None
        if not host:
            raise ValueError(f"base_url names no host: {value!r}")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _something_to_walk(self) -> Audit:
        if not self.journeys and not self.pages:
            raise ValueError(
                "say what to walk: 'journeys' (files or globs), 'pages' (paths, URLs or "
                "{sitemap: ...}), or both"
            )
        return self

    @property
    def history_url(self) -> str | None:
        return self.history.get_secret_value() if self.history is not None else None
