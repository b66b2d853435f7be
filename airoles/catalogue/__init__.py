"""airoles.catalogue."""
