"""Building: rendering a checked Plan and writing its outputs atomically, in one process or two.

`runner` runs the renderers and stages their files, `staging` writes temporary files and
renames them into place, `fork` runs a renderer in a second process, and `manifest`
decides whether a build is already up to date.
"""
