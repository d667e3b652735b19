// Package natsexec runs a Monte Carlo study's batches on any number of workers, on any
// machines, through NATS JetStream, with results identical to the in-process executor
// (montecarlo.Run) for the same seed.
//
// A submitter (Submit) publishes one message per batch to a work-queue stream; workers
// (Work) take batches from one shared durable pull consumer, rebuild the study from the
// message, run the batch and publish its montecarlo.Partial to a results stream; the
// submitter reads the results of its run and merges them. See docs/montecarlo.md,
// "Scale-out over NATS JetStream".
//
// Streams and subjects, for the default namespace "critmin":
//
//	CRITMIN_BATCHES  work queue, file storage   critmin.batches.<run>
//	CRITMIN_RESULTS  limits (kept 7 days), file  critmin.results.<run>.<batch>
//
// Every message carries the header Nats-Msg-Id "<run>/<batch>", so a batch published
// twice (a restarted submitter) or a result published twice (a redelivered batch) is
// stored once within the streams' duplicate window; the submitter also merges each batch
// id once whatever the streams hold.
package natsexec

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/critmin/critmin/internal/montecarlo"
)

// DefaultNamespace names the streams, subjects and the workers' durable consumer.
const DefaultNamespace = "critmin"

// Stream settings shared by submitters and workers (they create the streams
// idempotently, with the same configuration, whichever starts first).
const (
	// duplicateWindow is how long JetStream remembers message ids: a submitter restarted
	// within it republishes nothing, and a result republished within it is dropped.
	duplicateWindow = 24 * time.Hour
	// resultsMaxAge is how long results are kept for a submitter to (re)collect.
	resultsMaxAge = 7 * 24 * time.Hour
)

// ErrDataVersion is wrapped by the error of a worker refusing a batch of a study built on
// other world data than its own: results must be identical wherever they run.
var ErrDataVersion = errors.New("world data version differs")

// names are a namespace's streams, subjects and durable consumer.
type names struct {
	batchStream, resultStream string
	batchPrefix, resultPrefix string // with a trailing dot
	durable                   string
}

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func namesOf(ns string) (names, error) {
	if ns == "" {
		ns = DefaultNamespace
	}
	if !tokenRE.MatchString(ns) {
		return names{}, fmt.Errorf("natsexec: namespace %q: want letters, digits, '-' or '_'", ns)
	}
	up := strings.ToUpper(strings.ReplaceAll(ns, "-", "_"))
	return names{
		batchStream: up + "_BATCHES", resultStream: up + "_RESULTS",
		batchPrefix: ns + ".batches.", resultPrefix: ns + ".results.",
		durable: ns + "-worker",
	}, nil
}

// ensureStreams creates the two streams, or checks they exist with this configuration.
func ensureStreams(ctx context.Context, js jetstream.JetStream, n names) error {
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        n.batchStream,
		Description: "critmin Monte Carlo batches (work queue)",
		Subjects:    []string{n.batchPrefix + "*"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  duplicateWindow,
	}); err != nil {
		return fmt.Errorf("natsexec: stream %s: %w", n.batchStream, err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        n.resultStream,
		Description: "critmin Monte Carlo batch results (partial aggregates)",
		Subjects:    []string{n.resultPrefix + "*.*"},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  duplicateWindow,
		MaxAge:      resultsMaxAge,
	}); err != nil {
		return fmt.Errorf("natsexec: stream %s: %w", n.resultStream, err)
	}
	return nil
}

// Job is a batch message: everything a worker needs to rebuild the study and run one
// batch of it.
type Job struct {
	RunID string `json:"run_id"`
	// Scenario is the resolved scenario as JSON, itself a valid scenario file (nothing to
	// extend); ScenarioHash is the first 12 hex digits of its SHA-256, checked by the
	// worker after parsing it back.
	Scenario     json.RawMessage `json:"scenario"`
	ScenarioHash string          `json:"scenario_hash"`
	// DataVersion is the submitter's world data version; a worker with other data
	// refuses the batch (ErrDataVersion).
	DataVersion  string           `json:"data_version"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
	BatchSize    int              `json:"batch_size"`
	Batch        montecarlo.Batch `json:"batch"`
}

// result is a results message: a batch's partial, or why it failed for good. On the
// wire it is gzipped: a uvarint length, that many bytes of JSON envelope (the fields
// below but the partial), then the partial in its binary form (Partial.MarshalBinary),
// which is several times cheaper to write and read than JSON.
type result struct {
	RunID   string              `json:"run_id"`
	Batch   int                 `json:"batch"`
	Worker  string              `json:"worker,omitempty"`
	Error   string              `json:"error,omitempty"`
	Partial *montecarlo.Partial `json:"-"`
}

// maxResultBytes bounds a decompressed results message.
const maxResultBytes = 1 << 30

func encodeResult(r *result) ([]byte, error) {
	env, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var part []byte
	if r.Partial != nil {
		if part, err = r.Partial.MarshalBinary(); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	z, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	for _, b := range [][]byte{binary.AppendUvarint(nil, uint64(len(env))), env, part} {
		if _, err := z.Write(b); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func decodeResult(data []byte) (*result, error) {
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(z, maxResultBytes))
	if err != nil {
		return nil, err
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, errors.New("results message: malformed envelope length")
	}
	env, part := b[k:k+int(n)], b[k+int(n):]
	var r result
	if err := json.Unmarshal(env, &r); err != nil {
		return nil, fmt.Errorf("results message: %w", err)
	}
	if len(part) > 0 {
		r.Partial = new(montecarlo.Partial)
		if err := r.Partial.UnmarshalBinary(part); err != nil {
			return nil, fmt.Errorf("results message: %w", err)
		}
	}
	return &r, nil
}

// hash12 is the first 12 hex digits of b's SHA-256, as critmin prints scenario hashes.
func hash12(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

// msgID is the Nats-Msg-Id of a run's batch and of its result.
func msgID(run string, batch int) string { return run + "/" + strconv.Itoa(batch) }

// batchOfSubject returns the batch id, the last token of a result subject.
func batchOfSubject(subj string) (int, error) {
	i := strings.LastIndexByte(subj, '.')
	return strconv.Atoi(subj[i+1:])
}

// DeleteNamespace deletes a namespace's streams (batches and results), for throw-away
// namespaces such as a benchmark's; a stream that does not exist is not an error.
func DeleteNamespace(ctx context.Context, nc *nats.Conn, namespace string) error {
	n, err := namesOf(namespace)
	if err != nil {
		return err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("natsexec: %w", err)
	}
	for _, s := range []string{n.batchStream, n.resultStream} {
		if err := js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return fmt.Errorf("natsexec: delete stream %s: %w", s, err)
		}
	}
	return nil
}
