"""A `content.Report` as one self-contained HTML file, and as a PDF.

- Charts: the dashboard's Altair specs rendered to SVG by vl-convert (Vega bundled, no browser, no network),
  embedded as `data:` images: an SVG shown through `<img>` can run no script and load nothing.
- HTML: Jinja2 with autoescape, so mention text, authors and themes are text, never markup; links only
  http(s) (`presentation.frames.safe_url`); a Content-Security-Policy forbids loading anything but the
  inline images and style.
- PDF: WeasyPrint (CSS paged media: A4, page numbers, headers kept with what follows, tables, charts and
  mention cards never cut in two), with a URL fetcher that accepts only `data:` URIs.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from presentation import charts
from veille.report.content import Chart, Report

TEMPLATE = "report.html"
FONT = "DejaVu Sans"  # also the page's first font (report.html)


class RendererMissing(Exception):
    """A rendering library of the report cannot run here; the message says what to install."""


def _vl_convert():
    try:
        import vl_convert
    except ImportError as exc:
        raise RendererMissing("les graphiques du rapport ont besoin de vl-convert-python, absent de cette "
                              "installation : lancez `make install` (ou `.venv/bin/pip install vl-convert-python`)"
                              ) from exc
    return vl_convert


def chart_svg(chart: Chart) -> str:
    """The chart as SVG text, `chart.width` px wide, French number and date locale."""
    spec = chart.chart.to_dict()
    spec["width"] = chart.width
    config = spec.setdefault("config", {})
    config["aria"] = False  # no hidden labels: smaller files, nothing English
    config["font"] = FONT  # the font Vega measures labels with is the one they are drawn in: no overlap
    return _vl_convert().vegalite_to_svg(spec, format_locale=charts.LOCALE["number"],
                                         time_format_locale=charts.LOCALE["time"], allowed_base_urls=[])


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def html(report: Report) -> str:
    """The report as one HTML page: no script, no external file, mention text escaped."""
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    images = {id(c): data_uri(chart_svg(c)) for s in report.sections for c in s.charts}
    return env.get_template(TEMPLATE).render(report=report, image=lambda c: images[id(c)])


def pdf(page: str) -> bytes:
    """The HTML page printed to PDF by WeasyPrint; only `data:` URIs may be fetched (nothing from the network)."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its steps (from the import on) are not news
    try:
        import weasyprint
    except ImportError as exc:
        raise RendererMissing("le PDF est produit par WeasyPrint, absent de cette installation : lancez "
                              "`make install` (ou `.venv/bin/pip install weasyprint`), ou écrivez le rapport en "
                              "HTML (-o rapport.html)") from exc
    except OSError as exc:  # its system libraries (Pango) are missing
        raise RendererMissing(f"WeasyPrint ne trouve pas ses bibliothèques système ({exc}). Installez Pango : "
                              "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` (Debian, Ubuntu) ou "
                              "`brew install pango` (macOS), ou écrivez le rapport en HTML (-o rapport.html)") from exc
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
