"""Reading and checking a workshop: YAML with positions, the schema, `extends:`, variables, paths and assets.

Nothing here knows about plans or renderers; every problem becomes a positioned Diagnostic.
"""
