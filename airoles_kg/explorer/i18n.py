# ruff: noqa: E501 -- the interface strings are prose; wrapping them would only hurt reading them.
"""Every user-interface string of the explorer, in French and English.

Data labels (roles, skills, ...) come from the graph (``skos:prefLabel``/``rdfs:label`` in each language);
only the interface's own words are here. ``t(key, lang, **values)`` formats one string.
"""

from __future__ import annotations

from airoles_kg.explorer.formats import number, plural_form
from airoles_kg.explorer.i18n_pages import STRINGS as PAGE_STRINGS

LANGS: dict[str, str] = {"fr": "Français", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # --- frame -----------------------------------------------------------------------------------------
    "menu": {"fr": "Pages", "en": "Pages"},
    "page_home": {"fr": "Accueil", "en": "Home"},
    "page_roles": {"fr": "Métiers", "en": "Roles"},
    "page_moves": {"fr": "Depuis mon métier", "en": "From my job"},
    "page_paths": {"fr": "Parcours de carrière", "en": "Career paths"},
    "page_skills": {"fr": "Compétences → métiers", "en": "Skill match"},
    "page_graph": {"fr": "Graphe", "en": "Graph"},
    "page_sparql": {"fr": "SPARQL", "en": "SPARQL"},
    "page_downloads": {"fr": "Téléchargements", "en": "Downloads"},
    "sidebar_about": {
        "fr": "airoles — graphe de connaissances ouvert des métiers de l'IA. Chaque fait renvoie à l'article "
        "qui l'énonce.",
        "en": "airoles — an open knowledge graph of AI jobs. Every fact points back to the article that states it.",
    },
    "loading": {"fr": "Chargement…", "en": "Loading…"},
    "error": {"fr": "Erreur : {message}", "en": "Error: {message}"},
    # --- home ------------------------------------------------------------------------------------------
    "home_title": {"fr": "airoles : les métiers de l'IA", "en": "airoles: the jobs of AI"},
    "home_what": {
        "fr": "L'IA a créé des métiers dont les noms, les missions et les compétences varient d'une organisation "
        "à l'autre : *responsable IA*, *chef de projet IA*, *architecte de l'écosystème IA*… airoles les décrit "
        "comme un graphe de connaissances : pour chaque métier, ses missions, les compétences qu'il demande "
        "(essentielles ou optionnelles), les formations qui y mènent, les passages d'un métier à l'autre, les "
        "salaires et les secteurs qui recrutent — et chaque fait renvoie à la phrase de l'article source.\n\n"
        "Pour qui ? Les personnes qui choisissent, recrutent ou forment pour ces métiers, et celles et ceux qui "
        "veulent un modèle du domaine petit, sourcé et interrogeable.",
        "en": "AI has created jobs whose names, missions and skills vary from one organisation to the next: "
        "*AI manager*, *AI project manager*, *AI ecosystem architect*… airoles describes them as a knowledge "
        "graph: for each role, its missions, the skills it needs (essential or optional), the education that "
        "leads to it, the moves from one role to another, salaries and the sectors that hire — and every fact "
        "points back to the sentence of the source article.\n\n"
        "Who is it for? People who choose, hire for or teach these jobs, and anyone who wants a small, "
        "well-sourced, queryable model of the field.",
    },
    "home_pages": {"fr": "Par où commencer", "en": "Where to start"},
    "home_sources": {
        "fr": "Sources : cinq articles en français sur les métiers de l'IA. Libellés en français (les mots des "
        "sources) et en anglais.",
        "en": "Sources: five French articles on AI jobs. Labels in French (the sources' words) and English.",
    },
    "about_roles": {
        "fr": "chercher un métier et voir sa fiche : missions, compétences, formation, salaires, codes, sources.",
        "en": "find a role and see its card: missions, skills, education, salaries, codes, sources.",
    },
    "about_paths": {
        "fr": "de votre métier à celui que vous visez : les étapes, leurs conditions, les compétences à acquérir.",
        "en": "from your role to the one you aim for: the steps, their conditions, the skills to acquire.",
    },
    "about_moves": {
        "fr": "partir de son métier (l'un des 3 007 d'ESCO) et voir les métiers de l'IA les plus proches, ce que l'on sait déjà et ce qu'il faut apprendre",
        "en": "start from your job (any of ESCO's 3,007) and see the closest AI roles, what you already know and what to learn",
    },
    "moves_title": {"fr": "Depuis mon métier", "en": "From my job"},
    "moves_intro": {
        "fr": "Choisissez votre métier : l'un des nôtres ou n'importe quel métier d'ESCO (tapez pour chercher). Les métiers de l'IA sont classés selon les compétences ESCO que vous avez déjà ; les transitions citées par les articles viennent d'abord.",
        "en": "Choose your job: one of ours or any ESCO occupation (type to search). AI roles are ranked by the ESCO skills you already have; the transitions the articles state come first.",
    },
    "our_role": {"fr": "métier de l'IA (airoles)", "en": "AI role (airoles)"},
    "your_job": {"fr": "Votre métier", "en": "Your job"},
    "choose_job": {"fr": "Choisir un métier…", "en": "Choose a job…"},
    "include_occupations": {
        "fr": "Classer aussi les autres métiers d'ESCO",
        "en": "Rank ESCO's other occupations too",
    },
    "moves_choose": {
        "fr": "Choisissez un métier pour voir où il peut mener.",
        "en": "Choose a job to see where it can lead.",
    },
    "moves_found": {"fr": "{shown} meilleurs sur {n} destinations", "en": "Best {shown} of {n} destinations"},
    "why_this_move": {"fr": "Pourquoi, et que faut-il apprendre ?", "en": "Why, and what is there to learn?"},
    "you_have": {"fr": "Vous avez déjà :", "en": "You already have:"},
    "you_have_near": {"fr": "Proches de ce que vous savez :", "en": "Close to what you know:"},
    "to_learn": {"fr": "À apprendre :", "en": "To learn:"},
    "essential": {"fr": "essentielle", "en": "essential"},
    "label_in": {"fr": "libellé ESCO en", "en": "ESCO label in"},
    "near_to": {"fr": "proche de", "en": "near"},
    "and_more": {"fr": "et {n} autres", "en": "and {n} more"},
    "not_scored": {"fr": "pas de compétences ESCO connues", "en": "no ESCO skills known"},
    "stated_move": {"fr": "transition citée par un article", "en": "a transition an article states"},
    "no_esco": {
        "fr": "Aucune couche ESCO n'est installée : importez ESCO avec `airoles import-esco`.",
        "en": "No ESCO layer is installed: import ESCO with `airoles import-esco`.",
    },
    "unknown_from": {"fr": "Aucun métier ne s'appelle « {name} ».", "en": "No job is called “{name}”."},
    "moves_method": {
        "fr": "Score ({method}) : la part des compétences ESCO du métier visé que vous avez déjà ; une compétence essentielle pèse {essential}, une optionnelle {optional}, une compétence proche (même parent dans ESCO) compte pour {near}. Calculé à partir d'ESCO v1.1.1 et de nos alignements : ce n'est pas une affirmation des articles.",
        "en": "Score ({method}): the share of the target's ESCO skills you already have; an essential skill weighs {essential}, an optional one {optional}, a near skill (same parent in ESCO) counts {near}. Computed from ESCO v1.1.1 and our mappings: not a statement of the articles.",
    },
    "esco_skills": {"fr": "Selon ESCO", "en": "According to ESCO"},
    "esco_skills_intro": {
        "fr": "Compétences du ou des métiers ESCO associés ({occupations}) ; ce qu'ESCO ajoute, pas ce que disent les articles.",
        "en": "Skills of the mapped ESCO occupations ({occupations}): what ESCO adds, not what the articles say.",
    },
    "esco_essential": {"fr": "Essentielles ({n})", "en": "Essential ({n})"},
    "esco_optional": {"fr": "Optionnelles ({n})", "en": "Optional ({n})"},
    "about_skills": {
        "fr": "indiquez vos compétences, voyez les métiers qu'elles couvrent le mieux et ce qui manque.",
        "en": "tell your skills, see the roles they cover best and what is missing.",
    },
    "about_graph": {
        "fr": "tout le graphe, interactif, filtré par type de nœud et secteur.",
        "en": "the whole graph, interactive, filtered by node kind and sector.",
    },
    "about_sparql": {
        "fr": "interroger le graphe en SPARQL (lecture seule), avec des requêtes d'exemple.",
        "en": "query the graph in SPARQL (read-only), with example queries.",
    },
    "about_downloads": {
        "fr": "le graphe en Turtle, N-Triples, RDF/XML, JSON-LD, schema.org et CSV.",
        "en": "the graph as Turtle, N-Triples, RDF/XML, JSON-LD, schema.org and CSV.",
    },
    "count_roles": {"fr": "Métiers", "en": "Roles"},
    "count_skills": {"fr": "Compétences", "en": "Skills"},
    "count_missions": {"fr": "Missions", "en": "Missions"},
    "count_transitions": {"fr": "Transitions", "en": "Transitions"},
    "count_sources": {"fr": "Articles sources", "en": "Source articles"},
    # --- common ----------------------------------------------------------------------------------------
    "role": {"fr": "Métier", "en": "Role"},
    "sector": {"fr": "Secteur", "en": "Sector"},
    "family": {"fr": "Famille", "en": "Family"},
    "any": {"fr": "Tous", "en": "All"},
    "choose_role": {"fr": "Choisir un métier", "en": "Choose a role"},
    "none": {"fr": "aucune", "en": "none"},
    "unspecified": {"fr": "non précisé", "en": "unspecified"},
    "sources_colon": {"fr": "Sources :", "en": "Sources:"},
    "curated": {
        "fr": "Ajouté par airoles, aucun article ne le dit ({prop}) :",
        "en": "Added by airoles, no article says it ({prop}):",
    },
    "source": {"fr": "Source", "en": "Source"},
    "excerpts": {"fr": "Sources et extraits", "en": "Sources and excerpts"},
    "open_card": {"fr": "ouvrir la fiche", "en": "open card"},
    "cards": {"fr": "Fiches :", "en": "Cards:"},
    "conditions": {"fr": "Conditions :", "en": "Conditions:"},
    "credentials": {"fr": "Formation demandée :", "en": "Training asked for:"},
    "essential_mission": {"fr": "essentielle selon l'article", "en": "essential, the article says"},
    "mission_skills": {"fr": "Compétences mobilisées :", "en": "Skills it draws on:"},
    "suggested_credentials": {
        "fr": "Formation suggérée (un exemple, pas une condition) :",
        "en": "Suggested training (an example, not a condition):",
    },
    "experience": {"fr": "Expérience :", "en": "Experience:"},
    "kind": {"fr": "nature :", "en": "kind:"},
    # --- roles -----------------------------------------------------------------------------------------
    "roles_title": {"fr": "Métiers", "en": "Roles"},
    "search": {"fr": "Rechercher", "en": "Search"},
    "search_hint": {
        "fr": "nom du métier, en français ou en anglais",
        "en": "role name, in French or English",
    },
    "roles_found_one": {"fr": "{n} métier sur {total}", "en": "{n} of {total} roles"},
    "roles_found_other": {"fr": "{n} métiers sur {total}", "en": "{n} of {total} roles"},
    "inferred": {"fr": "déduit", "en": "inferred"},
    "tab_missions": {"fr": "Missions", "en": "Missions"},
    "tab_skills": {"fr": "Compétences", "en": "Skills"},
    "tab_education": {"fr": "Formation", "en": "Education"},
    "tab_salaries": {"fr": "Salaires", "en": "Salaries"},
    "tab_codes": {"fr": "Codes", "en": "Codes"},
    "tab_market": {"fr": "Employeurs et secteurs", "en": "Employers and sectors"},
    "tab_team": {"fr": "Équipe", "en": "Team"},
    "tab_moves": {"fr": "Évolutions", "en": "Moves"},
    "tab_sources": {"fr": "Sources", "en": "Sources"},
    "nothing_stated": {"fr": "Les sources n'en disent rien.", "en": "The sources say nothing about this."},
    "other_kind": {"fr": "autre", "en": "other"},
    "skills_legend": {
        "fr": "★ essentielle · ☆ optionnelle (comme dans ESCO)",
        "en": "★ essential · ☆ optional (as in ESCO)",
    },
    "level": {"fr": "Niveau d'expérience", "en": "Experience level"},
    "study": {"fr": "étude", "en": "study"},
    "code": {"fr": "code", "en": "code"},
    "aligned": {"fr": "Alignements (ESCO…)", "en": "Alignments (ESCO…)"},
    "employers": {"fr": "Employeurs qui recrutent", "en": "Employers hiring"},
    "sectors": {"fr": "Secteurs", "en": "Sectors"},
    "job_boards": {"fr": "Sites d'offres", "en": "Job boards"},
    "leads_team": {"fr": "Dirige l'équipe", "en": "Leads the team"},
    "member_of": {"fr": "Fait partie de", "en": "Member of"},
    "members": {"fr": "Métiers membres :", "en": "Member roles:"},
    "target_size": {"fr": "taille cible : {n} personnes", "en": "target size: {n} people"},
    "moves_out": {"fr": "Peut évoluer vers", "en": "Can move to"},
    "moves_in": {"fr": "On y arrive depuis", "en": "Reached from"},
    "see_paths": {"fr": "Voir les parcours depuis ce métier →", "en": "See the paths from this role →"},
    "role_excerpts": {"fr": "Extraits sur le métier lui-même", "en": "Excerpts about the role itself"},
    # --- paths -----------------------------------------------------------------------------------------
    "paths_title": {"fr": "Parcours de carrière", "en": "Career paths"},
    "paths_intro": {
        "fr": "Chaque étape est une transition que les articles énoncent (ou que les axiomes de l'ontologie "
        "entraînent, en pointillés). Classement : le moins d'étapes, puis le moins de compétences à acquérir.",
        "en": "Each step is a transition the articles state (or the ontology's axioms entail, dashed). Ranking: "
        "fewest steps, then fewest skills to acquire.",
    },
    "where_you_are": {"fr": "Où vous êtes", "en": "Where you are"},
    "where_you_go": {"fr": "Où vous voulez aller", "en": "Where you want to go"},
    "max_hops": {"fr": "Étapes au plus", "en": "Max steps"},
    "paths_choose": {
        "fr": "Choisissez votre métier actuel (et, si vous voulez, le métier visé).",
        "en": "Choose your current role (and, if you like, the role you aim for).",
    },
    "searching_paths": {"fr": "Recherche des parcours…", "en": "Searching paths…"},
    "no_path": {
        "fr": "Aucun parcours de {frm} à {to} en {steps} au plus dans les sources.",
        "en": "No path from {frm} to {to} within {steps} in the sources.",
    },
    "paths_found_one": {"fr": "{n} parcours", "en": "{n} path"},
    "paths_found_other": {"fr": "{n} parcours", "en": "{n} paths"},
    "path_title": {
        "fr": "Parcours {n} — {steps}, {gap} à acquérir : {roles}",
        "en": "Path {n} — {steps}, {gap} to acquire: {roles}",
    },
    "essential_skills_one": {"fr": "{n} compétence essentielle", "en": "{n} essential skill"},
    "essential_skills_other": {"fr": "{n} compétences essentielles", "en": "{n} essential skills"},
    "entailed": {
        "fr": "Étape déduite par le raisonneur ({axiom}).",
        "en": "Step entailed by the reasoner ({axiom}).",
    },
    "to_acquire": {"fr": "Compétences essentielles à acquérir :", "en": "Essential skills to acquire:"},
    "to_acquire_optional": {
        "fr": "Compétences optionnelles à acquérir :",
        "en": "Optional skills to acquire:",
    },
    "reachable_title": {"fr": "Où aller depuis : {role}", "en": "Where can I go from: {role}"},
    "reachable_none": {
        "fr": "Les sources ne citent aucune évolution depuis ce métier.",
        "en": "The sources name no move from this role.",
    },
    "hops_one": {"fr": "{n} étape", "en": "{n} step"},
    "hops_other": {"fr": "{n} étapes", "en": "{n} steps"},
    "show_path": {"fr": "voir le parcours", "en": "show the path"},
    # --- skills ----------------------------------------------------------------------------------------
    "skills_title": {"fr": "Vos compétences → métiers", "en": "Your skills → roles"},
    "skills_intro": {
        "fr": "Choisissez les compétences que vous avez : les métiers sont classés selon la part de leurs "
        "compétences que vous couvrez (les essentielles comptent double).",
        "en": "Pick the skills you have: roles are ranked by how much of their skill set you cover (essential "
        "skills count twice).",
    },
    "your_skills": {"fr": "Vos compétences", "en": "Your skills"},
    "choose_skills": {"fr": "Choisir des compétences", "en": "Choose skills"},
    "skills_choose": {"fr": "Choisissez au moins une compétence.", "en": "Choose at least one skill."},
    "matching": {"fr": "Calcul des correspondances…", "en": "Matching…"},
    "no_match": {"fr": "Aucun métier ne demande ces compétences.", "en": "No role asks for these skills."},
    "matches_found_one": {"fr": "{n} métier correspondant", "en": "{n} matching role"},
    "matches_found_other": {"fr": "{n} métiers correspondants", "en": "{n} matching roles"},
    "rank": {"fr": "Rang", "en": "Rank"},
    "coverage": {"fr": "Couverture (%)", "en": "Coverage (%)"},
    "essential_cov": {"fr": "Essentielles", "en": "Essential"},
    "optional_cov": {"fr": "Optionnelles", "en": "Optional"},
    "missing_essential": {"fr": "Essentielles manquantes", "en": "Missing essential"},
    "missing_optional": {"fr": "Optionnelles manquantes", "en": "Missing optional"},
    "covered": {"fr": "couvertes :", "en": "covered:"},
    "score_explained": {
        "fr": "Couverture = (2 × essentielles couvertes + optionnelles couvertes) / (2 × essentielles + optionnelles).",
        "en": "Coverage = (2 × essential covered + optional covered) / (2 × essential + optional).",
    },
    # --- graph -----------------------------------------------------------------------------------------
    "graph_title": {"fr": "Le graphe de connaissances", "en": "The knowledge graph"},
    "graph_intro": {
        "fr": "Glissez pour déplacer, molette pour zoomer. Cliquer un nœud affiche un lien vers sa fiche (nouvel "
        "onglet) ; la liste sous le graphe ouvre la fiche ici.",
        "en": "Drag to move, scroll to zoom. Clicking a node shows a link to its card (new tab); the list under "
        "the graph opens the card here.",
    },
    "node_kinds": {"fr": "Types de nœuds", "en": "Node kinds"},
    "kind_role": {"fr": "métier", "en": "role"},
    "kind_skill": {"fr": "compétence", "en": "skill"},
    "kind_sector": {"fr": "secteur", "en": "sector"},
    "kind_employer": {"fr": "employeur", "en": "employer"},
    "kind_team": {"fr": "équipe", "en": "team"},
    "kind_credential": {"fr": "formation", "en": "credential"},
    "kind_code": {"fr": "code métier", "en": "occupation code"},
    "edge_requires": {"fr": "demande la compétence", "en": "requires skill"},
    "edge_sector": {"fr": "s'exerce dans", "en": "works in sector"},
    "edge_hires": {"fr": "recrute", "en": "hires"},
    "edge_leads": {"fr": "dirige", "en": "leads"},
    "edge_member": {"fr": "comprend", "en": "has member"},
    "edge_education": {"fr": "formation", "en": "education"},
    "edge_code": {"fr": "code", "en": "code"},
    "edge_moves": {"fr": "peut devenir", "en": "can become"},
    "graph_counts": {"fr": "{nodes} nœuds, {edges} liens", "en": "{nodes} nodes, {edges} links"},
    "graph_empty": {"fr": "Rien à dessiner avec ces filtres.", "en": "Nothing to draw with these filters."},
    "open_node": {"fr": "Ouvrir la fiche d'un nœud", "en": "Open a node's card"},
    "choose_node": {"fr": "Choisir un nœud", "en": "Choose a node"},
    # --- sparql ----------------------------------------------------------------------------------------
    "sparql_title": {"fr": "Console SPARQL", "en": "SPARQL console"},
    "sparql_intro": {
        "fr": "Lecture seule, sur le graphe avec ses déductions. Les préfixes airoles (airoles:, role:, skill:, skos:…) sont déclarés d'office. Choisissez un exemple ou écrivez votre requête ; les paramètres d'une requête nommée sont liés à l'exécution, jamais recopiés dans le texte.",
        "en": "Read-only, over the graph with its inferences. The airoles prefixes (airoles:, role:, skill:, skos:…) are predeclared. Pick an example or write your own query; a named query's parameters are bound at run time, never pasted into the text.",
    },
    "example_queries": {"fr": "Requêtes d'exemple", "en": "Example queries"},
    "choose_query": {"fr": "Choisir une requête nommée", "en": "Choose a named query"},
    "sparql_default": {
        "fr": '# Les métiers et leur libellé\nSELECT ?role ?label WHERE {\n  ?role a airoles:Role ; skos:prefLabel ?label .\n  FILTER(lang(?label) = "fr")\n}\nORDER BY ?label',
        "en": '# The roles and their label\nSELECT ?role ?label WHERE {\n  ?role a airoles:Role ; skos:prefLabel ?label .\n  FILTER(lang(?label) = "en")\n}\nORDER BY ?label',
    },
    "query_text": {"fr": "Requête", "en": "Query"},
    "query_error": {"fr": "La requête n'a pas abouti : {message}", "en": "The query failed: {message}"},
    "parameters": {"fr": "Paramètres", "en": "Parameters"},
    "fill_params_one": {"fr": "paramètre à renseigner : {names}", "en": "parameter to fill in: {names}"},
    "fill_params_other": {"fr": "paramètres à renseigner : {names}", "en": "parameters to fill in: {names}"},
    "time_limit": {"fr": "Limite de temps (secondes)", "en": "Time limit (seconds)"},
    "run": {"fr": "Exécuter", "en": "Run"},
    "running": {"fr": "Exécution…", "en": "Running…"},
    "truncated": {"fr": "tronqué aux {n} premières lignes", "en": "cut to the first {n} rows"},
    "ask_answer": {"fr": "Réponse : {answer}", "en": "Answer: {answer}"},
    "yes": {"fr": "oui", "en": "yes"},
    "no": {"fr": "non", "en": "no"},
    "result_count_one": {"fr": "{n} ligne en {seconds} s", "en": "{n} row in {seconds} s"},
    "result_count_other": {"fr": "{n} lignes en {seconds} s", "en": "{n} rows in {seconds} s"},
    "download": {"fr": "Télécharger", "en": "Download"},
    # --- downloads -------------------------------------------------------------------------------------
    "downloads_title": {"fr": "Téléchargements", "en": "Downloads"},
    "downloads_intro": {
        "fr": "Chaque fichier est produit à la demande, en mémoire, par les fonctions d'export d'airoles (les mêmes que la commande airoles export).",
        "en": "Each file is generated on demand, in memory, by airoles' export functions (the same as the airoles export command).",
    },
    "which_graph": {"fr": "Graphe", "en": "Graph"},
    "graph_asserted": {"fr": "tel qu'écrit (Turtle source)", "en": "as written (source Turtle)"},
    "graph_inferred": {"fr": "avec les déductions du raisonneur", "en": "with the reasoner's inferences"},
    "format_turtle": {"fr": "Turtle", "en": "Turtle"},
    "format_turtle_about": {"fr": "tout le graphe, lisible", "en": "the whole graph, readable"},
    "format_ntriples": {"fr": "N-Triples", "en": "N-Triples"},
    "format_ntriples_about": {
        "fr": "tout le graphe, un triplet par ligne",
        "en": "the whole graph, one triple per line",
    },
    "format_rdfxml": {"fr": "RDF/XML", "en": "RDF/XML"},
    "format_rdfxml_about": {
        "fr": "tout le graphe, pour les outils XML (Protégé…)",
        "en": "the whole graph, for XML tools (Protégé…)",
    },
    "format_jsonld": {"fr": "JSON-LD", "en": "JSON-LD"},
    "format_jsonld_about": {"fr": "tout le graphe, contexte inclus", "en": "the whole graph, context inline"},
    "format_schemaorg": {"fr": "schema.org", "en": "schema.org"},
    "format_schemaorg_about": {
        "fr": "les métiers en schema:Occupation (JSON-LD), dans la langue de l'interface",
        "en": "the roles as schema:Occupation (JSON-LD), in the interface language",
    },
    "format_csv": {"fr": "Tableaux CSV (zip)", "en": "CSV tables (zip)"},
    "format_csv-excel": {"fr": "Tableaux CSV pour Excel (zip)", "en": "CSV tables for Excel (zip)"},
    "format_csv-excel_about": {
        "fr": "les mêmes tableaux, lisibles tels quels par Excel en français (UTF-8 avec BOM, séparateur ;)",
        "en": "the same tables, read as they are by Excel in French and other ';' locales (UTF-8 with BOM, ;)",
    },
    "format_csv_about": {
        "fr": "métiers, compétences, missions, transitions, salaires, formations, secteurs, sources",
        "en": "roles, skills, missions, transitions, salaries, education, sectors, sources",
    },
}


STRINGS.update(PAGE_STRINGS)


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang`` (French when the language is unknown), formatted."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["fr"]
    return text.format(**values) if values else text


def tn(key: str, lang: str, n: int, **values: object) -> str:
    """The string ``key_one`` or ``key_other`` that CLDR's plural rule of the language picks for ``n``
    (French: 0 and 1 are singular), with ``{n}`` the count formatted for the language."""
    form = plural_form(n, lang)
    chosen = f"{key}_{form}" if f"{key}_{form}" in STRINGS else f"{key}_other"
    return t(chosen, lang, n=number(n, lang), **values)
