-- Plans submitted to critmin serve (POST /api/v1/plans): the file, the runner's
-- description of it, where it is, and once done its output.

CREATE TABLE plans (
	seq             BIGINT           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id              TEXT             NOT NULL UNIQUE,
	file            BYTEA            NOT NULL,
	info            BYTEA            NOT NULL,
	data_version    TEXT             NOT NULL,
	program_version TEXT             NOT NULL,
	status          TEXT             NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted')),
	error           TEXT             NOT NULL DEFAULT '',
	evaluated       INTEGER          NOT NULL DEFAULT 0 CHECK (evaluated >= 0),
	progress        DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
	created_at      TIMESTAMPTZ      NOT NULL,
	started_at      TIMESTAMPTZ,
	finished_at     TIMESTAMPTZ
);

CREATE INDEX plans_by_time ON plans (created_at DESC, seq DESC);
CREATE INDEX plans_by_status ON plans (status, created_at DESC, seq DESC);

CREATE TABLE plan_results (
	plan_id TEXT  NOT NULL PRIMARY KEY REFERENCES plans (id),
	result  BYTEA NOT NULL
);
