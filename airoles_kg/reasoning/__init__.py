"""airoles_kg.reasoning.inference."""
