"""Notion's own vocabulary (property, view and chart types, rollup functions, number formats).

One table for every part of the tool that names these things (``show``, the HTML preview), in
the words Notion's interface uses in each language, with Notion's capitals ("Nombre", "URL");
``lower`` gives the form used inside a sentence. Blueprint content is never here: it arrives
already localised in the ``Workspace``.
"""

from __future__ import annotations

PROPERTY_TYPES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Title", "rich_text": "Text", "number": "Number", "select": "Select",
        "multi_select": "Multi-select", "status": "Status", "date": "Date", "people": "Person",
        "files": "Files & media", "checkbox": "Checkbox", "url": "URL", "email": "Email",
        "phone_number": "Phone", "formula": "Formula", "relation": "Relation",
        "rollup": "Rollup", "unique_id": "ID", "created_time": "Created time",
        "created_by": "Created by", "last_edited_time": "Last edited time",
        "last_edited_by": "Last edited by", "place": "Place",
    },
    "fr": {
        "title": "Titre", "rich_text": "Texte", "number": "Nombre", "select": "Sélection",
        "multi_select": "Sélection multiple", "status": "Statut", "date": "Date",
        "people": "Personne", "files": "Fichiers et médias", "checkbox": "Case à cocher",
        "url": "URL", "email": "E-mail", "phone_number": "Téléphone", "formula": "Formule",
        "relation": "Relation", "rollup": "Agrégation", "unique_id": "ID",
        "created_time": "Date de création", "created_by": "Créé par",
        "last_edited_time": "Dernière modification", "last_edited_by": "Modifié par",
        "place": "Lieu",
    },
}  # fmt: skip

VIEW_TYPES: dict[str, dict[str, str]] = {
    "en": {
        "table": "Table", "board": "Board", "calendar": "Calendar", "timeline": "Timeline",
        "gallery": "Gallery", "list": "List", "chart": "Chart", "form": "Form",
    },
    "fr": {
        "table": "Tableau", "board": "Tableau kanban", "calendar": "Calendrier",
        "timeline": "Chronologie", "gallery": "Galerie", "list": "Liste", "chart": "Graphique",
        "form": "Formulaire",
    },
}  # fmt: skip

#: Chart types as the adjective after "chart" ("column chart", "graphique en colonnes").
CHART_TYPES: dict[str, dict[str, str]] = {
    "en": {"column": "column", "bar": "bar", "line": "line", "donut": "donut", "number": "number"},
    "fr": {
        "column": "en colonnes", "bar": "en barres", "line": "en courbe", "donut": "en anneau",
        "number": "nombre",
    },
}  # fmt: skip

#: Rollup and chart aggregation functions ("Calculate" in Notion's menus).
FUNCTIONS: dict[str, dict[str, str]] = {
    "en": {
        "count": "count", "count_values": "count of values", "empty": "empty",
        "not_empty": "not empty", "unique": "unique values", "show_unique": "unique values",
        "percent_empty": "percent empty", "percent_not_empty": "percent not empty",
        "sum": "sum", "average": "average", "median": "median", "min": "minimum",
        "max": "maximum", "range": "range", "earliest_date": "earliest date",
        "latest_date": "latest date", "date_range": "date range", "checked": "checked",
        "unchecked": "unchecked", "percent_checked": "percent checked",
        "percent_unchecked": "percent unchecked", "count_per_group": "count per group",
        "percent_per_group": "percent per group", "show_original": "values",
    },
    "fr": {
        "count": "nombre", "count_values": "nombre de valeurs", "empty": "vide",
        "not_empty": "non vide", "unique": "valeurs uniques", "show_unique": "valeurs uniques",
        "percent_empty": "pourcentage vide", "percent_not_empty": "pourcentage non vide",
        "sum": "somme", "average": "moyenne", "median": "médiane", "min": "minimum",
        "max": "maximum", "range": "plage", "earliest_date": "date la plus ancienne",
        "latest_date": "date la plus récente", "date_range": "plage de dates",
        "checked": "cochées", "unchecked": "non cochées", "percent_checked": "pourcentage coché",
        "percent_unchecked": "pourcentage non coché", "count_per_group": "nombre par groupe",
        "percent_per_group": "pourcentage par groupe", "show_original": "valeurs",
    },
}  # fmt: skip

#: Number formats; a currency not listed is named by its key ("new_zealand_dollar").
NUMBER_FORMATS: dict[str, dict[str, str]] = {
    "en": {
        "number": "number", "number_with_commas": "number with commas", "percent": "percent",
        "euro": "euro", "dollar": "dollar", "pound": "pound", "franc": "Swiss franc",
        "canadian_dollar": "Canadian dollar", "yen": "yen",
    },
    "fr": {
        "number": "nombre", "number_with_commas": "nombre avec séparateurs de milliers",
        "percent": "pourcentage", "euro": "euro", "dollar": "dollar", "pound": "livre sterling",
        "franc": "franc suisse", "canadian_dollar": "dollar canadien", "yen": "yen",
    },
}  # fmt: skip


def _pick(table: dict[str, dict[str, str]], lang: str, key: str) -> str:
    return table.get(lang, table["en"]).get(key) or table["en"].get(key) or key.replace("_", " ")


def property_type(lang: str, kind: str) -> str:
    """``number`` -> "Number" / "Nombre"."""
    return _pick(PROPERTY_TYPES, lang, kind)


def view_type(lang: str, kind: str) -> str:
    """``board`` -> "Board" / "Tableau Kanban"."""
    return _pick(VIEW_TYPES, lang, kind)


def chart_type(lang: str, kind: str) -> str:
    """``column`` -> "column" / "en colonnes"."""
    return _pick(CHART_TYPES, lang, kind)


def function(lang: str, name: str) -> str:
    """``count_values`` -> "count of values" / "nombre de valeurs"."""
    return _pick(FUNCTIONS, lang, name)


def number_format(lang: str, name: str) -> str:
    """``number_with_commas`` -> "number with commas" / "nombre avec séparateurs de milliers"."""
    return _pick(NUMBER_FORMATS, lang, name)


def lower(term: str) -> str:
    """The form used inside a sentence: "Nombre" -> "nombre", but "URL" and "ID" stay."""
    if len(term) > 1 and term[1].isupper():
        return term
    return term[:1].lower() + term[1:]
