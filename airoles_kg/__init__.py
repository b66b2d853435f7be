"""airoles — an open knowledge graph of AI jobs: OWL ontology, knowledge base, shapes, queries."""

__version__ = "0.2.0"
