"""airoles.profiles.profile."""
