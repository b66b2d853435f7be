"""airoles_kg.careers.index."""
