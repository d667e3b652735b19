package store

// The external tests use these to make PostgreSQL schemas of their own.
var (
	PostgresBaseURL = postgresBaseURL
	TestPostgresURL = testPostgresURL
)
