# ruff: noqa: E501 -- the interface strings are prose; wrapping them would only hurt reading them.
"""Interface strings of the search, node and ESCO pages and the kinds of things, in French and English
(merged into :data:`airoles_kg.explorer.i18n.STRINGS`; kept apart so that neither file grows past reading)."""

from __future__ import annotations

KIND_NAMES: dict[str, tuple[str, str]] = {  # kind -> (French, English), singular
    "role": ("métier", "role"),
    "skill": ("compétence", "skill"),
    "sector": ("secteur", "sector"),
    "employer": ("employeur", "employer"),
    "orgmodel": ("modèle d'organisation", "organisation model"),
    "team": ("équipe", "team"),
    "group": ("groupe de profils", "profile group"),
    "credential": ("formation ou diplôme", "credential"),
    "degree": ("niveau d'études", "degree level"),
    "field": ("domaine d'études", "field of study"),
    "provider": ("établissement de formation", "education provider"),
    "orgkind": ("type d'employeur", "kind of employer"),
    "size": ("taille d'organisation", "organisation size"),
    "code": ("code métier", "occupation code"),
    "board": ("site d'offres d'emploi", "job board"),
    "mission": ("mission", "mission"),
    "study": ("étude citée", "cited study"),
    "source": ("article source", "source article"),
    "requirement": ("exigence de compétence", "skill requirement"),
    "opportunity": ("débouché sectoriel", "sector opportunity"),
    "hiring": ("recrutement observé", "hiring record"),
    "education": ("exigence de formation", "education requirement"),
    "salary": ("salaire observé", "salary figure"),
    "transition": ("évolution de carrière", "career transition"),
    "statistic": ("chiffre", "figure"),
    "consideration": ("avantage ou risque", "advantage or risk"),
    "assessment": ("évaluation", "assessment"),
    "scheme": ("vocabulaire", "vocabulary"),
    "category": ("catégorie", "category"),
    "person": ("personne", "person"),
    "curation": ("décision de curation", "curation decision"),
    "move": ("mobilité calculée", "computed move"),
    "esco-occupation": ("métier ESCO", "ESCO occupation"),
    "esco-skill": ("compétence ESCO", "ESCO skill"),
}

STRINGS: dict[str, dict[str, str]] = {
    **{f"kind_{kind}": {"fr": fr, "en": en} for kind, (fr, en) in KIND_NAMES.items()},
    "page_search": {"fr": "Rechercher", "en": "Search"},
    "page_node": {"fr": "Fiche", "en": "Page"},
    "page_esco": {"fr": "ESCO", "en": "ESCO"},
    "about_search": {
        "fr": "n'importe quel métier, compétence, secteur, employeur, formation, ou l'un des 3 007 métiers et 13 896 compétences d'ESCO.",
        "en": "any role, skill, sector, employer, education, or any of ESCO's 3,007 occupations and 13,896 skills.",
    },
    "search_anything": {"fr": "Rechercher", "en": "Search"},
    "search_anything_hint": {"fr": "métier, compétence, secteur…", "en": "role, skill, sector…"},
    "search_title": {"fr": "Rechercher", "en": "Search"},
    "search_words": {"fr": "Mots à chercher", "en": "Words to look for"},
    "search_words_hint": {
        "fr": "par exemple : chef projet, python, banque",
        "en": "for example: project manager, python, banking",
    },
    "search_scope": {"fr": "Où chercher", "en": "Where to look"},
    "scope_all": {"fr": "Partout", "en": "Everywhere"},
    "scope_ours": {"fr": "Les articles (airoles)", "en": "The articles (airoles)"},
    "scope_esco_occupations": {"fr": "Métiers ESCO", "en": "ESCO occupations"},
    "scope_esco_skills": {"fr": "Compétences ESCO", "en": "ESCO skills"},
    "search_help": {
        "fr": "Majuscules, accents et ordre des mots ne comptent pas ; un mot peut être incomplet ou mal orthographié, et il peut en manquer.",
        "en": "Case, accents and word order do not matter; a word may be incomplete or misspelt, and some may be missing.",
    },
    "search_found": {"fr": "{n} résultats", "en": "{n} results"},
    "search_found_one": {"fr": "1 résultat", "en": "1 result"},
    "search_none": {
        "fr": "Rien ne correspond à « {q} ». Essayez moins de mots, ou un autre mot (en français ou en anglais).",
        "en": "Nothing matches “{q}”. Try fewer words, or another word (in French or English).",
    },
    "search_start": {"fr": "Tapez quelques mots puis Entrée.", "en": "Type a few words, then Enter."},
    "matched_as": {"fr": "trouvé sous le nom « {name} »", "en": "found as “{name}”"},
    "words_found": {"fr": "{p} des mots trouvés", "en": "{p} of the words found"},
    "not_covered": {
        "fr": "Les sources ne disent rien de ce métier pour : {what}.",
        "en": "The sources say nothing of this role for: {what}.",
    },
    "card_whole": {
        "fr": "Toute la fiche sur une page (pour imprimer)",
        "en": "The whole card on one page (to print)",
    },
    "card_tabs": {"fr": "Revenir aux onglets", "en": "Back to the tabs"},
    "unknown_role": {
        "fr": "Aucun métier ne s'appelle « {name} ».",
        "en": "No role is called “{name}”.",
    },
    # --- node page ------------------------------------------------------------------------------------
    "node_none": {
        "fr": "Aucune fiche ne correspond à « {id} ».",
        "en": "No page matches “{id}”.",
    },
    "node_missing": {
        "fr": "Indiquez ce qu'il faut afficher (paramètre `id`).",
        "en": "Say what to show (the `id` parameter).",
    },
    "closest": {"fr": "Vouliez-vous dire :", "en": "Did you mean:"},
    "node_roles": {"fr": "Métiers concernés", "en": "Roles concerned"},
    "node_roles_skill": {"fr": "Métiers qui demandent cette compétence", "en": "Roles that need this skill"},
    "node_links": {"fr": "Liens", "en": "Links"},
    "node_values": {"fr": "Données", "en": "Data"},
    "node_esco": {"fr": "Dans ESCO", "en": "In ESCO"},
    "node_is": {"fr": "Type", "en": "Kind"},
    "node_direct": {"fr": "lien direct", "en": "direct link"},
    "node_sources": {"fr": "Ce que disent les sources", "en": "What the sources say"},
    "node_iri": {"fr": "Identifiant (IRI)", "en": "Identifier (IRI)"},
    "via": {"fr": "par", "en": "through"},
    "prop_skos:broader": {"fr": "plus général", "en": "broader"},
    "prop_skos:narrower": {"fr": "plus précis", "en": "narrower"},
    "prop_skos:related": {"fr": "voisin", "en": "related"},
    "prop_skos:exactMatch": {"fr": "équivalent exact", "en": "exact match"},
    "prop_skos:closeMatch": {"fr": "équivalent proche", "en": "close match"},
    "prop_skos:broadMatch": {"fr": "équivalent plus large", "en": "broader match"},
    "prop_skos:narrowMatch": {"fr": "équivalent plus précis", "en": "narrower match"},
    "prop_schema:url": {"fr": "site web", "en": "website"},
    "prop_dcterms:creator": {"fr": "auteur", "en": "creator"},
    "prop_dcterms:publisher": {"fr": "éditeur", "en": "publisher"},
    "prop_prov:wasAttributedTo": {"fr": "attribué à", "en": "attributed to"},
    "also_known_as": {"fr": "Aussi appelé :", "en": "Also known as:"},
    # --- skill gap ----------------------------------------------------------------------------------------
    "gap_title": {
        "fr": "De {frm} à {to} : l'écart de compétences",
        "en": "From {frm} to {to}: the skill gap",
    },
    "gap_articles": {"fr": "Selon les articles", "en": "According to the articles"},
    "gap_esco": {
        "fr": "Selon ESCO (compétences des métiers ESCO associés)",
        "en": "According to ESCO (the mapped ESCO occupations' skills)",
    },
    "gap_essential_one": {
        "fr": "{n} compétence essentielle à acquérir",
        "en": "{n} essential skill to acquire",
    },
    "gap_essential_other": {
        "fr": "{n} compétences essentielles à acquérir",
        "en": "{n} essential skills to acquire",
    },
    "gap_optional_one": {
        "fr": "{n} compétence optionnelle à acquérir",
        "en": "{n} optional skill to acquire",
    },
    "gap_optional_other": {
        "fr": "{n} compétences optionnelles à acquérir",
        "en": "{n} optional skills to acquire",
    },
    "gap_shared_one": {"fr": "{n} compétence déjà commune", "en": "{n} skill already shared"},
    "gap_shared_other": {"fr": "{n} compétences déjà communes", "en": "{n} skills already shared"},
    # --- skill match ------------------------------------------------------------------------------------
    "skills_esco_title": {
        "fr": "Et parmi les 13 896 compétences d'ESCO",
        "en": "And among ESCO's 13,896 skills",
    },
    "skills_esco_find": {"fr": "Chercher une compétence ESCO", "en": "Find an ESCO skill"},
    "skills_esco_hint": {
        "fr": "par exemple : comptabilité, soudure, gestion d'équipe",
        "en": "for example: accounting, welding, team management",
    },
    "skills_esco_chosen": {
        "fr": "Vos compétences ESCO (décochez pour retirer)",
        "en": "Your ESCO skills (untick to remove)",
    },
    "skills_esco_ranked": {
        "fr": "Les métiers de l'IA les plus proches selon ESCO",
        "en": "The closest AI roles according to ESCO",
    },
    "skills_esco_method": {
        "fr": "Part des compétences ESCO de chaque métier (par ses métiers ESCO associés) que vous avez : un calcul sur ESCO, pas une affirmation des articles.",
        "en": "Share of each role's ESCO skills (through its mapped ESCO occupations) that you have: computed from ESCO, not a statement of the articles.",
    },
    # --- SPARQL page ----------------------------------------------------------------------------------
    "query_edit": {"fr": "Modifier", "en": "Edit"},
    "query_read": {"fr": "Lire (coloré)", "en": "Read (highlighted)"},
    "plain_editor": {
        "fr": "Zone de texte simple (lecteurs d'écran)",
        "en": "Plain text box (screen readers)",
    },
    "editor_frame_title": {
        "fr": "Éditeur de requête SPARQL, avec coloration",
        "en": "SPARQL query editor, with highlighting",
    },
    "editor_keys": {
        "fr": "Coloration SPARQL. Ctrl+Entrée exécute la requête ; Échap puis Tab quitte l'éditeur.",
        "en": "SPARQL highlighting. Ctrl+Enter runs the query; Esc then Tab leaves the editor.",
    },
    "choose_value": {"fr": "Choisir…", "en": "Choose…"},
    "query_error_at": {
        "fr": "Erreur dans la requête, ligne {line}, colonne {column} : {message}",
        "en": "Error in the query, line {line}, column {column}: {message}",
    },
    # --- graph drawings -------------------------------------------------------------------------------
    "graph_depth": {"fr": "Profondeur du voisinage (liens)", "en": "Neighbourhood depth (links)"},
    "graph_dashed": {"fr": "pointillés : optionnel ou déduit", "en": "dashed: optional or inferred"},
    "graph_frame_title": {
        "fr": "Dessin interactif du graphe ({counts}) ; les mêmes faits sont en tableau sous le dessin.",
        "en": "Interactive drawing of the graph ({counts}); the same facts are in a table under it.",
    },
    "graph_as_table": {
        "fr": "Les mêmes faits en tableau ({n} liens)",
        "en": "The same facts as a table ({n} links)",
    },
    "paths_frame_title": {
        "fr": "Dessin des parcours trouvés ; chaque parcours et ses étapes sont décrits sous le dessin.",
        "en": "Drawing of the paths found; each path and its steps are told under the drawing.",
    },
    "reachable_frame_title": {
        "fr": "Dessin des métiers accessibles ; la liste est sous le dessin.",
        "en": "Drawing of the roles within reach; the list is under the drawing.",
    },
    "graph_pages": {"fr": "Les pages des nœuds dessinés ({n})", "en": "The pages of the nodes drawn ({n})"},
    "table_from": {"fr": "De", "en": "From"},
    "table_link": {"fr": "Lien", "en": "Link"},
    "table_to": {"fr": "Vers", "en": "To"},
    # --- ESCO page ------------------------------------------------------------------------------------
    "esco_unknown": {
        "fr": "ESCO ne connaît pas « {id} » (ou la couche ESCO installée ne le contient pas).",
        "en": "ESCO does not know “{id}” (or the ESCO layer installed does not hold it).",
    },
    "esco_code": {"fr": "Code ESCO", "en": "ESCO code"},
    "esco_isco": {"fr": "Groupe ISCO-08", "en": "ISCO-08 group"},
    "esco_on_portal": {"fr": "Voir sur le portail ESCO", "en": "See on the ESCO portal"},
    "esco_told_apart": {
        "fr": "Ce que dit ESCO v1.1.1 (Commission européenne), pas les articles.",
        "en": "What ESCO v1.1.1 (European Commission) says, not the articles.",
    },
    "esco_occ_essential": {"fr": "Compétences essentielles ({n})", "en": "Essential skills ({n})"},
    "esco_occ_optional": {"fr": "Compétences optionnelles ({n})", "en": "Optional skills ({n})"},
    "esco_closest_roles": {"fr": "Les métiers de l'IA les plus proches", "en": "The closest AI roles"},
    "esco_all_moves": {
        "fr": "Toutes les destinations depuis ce métier",
        "en": "Every destination from this job",
    },
    "esco_skill_ours": {"fr": "Nos compétences alignées", "en": "Our skills mapped to it"},
    "esco_skill_occupations": {
        "fr": "Métiers ESCO qui la demandent ({n})",
        "en": "ESCO occupations that need it ({n})",
    },
    "esco_skill_roles": {
        "fr": "Nos métiers qui la demandent (via ESCO)",
        "en": "Our roles that need it (through ESCO)",
    },
    "esco_parents": {"fr": "Plus générale", "en": "Broader"},
    "score_pct": {"fr": "{p} des compétences", "en": "{p} of the skills"},
}
