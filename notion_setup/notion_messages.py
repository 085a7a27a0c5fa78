"""What the gateway tells the user when Notion refuses or cannot be reached, in English and French.

Each language has the same keys (a test checks it); ``{placeholders}`` are filled by
``notion_setup.retry.to_notion_error`` and the gateway.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "fr"]

#: Where to create an integration secret and set its capabilities.
INTEGRATIONS_URL = "https://www.notion.so/profile/integrations"
STATUS_URL = "https://www.notion-status.com"

_EN: dict[str, str] = {
    "auth": "Notion rejected the token in ${env} (401 unauthorized)",
    "auth_fix": (
        "create an internal integration at {url}, copy its Internal Integration Secret "
        "(it starts with ntn_) and set {env} to it"
    ),
    "block_limit": (
        "The Notion workspace reached the Free plan block limit "
        "(403 restricted_resource, block_limit) on {where}"
    ),
    "block_limit_fix": (
        "upgrade the workspace or free blocks, then run the same command again: "
        "it resumes where it stopped"
    ),
    "capability": "The integration lacks a capability for {where} (403 {code}): {message}",
    "capability_fix": (
        "in {url}, open the integration, Capabilities: enable '{capability}' "
        "(notion-setup needs Read, Update and Insert content)"
    ),
    "not_found": (
        "Notion object {object_id} was not found or is not shared with the integration "
        "({where}: 404 {code})"
    ),
    "not_found_fix": (
        "open the page in Notion, ••• menu -> Connections -> add the integration "
        "(sharing a page shares everything under it)"
    ),
    "blocked": "Notion blocked this integration's requests (429 public_api_request_blocked)",
    "blocked_fix": (
        "do not retry now: check the integration in Notion's settings, and contact Notion "
        "support if it lasts"
    ),
    "rejected": "Notion rejected {where} ({status} {code}): {message}",
    "rejected_fix": "fix {blueprint_path} in the blueprint, then run the same command again",
    "unsendable": "could not send {where} to {base_url}: {cause}",
    "unavailable": (
        "Notion at {base_url} did not complete {where} after {attempts} {noun}; last cause: {cause}"
    ),
    "attempt": "attempt",
    "attempts": "attempts",
    "unavailable_fix": (
        "check your connection and {status_url}, then run the same command again: "
        "it resumes where it stopped"
    ),
    "unconfirmed": (
        "Notion at {base_url} did not confirm {where} ({cause}); it may have been saved, "
        "so it was not sent again"
    ),
    "unconfirmed_fix": "run the same command again: it finds what was saved and carries on",
    "retry": "retry {attempt}/{max_attempts} of {where} in {delay:.1f} s after {cause}",
    "unexpected": "Notion's answer to {where} is not what the API documents: {what}",
    "version_unknown": "Notion API version {version!r} is not one notion-setup speaks",
    "version_unknown_fix": "use {versions} (--notion-version or NOTION_VERSION)",
    "shape_answer": "the answer",
    "shape_type": "{path} is {kind}, not {expected}",
    "shape_no_id": "{path} has no id",
    "shape_no_cursor": '"has_more" is true but "next_cursor" is missing',
    "shape_cursor_again": "the cursor {cursor!r} came back a second time",
    "shape_too_long": "the list goes on past {pages} pages of {size}",
    "unexpected_fix": (
        "check that NOTION_BASE_URL (or --base-url) points at Notion's API and that no proxy "
        "rewrites its answers, then run the same command again (it finds anything already saved)"
    ),
}

_FR: dict[str, str] = {
    "auth": "Notion a refusé le jeton de ${env} (401 unauthorized)",
    "auth_fix": (
        "créez une intégration interne sur {url}, copiez son « Internal Integration Secret » "
        "(il commence par ntn_) et mettez-le dans {env}"
    ),
    "block_limit": (
        "L'espace de travail Notion a atteint la limite de blocs du plan Free "
        "(403 restricted_resource, block_limit) sur {where}"
    ),
    "block_limit_fix": (
        "passez à un plan supérieur ou libérez des blocs, puis relancez la même commande : "
        "elle reprend là où elle s'est arrêtée"
    ),
    "capability": "Il manque une capacité à l'intégration pour {where} (403 {code}) : {message}",
    "capability_fix": (
        "dans {url}, ouvrez l'intégration, onglet Capabilities : activez « {capability} » "
        "(notion-setup a besoin de Read, Update et Insert content)"
    ),
    "not_found": (
        "L'objet Notion {object_id} est introuvable ou n'est pas partagé avec l'intégration "
        "({where} : 404 {code})"
    ),
    "not_found_fix": (
        "ouvrez la page dans Notion, menu ••• -> Connexions -> ajoutez l'intégration "
        "(partager une page partage tout ce qu'elle contient)"
    ),
    "blocked": ("Notion bloque les requêtes de cette intégration (429 public_api_request_blocked)"),
    "blocked_fix": (
        "ne réessayez pas maintenant : vérifiez l'intégration dans les paramètres de Notion, "
        "et contactez le support de Notion si cela dure"
    ),
    "rejected": "Notion a refusé {where} ({status} {code}) : {message}",
    "rejected_fix": "corrigez {blueprint_path} dans le blueprint, puis relancez la même commande",
    "unsendable": "impossible d'envoyer {where} à {base_url} : {cause}",
    "unavailable": (
        "Notion ({base_url}) n'a pas terminé {where} après {attempts} {noun} ; "
        "dernière cause : {cause}"
    ),
    "attempt": "tentative",
    "attempts": "tentatives",
    "unavailable_fix": (
        "vérifiez votre connexion et {status_url}, puis relancez la même commande : "
        "elle reprend là où elle s'est arrêtée"
    ),
    "unconfirmed": (
        "Notion ({base_url}) n'a pas confirmé {where} ({cause}) ; la requête a peut-être été "
        "enregistrée, elle n'a donc pas été renvoyée"
    ),
    "unconfirmed_fix": (
        "relancez la même commande : elle retrouve ce qui a été enregistré et continue"
    ),
    "retry": "nouvel essai {attempt}/{max_attempts} de {where} dans {delay:.1f} s après {cause}",
    "unexpected": "La réponse de Notion à {where} n'est pas celle que l'API documente : {what}",
    "version_unknown": "notion-setup ne parle pas la version {version!r} de l'API Notion",
    "version_unknown_fix": "utilisez {versions} (--notion-version ou NOTION_VERSION)",
    "shape_answer": "la réponse",
    "shape_type": "{path} est {kind} et non {expected}",
    "shape_no_id": "{path} n'a pas d'id",
    "shape_no_cursor": '"has_more" vaut true mais "next_cursor" manque',
    "shape_cursor_again": "le curseur {cursor!r} est revenu une deuxième fois",
    "shape_too_long": "la liste dépasse {pages} pages de {size}",
    "unexpected_fix": (
        "vérifiez que NOTION_BASE_URL (ou --base-url) désigne bien l'API de Notion et qu'aucun "
        "proxy ne modifie ses réponses, puis relancez la même commande (elle retrouve ce qui a "
        "déjà été enregistré)"
    ),
}

MESSAGES: dict[str, dict[str, str]] = {"en": _EN, "fr": _FR}

#: JSON kinds, as ``shape_type`` names them.
JSON_KINDS: dict[str, dict[str, str]] = {
    "en": {
        "null": "null",
        "boolean": "a boolean",
        "string": "a string",
        "number": "a number",
        "list": "a list",
        "object": "an object",
    },
    "fr": {
        "null": "null",
        "boolean": "un booléen",
        "string": "une chaîne",
        "number": "un nombre",
        "list": "une liste",
        "object": "un objet",
    },
}


def json_kind(lang: str, kind: str) -> str:
    """A JSON kind (``string``, ``list``...) in ``lang``."""
    return JSON_KINDS.get(lang, JSON_KINDS["en"])[kind]


def message(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown), filled in."""
    table = MESSAGES.get(lang, _EN)
    return table[key].format(url=INTEGRATIONS_URL, status_url=STATUS_URL, **values)
