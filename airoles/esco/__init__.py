"""airoles.esco.importer."""
