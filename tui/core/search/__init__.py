"""Search over every field of every record, served from an index built once at load.

Each searchable thing (a round, a participant, an issue, an event, a quote, a source) is a
*document*: the text of all its fields, folded (case and accents removed) and split into words.
A query is plain text, never a pattern: its words must all occur in a document, each as a whole
word or as the start of one (``bess`` finds Bessent); CJK text is indexed by every suffix, so
``立峰`` finds 何立峰. When a word matches nothing, words one edit away are tried instead
(``bessnet`` finds Bessent) and the results say so. Punctuation in a query (``[TODO]``,
``rare-earth``) must also occur literally. Results come grouped by kind, exact matches first.

- `folding`: how text is compared; `documents`: what is searched; `postings`: the bitmaps;
  `index`: the index and its results; `hits`: what a result shows.
"""

from tui.core.search.documents import GROUP_TITLES, GROUPS, Document, GroupKind, quote_ref
from tui.core.search.folding import MAX_QUERY_CHARS, MAX_QUERY_WORDS, fold
from tui.core.search.hits import Hit, make_hit
from tui.core.search.index import (
    GroupResult,
    PendingSearch,
    SearchIndex,
    SearchResults,
    naive_search,
)

__all__ = [
    "GROUPS",
    "GROUP_TITLES",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "Document",
    "GroupKind",
    "GroupResult",
    "Hit",
    "PendingSearch",
    "SearchIndex",
    "SearchResults",
    "fold",
    "make_hit",
    "naive_search",
    "quote_ref",
]
