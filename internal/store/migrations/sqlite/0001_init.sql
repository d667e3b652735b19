-- Times are INTEGER microseconds since the Unix epoch, UTC.

CREATE TABLE scenarios (
	name       TEXT    NOT NULL,
	version    INTEGER NOT NULL CHECK (version >= 1),
	yaml       BLOB    NOT NULL,
	hash       TEXT    NOT NULL,
	title      TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (name, version)
) STRICT;

CREATE TABLE runs (
	-- seq is the insertion order, which breaks ties between runs created in the same
	-- microsecond. An explicit INTEGER PRIMARY KEY, unlike a bare rowid, survives VACUUM.
	seq              INTEGER PRIMARY KEY,
	id               TEXT    NOT NULL UNIQUE,
	scenario         TEXT    NOT NULL,
	scenario_version INTEGER NOT NULL,
	scenario_hash    TEXT    NOT NULL,
	seed             INTEGER NOT NULL,
	replications     INTEGER NOT NULL,
	data_version     TEXT    NOT NULL,
	program_version  TEXT    NOT NULL,
	status           TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted')),
	error            TEXT    NOT NULL DEFAULT '',
	progress         REAL    NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
	created_at       INTEGER NOT NULL,
	started_at       INTEGER,
	finished_at      INTEGER
) STRICT;

CREATE INDEX runs_by_time ON runs (created_at DESC, seq DESC);
CREATE INDEX runs_by_scenario ON runs (scenario, created_at DESC, seq DESC);
CREATE INDEX runs_by_status ON runs (status, created_at DESC, seq DESC);

-- Results live apart from runs so that listing runs never reads megabytes of JSON.
CREATE TABLE results (
	run_id TEXT NOT NULL PRIMARY KEY REFERENCES runs (id),
	result BLOB NOT NULL
) STRICT;
