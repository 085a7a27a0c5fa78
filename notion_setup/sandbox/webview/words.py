"""The web view's own words, in English and French (object titles come from the workspace)."""

from __future__ import annotations

from datetime import date

LANGS = ("en", "fr")

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "doc_title": "{title} · sandbox workspace",
        "skip": "Skip to the page",
        "menu": "Pages",
        "open_menu": "Menu",
        "banner": "Read-only view of the sandbox's workspace, as notion-setup left it. "
        "Nothing here is on Notion.",
        "empty_page": "This page is empty.",
        "untitled": "Untitled",
        "rows_count": "{count} rows",
        "row_count_one": "{count} row",
        "no_rows": "No rows yet.",
        "no_rows_view": "No row matches this view's filter.",
        "no_date": "No row has a date to show here.",
        "no_value": "No {prop}",
        "filter": "Filter",
        "sort": "Sort",
        "group_by": "Grouped by {prop}",
        "by_date": "By {prop}",
        "view_tabs": "Views of {db}",
        "linked_view": "Linked view of {db}",
        "properties": "Properties",
        "templates": "Templates of this database",
        "template": "Template",
        "rows": "Rows",
        "in_db": "Row of {db}",
        "not_found": "Nothing in this workspace has the id {id}.",
        "not_found_title": "Not found",
        "back_home": "Back to the workspace",
        "count": "Count",
        "integration": "Integration",
        "chart_of": "{measure} by {axis}",
        "to_do": "To-do",
        "in_progress": "In progress",
        "complete": "Complete",
        "sandbox_home": "Workspaces in this sandbox",
    },
    "fr": {
        "doc_title": "{title} · espace du sandbox",
        "skip": "Aller à la page",
        "menu": "Pages",
        "open_menu": "Menu",
        "banner": "Vue en lecture seule de l'espace du sandbox, tel que notion-setup l'a laissé. "
        "Rien ici n'est sur Notion.",
        "empty_page": "Cette page est vide.",
        "untitled": "Sans titre",
        "rows_count": "{count} lignes",
        "row_count_one": "{count} ligne",
        "no_rows": "Aucune ligne pour l'instant.",
        "no_rows_view": "Aucune ligne ne correspond au filtre de cette vue.",
        "no_date": "Aucune ligne n'a de date à montrer ici.",
        "no_value": "Sans {prop}",
        "filter": "Filtre",
        "sort": "Tri",
        "group_by": "Groupé par {prop}",
        "by_date": "Selon {prop}",
        "view_tabs": "Vues de {db}",
        "linked_view": "Vue liée de {db}",
        "properties": "Propriétés",
        "templates": "Modèles de cette base",
        "template": "Modèle",
        "rows": "Lignes",
        "in_db": "Ligne de {db}",
        "not_found": "Rien dans cet espace n'a l'identifiant {id}.",
        "not_found_title": "Introuvable",
        "back_home": "Retour à l'espace",
        "count": "Nombre",
        "integration": "Intégration",
        "chart_of": "{measure} par {axis}",
        "to_do": "À faire",
        "in_progress": "En cours",
        "complete": "Terminé",
        "sandbox_home": "Espaces de ce sandbox",
    },
}

_MONTHS = {
    "en": [
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December"),
    ],
    "fr": [
        *("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"),
        *("septembre", "octobre", "novembre", "décembre"),
    ],
}
WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
}
_AGGREGATORS = {
    "en": {"sum": "Sum", "average": "Average", "median": "Median", "min": "Min", "max": "Max"},
    "fr": {
        "sum": "Somme",
        "average": "Moyenne",
        "median": "Médiane",
        "min": "Minimum",
        "max": "Maximum",
    },
}
#: Notion's status group names as the API spells them, and the word key that shows them.
STATUS_GROUPS = {"To-do": "to_do", "In progress": "in_progress", "Complete": "complete"}


class Words:
    """The web view's sentences in one language (English for anything but ``fr``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "en"

    def __call__(self, key: str, **values: object) -> str:
        return _WORDS[self.lang][key].format(**values)

    def month(self, number: int) -> str:
        """The month's name (1 = January)."""
        return _MONTHS[self.lang][number - 1]

    def aggregator(self, name: str) -> str:
        """A chart aggregator as a word (``sum`` -> ``Sum``)."""
        return _AGGREGATORS[self.lang].get(name, name)

    def date(self, day: date) -> str:
        """``9 déc. 2026`` / ``Dec 9, 2026``."""
        month = self.month(day.month)
        if self.lang == "fr":
            short = month if len(month) <= 4 else month[:3] + "."
            return f"{day.day} {short} {day.year}"
        return f"{month[:3]} {day.day}, {day.year}"


def pick_language(accept_language: str | None) -> str:
    """The first of our languages an ``Accept-Language`` header asks for; English otherwise."""
    best, best_q = "en", -1.0
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        # Earlier tags win ties, as browsers list them in order of preference.
        if primary in LANGS and q - index * 1e-6 > best_q:
            best, best_q = primary, q - index * 1e-6
    return best
