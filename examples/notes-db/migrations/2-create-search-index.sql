-- Full-text search without an engine's own (SQLite FTS5, PostgreSQL tsvector): an inverted
-- index the plugin keeps itself, one row per word and note with how often the word occurs
-- (title words count three times), and each note's word count for BM25's length
-- normalisation. Added as a second migration, the way a schema grows after release.
CREATE TABLE note_terms (
  term TEXT NOT NULL,
  note_id INTEGER NOT NULL REFERENCES notes (id),
  hits INTEGER NOT NULL,
  PRIMARY KEY (term, note_id)
);
CREATE INDEX note_terms_by_note ON note_terms (note_id);

ALTER TABLE notes ADD COLUMN term_count INTEGER NOT NULL DEFAULT 0;
