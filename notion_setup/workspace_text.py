"""Text the tool itself writes into a workspace, read back by ``export`` to recognise it."""

#: Text the tool itself adds to a workspace, in the workspace's language.
TOOL_TEXT = {
    "en": {
        "templates_intro": (
            "> 💡 Ready-made page patterns. Duplicate one into its database, or run "
            '`notion-setup new <template> --client "{client}"` to create a filled-in copy.'
        ),
        "template_for": "> 📄 Template for the **{db}** database.",
    },
    "fr": {
        "templates_intro": (
            "> 💡 Modèles de pages prêts à l'emploi. Dupliquez-en un dans sa base, ou lancez "
            '`notion-setup new <modèle> --client "{client}"` pour en créer une copie remplie.'
        ),
        "template_for": "> 📄 Modèle pour la base **{db}**.",
    },
}
