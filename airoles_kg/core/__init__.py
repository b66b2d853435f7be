"""airoles_kg.core."""
