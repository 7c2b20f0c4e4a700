"""PDF files made from Kindred's own templates by WeasyPrint (HTML and CSS
to PDF, through the system's Pango: any script the installed fonts draw;
Debian's fonts-noto-core and fonts-noto-cjk cover Japanese, Hindi and
Arabic). Nothing is fetched over the network: the only files a page may
load are Kindred's static files, read from disk."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

BASE = "kindred:"  # a scheme of its own: every address in the page resolves under it


def pdf_of(template: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    # Imported here: loading Pango is for the requests that make a PDF.
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=f"{BASE}/", url_fetcher=_static_files()).write_pdf()


def pdf_download(data: bytes, filename: str) -> HttpResponse:
    """A PDF attachment named `filename` (which Kindred chose)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def static_file(url: str) -> str:
    """The file on disk behind one of Kindred's static addresses, or a refusal."""
    path, prefix = url.removeprefix(BASE), static("")
    found = None
    if path.startswith(prefix) and ".." not in path.split("/"):
        found = finders.find(path.removeprefix(prefix))
    if not isinstance(found, str):
        raise ValueError(f"Kindred's PDFs load only its own static files, not {url!r}.")
    return found


def _static_files() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFiles(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            path = static_file(url)
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, body=handle.read(), headers={"Content-Type": kind})

    return StaticFiles()
