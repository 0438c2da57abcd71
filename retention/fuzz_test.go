package retention

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var fuzzBase = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// fuzzSubscriptions decodes 3 bytes per subscription: customer, start day
// and length in days (0 = still active).
func fuzzSubscriptions(data []byte) []Subscription {
	var subs []Subscription
	for ; len(data) >= 3; data = data[3:] {
		s := Subscription{Customer: string(rune('A' + data[0]%5)), Start: fuzzBase.AddDate(0, 0, int(data[1]))}
		if data[2] != 0 {
			s.End = s.Start.AddDate(0, 0, int(data[2]%200))
		}
		subs = append(subs, s)
	}
	return subs
}

func FuzzCountCustomers(f *testing.F) {
	f.Add([]byte{0, 10, 0, 1, 40, 60, 1, 100, 0, 2, 90, 5, 3, 120, 30})
	f.Add([]byte{0, 0, 91, 0, 91, 0, 4, 95, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		subs := fuzzSubscriptions(data)
		p := Period{Start: fuzzBase.AddDate(0, 0, 91), End: fuzzBase.AddDate(0, 0, 121)}
		counts, err := CountCustomers(subs, p)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Churned > counts.AtStart || counts.Retained > counts.AtStart ||
			counts.NewChurned > counts.New || counts.Retained > counts.AtEnd {
			t.Fatalf("inconsistent counts %+v", counts)
		}
		if churn, err := counts.LogoChurn(ChurnOptions{Denominator: StartPlusNew, NewChurn: IncludeNewChurn}); err == nil &&
			!(churn.Value >= 0 && churn.Value <= 1) {
			t.Fatalf("churn %v outside [0, 1]", churn.Value)
		}
		if r, err := counts.RetentionRate(); err == nil && !(r.Value >= 0 && r.Value <= 1) {
			t.Fatalf("retention %v outside [0, 1]", r.Value)
		}

		// Order does not matter, and per-customer shards merge exactly.
		reversed := slices.Clone(subs)
		slices.Reverse(reversed)
		again, err := CountCustomers(reversed, p)
		if err != nil || again != counts {
			t.Fatalf("reversed input gave %+v, %v; want %+v", again, err, counts)
		}
		var merged CustomerCounts
		for c := 'A'; c < 'F'; c++ {
			var part []Subscription
			for _, s := range subs {
				if s.Customer == string(c) {
					part = append(part, s)
				}
			}
			if err := merged.AddCustomer(part, p); err != nil {
				t.Fatal(err)
			}
		}
		if merged != counts {
			t.Fatalf("merged %+v, want %+v", merged, counts)
		}
	})
}

func FuzzTotalMRR(f *testing.F) {
	f.Add(int64(3000), int32(-2), uint8(1), uint8(1), int64(0), int64(120000), int32(-2), uint8(2), uint8(2), int64(3))
	f.Add(int64(5_000_000_000_000_000_000), int32(-2), uint8(1), uint8(0), int64(0), int64(5_000_000_000_000_000_000), int32(-2), uint8(3), uint8(7), int64(3_000_000_000))
	f.Fuzz(func(t *testing.T, c1 int64, e1 int32, u1, n1 uint8, q1, c2 int64, e2 int32, u2, n2 uint8, q2 int64) {
		prices := []Price{
			{Amount: decimal.New(c1, e1%20), Currency: "USD", Cycle: Cycle{Unit: IntervalUnit(u1 % 4), Count: int64(n1 % 40)}, Quantity: q1 % 5_000_000_000},
			{Amount: decimal.New(c2, e2%20), Currency: "USD", Cycle: Cycle{Unit: IntervalUnit(u2 % 4), Count: int64(n2 % 40)}, Quantity: q2 % 5_000_000_000},
		}
		got, err := TotalMRR(prices, 4)
		if err != nil {
			return
		}
		// Exact reference with big.Rat: Σ amount · quantity · factor.
		want := new(big.Rat)
		for _, p := range prices {
			num, den := p.Cycle.monthlyFactor()
			term := new(big.Rat).Mul(p.Amount.Rat(), big.NewRat(p.quantity()*num, den))
			if p.Amount.IsZero() {
				continue
			}
			want.Add(want, term)
		}
		diff := new(big.Rat).Sub(got.MRR.Rat(), want)
		half := big.NewRat(1, 20000) // half a unit of the 4th decimal
		if got.Exact && diff.Sign() != 0 || diff.Abs(diff).Cmp(half) > 0 {
			t.Fatalf("TotalMRR = %s (exact %v), want %s", got.MRR, got.Exact, want.FloatString(8))
		}
		swapped, err := TotalMRR([]Price{prices[1], prices[0]}, 4)
		if err != nil || !swapped.MRR.Equal(got.MRR) {
			t.Fatalf("swapped order gave %v, %v; want %v", swapped.MRR, err, got.MRR)
		}
	})
}

// fuzzMonthRows decodes 3 bytes per row: customer, month in 2024 and MRR
// in whole units (0 means a free plan).
func fuzzMonthRows(data []byte) []CustomerMonth {
	var rows []CustomerMonth
	for ; len(data) >= 3; data = data[3:] {
		rows = append(rows, CustomerMonth{Customer: string(rune('A' + data[0]%4)),
			Month: Month{Year: 2024, Month: time.Month(1 + data[1]%8)}, MRR: decimal.New(int64(data[2]), -1)})
	}
	return rows
}

func FuzzBuildBridge(f *testing.F) {
	f.Add([]byte{0, 0, 100, 0, 1, 150, 1, 0, 50, 1, 2, 30, 0, 4, 80, 2, 3, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		rows := fuzzMonthRows(data)
		first, last := Month{2024, 2}, Month{2024, 8}
		bridge, err := BuildBridge(rows, first, last)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range bridge.Months {
			if !m.Start.Add(m.NetNew()).Equal(m.End) {
				t.Fatalf("%s does not close: %+v", m.From, m)
			}
			if g, err := m.GrossChurnRate(); err == nil && !(g >= 0 && g <= 1) {
				t.Fatalf("%s gross MRR churn %v outside [0, 1]", m.From, g)
			}
		}
		total := bridge.Total()
		if !total.Start.Add(total.NetNew()).Equal(total.End) {
			t.Fatalf("total does not close: %+v", total)
		}
		if grr, err := bridge.Cohort.GRR(); err == nil && !(grr >= 0 && grr <= 1) {
			t.Fatalf("GRR %v outside [0, 1]", grr)
		}
		if nrr, err := bridge.Cohort.NRR(); err == nil && !(nrr >= 0) {
			t.Fatalf("NRR %v below 0", nrr)
		}

		reversed := slices.Clone(rows)
		slices.Reverse(reversed)
		again, err := BuildBridge(reversed, first, last)
		if err != nil {
			t.Fatal(err)
		}
		var merged Bridge
		for c := 'A'; c < 'E'; c++ {
			var part []CustomerMonth
			for _, r := range rows {
				if r.Customer == string(c) {
					part = append(part, r)
				}
			}
			shard, err := BuildBridge(part, first, last)
			if err != nil {
				t.Fatal(err)
			}
			if err := merged.Merge(shard); err != nil {
				t.Fatal(err)
			}
		}
		for name, other := range map[string]Bridge{"reversed": again, "merged": merged} {
			if diff := cmp.Diff(bridge, other); diff != "" {
				t.Fatalf("%s bridge mismatch (-one pass +%s):\n%s", name, name, diff)
			}
		}
	})
}

func FuzzMonthlyMRR(f *testing.F) {
	f.Add([]byte{0, 10, 40, 1, 0, 0, 2, 90, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		var subs []PricedSubscription
		for i, s := range fuzzSubscriptions(data) {
			subs = append(subs, PricedSubscription{Subscription: s,
				Price: Price{Amount: decimal.New(int64(100+i), 0), Currency: "EUR", Cycle: Cycle{Unit: IntervalUnit(1 + i%3), Count: int64(i % 4)}}})
		}
		rows, err := MonthlyMRR(subs, Month{2024, 1}, Month{2024, 12}, time.UTC, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.MRR.Sign() <= 0 || r.Month.Compare(Month{2024, 12}) > 0 {
				t.Fatalf("row %+v", r)
			}
		}
		if _, err := BuildBridge(rows, Month{2024, 2}, Month{2024, 12}); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzSubjects decodes 2 bytes per subject: a time in quarters of a unit
// with the status in its low bit, and a late entry (0 = none).
func fuzzSubjects(data []byte) []Subject {
	var s []Subject
	for ; len(data) >= 2; data = data[2:] {
		subject := Subject{Time: float64(data[0]>>1) / 4, Status: Censored}
		if data[0]&1 == 1 {
			subject.Status = Churned
		}
		if entry := float64(data[1]%16) / 8; entry > 0 && entry < subject.Time && data[1] >= 128 {
			subject.Entry = entry
		}
		s = append(s, subject)
	}
	return s
}

func FuzzKaplanMeier(f *testing.F) {
	f.Add([]byte{3, 0, 5, 0, 5, 0, 7, 0, 10, 0, 11, 0}, uint8(0))
	f.Add([]byte{40, 0, 41, 0, 9, 200, 12, 255}, uint8(1))
	// Censored at 1.25, and churned at 2.5 after entering at 1.25: the
	// second takes over the risk set as the first leaves, with no gap.
	f.Add([]byte{10, 0, 21, 138}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		subjects := fuzzSubjects(data)
		opts := SurvivalOptions{Interval: IntervalKind(kind % 3)}
		c, err := KaplanMeier(subjects, opts)
		if gap := riskSetGap(subjects); errors.Is(err, ErrRiskSetEmpty) != gap {
			t.Fatalf("risk set gap %v, but error %v", gap, err)
		}
		if err != nil {
			return // empty input, or a risk set that empties under late entry
		}
		previous := 1.0
		for _, p := range c.Points {
			values := []float64{p.Survival, p.StdErr, p.Greenwood, p.Lower, p.Upper}
			for _, v := range values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("non-finite value at %v: %+v", p.Time, p)
				}
			}
			if p.Survival > previous || p.Survival < 0 {
				t.Fatalf("survival %v after %v at %v", p.Survival, previous, p.Time)
			}
			if p.HasInterval && !(p.Lower <= p.Survival+1e-12 && p.Survival <= p.Upper+1e-12 && p.Lower >= 0 && p.Upper <= 1) {
				t.Fatalf("interval [%v, %v] around %v at %v", p.Lower, p.Upper, p.Survival, p.Time)
			}
			previous = p.Survival
		}
		last := c.Points[len(c.Points)-1].Time
		if last > 0 {
			r, err := c.RMST(last)
			if err != nil || !(r.Estimate >= 0 && r.Estimate <= last+1e-12) || r.Variance < 0 {
				t.Fatalf("RMST(%v) = %+v, %v", last, r, err)
			}
		}

		// Reversed input and a merged table give the same curve.
		reversed := slices.Clone(subjects)
		slices.Reverse(reversed)
		again, err := KaplanMeier(reversed, opts)
		if err != nil {
			t.Fatal(err)
		}
		var a, b SurvivalTable
		for i, s := range subjects {
			target := &a
			if i%2 == 1 {
				target = &b
			}
			if err := target.Add(s); err != nil {
				t.Fatal(err)
			}
		}
		a.Merge(b)
		merged, err := a.Curve(opts)
		if err != nil {
			t.Fatal(err)
		}
		for name, other := range map[string]Curve{"reversed": again, "merged": merged} {
			if diff := cmp.Diff(c, other); diff != "" {
				t.Fatalf("%s curve mismatch (-one pass +%s):\n%s", name, name, diff)
			}
		}
	})
}

func FuzzCohorts(f *testing.F) {
	f.Add([]byte{0, 10, 0, 1, 40, 60, 1, 100, 0, 2, 90, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		subs := fuzzSubscriptions(data)
		end := fuzzBase.AddDate(0, 0, 256)
		var records []Activity
		for _, s := range subs {
			records = append(records, Activity{Customer: s.Customer, At: s.Start})
		}
		for name, build := range map[string]func() (CohortTable, error){
			"subscriptions": func() (CohortTable, error) { return CohortsFromSubscriptions(subs, end, time.UTC) },
			"activity":      func() (CohortTable, error) { return CohortsFromActivity(records, end, time.UTC) },
		} {
			table, err := build()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, c := range table.Cohorts {
				for _, cell := range c.Cells {
					if cell.Active > c.Size || !(cell.Share >= 0 && cell.Share <= 1) ||
						(cell.State == NotObservable && cell.Active != 0) {
						t.Fatalf("%s: cohort %s cell %+v of size %d", name, c.Month, cell, c.Size)
					}
				}
			}
		}
	})
}

func FuzzCountRenewals(f *testing.F) {
	f.Add([]byte{10, 8, 1, 10, 12, 1, 5, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var cs []Contract
		for ; len(data) >= 3; data = data[3:] {
			c := Contract{Due: fuzzBase.AddDate(0, 0, int(data[2])), Value: decimal.New(int64(data[0]), -1), Renewed: data[1]%3 != 0}
			if c.Renewed {
				c.RenewedValue = decimal.New(int64(data[1]), -1)
			}
			cs = append(cs, c)
		}
		r, err := CountRenewals(cs, Period{Start: fuzzBase, End: fuzzBase.AddDate(0, 0, 128)})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := r.ValueRate(); err == nil && !(v >= 0 && v <= 1) {
			t.Fatalf("value rate %v outside [0, 1]", v)
		}
		if l, err := r.LogoRate(); err == nil && !(l.Value >= 0 && l.Value <= 1) {
			t.Fatalf("logo rate %v outside [0, 1]", l.Value)
		}
	})
}

func FuzzFitSBG(f *testing.F) {
	f.Add(uint16(1000), []byte{131, 126, 86, 56, 37, 27, 21})
	f.Add(uint16(2), []byte{1})
	f.Fuzz(func(t *testing.T, size uint16, losses []byte) {
		survivors := []int64{int64(size)}
		for _, l := range losses[:min(len(losses), 12)] {
			survivors = append(survivors, max(0, survivors[len(survivors)-1]-int64(l)))
		}
		m, err := FitSBG(survivors)
		if err != nil {
			return
		}
		if !isUsable(m.Alpha) || !isUsable(m.Beta) || math.IsNaN(m.LogLikelihood) || m.LogLikelihood > 0 {
			t.Fatalf("FitSBG(%v) = %+v", survivors, m)
		}
		for tt := 0; tt < 20; tt++ {
			if s, err := m.Survival(tt); err != nil || !(s >= 0 && s <= 1) {
				t.Fatalf("S(%d) = %v", tt, s)
			}
		}
	})
}

func FuzzCompoundRate(f *testing.F) {
	f.Add(0.05, 12.0)
	f.Fuzz(func(t *testing.T, rate, k float64) {
		got, err := CompoundRate(rate, k)
		if err != nil {
			return
		}
		if !(got >= 0 && got <= 1) {
			t.Fatalf("CompoundRate(%v, %v) = %v", rate, k, got)
		}
	})
}

func FuzzCycleRenewal(f *testing.F) {
	f.Add(int64(0), uint8(1), int64(1), 4)
	f.Fuzz(func(t *testing.T, seconds int64, unit uint8, count int64, n int) {
		anchor := time.Unix(seconds%(1<<34), 0).UTC()
		c := Cycle{Unit: IntervalUnit(unit % 4), Count: count}
		got, err := c.Renewal(anchor, n%1000, time.UTC)
		if err != nil {
			return
		}
		if c.Unit != IntervalWeek && got.Day() > anchor.Day() {
			t.Fatalf("Renewal(%v, %d) = %v moves the day forward", anchor, n, got)
		}
	})
}

func FuzzParseMonth(f *testing.F) {
	f.Add("2024-02")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			return
		}
		if back, err := ParseMonth(m.String()); err != nil || back != m {
			t.Fatalf("ParseMonth(%q) = %v, round trip %v, %v", s, m, back, err)
		}
	})
}

func FuzzCostPerCustomer(f *testing.F) {
	f.Add(int64(100000), int32(-2), int64(3))
	f.Fuzz(func(t *testing.T, c int64, e int32, customers int64) {
		spend := decimal.New(c, e%30)
		got, err := CostPerCustomer(spend, customers, 6)
		if err != nil {
			return
		}
		// |got · customers − spend| ≤ customers · half a unit of the 6th place.
		diff := got.Mul(decimal.NewFromInt(customers)).Sub(spend).Abs()
		if diff.GreaterThan(decimal.New(5, -7).Mul(decimal.NewFromInt(customers))) {
			t.Fatalf("CostPerCustomer(%v, %d) = %v", spend, customers, got)
		}
	})
}

// FuzzDecodedAccumulators decodes caller JSON into each accumulator and
// checks that Merge and the results either fail or stay in range.
func FuzzDecodedAccumulators(f *testing.F) {
	f.Add(`{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":-1,"active":1,"state":0}]}]}`)
	f.Add(`{"cohorts":[{"month":"2024-01","size":-2,"cells":[{"age":0,"active":1}]}]}`)
	f.Add(`{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":0,"active":7}]}]}`)
	f.Add(`{"at_start":1,"churned":5,"retained":7,"at_end":-3}`)
	f.Add(`{"at_start":9223372036854775807,"new":5}`)
	f.Add(`{"rows":[{"time":1,"events":-1,"censored":3}]}`)
	f.Add(`{"rows":[{"time":1,"events":1,"entered":5},{"time":2,"censored":1}]}`)
	f.Add(`{"customers":-1,"start":"-10","end":"5","retained":"50"}`)
	f.Add(`{"due":2,"renewed":5,"due_value":"10","renewed_value":"50"}`)
	f.Add(`{"value":7,"count":5,"total":1,"churned":5,"denominator":1}`)
	f.Fuzz(func(t *testing.T, data string) {
		checkDecodedCohorts(t, data)
		checkDecodedCounts(t, data)
		checkDecodedSurvival(t, data)
		checkDecodedRevenue(t, data)
	})
}

func checkDecodedCounts(t *testing.T, data string) {
	t.Helper()
	var c CustomerCounts
	if json.Unmarshal([]byte(data), &c) != nil {
		return
	}
	c.Merge(c)
	for _, d := range []Denominator{StartCustomers, StartPlusNew} {
		if l, err := c.LogoChurn(ChurnOptions{Denominator: d}); err == nil {
			if !(l.Value >= 0 && l.Value <= 1) {
				t.Fatalf("logo churn %+v outside [0, 1]", l)
			}
			if _, err := l.Interval(0.95); err != nil {
				t.Fatalf("interval of %+v: %v", l, err)
			}
		}
	}
	if r, err := c.RetentionRate(); err == nil {
		checkRate(t, r)
	}
	var r Rate
	if json.Unmarshal([]byte(data), &r) == nil {
		if iv, err := r.Interval(0.95); err == nil && !(iv.Lower >= 0 && iv.Lower <= iv.Upper && iv.Upper <= 1) {
			t.Fatalf("interval %+v of %+v", iv, r)
		}
	}
}

func checkDecodedSurvival(t *testing.T, data string) {
	t.Helper()
	var table SurvivalTable
	if json.Unmarshal([]byte(data), &table) != nil {
		return
	}
	table.Merge(table)
	c, err := table.Curve(SurvivalOptions{})
	if err != nil {
		return
	}
	for _, p := range c.Points {
		if !(p.Survival >= 0 && p.Survival <= 1) || p.AtRisk <= 0 || math.IsNaN(p.StdErr) {
			t.Fatalf("point %+v out of range", p)
		}
	}
}

func checkDecodedRevenue(t *testing.T, data string) {
	t.Helper()
	var c RevenueCohort
	if json.Unmarshal([]byte(data), &c) == nil {
		c.Merge(c)
		for _, f := range []func() (float64, error){c.GRR, c.GrossChurn} {
			if v, err := f(); err == nil && !(v >= 0 && v <= 1) {
				t.Fatalf("cohort %+v: rate %v outside [0, 1]", c, v)
			}
		}
	}
	var r Renewals
	if json.Unmarshal([]byte(data), &r) == nil && r.Merge(r) == nil {
		if v, err := r.ValueRate(); err == nil && !(v >= 0 && v <= 1) {
			t.Fatalf("renewals %+v: value rate %v outside [0, 1]", r, v)
		}
		if lr, err := r.LogoRate(); err == nil {
			checkRate(t, lr)
		}
	}
}

func checkDecodedCohorts(t *testing.T, data string) {
	t.Helper()
	var decoded CohortTable
	if json.Unmarshal([]byte(data), &decoded) != nil {
		return
	}
	var table CohortTable
	if table.Merge(decoded) != nil {
		return
	}
	if err := table.Merge(decoded); err != nil && !errors.Is(err, ErrInvalidCounts) {
		t.Fatalf("second Merge: %v", err)
	}
	for age := range 3 {
		if r, err := table.Retention(age); err == nil {
			checkRate(t, r)
		}
	}
}

func checkRate(t *testing.T, r Rate) {
	t.Helper()
	if !(r.Value >= 0 && r.Value <= 1) || r.Count < 0 || r.Count > r.Total || r.Total <= 0 {
		t.Fatalf("rate %+v out of range", r)
	}
}

// FuzzMonth checks that Compare orders any years without overflow, that
// a month either marshals and reads back or fails with ErrInvalidMonth,
// and that BuildBridge rejects rather than panics on any month range.
func FuzzMonth(f *testing.F) {
	f.Add(int64(2024), 1, int64(2024), 2)
	f.Add(int64(1), 1, int64(1)<<50, 1)
	f.Add(-(int64(1) << 62), 1, int64(1)<<62, 1)
	f.Add(int64(10000), 1, int64(9999), 12)
	f.Fuzz(func(t *testing.T, y1 int64, m1 int, y2 int64, m2 int) {
		a, b := Month{int(y1), time.Month(m1)}, Month{int(y2), time.Month(m2)}
		want := 0
		switch {
		case y1 < y2:
			want = -1
		case y1 > y2:
			want = 1
		}
		if want == 0 {
			want = sign(int64(m1) - int64(m2))
		}
		if got := a.Compare(b); got != want || b.Compare(a) != -want {
			t.Fatalf("%+v.Compare(%+v) = %d, want %d", a, b, got, want)
		}
		if text, err := a.MarshalText(); err == nil {
			var back Month
			if err := back.UnmarshalText(text); err != nil || back != a {
				t.Fatalf("%+v marshals to %q, reads back %+v, %v", a, text, back, err)
			}
		} else if !errors.Is(err, ErrInvalidMonth) {
			t.Fatalf("MarshalText(%+v): %v", a, err)
		}
		if b.monthsFrom(a) > 1200 && a.valid() && b.valid() {
			return // a valid but long range: slow, not wrong
		}
		if _, err := BuildBridge(nil, a, b); err != nil && !errors.Is(err, ErrInvalidMonth) {
			t.Fatalf("BuildBridge(%+v, %+v): %v", a, b, err)
		}
	})
}

func sign(d int64) int {
	switch {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}

// riskSetGap reports, by brute force, whether just after some exit time t
// no subject is at risk (Entry ≤ t < Time) while some subject leaves
// later.
func riskSetGap(subjects []Subject) bool {
	for _, exit := range subjects {
		t, atRisk, later := exit.Time, 0, 0
		for _, s := range subjects {
			if s.Time > t {
				later++
				if s.Entry <= t {
					atRisk++
				}
			}
		}
		if later > 0 && atRisk == 0 {
			return true
		}
	}
	return false
}
