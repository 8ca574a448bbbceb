"""Chinese search over the knowledge base: text analysis (`text`), the SQLite FTS5 index
(`index`) and queries against it (`query`).

    from roledocs.search import searcher
    hits = searcher(".").search("谁负责客户投诉")
"""
from .query import (Hit, Match, NoUsableIndex, Searcher, SearchResult, hits_as_json, open_searcher, search,
                    search_project, searcher)

__all__ = ["Hit", "Match", "NoUsableIndex", "Searcher", "SearchResult", "hits_as_json", "open_searcher", "search",
           "search_project", "searcher"]
