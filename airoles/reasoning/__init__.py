"""airoles.reasoning.inference."""
