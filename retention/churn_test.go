package retention

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// boundarySubscriptions has subscriptions that end exactly on a period
// boundary, start on one, and join and leave inside one period.
func boundarySubscriptions(t *testing.T) []Subscription {
	t.Helper()
	rows := []struct{ id, start, end string }{
		{"A", "2024-01-15", ""},
		{"B", "2024-02-01", "2024-04-10"},
		{"C", "2024-03-05", "2024-04-01"},
		{"D", "2024-03-20", "2024-04-02"},
		{"E", "2024-04-01", ""},
		{"F", "2024-04-05", "2024-04-20"},
		{"G", "2024-03-31", ""},
		{"H", "2024-04-10", ""},
		{"I", "2024-02-10", "2024-03-15"},
	}
	subs := make([]Subscription, len(rows))
	for i, r := range rows {
		subs[i] = Subscription{ID: r.id, Customer: r.id, Start: day(t, r.start), End: day(t, r.end)}
	}
	return subs
}

func TestCountCustomersBoundaries(t *testing.T) {
	// Worked by hand with the rule "active just before an instant t"
	// = start < t ≤ end. April [04-01, 05-01): base A, B, C, D, G (C ends
	// exactly at 04-01, so it was active just before); churned B, C, D;
	// new E, F, H, of which F left; at the end A, E, G, H; retained A, G.
	// March [03-01, 04-01): base A, B, I; churned I; new C, D, G; at the
	// end A, B, C, D, G (C's end at 04-01 is not in March).
	tests := []struct {
		name   string
		period Period
		want   CustomerCounts
	}{
		{"april", period(t, "2024-04-01", "2024-05-01"), CustomerCounts{
			AtStart: 5, AtEnd: 4, New: 3, Churned: 3, NewChurned: 1, Retained: 2}},
		{"march", period(t, "2024-03-01", "2024-04-01"), CustomerCounts{
			AtStart: 3, AtEnd: 5, New: 3, Churned: 1, Retained: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CountCustomers(boundarySubscriptions(t), tc.period)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("CountCustomers mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLogoChurnVariants(t *testing.T) {
	// April counts of the boundary data set: S = 5, E = 4, N = 3, churned 3,
	// joined and left 1 (F).
	april := CustomerCounts{AtStart: 5, AtEnd: 4, New: 3, Churned: 3, NewChurned: 1, Retained: 2}
	tests := []struct {
		name    string
		opts    ChurnOptions
		want    float64
		wantErr error
	}{
		// 3/5: B, C, D of the base A, B, C, D, G.
		{"default", ChurnOptions{}, 0.6, nil},
		// (B, C, D, F) / (5 + 3) = 0.5, counting sign-ups on both sides.
		{"start plus new, include", ChurnOptions{Denominator: StartPlusNew, NewChurn: IncludeNewChurn}, 0.5, nil},
		// 3 / (5 + 3 − 1): F counts nowhere.
		{"start plus new, exclude", ChurnOptions{Denominator: StartPlusNew}, 3.0 / 7, nil},
		// 3 / ((5 + 4)/2) = 2/3.
		{"average", ChurnOptions{Denominator: AverageStartEnd}, 2.0 / 3, nil},
		// F in the numerator only would give 4/5 = 0.8, a rate that can
		// exceed 1, so the combination is rejected.
		{"include over start", ChurnOptions{NewChurn: IncludeNewChurn}, 0, ErrInvalidOptions},
		{"unknown denominator", ChurnOptions{Denominator: 7}, 0, ErrInvalidOptions},
		{"unknown policy", ChurnOptions{NewChurn: -1}, 0, ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := april.LogoChurn(tc.opts)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("LogoChurn(%+v) error = %v, want %v", tc.opts, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got.Value, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
				t.Errorf("LogoChurn(%+v) mismatch (-want +got):\n%s", tc.opts, diff)
			}
		})
	}
}

func TestLogoChurnEndToEnd(t *testing.T) {
	// March: I of A, B, I churned, 1/3; April: 3/5 and retention
	// (E − N)/S = (4 − 2)/5 = 0.4 (E, H are the new customers still active).
	tests := []struct {
		name          string
		period        Period
		wantChurn     float64
		wantRetention float64
	}{
		{"march", period(t, "2024-03-01", "2024-04-01"), 1.0 / 3, 2.0 / 3},
		{"april", period(t, "2024-04-01", "2024-05-01"), 0.6, 0.4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			counts, err := CountCustomers(boundarySubscriptions(t), tc.period)
			if err != nil {
				t.Fatal(err)
			}
			churn, err := counts.LogoChurn(ChurnOptions{})
			if err != nil {
				t.Fatal(err)
			}
			retention, err := counts.RetentionRate()
			if err != nil {
				t.Fatal(err)
			}
			got := []float64{churn.Value, retention.Value}
			want := []float64{tc.wantChurn, tc.wantRetention}
			if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
				t.Errorf("churn, retention mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLogoChurnNoCustomers(t *testing.T) {
	// No customer at the start: the rate is 0/0, an error even though no
	// customer churned.
	tests := []struct {
		name   string
		counts CustomerCounts
		opts   ChurnOptions
	}{
		{"empty", CustomerCounts{}, ChurnOptions{}},
		{"only new", CustomerCounts{New: 2, AtEnd: 2}, ChurnOptions{}},
		{"new who all left, excluded", CustomerCounts{New: 2, NewChurned: 2}, ChurnOptions{Denominator: StartPlusNew}},
		{"average of nothing", CustomerCounts{}, ChurnOptions{Denominator: AverageStartEnd}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.counts.LogoChurn(tc.opts); !errors.Is(err, ErrNoCustomers) {
				t.Errorf("LogoChurn error = %v, want ErrNoCustomers", err)
			}
			if _, err := tc.counts.RetentionRate(); !errors.Is(err, ErrNoCustomers) {
				t.Errorf("RetentionRate error = %v, want ErrNoCustomers", err)
			}
		})
	}
}

func TestLogoChurnBounds(t *testing.T) {
	// Every customer churned gives exactly 1, none gives exactly 0.
	tests := []struct {
		name   string
		counts CustomerCounts
		want   float64
	}{
		{"all churned", CustomerCounts{AtStart: 4, Churned: 4}, 1},
		{"none churned", CustomerCounts{AtStart: 4, AtEnd: 4, Retained: 4}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.counts.LogoChurn(ChurnOptions{})
			if err != nil || got.Value != tc.want {
				t.Errorf("LogoChurn = %v, %v, want %v", got.Value, err, tc.want)
			}
		})
	}
}

func TestLogoChurnInterval(t *testing.T) {
	// 74 of 107: Wilson 95% [0.598715, 0.771183], statsmodels
	// proportion_confint(74, 107, method="wilson").
	churn, err := CustomerCounts{AtStart: 107, Churned: 74}.LogoChurn(ChurnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := churn.Interval(0.95)
	if err != nil {
		t.Fatal(err)
	}
	want := Interval{Lower: 0.598715, Upper: 0.771183, Confidence: 0.95}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("Interval mismatch (-want +got):\n%s", diff)
	}

	average, err := CustomerCounts{AtStart: 10, AtEnd: 4, Churned: 6}.LogoChurn(ChurnOptions{Denominator: AverageStartEnd})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := average.Interval(0.95); !errors.Is(err, ErrNotProportion) {
		t.Errorf("average Interval error = %v, want ErrNotProportion", err)
	}
	if _, err := churn.Interval(1); !errors.Is(err, ErrConfidence) {
		t.Errorf("Interval(1) error = %v, want ErrConfidence", err)
	}
}

func TestCountCustomersSeveralSubscriptions(t *testing.T) {
	// A customer churns only when all subscriptions have ended: X ends one
	// of two subscriptions in April (contraction, not churn); Y's two
	// back-to-back subscriptions are continuous; Z leaves in April and comes
	// back in April (churned and reactivated); W paid in January, returns in
	// April (reactivated, not new).
	subs := []Subscription{
		{ID: "x1", Customer: "X", Start: day(t, "2024-01-01"), End: day(t, "2024-04-15")},
		{ID: "x2", Customer: "X", Start: day(t, "2024-02-01")},
		{ID: "y2", Customer: "Y", Start: day(t, "2024-04-10")},
		{ID: "y1", Customer: "Y", Start: day(t, "2024-01-01"), End: day(t, "2024-04-10")},
		{ID: "z1", Customer: "Z", Start: day(t, "2024-01-01"), End: day(t, "2024-04-05")},
		{ID: "z2", Customer: "Z", Start: day(t, "2024-04-20")},
		{ID: "w1", Customer: "W", Start: day(t, "2024-01-01"), End: day(t, "2024-02-01")},
		{ID: "w2", Customer: "W", Start: day(t, "2024-04-03"), End: day(t, "2024-04-03")},
		{ID: "w3", Customer: "W", Start: day(t, "2024-04-10")},
	}
	got, err := CountCustomers(subs, period(t, "2024-04-01", "2024-05-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := CustomerCounts{AtStart: 3, AtEnd: 4, Churned: 1, Reactivated: 2, Retained: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CountCustomers mismatch (-want +got):\n%s", diff)
	}
}

func TestCountCustomersInvalid(t *testing.T) {
	subs := []Subscription{
		{ID: "S1", Customer: "A", Start: day(t, "2024-01-01")},
		{ID: "S7", Customer: "B", Start: day(t, "2024-02-01"), End: day(t, "2024-01-01")},
	}
	_, err := CountCustomers(subs, period(t, "2024-01-01", "2024-02-01"))
	if !errors.Is(err, ErrEndBeforeStart) {
		t.Fatalf("CountCustomers error = %v, want ErrEndBeforeStart", err)
	}
	// The message must let the caller find the row: index, id and dates.
	for _, part := range []string{"subscription 1", `"S7"`, "2024-01-01", "2024-02-01"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("message %q does not name %s", err, part)
		}
	}
	if _, err := CountCustomers(nil, period(t, "2024-02-01", "2024-02-01")); !errors.Is(err, ErrEndBeforeStart) {
		t.Errorf("empty period error = %v, want ErrEndBeforeStart", err)
	}
}

func TestCustomerCountsMerge(t *testing.T) {
	subs := boundarySubscriptions(t)
	p := period(t, "2024-04-01", "2024-05-01")
	whole, err := CountCustomers(subs, p)
	if err != nil {
		t.Fatal(err)
	}
	var merged CustomerCounts
	for i := range subs {
		var one CustomerCounts
		if err := one.AddCustomer(subs[i:i+1], p); err != nil {
			t.Fatal(err)
		}
		merged.Merge(one)
	}
	if diff := cmp.Diff(whole, merged); diff != "" {
		t.Errorf("merged counts mismatch (-whole +merged):\n%s", diff)
	}
}

func TestReturningCustomers(t *testing.T) {
	// Period [2024-01-01, 2024-04-01). By hand:
	//   R (retained): active throughout: AtStart, AtEnd, Retained.
	//   B (back): left in 2023, returns in February: AtEnd, Reactivated,
	//     not New, not Retained.
	//   N (new, returns): joins in January, leaves in February, returns in
	//     March: New, Reactivated, AtEnd, and not NewChurned.
	// Retention = Retained/AtStart = 1/1, although (E − N)/S = (3 − 1)/1 = 2.
	// StartPlusNew with ExcludeNewChurn divides by 1 + 1 − 0 = 2.
	subs := []Subscription{
		{ID: "r", Customer: "R", Start: day(t, "2023-06-01")},
		{ID: "b1", Customer: "B", Start: day(t, "2023-01-01"), End: day(t, "2023-06-01")},
		{ID: "b2", Customer: "B", Start: day(t, "2024-02-01")},
		{ID: "n1", Customer: "N", Start: day(t, "2024-01-10"), End: day(t, "2024-02-10")},
		{ID: "n2", Customer: "N", Start: day(t, "2024-03-01")},
	}
	got, err := CountCustomers(subs, period(t, "2024-01-01", "2024-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := CustomerCounts{AtStart: 1, AtEnd: 3, New: 1, Reactivated: 2, Retained: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts mismatch (-want +got):\n%s", diff)
	}
	if r, err := got.RetentionRate(); err != nil || r.Value != 1 {
		t.Errorf("RetentionRate = %+v, %v; want 1", r, err)
	}
	l, err := got.LogoChurn(ChurnOptions{Denominator: StartPlusNew, NewChurn: ExcludeNewChurn})
	if err != nil || l.Denominator != 2 {
		t.Errorf("StartPlusNew denominator = %v, %v; want 2", l.Denominator, err)
	}
}
