"""airoles_kg.catalogue."""
