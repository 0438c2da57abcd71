package segment

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestSummarise(t *testing.T) {
	at := day("2024-07-01")
	orders := []Order[string]{
		{"B", day("2024-06-30").Add(23 * time.Hour), money("10.00")},
		{"A", day("2024-01-15"), money("20.10")},
		{"A", day("2024-03-01"), money("5")},
		{"A", day("2024-03-01").Add(5 * time.Hour), money("0.00")},
		{"C", day("2023-07-01"), money("99.99")},
	}
	tests := []struct {
		name string
		opts RFMOptions
		want []RFM[string]
	}{
		{
			name: "orders",
			// A: last order 2024-03-01, 122 days to 2024-07-01 (30 + 30 + 31 + 30 + 1 = 122:
			// March 1 → April 1 is 31, → May 1 30, → June 1 31, → July 1 30); 3 orders;
			// 20.10 + 5 + 0.00 = 25.10. B: 1 day, 1 order, 10.00. C: 366 days (2024 is
			// a leap year), 1 order, 99.99.
			want: []RFM[string]{
				{"A", 122, 3, money("25.10")},
				{"B", 1, 1, money("10.00")},
				{"C", 366, 1, money("99.99")},
			},
		},
		{
			name: "purchase days",
			opts: RFMOptions{Frequency: FrequencyDays},
			// A's two orders on 2024-03-01 are one purchase day.
			want: []RFM[string]{
				{"A", 122, 2, money("25.10")},
				{"B", 1, 1, money("10.00")},
				{"C", 366, 1, money("99.99")},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Summarise(orders, at, time.UTC, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Summarise mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSummariseCalendarDaysInLocation(t *testing.T) {
	// 2024-06-30 23:30 UTC is 2024-07-01 01:30 in Berlin (UTC+2), the same
	// calendar day as the analysis time 2024-07-01 12:00 Berlin.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("time zone data not available:", err)
	}
	at := time.Date(2024, 7, 1, 12, 0, 0, 0, berlin)
	orders := []Order[int]{{1, time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC), money("1")}}
	got, err := Summarise(orders, at, berlin, RFMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].RecencyDays != 0 {
		t.Errorf("recency in Berlin = %d days, want 0", got[0].RecencyDays)
	}
	got, err = Summarise(orders, at, time.UTC, RFMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].RecencyDays != 1 {
		t.Errorf("recency in UTC = %d days, want 1", got[0].RecencyDays)
	}
}

func TestSummariseErrors(t *testing.T) {
	at := day("2024-07-01")
	tests := []struct {
		name    string
		orders  []Order[string]
		loc     *time.Location
		opts    RFMOptions
		wantErr error
	}{
		{"no orders", nil, time.UTC, RFMOptions{}, ErrNoRecords},
		{"nil location", []Order[string]{{"A", day("2024-01-01"), money("1")}}, nil, RFMOptions{}, ErrInvalidOptions},
		{"unknown basis", []Order[string]{{"A", day("2024-01-01"), money("1")}}, time.UTC, RFMOptions{Frequency: 9}, ErrInvalidOptions},
		{"order at analysis time", []Order[string]{{"A", at, money("1")}}, time.UTC, RFMOptions{}, ErrInvalidValue},
		{"order after analysis time", []Order[string]{{"A", day("2024-08-01"), money("1")}}, time.UTC, RFMOptions{}, ErrInvalidValue},
		{"negative amount", []Order[string]{{"A", day("2024-01-01"), money("-0.01")}}, time.UTC, RFMOptions{}, ErrInvalidValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Summarise(tc.orders, at, tc.loc, tc.opts); !errors.Is(err, tc.wantErr) {
				t.Errorf("Summarise error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestScore(t *testing.T) {
	values := []RFM[string]{
		{"A", 5, 10, money("500")},
		{"B", 40, 1, money("20")},
		{"C", 200, 2, money("35.50")},
		{"D", 5, 1, money("20.00")},
		{"E", 90, 4, money("120")},
	}
	tests := []struct {
		name string
		opts ScoreOptions
		want []Scores
	}{
		{
			name: "quintiles",
			// n = 5, k = 5: edges are x[⌊4j/5⌋] = x[0], x[1], x[2], x[3] of the sorted values.
			// Recency is binned on negated days −200, −90, −40, −5, −5: edges −200, −90,
			// −40, −5; A −5 ≤ −5 and > −40 → 4, B 3, C 1, D 4, E 2. The tie at the
			// most recent falls to the lower score, so no customer gets R 5.
			// Frequency 1, 1, 2, 4, 10: edges 1, 1, 2, 4; A 5, B 1, C 3, D 1, E 4.
			// Monetary 20, 20.00, 35.50, 120, 500: edges 20, 20, 35.5, 120; A 5, B 1,
			// C 3, D 1 (20.00 equals 20), E 4.
			want: []Scores{{4, 5, 5}, {3, 1, 1}, {1, 3, 3}, {4, 1, 1}, {2, 4, 4}},
		},
		{
			name: "cut points",
			opts: ScoreOptions{
				RecencyCuts:   []int{30, 90},
				FrequencyCuts: []int{1, 3},
				MonetaryCuts:  []decimal.Decimal{money("20"), money("100")},
			},
			// Recency ≤ 30 → bin 1 → score 3; (30, 90] → 2; > 90 → 1.
			// Frequency ≤ 1 → 1; (1, 3] → 2; > 3 → 3. Monetary ≤ 20 → 1; (20, 100] → 2; > 100 → 3.
			want: []Scores{{3, 3, 3}, {2, 1, 1}, {1, 2, 2}, {3, 1, 1}, {2, 3, 3}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Score(values, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Score mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreTiesFallToLowerScore(t *testing.T) {
	// A run of tied values takes the lowest bin that reaches it, on every
	// dimension, and the scores above it stay unused. n = 5, k = 5: edges
	// x[0], x[1], x[2], x[3] of the sorted values (hand calculation).
	// Recency, negated: −100 ×4, −1; edges all −100, so the four oldest
	// customers get R 1 and the recent one R 5.
	// Frequency 1, 5, 5, 5, 5: edges 1, 5, 5, 5; the four 5s get F 2.
	one := money("1")
	values := []RFM[string]{
		{"recent", 1, 1, one}, {"old1", 100, 5, one}, {"old2", 100, 5, one},
		{"old3", 100, 5, one}, {"old4", 100, 5, one},
	}
	got, err := Score(values, ScoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Scores{{5, 1, 1}, {1, 2, 1}, {1, 2, 1}, {1, 2, 1}, {1, 2, 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Score mismatch (-want +got):\n%s", diff)
	}
}

func TestScoreRecencyDirectionAgrees(t *testing.T) {
	// Quantiles and cut points must both give the most recent customers
	// the highest recency score.
	values := []RFM[int]{{1, 3, 1, money("1")}, {2, 300, 1, money("1")}}
	byQuantile, err := Score(values, ScoreOptions{Bins: 2})
	if err != nil {
		t.Fatal(err)
	}
	byCuts, err := Score(values, ScoreOptions{RecencyCuts: []int{30}})
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string][]Scores{"quantiles": byQuantile, "cut points": byCuts} {
		if s[0].R != 2 || s[1].R != 1 {
			t.Errorf("%s: recency scores %d (3 days), %d (300 days), want 2, 1", name, s[0].R, s[1].R)
		}
	}
}

func TestScoreMonetaryPastInt64Keys(t *testing.T) {
	// 1e30 and 0.000001 cannot share an int64 key, so the decimal path
	// must give the order the int64 path gives without the large value.
	values := []RFM[int]{
		{1, 1, 1, money("0.000001")},
		{2, 1, 1, money("1000000000000000000000000000000")},
		{3, 1, 1, money("5")},
		{4, 1, 1, money("0.000002")},
	}
	got, err := Score(values, ScoreOptions{Bins: 4})
	if err != nil {
		t.Fatal(err)
	}
	// Sorted 0.000001, 0.000002, 5, 1e30: edges x[0], x[1], x[2], so bins 1, 4, 3, 2.
	want := []int{1, 4, 3, 2}
	for i, s := range got {
		if s.M != want[i] {
			t.Errorf("customer %d: M = %d, want %d", values[i].Customer, s.M, want[i])
		}
	}
	cuts, err := Score(values, ScoreOptions{MonetaryCuts: []decimal.Decimal{money("0.000001"), money("1e29")}})
	if err != nil {
		t.Fatal(err)
	}
	for i, wantM := range []int{1, 3, 2, 2} {
		if cuts[i].M != wantM {
			t.Errorf("cut points, customer %d: M = %d, want %d", values[i].Customer, cuts[i].M, wantM)
		}
	}
}

func TestScoreMonetaryExponentsFarApart(t *testing.T) {
	// Exponents MinInt32 and 0 differ by 2³¹, past int32. Sorted
	// 1e-2147483648, 5; two bins put the edge at x[(2-1)·1/2] = x[0],
	// so the small value gets M 1 and 5 gets M 2.
	values := []RFM[int]{
		{1, 1, 1, decimal.New(1, math.MinInt32)},
		{2, 1, 1, decimal.New(5, 0)},
	}
	got, err := Score(values, ScoreOptions{Bins: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].M != 1 || got[1].M != 2 {
		t.Errorf("M scores %d, %d, want 1, 2", got[0].M, got[1].M)
	}
}

func TestScoreErrors(t *testing.T) {
	valid := []RFM[string]{{"A", 1, 1, money("1")}}
	tests := []struct {
		name    string
		values  []RFM[string]
		opts    ScoreOptions
		wantErr error
	}{
		{"no customers", nil, ScoreOptions{}, ErrNoRecords},
		{"negative recency", []RFM[string]{{"A", -1, 1, money("1")}}, ScoreOptions{}, ErrInvalidValue},
		{"zero frequency", []RFM[string]{{"A", 1, 0, money("1")}}, ScoreOptions{}, ErrInvalidValue},
		{"negative monetary", []RFM[string]{{"A", 1, 1, money("-1")}}, ScoreOptions{}, ErrInvalidValue},
		{"too many bins", valid, ScoreOptions{Bins: 101}, ErrInvalidOptions},
		{"negative bins", valid, ScoreOptions{Bins: -1}, ErrInvalidOptions},
		{"cuts for other bins", valid, ScoreOptions{Bins: 5, RecencyCuts: []int{30}}, ErrInvalidOptions},
		{"cut counts disagree", valid, ScoreOptions{RecencyCuts: []int{30}, FrequencyCuts: []int{1, 2}}, ErrInvalidOptions},
		{"descending cuts", valid, ScoreOptions{FrequencyCuts: []int{5, 2}}, ErrInvalidOptions},
		{"repeated monetary cut", valid, ScoreOptions{MonetaryCuts: []decimal.Decimal{money("1"), money("1.0")}}, ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Score(tc.values, tc.opts); !errors.Is(err, tc.wantErr) {
				t.Errorf("Score error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestStandardSegments(t *testing.T) {
	m := StandardSegments()
	if err := m.Validate(5); err != nil {
		t.Fatalf("StandardSegments().Validate(5) = %v", err)
	}
	tests := []struct {
		scores Scores
		want   string
	}{
		// A 555 customer is in Champions and in Loyal Customers; the first wins.
		{Scores{5, 5, 5}, "Champions"},
		{Scores{3, 4, 4}, "Loyal Customers"},
		{Scores{5, 1, 1}, "New Customers"},
		{Scores{3, 1, 1}, "Promising"},
		{Scores{5, 2, 3}, "Potential Loyalist"},
		{Scores{2, 2, 2}, "Need Attention"},
		{Scores{2, 1, 1}, "About To Sleep"},
		{Scores{1, 5, 5}, "Can't Lose Them"},
		{Scores{1, 3, 2}, "At Risk"},
		{Scores{1, 1, 1}, "Lost"},
		{Scores{1, 1, 3}, "Other"},
	}
	var scores []Scores
	for _, tc := range tests {
		scores = append(scores, tc.scores)
	}
	got, err := m.Assign(scores, 5)
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range tests {
		if got[i] != tc.want {
			t.Errorf("segment of %v = %q, want %q", tc.scores, got[i], tc.want)
		}
	}
}

func TestSegmentMapShadowedSegment(t *testing.T) {
	// The order the rfm package's example lists its segments in: under
	// first-match precedence three of them can never be reached.
	listed := StandardSegments()
	byName := map[string]NamedSegment{}
	for _, s := range listed.Segments {
		byName[s.Name] = s
	}
	listed.Segments = nil
	for _, name := range []string{"Champions", "Loyal Customers", "Potential Loyalist", "New Customers", "Promising",
		"Need Attention", "About To Sleep", "At Risk", "Can't Lose Them", "Lost"} {
		listed.Segments = append(listed.Segments, byName[name])
	}
	if err := listed.Validate(5); !errors.Is(err, ErrShadowedSegment) {
		t.Fatalf("Validate() = %v, want ErrShadowedSegment", err)
	}
	coverage, err := listed.Coverage(5)
	if err != nil {
		t.Fatal(err)
	}
	shadowed := map[string]bool{}
	assigned := 0
	for _, c := range coverage {
		if c.Assigned == 0 {
			shadowed[c.Name] = true
		}
		assigned += c.Assigned
	}
	want := map[string]bool{"New Customers": true, "Promising": true, "Can't Lose Them": true}
	if diff := cmp.Diff(want, shadowed); diff != "" {
		t.Errorf("shadowed segments mismatch (-want +got):\n%s", diff)
	}
	if assigned != 125 {
		t.Errorf("cells assigned = %d, want 5³ = 125", assigned)
	}
}

func TestSegmentMapErrors(t *testing.T) {
	seg := func(name string, lo, hi int) NamedSegment {
		return NamedSegment{Name: name, R: ScoreRange{lo, hi}, F: ScoreRange{1, 5}, M: ScoreRange{1, 5}}
	}
	tests := []struct {
		name    string
		m       SegmentMap
		wantErr error
	}{
		{"no name", SegmentMap{Segments: []NamedSegment{seg("", 1, 5)}}, ErrInvalidRule},
		{"named Other", SegmentMap{Segments: []NamedSegment{seg("Other", 1, 5)}}, ErrInvalidRule},
		{"duplicate", SegmentMap{Segments: []NamedSegment{seg("a", 1, 2), seg("a", 3, 5)}}, ErrInvalidRule},
		{"range past bins", SegmentMap{Segments: []NamedSegment{seg("a", 1, 6)}}, ErrInvalidRule},
		{"range reversed", SegmentMap{Segments: []NamedSegment{seg("a", 4, 2)}}, ErrInvalidRule},
		{"zero range", SegmentMap{Segments: []NamedSegment{{Name: "a"}}}, ErrInvalidRule},
		{"later segment shadowed", SegmentMap{Segments: []NamedSegment{seg("all", 1, 5), seg("top", 5, 5)}}, ErrShadowedSegment},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.m.Validate(5); !errors.Is(err, tc.wantErr) {
				t.Errorf("Validate() = %v, want %v", err, tc.wantErr)
			}
		})
	}
	if _, err := StandardSegments().Assign([]Scores{{6, 1, 1}}, 5); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Assign(6, 1, 1) error = %v, want ErrInvalidValue", err)
	}
}

func TestRFMJSONRoundTrip(t *testing.T) {
	type scored struct {
		Values   []RFM[string] `json:"values"`
		Scores   []Scores      `json:"scores"`
		Coverage []Coverage    `json:"coverage"`
	}
	coverage, err := StandardSegments().Coverage(5)
	if err != nil {
		t.Fatal(err)
	}
	want := scored{
		Values:   []RFM[string]{{"A", 122, 3, money("25.10")}, {"B", 0, 1, money("0.00")}},
		Scores:   []Scores{{5, 4, 3}, {1, 1, 1}},
		Coverage: coverage,
	}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got scored
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}
