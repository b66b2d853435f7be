"""airoles.careers.index."""
