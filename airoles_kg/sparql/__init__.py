"""airoles_kg.sparql.engine."""
