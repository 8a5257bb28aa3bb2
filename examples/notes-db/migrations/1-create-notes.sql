-- Notes and their tags. Written for both engines the host offers (SQLite and PostgreSQL):
-- common types only, and ids handed out by the plugin from note_ids (a counter row) rather
-- than by an engine-specific autoincrement (SQLite's rowid, PostgreSQL's identity columns).
CREATE TABLE note_ids (
  name TEXT PRIMARY KEY,
  last_id INTEGER NOT NULL
);
INSERT INTO note_ids (name, last_id) VALUES ('notes', 0);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  -- The workspace path of the Markdown file a note was imported from (null for notes added by
  -- a command): the key that makes importing the same folder again idempotent.
  source TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX notes_by_update ON notes (updated_at, id);

CREATE TABLE note_tags (
  note_id INTEGER NOT NULL REFERENCES notes (id),
  tag TEXT NOT NULL,
  PRIMARY KEY (note_id, tag)
);
CREATE INDEX note_tags_by_tag ON note_tags (tag, note_id);
