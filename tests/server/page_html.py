"""Reading a served page as a person does: its links and its tables' cells (stdlib parser)."""

from __future__ import annotations

from html.parser import HTMLParser


class PageReader(HTMLParser):
    """The links (href, text) and the table rows (cell texts) of one page, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.sums: list[tuple[str, str, str]] = []
        """Links whose number is a sum over the listed records: (href, text, column summed)."""
        self._column: str | None = None
        self.tables: dict[str, list[list[str]]] = {}
        self._href: str | None = None
        self._text: list[str] = []
        self._table = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a":
            self._href, self._text = found.get("href"), []
            self._column = found.get("data-column") if found.get("class") == "sum" else None
        elif tag == "table":
            self._table = found.get("id") or found.get("class") or ""
            self.tables.setdefault(self._table, [])
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            text = "".join(self._text).strip()
            if self._column is None:
                self.links.append((self._href, text))
            else:
                self.sums.append((self._href, text, self._column))
            self._href = None
        elif tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)
