"""The text a person sees on a page: text nodes and the attributes read out or shown."""

from html.parser import HTMLParser


class _ZichtbareTekst(HTMLParser):
    ATTRIBUTEN = {"placeholder", "title", "alt", "aria-label"}

    def __init__(self):
        super().__init__()
        self.delen: list[str] = []
        self._verborgen = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._verborgen += 1
        self.delen += [waarde for naam, waarde in attrs if naam in self.ATTRIBUTEN and waarde]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._verborgen -= 1

    def handle_data(self, data):
        if not self._verborgen:
            self.delen.append(data)


def zichtbare_tekst(html: str) -> str:
    parser = _ZichtbareTekst()
    parser.feed(html)
    return " ".join(" ".join(parser.delen).split())


def tekstdelen(html: str) -> list[str]:
    """Every text node and shown attribute on its own, whitespace folded."""
    parser = _ZichtbareTekst()
    parser.feed(html)
    return [deel for deel in (" ".join(d.split()) for d in parser.delen) if deel]
