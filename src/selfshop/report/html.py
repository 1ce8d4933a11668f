"""report.html: one self-contained page, safe to open even when the audited site is hostile.

Autoescape is always on, nothing from the run is marked safe, and a strict Content-Security-
Policy allows only our own inline style and script (by hash) and images from the run folder or
data: URIs: no request can leave the machine.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from selfshop.models.results import Run
from selfshop.report.compare import Comparison
from selfshop.report.images import ImageSource
from selfshop.report.lens_matrix import lens_matrix
from selfshop.report.reporters import ReportInput
from selfshop.report.view import build_view
from selfshop.store.cache import private_cache


def _template_text(name: str) -> str:
    return resources.files("selfshop.report").joinpath("templates", name).read_text("utf-8")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("selfshop.report", "templates"),
        autoescape=True,  # always, whatever the file name: every value is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=compiled_templates(),
    )


def compiled_templates() -> jinja2.BytecodeCache | None:
    """Templates compiled once, kept in the user's cache folder (compiling them is most of the
    time a report takes). Jinja checks each against its template's text and Python version,
    and writes atomically. No folder we may keep to ourselves: compiled on every run."""
    folder = private_cache("templates")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def page_assets() -> tuple[str, str, str]:
    """(css, js, Content-Security-Policy) for pages that inline selfshop's own style/script."""
    css = _template_text("report.css")
    js = _template_text("report.js")
    csp = "; ".join(
        (
            "default-src 'none'",
            "img-src 'self' data:",
            f"style-src {csp_hash(css)}",
            f"script-src {csp_hash(js)}",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return css, js, csp


def render_html(
    run: Run,
    run_dir: Path,
    comparison: Comparison | None = None,
    out_dir: Path | None = None,
    *,
    single_file: bool = False,
) -> str:
    """The report page as text; pictures are read from run_dir, links are relative to out_dir
    (whose copies of them it makes), or every picture is embedded with `single_file`."""
    images = ImageSource(run_dir=run_dir, out_dir=out_dir or run_dir, single_file=single_file)
    view = build_view(run, images, comparison)
    css, js, csp = page_assets()
    template = environment().get_template("report.html.j2")
    # css and js are selfshop's own files, never site data: the only Markup in the page.
    lenses = lens_matrix(run)
    return template.render(v=view, css=Markup(css), js=Markup(js), csp=csp, lenses=lenses)


def report(given: ReportInput) -> str:
    """The `html` format of the reporter contract (selfshop.report.reporters)."""
    return render_html(
        given.run,
        given.run_dir,
        given.comparison,
        out_dir=given.out_dir,
        single_file=given.single_file,
    )
