-- Plans submitted to critmin serve (POST /api/v1/plans): the file, the runner's
-- description of it, where it is, and once done its output. Times as in 0001.

CREATE TABLE plans (
	seq             INTEGER PRIMARY KEY,
	id              TEXT    NOT NULL UNIQUE,
	file            BLOB    NOT NULL,
	info            BLOB    NOT NULL,
	data_version    TEXT    NOT NULL,
	program_version TEXT    NOT NULL,
	status          TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted')),
	error           TEXT    NOT NULL DEFAULT '',
	evaluated       INTEGER NOT NULL DEFAULT 0 CHECK (evaluated >= 0),
	progress        REAL    NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
	created_at      INTEGER NOT NULL,
	started_at      INTEGER,
	finished_at     INTEGER
) STRICT;

CREATE INDEX plans_by_time ON plans (created_at DESC, seq DESC);
CREATE INDEX plans_by_status ON plans (status, created_at DESC, seq DESC);

CREATE TABLE plan_results (
	plan_id TEXT NOT NULL PRIMARY KEY REFERENCES plans (id),
	result  BLOB NOT NULL
) STRICT;
