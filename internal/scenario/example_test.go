package scenario_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/critmin/critmin/internal/scenario"
)

func ExampleParse() {
	env, err := scenario.DefaultEnv()
	if err != nil {
		panic(err)
	}
	file := []byte(`name: embargo
extends: baseline-2025
controls:
  - id: ree-ban
    exporter: China
    products: [dy, tb]
    destinations: [all]
    kind: ban
    start: 2025-04
    licensing: {approval: 1.4, processing_working_days: 45}
`)
	_, err = scenario.Parse("embargo.yaml", file, env)
	fmt.Println(errors.Is(err, scenario.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true
	// embargo.yaml:10:16: controls[0].licensing: only allowed for kind licensing, not ban
	// embargo.yaml:10:27: controls[0].licensing.approval: must be within [0, 1], got 1.4
}

func ExampleResolve() {
	env, err := scenario.DefaultEnv()
	if err != nil {
		panic(err)
	}
	sc, err := scenario.Parse("outage.yaml", []byte(`name: outage
extends: baseline-2025
outages:
  - {country: Burma, products: [reo/mine], fraction: 0.5, start: 2024-10, months: 6}
`), env)
	if err != nil {
		panic(err)
	}
	full, err := scenario.Resolve(sc, env.Base)
	if err != nil {
		panic(err)
	}
	fmt.Println(full.Name, full.Importer, full.Rival, full.Start, full.End)
	fmt.Println(full.Outages[0].Country, full.Outages[0].Window())
	// Output:
	// outage USA CHN 2025-01 2035-12
	// MMR 2024-10..2025-03
}

func ExampleParam() {
	// {dist: triangular, min: 6, mode: 12, max: 30} in a file.
	p := scenario.Param{Dist: scenario.Triangular, Min: 6, Mode: 12, Max: 30}
	r := rand.New(rand.NewPCG(1, 2)) // replication i seeds from (run seed, i)
	fmt.Println(p.Point())
	fmt.Printf("%.2f %.2f\n", p.Sample(r), p.Sample(r))
	// Output:
	// 16
	// 18.18 14.75
}
