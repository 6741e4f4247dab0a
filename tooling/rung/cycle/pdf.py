"""The cycle's PDFs (the agenda, the letters) through rung's one render pipeline.

Templates come from the repository's ``templates/`` directory and the one Jinja
environment of :mod:`rung.render.html` (autoescape on); the PDF is written by
:func:`rung.render.pdf.html_to_pdf`, whose fetcher serves only files under
``templates/``.  Heavy imports stay inside the functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rung.problems import FatalError

TEMPLATES_DIR = "templates"


def templates_dir(root: Path, name: str) -> Path:
    templates = root / TEMPLATES_DIR
    if not (templates / name).is_file():
        raise FatalError(f"no template {TEMPLATES_DIR}/{name}; rung ships one in its repository")
    return templates


def render_html(templates: Path, name: str, **values: Any) -> str:
    import jinja2

    from rung.render.html import environment

    try:
        return environment(templates).get_template(name).render(**values)
    except jinja2.TemplateSyntaxError as err:
        where = f"{templates.name}/{err.name or name}:{err.lineno}"
        raise FatalError(f"template {where}: {err.message}; fix the template") from None
    except jinja2.TemplateError as err:
        raise FatalError(f"template {templates.name}/{name}: {err}; fix the template") from None


def render_pdf(templates: Path, name: str, *, date: str | None = None, **values: Any) -> bytes:
    """``templates/name`` rendered with ``values`` as a tagged PDF; refused fetches are errors."""
    return pdf_from_html(templates, name, render_html(templates, name, **values), date=date)


def pdf_from_html(templates: Path, name: str, html: str, *, date: str | None = None) -> bytes:
    """``html`` (rendered from ``templates/name``) as a tagged PDF."""
    from rung.render.pdf import html_to_pdf

    rendered = html_to_pdf(html, templates, date=date)
    if rendered.refused:
        raise FatalError(
            f"template {name} asks for {rendered.refused[0][:200]}, which rung does not fetch; "
            "fix the template"
        )
    return bytes(rendered.pdf)
