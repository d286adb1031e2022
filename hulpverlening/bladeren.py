"""Long lists in pages: every list says how many there are and where you are in it.

A list cut at N rows without a word hides the newest records (issue 14.2). A
view pages its queryset with `pagina_van` and the template includes
`_bladeren.html`, which keeps the list's filters in the links.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGINA = 25


@dataclass(frozen=True)
class Bladzijde:
    pagina: Page
    # The query string of the list's own filters, without the page number.
    filters: str

    @property
    def rijen(self) -> list:
        return list(self.pagina.object_list)


def pagina_van(request: HttpRequest, rijen, *, per: int = PER_PAGINA) -> Bladzijde:
    """The requested page of rijen (an ordered queryset); a wrong number gives the last
    or first page, never an error."""
    pagina = Paginator(rijen, per).get_page(request.GET.get("pagina"))
    filters = urlencode(
        [(k, v) for k, v in request.GET.items() if k not in ("pagina", "formaat") and v]
    )
    return Bladzijde(pagina=pagina, filters=filters)
