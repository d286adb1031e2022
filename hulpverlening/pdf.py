"""Every PDF of the platform (cards, letters, reports, exports, dossiers): one way to render.

Templates bring everything inline (CSS, SVG of QR codes and charts), so the
renderer fetches nothing: only data: URLs are allowed, and a name someone typed
can never make the server open a file or call an address.
"""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def pdf_van(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
