"""CLI sub-commands: one module per command, each exposing ``register(subparsers)``.

``register`` adds the command's parser with ``subparsers.add_parser(NAME, help=SUMMARIES[NAME], ...)`` and
calls ``parser.set_defaults(func=run)`` where ``run(args) -> int`` returns the exit code. The CLI imports only
the module of the command being run (:func:`airoles_kg.cli.build_parser`): the others are listed from
:data:`SUMMARIES`, so ``airoles --version`` and ``airoles --help`` import no command. A module's name is the
command's with ``_`` for ``-``; modules starting with ``_`` hold shared parts.
"""

# The one-line summary of each command (``airoles --help``, the docs): here, so that listing the commands
# imports none of them.
SUMMARIES: dict[str, str] = {
    "build": "build the release in dist/ (RDF formats, inferred graph, schema.org, CSV, shapes, docs)",
    "export": "export the graph (RDF formats, schema.org JSON-LD, CSV tables)",
    "gap": "skills a role or ESCO occupation asks for that another lacks, and the shared ones",
    "import-esco": "import an ESCO CSV download (occupations, ISCO-08, skills, relations, collections)",
    "info": "count roles, skills, missions, sectors, transitions, sources and triples",
    "match": "roles ranked by how much of their skill set the given skills cover",
    "next": "roles reachable from a role within N transitions, with the kinds along the way",
    "path": "career paths from one role to another (stated transitions only), with the skills to acquire",
    "publish": "replace a graph of a triple store with the knowledge graph (one HTTP PUT)",
    "query": "run a SPARQL query (named, from a .rq file or inline) over the knowledge graph",
    "reason": "check consistency with the HermiT reasoner and write the inferred graph",
    "role": "a role's profile: the articles' skills and transitions, then what ESCO adds",
    "search": "find roles, skills, sectors, employers, ESCO occupations... by their words",
    "serve": "serve the knowledge graph as a read-only SPARQL 1.1 endpoint",
    "validate": "check the graph (or your own RDF files) against the SHACL shapes",
}
