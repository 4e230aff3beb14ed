"""Full-text search of add-ons in the database.

Each add-on has a search document (models.SearchDocument): the words of
its names in every locale and of its slug, and apart from them those of
its summaries, tags, listed authors' names and guid. Its normalised
names, slug and guid are also stored as keys (models.SearchKey), for
exact matches. `documents.refresh(addon_ids)` rebuilds them; the code
that changes add-ons calls it, and `amo reindex` rebuilds them all.

The index is a FULLTEXT index in boolean mode on MariaDB (InnoDB) and an
FTS5 table on SQLite, behind backends.FullTextBackend, which the database
vendor picks. Both read the same tokens, which amo.search.text writes:

- Text is folded (NFKC, case, Latin/Greek/Cyrillic accents) and cut into
  words at every character that is not a letter, digit or mark, so
  neither engine's operators nor quotes can come through from a query.
- Scripts written without spaces (Chinese, Japanese, Korean, Thai and
  the like) are indexed as overlapping bigrams, plus the last character
  of each run. A query in those scripts requires each of its bigrams,
  and a single character matches the tokens that begin with it.
- MariaDB's innodb_ft_min_token_size (3 by default) and its default
  stopword list would drop "tv", "ad" and "the". Every token therefore
  ends in `_`, padded to three characters ("tv_", "the_"), which no
  stopword list contains; no server or session setting is needed, and a
  table rebuild keeps working. Other tokens are written as hex.

queries.find_candidates reads a bounded set of matches with the columns
that ranking.score needs, and the API ranks and pages them
(amo.api.search).
"""
