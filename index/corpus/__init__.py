"""Finding and reading sources: text files, saved pages, feeds, JSON lines; dates; clean text.

``files`` walks a corpus and turns a text file into an ``Article`` (or a ``Problem``);
``sources`` reads any file into its articles by its kind: ``pages`` (saved HTML, the
article extracted), ``feeds`` (RSS/Atom/RDF, entity expansion refused), ``jsonl`` (one
article per JSON object). ``dates`` reads dates with their precision and datelines;
``fragments`` turns HTML fragments into text; ``seealso`` lifts "SEE ALSO: …" references out
of the text; ``text`` decodes and cleans untrusted text; ``safeyaml`` reads YAML without
alias bombs or arbitrary objects. ``fetch`` (with ``http``) downloads feeds into a corpus
folder as Markdown; ``options`` holds the settings config.yaml gives them.

May import: ``index.model`` only.
"""
