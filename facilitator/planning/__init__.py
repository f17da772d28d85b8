"""Planning: the content library, the theme, fitting to time, and the read-only Plan renderers receive."""
