"""airoles_kg.profiles.profile."""
