package pipeline_test

import (
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// fuzzBytes reads fuzz input a byte at a time, returning zeros once it runs
// out.
type fuzzBytes struct{ data []byte }

func (r *fuzzBytes) next() byte {
	if len(r.data) == 0 {
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

func (r *fuzzBytes) uint16() int {
	return int(r.next())<<8 | int(r.next())
}

// fuzzStages are the stage names fuzzed deals and histories use.
var fuzzStages = []pipeline.Stage{
	{Name: "New"}, {Name: "Demo"}, {Name: "Proposal"},
	{Name: "Won", Outcome: pipeline.Won}, {Name: "Lost", Outcome: pipeline.Lost},
}

// fuzzStart is the earliest creation time of fuzzed records.
var fuzzStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// fuzzDeals decodes deals from data, about 8 bytes each. Rare byte values
// produce invalid deals (unknown outcome, negative amount, close before
// creation, probability above 1) and amounts past the int64 fast path.
func fuzzDeals(data []byte) []pipeline.Deal {
	r := &fuzzBytes{data: data}
	var deals []pipeline.Deal
	for len(r.data) > 0 && len(deals) < 200 {
		deals = append(deals, fuzzDeal(r, len(deals)))
	}
	return deals
}

func fuzzDeal(r *fuzzBytes, i int) pipeline.Deal {
	flags := r.next()
	d := pipeline.Deal{ID: string(rune('A' + i%26))}
	switch o := r.next(); {
	case o == 255:
		d.Outcome = pipeline.Outcome(3)
	default:
		d.Outcome = pipeline.Outcome(o % 3)
	}
	d.Stage = fuzzStages[int(r.next())%len(fuzzStages)].Name

	coefficient := int64(r.uint16())
	if flags&1 != 0 && flags&2 != 0 {
		coefficient = -coefficient
	}
	d.Amount = decimal.New(coefficient, -int32(r.next()%4))
	if flags&4 != 0 && flags&8 != 0 {
		d.Amount = d.Amount.Mul(decimal.New(1, 20))
	}
	d.AmountUnknown = flags&16 != 0 && flags&32 != 0
	if flags&64 != 0 {
		d.Probability, d.HasProbability = float64(r.next())/200, true
	}

	if flags&128 == 0 || flags&1 == 0 {
		d.CreatedAt = fuzzStart.Add(time.Duration(r.uint16()) * time.Hour)
	}

	cycle := time.Duration(r.uint16()) * time.Minute * 7
	if flags == 0xff {
		cycle = -cycle - time.Hour
	}
	if d.Outcome != pipeline.Open {
		base := d.CreatedAt
		if base.IsZero() {
			base = fuzzStart.Add(time.Duration(r.next()) * 24 * time.Hour)
		}
		d.ClosedAt = base.Add(cycle)
	}
	if flags == 0xfe {
		// A creation time in year 1 puts the cycle beyond a Duration.
		d.CreatedAt = yearOne
	}
	return d
}

// reversed returns a reversed copy of s.
func reversed[E any](s []E) []E {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// fuzzSeeds adds a few deal encodings to f.
func fuzzSeeds(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 3, 0, 100, 2, 0, 10, 0, 5, 0, 20, 0, 4, 1, 1, 0, 1, 0, 1, 0, 9})
	f.Add([]byte{64, 0, 0, 0, 50, 1, 100, 0, 1, 0, 0, 65, 2, 1, 1, 0, 2, 0, 0, 0, 0, 3, 4})
	f.Add([]byte{12, 1, 3, 255, 255, 3, 0, 0, 0, 0, 2, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add([]byte{255, 255, 1, 1, 1, 1, 1, 1, 1, 1, 48, 0, 0, 1, 2, 3, 4, 5})
	// A won deal created in year 1 (flags 0xfe).
	f.Add([]byte{0xfe, 1, 3, 0, 10, 0, 1, 0, 0, 5, 0, 0, 1, 0, 1, 0, 1, 0, 0, 2, 0, 0})
}

// checkRate fails the test unless r is a valid rate.
func checkRate(t *testing.T, name string, r pipeline.Rate) {
	t.Helper()
	if r.Denominator <= 0 || r.Numerator < 0 || r.Numerator > r.Denominator ||
		math.IsNaN(r.Value) || r.Value < 0 || r.Value > 1 {
		t.Fatalf("%s = %+v is not a rate in [0, 1]", name, r)
	}
}

func FuzzPipelineValue(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		deals := fuzzDeals(data)
		got, err := pipeline.PipelineValue(deals)
		if err != nil {
			return
		}
		if got.Open+got.Won+got.Lost != int64(len(deals)) {
			t.Fatalf("tally counts %d deals of %d", got.Open+got.Won+got.Lost, len(deals))
		}

		// The open amount equals an exact big.Rat sum.
		want := new(big.Rat)
		for _, d := range deals {
			if d.Outcome == pipeline.Open && !d.AmountUnknown {
				want.Add(want, d.Amount.Rat())
			}
		}
		if got.OpenAmount.Rat().Cmp(want) != 0 {
			t.Fatalf("OpenAmount = %s, want %s", got.OpenAmount, want.FloatString(4))
		}

		again, _ := pipeline.PipelineValue(reversed(deals))
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("order changed the tally (-first +reversed):\n%s", diff)
		}
		mid := len(deals) / 2
		left, _ := pipeline.PipelineValue(deals[:mid])
		right, _ := pipeline.PipelineValue(deals[mid:])
		left.Merge(right)
		if diff := cmp.Diff(got, left); diff != "" {
			t.Fatalf("Merge differs from one pass (-one pass +merged):\n%s", diff)
		}
	})
}

func FuzzWeightedPipeline(f *testing.F) {
	fuzzSeeds(f)
	probabilities := map[string]float64{"New": 0.1, "Demo": 1.0 / 3, "Proposal": 0.55, "Won": 1, "Lost": 0}
	f.Fuzz(func(t *testing.T, data []byte) {
		deals := fuzzDeals(data)
		got, err := pipeline.WeightedPipeline(deals, probabilities)
		if err != nil {
			return
		}

		// Reference: the per-deal products summed exactly.
		want := new(big.Rat)
		for _, d := range deals {
			if d.Outcome != pipeline.Open || d.AmountUnknown {
				continue
			}
			p := probabilities[d.Stage]
			if d.HasProbability {
				p = d.Probability
			}
			want.Add(want, d.Amount.Mul(decimal.NewFromFloat(p)).Rat())
		}
		if got.Value.Rat().Cmp(want) != 0 {
			t.Fatalf("Value = %s, want %s", got.Value, want.FloatString(20))
		}

		value, err := pipeline.PipelineValue(deals)
		if err != nil {
			t.Fatalf("PipelineValue failed where WeightedPipeline did not: %v", err)
		}
		if got.Value.GreaterThan(value.OpenAmount) {
			t.Fatalf("weighted %s above pipeline value %s", got.Value, value.OpenAmount)
		}
		again, _ := pipeline.WeightedPipeline(reversed(deals), probabilities)
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("order changed the result (-first +reversed):\n%s", diff)
		}
	})
}

func FuzzWinRate(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		deals := fuzzDeals(data)
		for _, basis := range []pipeline.Basis{pipeline.BasisClosed, pipeline.BasisCreated} {
			opts := pipeline.WinRateOptions{Basis: basis, Period: pipeline.Period{Start: fuzzStart.Add(500 * time.Hour)}}
			got, err := pipeline.WinRate(deals, opts)
			if err != nil {
				continue
			}
			checkRate(t, "ByCount", got.ByCount)
			if v, err := got.ByValue(); err == nil && (math.IsNaN(v) || v < 0 || v > 1) {
				t.Fatalf("ByValue = %v, outside [0, 1]", v)
			}

			again, err := pipeline.WinRate(reversed(deals), opts)
			if err != nil || again.ByCount != got.ByCount {
				t.Fatalf("order changed the win rate: %+v then %+v (%v)", got.ByCount, again.ByCount, err)
			}
			mid := len(deals) / 2
			var merged pipeline.Tally
			for _, part := range [][]pipeline.Deal{deals[:mid], deals[mid:]} {
				res, err := pipeline.WinRate(part, opts)
				if err == nil {
					merged.Merge(res.Deals)
				}
			}
			if diff := cmp.Diff(got.Deals, merged); diff != "" {
				t.Fatalf("merged halves differ from one pass (-one pass +merged):\n%s", diff)
			}
		}
	})
}

// checkOrdered fails the test unless the statistics are ordered.
func checkOrdered(t *testing.T, s pipeline.DurationStats) {
	t.Helper()
	order := []time.Duration{s.Min, s.P25, s.Median, s.P75, s.P90, s.P95, s.Max}
	if !slices.IsSorted(order) || s.Mean < s.Min || s.Mean > s.Max || s.Min < 0 || s.N <= 0 {
		t.Fatalf("statistics out of order: %+v", s)
	}
}

func FuzzSalesCycle(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		deals := fuzzDeals(data)
		for _, includeLost := range []bool{false, true} {
			opts := pipeline.CycleOptions{IncludeLost: includeLost}
			got, err := pipeline.SalesCycle(deals, opts)
			if err != nil {
				continue
			}
			checkOrdered(t, got.Length)

			// Reference mean: exact sum over the count, rounded half up. A
			// cycle beyond a Duration must have been an error.
			total, n := new(big.Int), int64(0)
			for _, d := range deals {
				if (d.Outcome == pipeline.Won || (includeLost && d.Outcome == pipeline.Lost)) && !d.CreatedAt.IsZero() {
					length := exactSpan(d.CreatedAt, d.ClosedAt)
					if !length.IsInt64() {
						t.Fatalf("SalesCycle accepted deal %q with a cycle of %s ns", d.ID, length)
					}
					total.Add(total, length)
					n++
				}
			}
			mean := new(big.Rat).SetFrac(total, big.NewInt(n))
			mean.Add(mean, big.NewRat(1, 2))
			wantMean := new(big.Int).Quo(mean.Num(), mean.Denom())
			if got.Length.N != n || wantMean.Int64() != int64(got.Length.Mean) {
				t.Fatalf("N, Mean = %d, %d; want %d, %s", got.Length.N, got.Length.Mean, n, wantMean)
			}

			again, _ := pipeline.SalesCycle(reversed(deals), opts)
			if again != got {
				t.Fatalf("order changed the cycle: %+v then %+v", got, again)
			}
		}
	})
}

// exactSpan returns to − from in nanoseconds, without the saturation of
// time.Time.Sub.
func exactSpan(from, to time.Time) *big.Int {
	seconds := big.NewInt(to.Unix() - from.Unix())
	seconds.Mul(seconds, big.NewInt(int64(time.Second)))
	return seconds.Add(seconds, big.NewInt(int64(to.Nanosecond()-from.Nanosecond())))
}

func FuzzSalesVelocity(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		deals := fuzzDeals(data)
		got, err := pipeline.SalesVelocity(deals, pipeline.VelocityOptions{})
		if err != nil {
			return
		}
		checkRate(t, "WinRate", got.WinRate)
		checkOrdered(t, got.Cycle.Length)
		if got.PerDay.Sign() < 0 {
			t.Fatalf("PerDay = %s, negative", got.PerDay)
		}

		// PerDay against the formula from the rounded inputs: agreement to
		// 1e-9 relative, the rounding of the average amount and mean cycle.
		approx, err := pipeline.VelocityOf(got.OpenDeals, got.WinRate.Value, got.AverageWonAmount, got.Cycle.Length.Mean)
		if err != nil {
			t.Fatalf("VelocityOf on SalesVelocity's inputs: %v", err)
		}
		tolerance := got.PerDay.Abs().Mul(decimal.New(1, -9)).Add(decimal.New(1, -12))
		if approx.Sub(got.PerDay).Abs().GreaterThan(tolerance) {
			t.Fatalf("PerDay = %s, formula on the rounded inputs gives %s", got.PerDay, approx)
		}

		again, _ := pipeline.SalesVelocity(reversed(deals), pipeline.VelocityOptions{})
		if !again.PerDay.Equal(got.PerDay) {
			t.Fatalf("order changed PerDay: %s then %s", got.PerDay, again.PerDay)
		}
	})
}

// fuzzHistoryDeals decodes deals with stage histories from data.
func fuzzHistoryDeals(data []byte) []pipeline.Deal {
	r := &fuzzBytes{data: data}
	var deals []pipeline.Deal
	for len(r.data) > 0 && len(deals) < 50 {
		d := pipeline.Deal{ID: string(rune('A' + len(deals)%26)), CreatedAt: fuzzStart}
		when := fuzzStart
		for n := int(r.next() % 6); n > 0; n-- {
			b := r.next()
			when = when.Add(time.Duration(b%32) * time.Hour)
			d.History = append(d.History, pipeline.StageEntry{Stage: fuzzStages[int(b>>5)%len(fuzzStages)].Name, EnteredAt: when})
		}
		if len(d.History) == 0 {
			d.Stage = fuzzStages[int(r.next())%len(fuzzStages)].Name
		}
		deals = append(deals, d)
	}
	return deals
}

func FuzzFunnel(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 40, 100, 2, 0, 200, 0, 1})
	f.Add([]byte{5, 1, 33, 66, 100, 2, 4, 3, 7, 99, 130})
	f.Fuzz(func(t *testing.T, data []byte) {
		deals := fuzzHistoryDeals(data)
		steps, err := pipeline.Funnel(deals, fuzzStages)
		if err != nil {
			t.Fatalf("Funnel on valid histories: %v", err)
		}
		if steps[0].Reached != int64(len(deals)) {
			t.Fatalf("first step reached by %d of %d deals", steps[0].Reached, len(deals))
		}
		for k, s := range steps {
			if k > 0 && s.Reached > steps[k-1].Reached {
				t.Fatalf("step %d reached by more deals than step %d: %+v", k, k-1, steps)
			}
			if c, err := s.Conversion(); err == nil {
				checkRate(t, "Conversion", c)
			} else if !errors.Is(err, pipeline.ErrNoDeals) {
				t.Fatalf("Conversion error %v", err)
			}
		}
		again, _ := pipeline.Funnel(reversed(deals), fuzzStages)
		if diff := cmp.Diff(steps, again); diff != "" {
			t.Fatalf("order changed the funnel (-first +reversed):\n%s", diff)
		}

		asOf := fuzzStart.Add(1000 * time.Hour)
		for _, d := range deals {
			if len(d.History) == 0 {
				continue
			}
			at, err := pipeline.DealAt(d, fuzzStages, asOf)
			if err != nil {
				t.Fatalf("DealAt(%s): %v", d.ID, err)
			}
			if at.Stage != d.History[len(d.History)-1].Stage || (at.Outcome == pipeline.Open) != at.ClosedAt.IsZero() {
				t.Fatalf("DealAt(%s) = %s %v closed %v", d.ID, at.Stage, at.Outcome, at.ClosedAt)
			}
			times, err := pipeline.TimeInStage(d, asOf)
			if err != nil {
				t.Fatalf("TimeInStage(%s): %v", d.ID, err)
			}
			var total time.Duration
			for _, st := range times {
				if st.Latest < 0 || st.Latest > st.Cumulative {
					t.Fatalf("TimeInStage(%s): latest %v, cumulative %v", d.ID, st.Latest, st.Cumulative)
				}
				total += st.Cumulative
			}
			if total != asOf.Sub(d.History[0].EnteredAt) {
				t.Fatalf("TimeInStage(%s) adds up to %v, want %v", d.ID, total, asOf.Sub(d.History[0].EnteredAt))
			}
		}
	})
}

// fuzzLeads decodes leads from data, about 5 bytes each.
func fuzzLeads(data []byte) []pipeline.Lead {
	r := &fuzzBytes{data: data}
	var leads []pipeline.Lead
	for len(r.data) > 0 && len(leads) < 200 {
		flags := r.next()
		l := pipeline.Lead{ID: string(rune('a' + len(leads)%26)), Qualified: flags&1 != 0, Converted: flags&2 != 0}
		if flags != 0xff {
			l.CreatedAt = fuzzStart.Add(time.Duration(r.uint16()) * 13 * time.Minute)
		}
		if flags&4 != 0 {
			wait := time.Duration(r.uint16()) * 7 * time.Minute
			if flags&8 != 0 && flags&16 != 0 {
				wait = -wait - time.Second
			}
			l.FirstResponseAt = l.CreatedAt.Add(wait)
		}
		leads = append(leads, l)
	}
	return leads
}

func FuzzLeads(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{7, 0, 10, 0, 20, 4, 1, 0, 0, 30, 0, 0, 5})
	f.Add([]byte{255, 1, 2, 28, 0, 1, 0, 1, 6, 3, 3, 3, 3})
	calendar, err := pipeline.NewCalendar(time.UTC, pipeline.Week{
		time.Monday: {{Open: 9 * time.Hour, Close: 17 * time.Hour}},
		time.Friday: {{Open: 9 * time.Hour, Close: 12 * time.Hour}},
	}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		leads := fuzzLeads(data)
		period := pipeline.Period{Start: fuzzStart.Add(100 * time.Hour)}

		tally, err := pipeline.CountLeads(leads, period)
		if err != nil {
			return
		}
		mid := len(leads) / 2
		left, _ := pipeline.CountLeads(leads[:mid], period)
		right, _ := pipeline.CountLeads(leads[mid:], period)
		left.Merge(right)
		if left != tally {
			t.Fatalf("merged %+v, one pass %+v", left, tally)
		}
		if c, err := tally.ConversionRate(); err == nil {
			checkRate(t, "ConversionRate", c)
		}

		elapsed, errElapsed := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Period: period})
		business, errBusiness := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Period: period, Calendar: calendar})
		if (errElapsed == nil) != (errBusiness == nil) {
			t.Fatalf("calendar changed the error: %v, %v", errElapsed, errBusiness)
		}
		if errElapsed == nil {
			checkOrdered(t, elapsed.Times)
			checkOrdered(t, business.Times)
			if business.Times.Max > elapsed.Times.Max || business.Times.Mean > elapsed.Times.Mean {
				t.Fatalf("business time above elapsed time: %+v, %+v", business.Times, elapsed.Times)
			}
			if elapsed.Leads != tally.Leads || elapsed.Unanswered != tally.Leads-tally.Answered {
				t.Fatalf("response times count %d leads, %d unanswered; tally %+v", elapsed.Leads, elapsed.Unanswered, tally)
			}
		}

		asOf := fuzzStart.Add(time.Duration(1<<16) * 20 * time.Minute)
		s, err := pipeline.RespondedWithin(leads, 6*time.Hour, pipeline.ResponseOptions{Period: period, AsOf: asOf, Calendar: calendar})
		if err == nil {
			checkRate(t, "Within", s.Within)
			if s.Within.Denominator+s.Pending != tally.Leads {
				t.Fatalf("SLA counts %d + %d pending, want %d leads", s.Within.Denominator, s.Pending, tally.Leads)
			}
		}
		again, err2 := pipeline.RespondedWithin(reversed(leads), 6*time.Hour, pipeline.ResponseOptions{Period: period, AsOf: asOf, Calendar: calendar})
		if (err == nil) != (err2 == nil) || again != s {
			t.Fatalf("order changed the SLA share: %+v then %+v", s, again)
		}
	})
}

// FuzzTallyCounts feeds tallies with arbitrary counts and amounts, as
// decoded from untrusted JSON, to every result and to Merge: each result is
// either an error or in range, and Merge never wraps a count into range.
func FuzzTallyCounts(f *testing.F) {
	f.Add(int64(1), int64(2), int64(1), int64(0), int64(0), int64(0), int64(300), int64(100), int64(5), int64(1))
	f.Add(int64(0), int64(5), int64(-3), int64(0), int64(0), int64(0), int64(0), int64(200), int64(-100), int64(0))
	f.Add(int64(0), int64(math.MaxInt64), int64(0), int64(0), int64(0), int64(0), int64(0), int64(1), int64(0), int64(1))
	f.Add(int64(0), int64(-1), int64(0), int64(0), int64(0), int64(0), int64(0), int64(100), int64(0), int64(0))
	f.Add(int64(2), int64(5), int64(3), int64(1), int64(5), int64(0), int64(7), int64(0), int64(9), int64(-4))
	f.Fuzz(func(t *testing.T, open, won, lost, openWithout, wonWithout, lostWithout, openCents, wonCents, lostCents, extraWon int64) {
		tally := pipeline.Tally{
			Open: open, Won: won, Lost: lost,
			OpenWithoutAmount: openWithout, WonWithoutAmount: wonWithout, LostWithoutAmount: lostWithout,
			OpenAmount: decimal.New(openCents, -2), WonAmount: decimal.New(wonCents, -2), LostAmount: decimal.New(lostCents, -2),
		}
		checkTallyResults(t, tally)

		// Merge with a tally of extraWon won deals: a valid result must
		// hold exactly the sums.
		extra := pipeline.Tally{Won: extraWon, WonAmount: decimal.New(max(extraWon, 0), 0)}
		merged := tally
		merged.Merge(extra)
		checkTallyResults(t, merged)
		if _, err := merged.WinRate(pipeline.BasisCreated); err == nil {
			if merged.Won-extraWon != won || merged.Won < won || merged.Won < extraWon {
				t.Fatalf("Merge of Won %d and %d gave %d", won, extraWon, merged.Won)
			}
		}
	})
}

// checkTallyResults fails the test when a result of tally comes with no
// error but is out of range.
func checkTallyResults(t *testing.T, tally pipeline.Tally) {
	t.Helper()
	for _, basis := range []pipeline.Basis{pipeline.BasisClosed, pipeline.BasisCreated} {
		if r, err := tally.WinRate(basis); err == nil {
			checkRate(t, "WinRate", r)
		}
		if share, err := tally.WinRateByValue(basis); err == nil && !(share >= 0 && share <= 1) {
			t.Fatalf("WinRateByValue(%v) of %+v = %v", basis, tally, share)
		}
	}
	if mean, err := tally.AverageWonAmount(); err == nil && mean.Sign() < 0 {
		t.Fatalf("AverageWonAmount of %+v = %s", tally, mean)
	}
}

// FuzzLeadTallyCounts feeds lead tallies with arbitrary counts to both
// rates and to Merge.
func FuzzLeadTallyCounts(f *testing.F) {
	f.Add(int64(2), int64(1), int64(1), int64(2), int64(3))
	f.Add(int64(2), int64(5), int64(0), int64(0), int64(0))
	f.Add(int64(math.MaxInt64), int64(0), int64(0), int64(0), int64(1))
	f.Add(int64(-1), int64(-1), int64(0), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, leads, qualified, converted, answered, extra int64) {
		tally := pipeline.LeadTally{Leads: leads, Qualified: qualified, Converted: converted, Answered: answered}
		tally.Merge(pipeline.LeadTally{Leads: extra, Converted: extra})
		for name, rate := range map[string]func() (pipeline.Rate, error){
			"ConversionRate": tally.ConversionRate, "QualificationRate": tally.QualificationRate,
		} {
			if r, err := rate(); err == nil {
				checkRate(t, name, r)
			}
		}
	})
}
