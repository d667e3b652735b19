package sim

import (
	"fmt"
	"math"
	"slices"
)

// An Engine runs a Model. It owns all state and scratch space of a run, allocated once by
// NewEngine, so Step does not allocate. An Engine is not safe for concurrent use; run one
// per goroutine.
type Engine struct {
	m *Model
	t int // month index of the next Step

	// Stocks in t with their rival content share, [p*nc+c] unless noted.
	ps, psF []float64 // producers' stock, for sale
	us, usF []float64 // users' stock: final users and consuming processes
	sp, spF []float64 // strategic stockpiles, per stockpile
	// Prices at the end of the last month, USD/kg, per product.
	pOut, pIn []float64

	// factorRatio is factorPrice over P0, [p*2+market].
	factorRatio []float64

	// Inputs of the month.
	run         []float64 // per process: capacity x effective utilisation, t ref/month
	capProd     []float64 // capacity for each output product, t/month
	procNeed    []float64 // processes' input need at run rate, t/month
	fd          []float64 // final demand, t/month, [(p*nc+c)*ns+s]
	cons        []float64 // final consumption, t/month, same index
	prio        []bool    // priority sectors, [c*ns+s]
	priceFactor []float64 // (P/P0)^(-η) x intensity, [p*2+market]
	demandPow   []float64 // (P/P0)^(-η) alone, [p*2+market]
	// intensity is each market's demand intensity (thrift), 1 at the start, [p*2+market].
	// thriftFrom is the price above which the thrift target (P/P0)^(-η_L) is below the
	// intensity, P0 x intensity^(-1/η_L): below it the intensity cannot move, and
	// updatePrices need not compute the target.
	intensity, thriftFrom []float64
	// refD and refS are each market's demand and supply in the reference month, the
	// balance at which its price is P0 (referenceMonth), [p*2+market].
	refD, refS []float64
	// refFrac is the rival content of what each (product, country) received in the
	// reference month, [p*nc+c], NaN where it received nothing: users' stocks start with it,
	// so that a run with no policy starts where its flows keep it.
	refFrac []float64
	// capMonths and floorMonths count, per market, the months whose target price sat at
	// the cap P0 φ or at the floor P0 / φ.
	capMonths, floorMonths []int
	// reference is set while referenceMonth runs.
	reference bool
	// supplyFactor is min(1, (P/P0)^ξ), the utilisation factor of producers without a
	// floor above the price, and factorPrice the price both factors were computed at.
	supplyFactor, factorPrice []float64
	spReq                     []float64 // stockpile purchase requests, t/month, per stockpile
	// spAsked and spBought are, per stockpile, what its purchases requested over the run
	// (in months its price limit allowed) and what it bought, t.
	spAsked, spBought []float64
	// offAsked and offGot are, per offtake, what its buyer requested under it over the
	// run and what its seller shipped under it, t.
	offAsked, offGot []float64
	ctl              []int    // effective control of a link + 1, 0 for none
	ctlSet           []uint64 // links with a control, linkWords bits per product
	extraX           []int    // scratch: exporters a control reaches extraterritorially
	// The state ctl was built from: which controls are on, and the exporters each
	// extraterritorial control reaches (countryWords bits per control); ctlValid is false
	// until the first build.
	ctlOn    []bool
	ctlReach []uint64
	ctlValid bool
	hasCtl   []bool    // per product: some link is under a control this month
	hasQuota []bool    // per product: some link is under a quota this month
	ew       []float64 // effective sourcing weights, per link
	// wb holds the sourcing weights before tariffs, per link: the model's month-0 weights
	// (shared, never written) when no default row ever follows capacity, else the engine's
	// own copy; avail is the capacity x utilisation they follow, [p*nc+x].
	wb, avail  []float64
	wbOwn      []float64 // the engine's own weight storage, once a model needed it
	tariffRate []float64 // scratch: summed tariff rate, per link
	rowDirty   []bool    // weights to renormalise, [p*nc+b]
	floorNow   []float64 // price floor in force, USD/kg, 0 for none
	floorIdx   []int     // the pairs p*nc+c some floor covers, ascending, once each
	quotaLeft  []float64 // per control, t
	// quotaMonth is each quota control's tonnage for the month, t, against which a
	// remainder counts as spent (quotaSpent).
	quotaMonth []float64
	// quotaShare is each quota control's share of its group's allowance; groupLeft is a
	// yearly group's tonnage left in groupYear, and groupAllow the month's allowance, per
	// group (at its first control).
	quotaShare, groupLeft, groupAllow []float64
	groupYear                         []int
	// rushCover is the extra target cover of users in a control's rush, months, [p*nc+c].
	rushCover []float64
	quotaDem  []float64 // per control, scratch
	qualStart []int     // first month with unmet requests, -1 for none, [p*nc+b]

	// Licensing queues: per ring, ringLen slots of approved tonnage by due month.
	ringAmt  []float64
	ringDue  []int
	ringOld  []float64 // due tonnage of licences valid while the control lasts
	ringLive []bool
	ringLink []int // the link of each ring
	// due is, per buyer, the licensed tonnage of the current product due this month.
	due []float64
	// delayed is the tonnage each ring approved this month for a later month, which its
	// buyer tries to re-source meanwhile; delayedRings lists the rings with some.
	delayed      []float64
	delayedRings []int
	// resourced and dTBefore are, per buyer, the unmet request the second pass placed and
	// the tonnage delivered before it.
	resourced, dTBefore []float64
	// refused marks the licensed links (b*nc + x, linkWords bits) whose first-pass
	// application was partly denied or delayed this month.
	refused []uint64

	// Bilateral flows of the month, t: the importer's imports by exporter and the
	// rival's exports by destination, [p*nc+c].
	impFrom, rivalTo []float64
	// Flows of the month for the mass balance, t.
	open, prod, rec, imp, exp, consIn, consFin []float64
	psOpen                                     []float64 // producers' opening stock
	resv                                       []float64 // users' stock reserved for processes
	// flows backs the month's tables that start every month at zero (flowTables), back to
	// back, so that one clear zeroes them all.
	flows []float64

	// Per-product allocation scratch, per country or [b*nc+e].
	req, userReq, reqTotal, unmet, dT, dR, defShare []float64
	// gapShare is, per buyer, the share of its request abroad that rebuilds stock beyond
	// this month's need (rivalOpenMarket).
	gapShare []float64
	// rivalHome is the rival's users' request waiting for rivalOpenMarket; openKappa, per
	// product, the share of the other countries' need-requests to the rival that it could
	// fill after its own users in the reference month.
	rivalHome float64
	// rivalTook is what the rival's producers delivered to its users under home priority
	// this month when they could not cover them, with arbitrage on (rivalShareHome).
	rivalTook float64
	openKappa []float64
	// askNeed and askGap are what directPlain found the buyers ask the rival for.
	askNeed, askGap                 float64
	perCountry                      []float64 // the 7 above, back to back
	lreq, loff, loffDir, offShipped []float64
	offT, reqT, fo, fr              []float64 // per exporter
	// frRival is, with arbitrage on, the share of the rival's requests each exporter of the
	// pass fills: fr, unless splitMarkets split its stock between the two markets;
	// rivalReq is scratch for the rival's requests per exporter, all zero between calls.
	frRival, rivalReq []float64
	// firstRival and firstOther are, per exporter, what the first pass of the month
	// shipped on the requests of the rival and of the others, when arbitrage is on.
	firstRival, firstOther []float64
	// linkSet marks the links b*nc + x whose lreq, loff, loffDir or offShipped may be
	// non-zero (countryWords bits per buyer); rowSet the buyers with a marked link. Every
	// other entry of those tables is zero.
	linkSet, rowSet []uint64
	// offUsed is set when an offtake has put a request in loff since the last clearLinks:
	// until then loff, loffDir and offShipped are all zero.
	offUsed    bool
	stockSet   []uint64  // scratch: exporters with stock, countryWords bits
	xSet       []uint64  // scratch: exporters with a marked link, countryWords bits
	offDir     []float64 // per offtake
	dMkt, sMkt []float64 // market demand and supply, [p*2+market]
	// The last D/S > 0 of each market, [p*2+market], NaN for none, and the target price
	// nextPrice computed from it.
	lastRatio, lastTarget []float64
	// The current product's slices of the per-link tables, indexed b*nc + x.
	pctl, pring []int
	pw, pew     []float64
	pctlSet     []uint64

	rivalFree         []float64 // per product, importer
	cost              [numCostKinds]float64
	lostLow, lostHigh []float64 // per end item, units

	// entry is the price-triggered entry's state (entry.go).
	entry entryState
	// feed is the feed response of processes (feed.go).
	feed feedState

	// live is what Step visits: the whole model unless Freeze froze products.
	live live
	// countrySeries is false when record skips the per-country series (RecordCountries).
	countrySeries bool
	// noMassBalance is set when record skips the mass balance (RecordMassBalance).
	noMassBalance bool
	// pending is set when Use rebound the engine without resetting it: Step resets first.
	pending bool
	// roadMem is the memory of the summary's road to independence, reused between runs.
	roadMem roadScratch

	// Allocation fast paths (allocate.go, licence.go).
	liveSet   []uint64 // links whose licensing ring is live, linkWords bits per product
	flatMarks []uint64 // scratch: the marked links as linkWords bits of b*nc + x
	reqTReady bool     // reqT and xSet already hold the sums serve needs

	// Plain passes (allocate.go): for a product without controls or offtake requests,
	// direct and resource list a pass's link requests in shipping order, buyers ascending
	// and each buyer's exporters ascending, instead of writing lreq and linkSet.
	// plainRows are the buyers with links, each ending at its end in plainLinks; the
	// list is empty between passes.
	plainRows  []plainRow
	plainLinks []plainLink
	// prioOf says, per country, whether prio names a sector of it in month prioMonth
	// (users.go); prioMonth is -1 until the first use after a Reset.
	prioOf    []bool
	prioMonth int
}

// NewEngine allocates an Engine for m, ready to run from the first month.
func NewEngine(m *Model) *Engine {
	np, nc, ns := m.np, m.nc, m.ns
	pc, links := np*nc, np*nc*nc
	f := func(n int) []float64 { return make([]float64, n) }
	e := &Engine{m: m,
		ps: f(pc), psF: f(pc), us: f(pc), usF: f(pc),
		sp: f(len(m.stockpiles)), spF: f(len(m.stockpiles)),
		pOut: f(np), pIn: f(np), run: f(len(m.procs)),
		fd: f(pc * ns), cons: f(pc * ns), prio: make([]bool, nc*ns), priceFactor: f(2 * np),
		demandPow: f(2 * np), intensity: f(2 * np), thriftFrom: f(2 * np), refD: f(2 * np), refS: f(2 * np), refFrac: f(pc), capMonths: make([]int, 2*np), floorMonths: make([]int, 2*np),
		supplyFactor: f(2 * np), factorPrice: f(2 * np), factorRatio: f(2 * np),
		spReq: f(len(m.stockpiles)), spAsked: f(len(m.stockpiles)), spBought: f(len(m.stockpiles)), offAsked: f(len(m.offtakes)), offGot: f(len(m.offtakes)), ctl: make([]int, links), ew: f(links), tariffRate: f(links),
		ctlSet: make([]uint64, np*m.linkWords), extraX: make([]int, 0, nc),
		ctlOn: make([]bool, len(m.controls)), ctlReach: make([]uint64, len(m.controls)*m.countryWords),
		linkSet: make([]uint64, nc*m.countryWords), rowSet: make([]uint64, m.countryWords),
		stockSet: make([]uint64, m.countryWords), xSet: make([]uint64, m.countryWords),
		hasCtl: make([]bool, np), hasQuota: make([]bool, np),
		offT: f(nc), reqT: f(nc), fo: f(nc), fr: f(nc), frRival: f(nc), rivalReq: f(nc), firstRival: f(nc), firstOther: f(nc),
		rowDirty: make([]bool, pc), floorNow: f(pc),
		quotaLeft: f(len(m.controls)), quotaMonth: f(len(m.controls)), quotaShare: f(len(m.controls)), groupLeft: f(len(m.controls)),
		groupAllow: f(len(m.controls)), groupYear: make([]int, len(m.controls)), rushCover: f(pc), quotaDem: f(len(m.controls)), qualStart: make([]int, pc),
		ringAmt: f(m.nRings * m.ringLen), ringDue: make([]int, m.nRings*m.ringLen),
		ringOld: f(m.nRings), ringLive: make([]bool, m.nRings), ringLink: make([]int, m.nRings),
		due: f(nc), delayed: f(m.nRings), delayedRings: make([]int, 0, m.nRings),
		resourced: f(nc), dTBefore: f(nc), refused: make([]uint64, m.linkWords),
		open: f(pc), psOpen: f(pc),
		lreq: f(nc * nc), loff: f(nc * nc), loffDir: f(nc * nc), offShipped: f(nc * nc),
		offDir: f(len(m.offtakes)), dMkt: f(2 * np), sMkt: f(2 * np),
		lastRatio: f(2 * np), lastTarget: f(2 * np),
		rivalFree: f(np), lostLow: f(len(m.endItems)), lostHigh: f(len(m.endItems)),
	}
	e.countrySeries = true
	// The month's flows back onto one block, so that beginMonth zeroes them in one pass.
	e.flows = f(numFlowTables * pc)
	for k, s := range e.flowTables() {
		*s = e.flows[k*pc : (k+1)*pc : (k+1)*pc]
	}
	e.perCountry = f(8 * nc)
	e.openKappa = f(np)
	for k, s := range []*[]float64{&e.req, &e.userReq, &e.reqTotal, &e.unmet, &e.dT, &e.dR, &e.defShare, &e.gapShare} {
		*s = e.perCountry[k*nc : (k+1)*nc : (k+1)*nc]
	}
	// Allocation fast paths: before bind, whose Reset clears the rings and liveSet.
	e.liveSet, e.flatMarks = make([]uint64, np*m.linkWords), make([]uint64, m.linkWords)
	e.plainRows, e.plainLinks = make([]plainRow, 0, nc), make([]plainLink, nc*nc)
	e.prioOf = make([]bool, nc)
	e.bind()
	e.Reset()
	return e
}

// numFlowTables is the number of tables flowTables lists.
const numFlowTables = 11

// flowTables lists the per-(product, country) tables of the month's flows that start
// every month at zero: the slices backed by e.flows.
func (e *Engine) flowTables() [numFlowTables]*[]float64 {
	return [...]*[]float64{&e.prod, &e.rec, &e.imp, &e.exp, &e.impFrom, &e.rivalTo,
		&e.consIn, &e.consFin, &e.resv, &e.procNeed, &e.capProd}
}

// bind takes from e.m what the engine keeps of its model beyond sizes. The caller resets.
func (e *Engine) bind() {
	m := e.m
	for l, r := range m.ringOf {
		if r >= 0 {
			e.ringLink[r] = l
		}
	}
	// wb is the model's own weights when they never change, else the engine's copy:
	// never a model's weights that the engine would write (after Use from a model whose
	// weights never change).
	if len(m.wUpd) == 0 && m.params.EntryElasticity <= 0 {
		e.wb = m.weights
	} else {
		if len(e.wbOwn) != len(m.weights) {
			e.wbOwn, e.avail = make([]float64, len(m.weights)), make([]float64, m.np*m.nc)
		}
		e.wb = e.wbOwn
	}
	e.live = allLive(m)
	e.floorIdx = e.floorIdx[:0]
	for _, f := range m.floors {
		for _, c := range f.producers {
			e.floorIdx = append(e.floorIdx, f.p*m.nc+c)
		}
	}
	slices.Sort(e.floorIdx)
	e.floorIdx = slices.Compact(e.floorIdx)
	// Final demand and consumption are written only where the model declares demand:
	// another model may declare it elsewhere.
	clear(e.fd)
	clear(e.cons)
}

// Use rebinds the engine to m, reusing its memory, when m has the shape of the engine's
// model: the same products, countries, sectors, processes, stockpiles, controls,
// licensing queues, offtakes and end items, as the Monte Carlo draws of one scenario
// have. It returns false, changing nothing, when the shapes differ. Use thaws frozen
// products (call Freeze again) and keeps the RecordCountries and RecordMassBalance settings. The engine resets
// itself before its next Step, so a Run right after Use runs the reference month once.
func (e *Engine) Use(m *Model) bool {
	o := e.m
	if m.np != o.np || m.nc != o.nc || m.ns != o.ns || len(m.procs) != len(o.procs) ||
		len(m.stockpiles) != len(o.stockpiles) || len(m.controls) != len(o.controls) ||
		m.nRings != o.nRings || m.ringLen != o.ringLen || len(m.offtakes) != len(o.offtakes) ||
		len(m.endItems) != len(o.endItems) || len(m.demands) != len(o.demands) {
		return false
	}
	e.m = m
	e.bind()
	// A Monte Carlo replication calls Run, which resets, right after Use (and Freeze):
	// resetting here too would run the reference month twice. Step resets first instead.
	e.t, e.pending = 0, true
	return true
}

// Reset returns the engine to the state before the first month, with the reference
// balance of its model's markets (referenceMonth).
func (e *Engine) Reset() {
	e.pending = false
	e.reference = true // resetState leaves users' rival content as declared
	e.resetState()
	e.referenceMonth()
	e.resetState()
}

// resetState returns every stock, price, queue and account to the state before the first
// month; it keeps the reference balance.
func (e *Engine) resetState() {
	m := e.m
	e.t = 0
	copy(e.ps, m.producerStock0)
	copy(e.psF, m.producerFrac0)
	copy(e.us, m.userStock0)
	copy(e.usF, m.userFrac0)
	if !e.reference {
		for i, f := range e.refFrac {
			if !math.IsNaN(f) {
				e.usF[i] = f
			}
		}
	}
	for j, s := range m.stockpiles {
		e.sp[j], e.spF[j] = s.init, s.initFrac
	}
	copy(e.pOut, m.price0)
	copy(e.pIn, m.price0)
	// Weight rows no tariff covers keep their values until their product's capacity
	// changes; updateWeights rewrites the others every month.
	copy(e.ew, m.weights)
	if len(e.wb) > 0 && &e.wb[0] != &m.weights[0] {
		copy(e.wb, m.weights)
	}
	for i := range e.factorPrice {
		e.factorPrice[i] = math.NaN() // equal to no price: compute the factors afresh
		e.lastRatio[i] = math.NaN()   // equal to no ratio: compute the target afresh
	}
	for i := range e.qualStart {
		e.qualStart[i] = -1
	}
	clear(e.liveSet) // allocation fast path: bits of another model's rings (Use)
	e.plainRows = e.plainRows[:0]
	e.prioMonth = -1
	for r := range e.ringLive {
		e.clearRing(r)
	}
	clear(e.delayed)
	e.delayedRings = e.delayedRings[:0]
	e.ctlValid = false
	// beginMonth resets the month's tables only at the live active pairs: zero them all
	// here, since another model (Use) or an earlier freeze may have left other entries set.
	for _, s := range [...][]float64{e.flows, e.open, e.psOpen, e.floorNow} {
		clear(s)
	}
	e.cost = [numCostKinds]float64{}
	for i := range e.intensity {
		e.intensity[i] = 1
		e.thriftFrom[i] = m.price0[i/2]
	}
	clear(e.capMonths)
	clear(e.floorMonths)
	clear(e.rushCover)
	for k := range e.groupYear {
		e.groupYear[k] = -1
	}
	clear(e.lostLow)
	clear(e.lostHigh)
	clear(e.spAsked)
	clear(e.spBought)
	clear(e.offAsked)
	clear(e.offGot)
	e.resetEntry()
	e.resetFeed()
}

// RecordCountries sets whether Step writes the per-country series of the Result
// (CountryProduction, CountryCapacity, CountryExports); they are written unless turned off.
// A Monte Carlo replication, which reads none of them, turns them off: they are most of
// what a month writes.
func (e *Engine) RecordCountries(on bool) { e.countrySeries = on }

// RecordMassBalance sets whether Step computes the month's mass-balance residual
// (Result.MassBalance, and so Summary.MaxMassBalance); it is computed unless turned off.
// Off, a Step leaves the Result's MassBalance row as it was and skips the opening stocks
// only the residual reads. A Monte Carlo replication, which reads neither, turns it off.
func (e *Engine) RecordMassBalance(on bool) { e.noMassBalance = !on }

// Month returns the index of the month the next Step simulates.
func (e *Engine) Month() int { return e.t }

// Run simulates every month of m into out, which must come from NewResult(m), and fills
// its Summary.
func Run(m *Model, out *Result) { NewEngine(m).Run(out) }

// Run resets the engine, simulates every month into out, which must come from
// NewResult of the engine's model, and fills its Summary.
func (e *Engine) Run(out *Result) { e.RunWithProgress(out, nil) }

// RunWithProgress is Run calling progress, when not nil, after each month with the
// number of months done and the total, so a caller can show progress without the engine
// knowing how.
func (e *Engine) RunWithProgress(out *Result, progress func(done, total int)) {
	if len(out.Demand) != e.m.header.Months || len(out.Products) != e.m.np || len(out.Countries) != e.m.nc {
		panic(fmt.Sprintf("sim: Result has %d months, %d products, %d countries; want %d, %d, %d (use NewResult)",
			len(out.Demand), len(out.Products), len(out.Countries), e.m.header.Months, e.m.np, e.m.nc))
	}
	e.Reset()
	for e.t < e.m.header.Months {
		e.Step(out)
		if progress != nil {
			progress(e.t, e.m.header.Months)
		}
	}
	e.summarize(out)
}

// market is 1 for the rival's own market and 0 for the market outside it.
func (e *Engine) market(c int) int {
	if c == e.m.rival {
		return 1
	}
	return 0
}

func (e *Engine) price(p, market int) float64 {
	if market == 1 {
		return e.pIn[p]
	}
	return e.pOut[p]
}

// take subtracts q from a stock, absorbing rounding below zero; a real overdraft is a bug.
func take(stock, q float64) float64 {
	r := stock - q
	if r < 0 {
		r = overdraft(stock, q, r)
	}
	return r
}

// overdraft returns the stock left after an overdraft r < 0 of stock - q: 0 for rounding;
// it panics on a real overdraft. It is kept out of take so that take inlines.
//
//go:noinline
func overdraft(stock, q, r float64) float64 {
	if r < -1e-9*max(stock, q, 1) {
		panic(fmt.Sprintf("sim: stock overdrawn: %g - %g", stock, q))
	}
	return 0
}
