"""Text shared by the planner and the renderers: inline markup, wording, fonts, measuring and wrapping."""
