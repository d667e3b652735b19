package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
)

// maxNameLen bounds scenario names.
const maxNameLen = 64

// CheckName reports whether name may name a scenario: the slug scenario files use
// (lower-case letters and digits in words joined by single hyphens). Names never become
// paths; they are looked up among the built-ins' names or passed to the store as
// parameters.
func CheckName(name string) error {
	ok := name != "" && len(name) <= maxNameLen && name[0] != '-' && name[len(name)-1] != '-'
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && name[i-1] != '-':
		default:
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("invalid scenario name %q: use lower-case letters, digits and single hyphens, at most %d characters", name, maxNameLen)
	}
	return nil
}

// Env is the environment scenarios are checked against: the runner's world data, its
// product catalogue and the built-in scenarios files may extend.
func (r *Runner) Env() scenario.Env { return r.env }

// IsBuiltin reports whether name is a built-in scenario.
func (r *Runner) IsBuiltin(name string) bool {
	names, err := r.lib.Names()
	return err == nil && slices.Contains(names, name)
}

// Builtins returns the built-in scenarios as written, sorted by name.
func (r *Runner) Builtins() ([]*scenario.Scenario, error) {
	all, err := r.lib.All()
	if err != nil {
		return nil, fmt.Errorf("built-in scenarios: %w", err)
	}
	return all, nil
}

// BuiltinYAML returns the file of a built-in scenario, or an error wrapping
// store.ErrNotFound.
func (r *Runner) BuiltinYAML(name string) ([]byte, error) {
	if !r.IsBuiltin(name) {
		return nil, fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)
	}
	b, err := fs.ReadFile(scenario.BuiltinFiles(), name+".yaml")
	if err != nil {
		return nil, fmt.Errorf("read built-in scenario %s: %w", name, err)
	}
	return b, nil
}

// ParseScenario checks a scenario file, naming it file in messages. When name is not
// empty the file's own name must equal it.
func (r *Runner) ParseScenario(file, name string, yaml []byte) (*scenario.Scenario, error) {
	sc, err := scenario.Parse(file, yaml, r.env)
	if err != nil {
		return nil, err
	}
	if name != "" && sc.Name != name {
		return nil, &scenario.ErrorList{Errors: []*scenario.Error{{File: file, Path: "name",
			Reason: fmt.Sprintf("must equal the scenario's name in the request, %q, got %q", name, sc.Name)}}}
	}
	if r.IsBuiltin(sc.Name) {
		return nil, &scenario.ErrorList{Errors: []*scenario.Error{{File: file, Path: "name",
			Reason: fmt.Sprintf("%q is a built-in scenario; give your scenario another name", sc.Name)}}}
	}
	return sc, nil
}

// CheckScenario is ParseScenario, then a compile of the file against the world data as a
// run would make it: a valid file may still ask for what the data cannot represent (an
// importer whose demand is inside ROW, an outage of a co-product). The check the editor
// and PUT make is then the one `critmin scenario check` makes; what the compiler refuses
// comes back as a *scenario.ErrorList with positions (compile.Check).
func (r *Runner) CheckScenario(file, name string, yaml []byte) (*scenario.Scenario, error) {
	sc, err := r.ParseScenario(file, name, yaml)
	if err != nil {
		return nil, err
	}
	if err := compile.Check(r.ds, sc, r.env.Base, file); err != nil {
		return nil, err
	}
	return sc, nil
}

// resolved is a request's scenario, complete and ready to compile.
type resolved struct {
	sc      *scenario.Scenario
	name    string
	version int // 0 for a built-in, and for an inline file not yet stored
	hash    string
	// inline is the request's inline file, stored with the run once the file is known
	// to compile; nil when the request named a scenario.
	inline *scenario.Scenario
	yaml   []byte
}

// resolve finds the scenario a request names, or checks its inline file without storing
// it.
func (r *Runner) resolve(ctx context.Context, req Request) (resolved, error) {
	if len(req.YAML) > 0 {
		if req.Scenario != "" || req.Version != 0 {
			return resolved{}, &RequestError{Field: "yaml", Reason: "yaml and scenario (or version) exclude each other: give a scenario name, or an inline yaml file, not both"}
		}
		return r.resolveInline(req.YAML)
	}
	if req.Scenario == "" {
		return resolved{}, &RequestError{Field: "scenario", Reason: "give a scenario name or an inline yaml file"}
	}
	if CheckName(req.Scenario) != nil || req.Version < 0 {
		return resolved{}, unknownScenario(req)
	}
	if r.IsBuiltin(req.Scenario) {
		if req.Version != 0 {
			return resolved{}, &RequestError{Field: "version", Reason: fmt.Sprintf("%q is a built-in scenario, which has no versions; leave version out", req.Scenario)}
		}
		sc, err := r.lib.Scenario(req.Scenario)
		if err != nil {
			return resolved{}, fmt.Errorf("load built-in scenario %s: %w", req.Scenario, err)
		}
		return r.complete(sc, req.Scenario, 0)
	}
	stored, err := r.st.Scenario(ctx, req.Scenario, req.Version)
	if errors.Is(err, store.ErrNotFound) {
		return resolved{}, unknownScenario(req)
	}
	if err != nil {
		return resolved{}, fmt.Errorf("load scenario %s: %w", req.Scenario, err)
	}
	sc, err := scenario.Parse(stored.Name+".yaml", stored.YAML, r.env)
	if err != nil {
		return resolved{}, fmt.Errorf("stored scenario %s version %d: %w", stored.Name, stored.Version, err)
	}
	return r.complete(sc, stored.Name, stored.Version)
}

func unknownScenario(req Request) error {
	if req.Version != 0 {
		return &RequestError{Field: "version", Reason: fmt.Sprintf("scenario %q has no version %d", req.Scenario, req.Version)}
	}
	return &RequestError{Field: "scenario", Reason: fmt.Sprintf("unknown scenario %q: not a built-in and not stored", req.Scenario)}
}

// resolveInline checks an inline file as a file. It stores nothing: Submit compiles it
// and then stores it with its run (storeRun), so that a file the compiler refuses never
// becomes a stored version.
func (r *Runner) resolveInline(yaml []byte) (resolved, error) {
	sc, err := r.ParseScenario(InlineFile, "", yaml)
	if err != nil {
		return resolved{}, err
	}
	res, err := r.complete(sc, sc.Name, 0)
	if err != nil {
		return resolved{}, err
	}
	res.inline, res.yaml = sc, yaml
	return res, nil
}

// storeRun stores a checked request's run, with its inline file as the next version of
// the file's name unless the latest stored version is the same file, in one transaction.
// Storing the file lets a queued run be resumed by the next server and lets anyone see
// what a run ran.
func (r *Runner) storeRun(ctx context.Context, res resolved, run store.Run) (store.Run, error) {
	run.Scenario, run.ScenarioVersion, run.ScenarioHash = res.name, res.version, res.hash
	if res.inline == nil {
		created, err := r.st.CreateRun(ctx, run)
		if err != nil {
			return store.Run{}, fmt.Errorf("store run: %w", err)
		}
		return created, nil
	}
	r.putMu.Lock()
	defer r.putMu.Unlock()
	latest, err := r.st.Scenario(ctx, res.name, 0)
	switch {
	case err == nil && bytes.Equal(latest.YAML, res.yaml):
		run.ScenarioVersion = latest.Version
		created, err := r.st.CreateRun(ctx, run)
		if err != nil {
			return store.Run{}, fmt.Errorf("store run: %w", err)
		}
		return created, nil
	case err == nil || errors.Is(err, store.ErrNotFound):
		_, created, err := r.st.PutScenarioRun(ctx, res.name, res.inline.Title, res.yaml, run)
		if err != nil {
			return store.Run{}, fmt.Errorf("store scenario %s and its run: %w", res.name, err)
		}
		return created, nil
	default:
		return store.Run{}, fmt.Errorf("load scenario %s: %w", res.name, err)
	}
}

// InlineFile names a scenario file sent in a request (the body of PUT /scenarios/{name}
// and POST /scenarios/validate, the yaml field of POST /runs) in messages, whatever the
// endpoint, so that a problem reads the same wherever the file was sent.
const InlineFile = "request.yaml"

func (r *Runner) complete(sc *scenario.Scenario, name string, version int) (resolved, error) {
	full, err := scenario.Resolve(sc, r.lib.Scenario)
	if err != nil {
		return resolved{}, err
	}
	return resolved{sc: full, name: name, version: version, hash: scenario.Hash(full)}, nil
}

// Scenario returns the resolved scenario a stored run ran, checked against the run's
// data version and scenario hash; an error when either changed since.
func (r *Runner) Scenario(ctx context.Context, run store.Run) (*scenario.Scenario, error) {
	return r.reload(ctx, run)
}

// reload finds the scenario of a stored queued run again and checks that it is still
// what the run was queued with.
func (r *Runner) reload(ctx context.Context, run store.Run) (*scenario.Scenario, error) {
	if run.DataVersion != r.ds.Version {
		return nil, fmt.Errorf("world data changed since the run was queued (data version %s, now %s); submit it again", run.DataVersion, r.ds.Version)
	}
	res, err := r.resolve(ctx, Request{Scenario: run.Scenario, Version: run.ScenarioVersion})
	if err != nil {
		return nil, fmt.Errorf("load scenario of queued run: %w", err)
	}
	if res.hash != run.ScenarioHash {
		return nil, fmt.Errorf("scenario %s changed since the run was queued (hash %s, now %s); submit it again", run.Scenario, run.ScenarioHash, res.hash)
	}
	return res.sc, nil
}

// The units of Progress.Done and Total.
const (
	unitMonths       = "months"
	unitReplications = "replications"
)

// work is the progress a run starts from: its total and the unit it counts in, the
// replications of a Monte Carlo study or the months of a deterministic run.
func work(run store.Run, sc *scenario.Scenario) Progress {
	if run.Replications > 1 {
		return Progress{RunID: run.ID, Total: run.Replications, Unit: unitReplications}
	}
	return Progress{RunID: run.ID, Total: months(sc), Unit: unitMonths}
}

// months is the length of a resolved scenario's horizon.
func months(sc *scenario.Scenario) int {
	if sc == nil || sc.End < sc.Start {
		return 0
	}
	return int(sc.End-sc.Start) + 1
}
