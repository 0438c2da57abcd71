package retention

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// subjects builds subjects from R-style vectors of times and event flags
// (1 churned, 0 censored).
func subjects(times []float64, events []int) []Subject {
	out := make([]Subject, len(times))
	for i := range times {
		out[i] = Subject{Time: times[i], Status: Censored}
		if events[i] == 1 {
			out[i].Status = Churned
		}
	}
	return out
}

func curve(t *testing.T, s []Subject, opts SurvivalOptions) Curve {
	t.Helper()
	c, err := KaplanMeier(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// point returns the curve's point at time tm.
func point(t *testing.T, c Curve, tm float64) SurvivalPoint {
	t.Helper()
	for _, p := range c.Points {
		if p.Time == tm {
			return p
		}
	}
	t.Fatalf("no point at time %v", tm)
	return SurvivalPoint{}
}

func TestKaplanMeierGreenwoodLogLog(t *testing.T) {
	// Durations 1,2,2,3,4,4,5,6,6,7 with events 1,1,0,1,0,1,1,0,1,0: the
	// survival, Greenwood standard error and 95% log-log band, computed
	// independently with lifelines' exponential Greenwood formula and
	// rounded to 6 decimals.
	c := curve(t, subjects([]float64{1, 2, 2, 3, 4, 4, 5, 6, 6, 7}, []int{1, 1, 0, 1, 0, 1, 1, 0, 1, 0}), SurvivalOptions{})
	type row struct {
		Time                           float64
		AtRisk, Events                 int64
		Survival, StdErr, Lower, Upper float64
	}
	want := []row{
		{1, 10, 1, 0.900000, 0.094868, 0.473009, 0.985281},
		{2, 9, 1, 0.800000, 0.126491, 0.408691, 0.945873},
		{3, 7, 1, 0.685714, 0.151494, 0.304585, 0.887148},
		{4, 6, 1, 0.571429, 0.163775, 0.217193, 0.814572},
		{5, 4, 1, 0.428571, 0.174338, 0.114042, 0.718453},
		{6, 3, 1, 0.285714, 0.164662, 0.045666, 0.601402},
	}
	var got []row
	for _, p := range c.Points {
		if p.Events > 0 {
			got = append(got, row{p.Time, p.AtRisk, p.Events, p.Survival, p.StdErr, p.Lower, p.Upper})
		}
	}
	// The reference is rounded to 6 decimals.
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("curve mismatch (-want +got):\n%s", diff)
	}

	// Median 5 (Ŝ(5) = 0.428571 is the first ≤ 0.5); the lower band is
	// 0.473009 ≤ 0.5 at t = 1 and the upper band never gets to 0.5.
	wantMedian := SurvivalTime{Level: 0.5, Estimate: Crossing{5, true}, Lower: Crossing{1, true}}
	if diff := cmp.Diff(wantMedian, c.Median()); diff != "" {
		t.Errorf("Median mismatch (-want +got):\n%s", diff)
	}
}

func TestKaplanMeierCensoredStillAtRisk(t *testing.T) {
	// Tenures 2,3,3,3,5,6,6,8, churned 1,1,1,0,0,1,0,1. The subject censored
	// at 3 is at risk at 3 (events before censorings): n = 7 at 3, giving
	// Ŝ(3) = 0.875·5/7 = 0.625; Ŝ(6) = 0.625·2/3 = 5/12; Ŝ(8) = 0. R
	// survfit(Surv(t, e) ~ 1) prints the same table.
	c := curve(t, subjects([]float64{2, 3, 3, 3, 5, 6, 6, 8}, []int{1, 1, 1, 0, 0, 1, 0, 1}), SurvivalOptions{})
	type row struct {
		Time           float64
		AtRisk, Events int64
		Survival       float64
	}
	want := []row{{2, 8, 1, 0.875}, {3, 7, 2, 0.625}, {5, 4, 0, 0.625}, {6, 3, 1, 5.0 / 12}, {8, 1, 1, 0}}
	var got []row
	for _, p := range c.Points {
		got = append(got, row{p.Time, p.AtRisk, p.Events, p.Survival})
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("curve mismatch (-want +got):\n%s", diff)
	}
	if m := c.Median(); m.Estimate != (Crossing{6, true}) {
		t.Errorf("Median = %+v, want 6", m.Estimate)
	}
	if at, err := c.At(1.5); err != nil || at.Survival != 1 {
		t.Errorf("At(1.5) = %v, %v; want 1", at.Survival, err)
	}
}

func TestKaplanMeierDegenerate(t *testing.T) {
	tests := []struct {
		name       string
		subjects   []Subject
		at         map[float64]float64
		wantMedian Crossing
	}{
		// One subject churned at 5: 1 before 5, 0 from 5 on, median 5.
		{"one churn", subjects([]float64{5}, []int{1}), map[float64]float64{0: 1, 4.999: 1, 5: 0, 100: 0},
			Crossing{5, true}},
		// All censored: Ŝ = 1 throughout, median not reached (not 0, not 3).
		{"all censored", subjects([]float64{1, 2, 3}, []int{0, 0, 0}), map[float64]float64{0: 1, 2.5: 1, 3: 1},
			Crossing{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := curve(t, tc.subjects, SurvivalOptions{})
			for tm, want := range tc.at {
				got, err := c.At(tm)
				if err != nil || got.Survival != want {
					t.Errorf("At(%v) = %v, %v; want %v", tm, got.Survival, err, want)
				}
			}
			if m := c.Median(); m.Estimate != tc.wantMedian {
				t.Errorf("Median = %+v, want %+v", m.Estimate, tc.wantMedian)
			}
		})
	}
}

func TestKaplanMeierInvalid(t *testing.T) {
	tests := []struct {
		name     string
		subjects []Subject
		opts     SurvivalOptions
		wantErr  error
	}{
		{"no subjects", nil, SurvivalOptions{}, ErrNoSubjects},
		{"negative time", []Subject{{Time: 1, Status: Churned}, {Time: -1, Status: Churned}}, SurvivalOptions{}, ErrInvalidDuration},
		{"NaN time", []Subject{{Time: math.NaN(), Status: Churned}}, SurvivalOptions{}, ErrInvalidDuration},
		{"infinite time", []Subject{{Time: math.Inf(1), Status: Censored}}, SurvivalOptions{}, ErrInvalidDuration},
		{"status unset", []Subject{{Time: 1}}, SurvivalOptions{}, ErrInvalidStatus},
		{"status 3", []Subject{{Time: 1, Status: 3}}, SurvivalOptions{}, ErrInvalidStatus},
		{"entry after time", []Subject{{Time: 1, Entry: 2, Status: Churned}}, SurvivalOptions{}, ErrInvalidDuration},
		{"entry at time", []Subject{{Time: 2, Entry: 2, Status: Churned}}, SurvivalOptions{}, ErrInvalidDuration},
		{"negative entry", []Subject{{Time: 2, Entry: -1, Status: Churned}}, SurvivalOptions{}, ErrInvalidDuration},
		{"confidence", []Subject{{Time: 2, Status: Churned}}, SurvivalOptions{Confidence: 1.5}, ErrConfidence},
		{"interval kind", []Subject{{Time: 2, Status: Churned}}, SurvivalOptions{Interval: 9}, ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := KaplanMeier(tc.subjects, tc.opts); !errors.Is(err, tc.wantErr) {
				t.Errorf("KaplanMeier error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestKaplanMeierLateEntry(t *testing.T) {
	// Entries 0, 0, 2, 3 and times 4, 1, 5, 6 (churned, churned, censored,
	// churned). At 1: at risk the two entered at 0 → 1 − 1/2. At 4: the
	// subject of time 4, the one entered at 2 and the one entered at 3 → n = 3,
	// Ŝ = 0.5·2/3 = 1/3. At 6: only the last → Ŝ = 0.
	s := []Subject{
		{Time: 4, Status: Churned}, {Time: 1, Status: Churned},
		{Time: 5, Entry: 2, Status: Censored}, {Time: 6, Entry: 3, Status: Churned},
	}
	c := curve(t, s, SurvivalOptions{})
	got := []float64{point(t, c, 1).Survival, point(t, c, 4).Survival, point(t, c, 6).Survival}
	gotRisk := []int64{point(t, c, 1).AtRisk, point(t, c, 4).AtRisk, point(t, c, 5).AtRisk, point(t, c, 6).AtRisk}
	if diff := cmp.Diff([]float64{0.5, 1.0 / 3, 0}, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("survival mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{2, 3, 2, 1}, gotRisk); diff != "" {
		t.Errorf("at risk mismatch (-want +got):\n%s", diff)
	}

	// A subject who leaves at 1 before anyone else has entered, and one
	// observed from 2 to 3: the risk set is empty between 1 and 2.
	gap := []Subject{{Time: 1, Status: Churned}, {Time: 3, Entry: 2, Status: Churned}}
	if _, err := KaplanMeier(gap, SurvivalOptions{}); !errors.Is(err, ErrRiskSetEmpty) {
		t.Errorf("KaplanMeier with a gap error = %v, want ErrRiskSetEmpty", err)
	}

	// A subject censored at 5 and one at risk on (5, 10] who churns at
	// 10: the second enters as the first leaves, so the risk set is never
	// empty. By hand: n = 1, d = 0 at 5 (S = 1); n = 1, d = 1 at 10 (S = 0).
	handover := []Subject{{Time: 5, Status: Censored}, {Entry: 5, Time: 10, Status: Churned}}
	c = curve(t, handover, SurvivalOptions{})
	gotS := []float64{point(t, c, 5).Survival, point(t, c, 10).Survival}
	gotN := []int64{point(t, c, 5).AtRisk, point(t, c, 10).AtRisk}
	if diff := cmp.Diff([]float64{1, 0}, gotS); diff != "" {
		t.Errorf("handover survival mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{1, 1}, gotN); diff != "" {
		t.Errorf("handover at risk mismatch (-want +got):\n%s", diff)
	}
}

func TestKaplanMeierIntervalKinds(t *testing.T) {
	// At t = 1 of 10 subjects with one churn: Ŝ = 0.9, Greenwood
	// V = 1/(10·9) = 1/90, √V = 0.1054093, z = 1.959964, z√V = 0.2065983.
	// Log: 0.9·exp(∓0.2065983) = 0.7320116, 1.1065398 → capped at 1.
	// Plain: 0.9 ∓ 0.9·0.2065983 = 0.7140615, 1.0859385 → capped at 1.
	s := subjects([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []int{1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	tests := []struct {
		kind         IntervalKind
		lower, upper float64
	}{
		{Log, 0.7320116, 1},
		{Plain, 0.7140615, 1},
		{LogLog, 0.473009, 0.985281},
	}
	for _, tc := range tests {
		t.Run(tc.kind.String(), func(t *testing.T) {
			p := point(t, curve(t, s, SurvivalOptions{Interval: tc.kind}), 1)
			if diff := cmp.Diff([]float64{tc.lower, tc.upper}, []float64{p.Lower, p.Upper},
				cmpopts.EquateApprox(0, 5e-7)); diff != "" || !p.HasInterval {
				t.Errorf("interval mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Where Ŝ = 0 no kind has an interval; where Ŝ = 1 log-log has none.
	c := curve(t, subjects([]float64{1, 2}, []int{0, 1}), SurvivalOptions{Interval: Log})
	if point(t, c, 2).HasInterval || !point(t, c, 1).HasInterval {
		t.Errorf("log intervals defined at (1, 2) = (%v, %v), want (true, false)",
			point(t, c, 1).HasInterval, point(t, c, 2).HasInterval)
	}
	c = curve(t, subjects([]float64{1, 2}, []int{0, 1}), SurvivalOptions{})
	if point(t, c, 1).HasInterval {
		t.Error("log-log interval defined where Ŝ = 1")
	}
}

func TestCurveAtBeyondFollowUp(t *testing.T) {
	c := curve(t, subjects([]float64{1, 2, 3}, []int{1, 0, 0}), SurvivalOptions{})
	if _, err := c.At(3); err != nil {
		t.Errorf("At(3) error = %v, want nil at the last time", err)
	}
	if _, err := c.At(3.5); !errors.Is(err, ErrBeyondFollowUp) {
		t.Errorf("At(3.5) error = %v, want ErrBeyondFollowUp", err)
	}
	if _, err := c.At(math.NaN()); !errors.Is(err, ErrInvalidDuration) {
		t.Errorf("At(NaN) error = %v, want ErrInvalidDuration", err)
	}
}

func TestCurveRMST(t *testing.T) {
	// Same data as the Greenwood test. Ŝ steps: 1 on [0,1), 0.9, 0.8,
	// 24/35, 4/7, 3/7, 2/7 on [6,7). RMST(7) = 1 + 0.9 + 0.8 + 24/35 + 4/7
	// + 3/7 + 2/7 = 327/70. Areas to τ: A(6) = 2/7, A(5) = 5/7, A(4) = 9/7,
	// A(3) = 69/35, A(2) = 97/35, A(1) = 257/70; terms d/(n(n−d)) = 1/90,
	// 1/72, 1/42, 1/30, 1/12, 1/6. Var = Σ A²·term = 39463/85750
	// (exact fractions in Python). RMST(5) = 1 + 0.9 + 0.8 + 24/35 + 4/7
	// = 277/70.
	c := curve(t, subjects([]float64{1, 2, 2, 3, 4, 4, 5, 6, 6, 7}, []int{1, 1, 0, 1, 0, 1, 1, 0, 1, 0}), SurvivalOptions{})
	r, err := c.RMST(7)
	if err != nil {
		t.Fatal(err)
	}
	z := 1.959963984540054
	sd := math.Sqrt(39463.0 / 85750)
	want := RMST{Tau: 7, Estimate: 327.0 / 70, Variance: 39463.0 / 85750, StdErr: sd,
		Interval: Interval{Lower: 327.0/70 - z*sd, Upper: 327.0/70 + z*sd, Confidence: 0.95}}
	if diff := cmp.Diff(want, r, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("RMST(7) mismatch (-want +got):\n%s", diff)
	}
	r5, err := c.RMST(5)
	if err != nil || math.Abs(r5.Estimate-277.0/70) > 1e-12 {
		t.Errorf("RMST(5) = %v, %v; want 277/70", r5.Estimate, err)
	}
	if _, err := c.RMST(8); !errors.Is(err, ErrBeyondFollowUp) {
		t.Errorf("RMST(8) error = %v, want ErrBeyondFollowUp", err)
	}
	if _, err := c.RMST(0); !errors.Is(err, ErrInvalidDuration) {
		t.Errorf("RMST(0) error = %v, want ErrInvalidDuration", err)
	}
	// After Ŝ reaches 0 the horizon may go past the last time: the area
	// stops growing. One churn at 2: RMST(10) = 2, variance 0 (n = d).
	one := curve(t, subjects([]float64{2}, []int{1}), SurvivalOptions{})
	if r, err := one.RMST(10); err != nil || r.Estimate != 2 || r.Variance != 0 {
		t.Errorf("RMST(10) of one churn at 2 = %+v, %v; want 2 with variance 0", r, err)
	}
}

func TestSurvivalTableMerge(t *testing.T) {
	s := subjects([]float64{1, 2, 2, 3, 4, 4, 5, 6, 6, 7}, []int{1, 1, 0, 1, 0, 1, 1, 0, 1, 0})
	s = append(s, Subject{Time: 6.5, Entry: 2, Status: Churned})
	whole := curve(t, s, SurvivalOptions{})
	var a, b SurvivalTable
	for i, x := range s {
		target := &a
		if i%3 == 0 {
			target = &b
		}
		if err := target.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	// Round-trip one shard through JSON, as a distributed runner would.
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var decoded SurvivalTable
	if err := json.Unmarshal(data, &decoded); err != nil {
		t.Fatal(err)
	}
	a.Merge(decoded)
	merged, err := a.Curve(SurvivalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole, merged); diff != "" {
		t.Errorf("merged curve mismatch (-one pass +merged):\n%s", diff)
	}
}

func TestSurvivalTableCompacts(t *testing.T) {
	// 100,000 subjects over 72 distinct times: the rows stay near the
	// number of distinct times.
	var table SurvivalTable
	for i := range 100_000 {
		if err := table.Add(Subject{Time: float64(1 + (i*7919)%72), Status: Status(1 + i%2)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(table.Rows) > 2*72+minCompaction {
		t.Errorf("table holds %d rows for 72 distinct times", len(table.Rows))
	}
	c, err := table.Curve(SurvivalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Points) != 72 || c.Subjects != 100_000 {
		t.Errorf("curve has %d points and %d subjects, want 72 and 100000", len(c.Points), c.Subjects)
	}
}

func TestKaplanMeierAllocations(t *testing.T) {
	make := func(n int) []Subject {
		s := make([]Subject, n)
		for i := range s {
			s[i] = Subject{Time: float64(1 + i%72), Status: Status(1 + i%3%2)}
		}
		return s
	}
	small, large := make(100), make(100_000)
	a := testing.AllocsPerRun(5, func() { _, _ = KaplanMeier(small, SurvivalOptions{}) })
	b := testing.AllocsPerRun(5, func() { _, _ = KaplanMeier(large, SurvivalOptions{}) })
	if b > a+2 {
		t.Errorf("KaplanMeier allocates per subject: %v allocations for 100, %v for 100000", a, b)
	}
}

// telcoSubjects reads the IBM Telco churn file: time = tenure in months,
// event = Churn "Yes"; group filters by contract ("" for all).
func telcoSubjects(t *testing.T, contract string) []Subject {
	t.Helper()
	rows := readCSV(t, filepath.Join(sharedData(t), "telco_churn", "Telco-Customer-Churn.csv"))
	var out []Subject
	for i, r := range rows {
		if contract != "" && r["Contract"] != contract {
			continue
		}
		tenure, err := strconv.Atoi(r["tenure"])
		if err != nil {
			t.Fatalf("row %d: tenure %q: %v", i, r["tenure"], err)
		}
		s := Subject{Time: float64(tenure), Status: Censored}
		if r["Churn"] == "Yes" {
			s.Status = Churned
		}
		out = append(out, s)
	}
	return out
}

func TestKaplanMeierTelco(t *testing.T) {
	// R survival 3.5.3, survfit(Surv(tenure, Churn == "Yes") ~ Contract),
	// conf.type = "log", values rounded to 6 decimals.
	tests := []struct {
		name       string
		contract   string
		time       float64
		atRisk     int64
		survival   float64
		wantMedian SurvivalTime
	}{
		{"all at 12", "", 12, 4974, 0.843200, SurvivalTime{Level: 0.5}},
		{"all at 72", "", 72, 362, 0.592790, SurvivalTime{Level: 0.5}},
		{"month-to-month at 24", "Month-to-month", 24, 1202, 0.585915,
			SurvivalTime{Level: 0.5, Estimate: Crossing{35, true}, Lower: Crossing{32, true}, Upper: Crossing{38, true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := curve(t, telcoSubjects(t, tc.contract), SurvivalOptions{Interval: Log})
			p := point(t, c, tc.time)
			if p.AtRisk != tc.atRisk || math.Abs(p.Survival-tc.survival) > 5e-7 {
				t.Errorf("at %v: at risk %d, Ŝ %v; want %d, %v", tc.time, p.AtRisk, p.Survival, tc.atRisk, tc.survival)
			}
			if diff := cmp.Diff(tc.wantMedian, c.Median()); diff != "" {
				t.Errorf("Median mismatch (-want +got):\n%s", diff)
			}
		})
	}
	for _, contract := range []string{"One year", "Two year"} {
		c := curve(t, telcoSubjects(t, contract), SurvivalOptions{Interval: Log})
		if m := c.Median(); m.Estimate.Reached {
			t.Errorf("%s median = %v, want not reached", contract, m.Estimate.Time)
		}
	}
}

func TestSortKeysRadix(t *testing.T) {
	// Above the radix threshold, with whole numbers (shared high bytes),
	// continuous times and ties, the result equals a comparison sort.
	rng := rand.New(rand.NewPCG(5, 6))
	for _, kind := range []string{"whole", "continuous", "one value"} {
		keys := make([]uint64, 3*radixThreshold)
		for i := range keys {
			tm := rng.ExpFloat64() * 40
			switch kind {
			case "whole":
				tm = float64(rng.IntN(72))
			case "one value":
				tm = 12
			}
			keys[i] = exitKey(Subject{Time: tm, Status: Status(1 + rng.IntN(2))})
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		sortKeys(keys, make([]uint64, len(keys)))
		if !slices.Equal(want, keys) {
			t.Errorf("%s: radix sort differs from slices.Sort", kind)
		}
	}
}
