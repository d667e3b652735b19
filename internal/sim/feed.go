package sim

// Feed response of processes.
//
// A plant that cannot get its feed plans for what it got instead of asking for its full
// feed every month at any price: each month, after production, a process whose output
// fell short of its plan by more than starvedShare of it sets its target factor to the
// share of its capacity it could run (factor x made / planned), and one that made its
// plan sets it to 1; the factor applied to its utilisation moves towards the target by
// 1/T a month (Params.FeedAdjustmentMonths T). Without it, a plant whose input is short
// bids for it for good: one 10,000 t/yr US magnet plant added to the baseline about
// doubled the price of NdPr oxide outside China by 2035 with no control in force
// (docs/model.md, Feed response).

// feedState is the feed response's state: per process, the factor on its utilisation
// and what it made this month, reference units.
type feedState struct {
	on     bool
	factor []float64
	made   []float64
}

// resetFeed prepares the feed response for a run of e.m: off, or every factor 1.
func (e *Engine) resetFeed() {
	s := &e.feed
	s.on = e.m.params.FeedAdjustmentMonths > 0
	if !s.on {
		return
	}
	n := len(e.m.procs)
	s.factor = resized(s.factor, n)
	s.made = resized(s.made, n)
	for k := range s.factor {
		s.factor[k] = 1
	}
	clear(s.made)
}

// updateFeed moves each live process's factor towards its target after the month's
// production. Nothing moves in the reference month.
func (e *Engine) updateFeed() {
	s := &e.feed
	if !s.on || e.reference {
		return
	}
	speed := min(1, 1/e.m.params.FeedAdjustmentMonths)
	for _, k := range e.live.procs {
		run, f := e.run[k], s.factor[k]
		if run <= 0 {
			continue
		}
		target := 1.0
		if made := s.made[k]; made < run*(1-starvedShare) {
			target = f * made / run
		}
		s.factor[k] = f + speed*(target-f)
	}
}
