"""The preview's own words (headings, labels, month names) in English and French.

Blueprint strings arrive already localised in the ``Workspace``; only the frame around them lives
here. Each language has the same keys, which a test checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from notion_setup.messages import notion_terms as terms

Lang = Literal["en", "fr"]

_EN: dict[str, str] = {
    "doc_title": "{title} — Notion workspace preview",
    "generated": "Preview of the workspace notion-setup builds from the “{blueprint}” blueprint.",
    "contents": "Contents",
    "menu": "Pages",
    "databases": "Databases",
    "pages": "Pages",
    "templates": "Templates",
    "relations": "Relations between databases",
    "diagram_alt": "Diagram of {count} databases and their relations: {details}.",
    "diagram_none": "Diagram of {count} databases; none is related to another.",
    "diagram_legend_two_way": "two-way relation",
    "diagram_legend_one_way": "one-way relation",
    "diagram_legend_rollup": "rollup through a relation",
    "rel_two_way": "{a} ⇄ {b} (two-way, “{name}” / “{back}”)",
    "rel_one_way": "{a} → {b} (one-way, “{name}”)",
    "rollup_of": "{name}: {function} of {prop} in {target}",
    "properties": "Properties",
    "property": "Property",
    "type": "Type",
    "details": "Details",
    "views": "Views",
    "view_tabs": "Views of {db}",
    "rows_count": "{count} starter rows",
    "row_count_one": "{count} starter row",
    "no_rows": "No starter rows: this database starts empty.",
    "no_rows_view": "No starter row matches this view.",
    "no_date": "No dated row to place.",
    "filter": "Filter",
    "sort": "Sort",
    "group_by": "Grouped by {prop}",
    "by_date": "By {prop}",
    "no_value": "No {prop}",
    "chart_alt": "{chart} chart of {measure} by {axis}: {values}.",
    "chart_alt_number": "Number chart: {measure} = {value}.",
    "count": "count",
    "count_rows": "Count",
    "template_for": "Template for {db}",
    "templates_intro": "Ready-made pages for new entries.",
    "linked_view": "Linked view of {db}",
    "module": "Module: {name}",
    "modules": "Modules",
    "in_db": "in {db}",
    "ascending": "ascending",
    "descending": "descending",
    "formula": "Formula",
    "to": "to",
    "open": "Open",
    "empty_page": "This page starts empty.",
    "skip": "Skip to content",
    "today": "Today",
    "variables": "Variables",
    "page_count": "{databases} databases · {pages} pages · {templates} templates",
    "and": "and",
    "or": "or",
    "not_shown": "Filters without a preview: rows shown unfiltered.",
    "two_way_of": "synced with {target}",
    "more": "+{count} more",
    "row_pages": "Pages of the starter rows",
    "template_values": "Values a new entry starts with",
    "number_format": "format: {format}",
    "prefix": "prefix {prefix}",
    "views_count": "{count} views",
    "view_label": "{type} view",
    "child_pages": "In this workspace",
    "close_menu": "Menu",
}

_FR: dict[str, str] = {
    "doc_title": "{title} — aperçu de l’espace Notion",
    "generated": "Aperçu de l’espace que notion-setup crée à partir du modèle « {blueprint} ».",
    "contents": "Sommaire",
    "menu": "Pages",
    "databases": "Bases de données",
    "pages": "Pages",
    "templates": "Modèles",
    "relations": "Relations entre les bases",
    "diagram_alt": "Schéma de {count} bases de données et de leurs relations : {details}.",
    "diagram_none": "Schéma de {count} bases de données ; aucune n’est reliée à une autre.",
    "diagram_legend_two_way": "relation dans les deux sens",
    "diagram_legend_one_way": "relation à sens unique",
    "diagram_legend_rollup": "agrégation via une relation",
    "rel_two_way": "{a} ⇄ {b} (dans les deux sens, « {name} » / « {back} »)",
    "rel_one_way": "{a} → {b} (à sens unique, « {name} »)",
    "rollup_of": "{name} : {function} de {prop} dans {target}",
    "properties": "Propriétés",
    "property": "Propriété",
    "type": "Type",
    "details": "Détails",
    "views": "Vues",
    "view_tabs": "Vues de {db}",
    "rows_count": "{count} lignes de départ",
    "row_count_one": "{count} ligne de départ",
    "no_rows": "Aucune ligne de départ : cette base démarre vide.",
    "no_rows_view": "Aucune ligne de départ ne correspond à cette vue.",
    "no_date": "Aucune ligne datée à placer.",
    "filter": "Filtre",
    "sort": "Tri",
    "group_by": "Groupé par {prop}",
    "by_date": "Par {prop}",
    "no_value": "Sans {prop}",
    "chart_alt": "Graphique {chart} de {measure} par {axis} : {values}.",
    "chart_alt_number": "Graphique nombre : {measure} = {value}.",
    "count": "nombre",
    "count_rows": "Nombre",
    "template_for": "Modèle pour {db}",
    "templates_intro": "Des pages prêtes à l’emploi pour les nouvelles entrées.",
    "linked_view": "Vue liée de {db}",
    "module": "Module : {name}",
    "modules": "Modules",
    "in_db": "dans {db}",
    "ascending": "croissant",
    "descending": "décroissant",
    "formula": "Formule",
    "to": "au",
    "open": "Ouvrir",
    "empty_page": "Cette page démarre vide.",
    "skip": "Aller au contenu",
    "today": "Aujourd’hui",
    "variables": "Variables",
    "page_count": "{databases} bases · {pages} pages · {templates} modèles",
    "and": "et",
    "or": "ou",
    "not_shown": "Filtres non simulés : lignes affichées sans filtre.",
    "two_way_of": "synchronisée avec {target}",
    "more": "+{count} de plus",
    "row_pages": "Pages des lignes de départ",
    "template_values": "Valeurs de départ d’une nouvelle entrée",
    "number_format": "format : {format}",
    "prefix": "préfixe {prefix}",
    "views_count": "{count} vues",
    "view_label": "Vue {type}",
    "child_pages": "Dans cet espace",
    "close_menu": "Menu",
}

MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}

#: Weekday initials, Monday first (both locales start the week on Monday in this preview).
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
}

STRINGS: Mapping[Lang, Mapping[str, str]] = {"en": _EN, "fr": _FR}


class Words:
    """The preview's words in one language."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self._strings = STRINGS[lang]

    def __call__(self, key: str, **values: object) -> str:
        """The string for ``key`` with ``{placeholders}`` filled from ``values``."""
        return self._strings[key].format(**values)

    # Notion's vocabulary comes from the one table the whole tool uses (messages.notion_terms).

    def type_name(self, prop_type: str) -> str:
        """Notion's label for a property type."""
        return terms.property_type(self.lang, prop_type)

    def view_type(self, view_type: str) -> str:
        """Notion's label for a view type."""
        return terms.view_type(self.lang, view_type)

    def chart_type(self, chart_type: str) -> str:
        """The adjective for a chart type ("column", "en colonnes")."""
        return terms.chart_type(self.lang, chart_type)

    def function(self, name: str) -> str:
        """A rollup or chart aggregation function in words."""
        return terms.function(self.lang, name)

    def month(self, number: int) -> str:
        """The month name (1 = January)."""
        return MONTHS[self.lang][number - 1]
