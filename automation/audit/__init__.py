"""Evidence of a run: the recorder writes the bundle, verify checks it.

Nothing here knows about AliExpress: steps, pages, files and hashes only.
"""
