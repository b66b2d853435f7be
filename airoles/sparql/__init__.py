"""airoles.sparql.engine."""
