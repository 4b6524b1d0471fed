"""Finding and reading sources: the corpus folder's files, front matter, SEE ALSO lines, clean text.

``files`` walks a corpus and turns one file into an ``Article`` (or a ``Problem``);
``seealso`` lifts "SEE ALSO: …" references out of the text, even when glued to the next
sentence; ``text`` decodes and cleans untrusted text; ``safeyaml`` reads YAML without aliases
bombs or arbitrary objects. New kinds of source (HTML, feeds, JSON lines) belong here.

May import: ``index.model`` only.
"""
