"""airoles.core."""
