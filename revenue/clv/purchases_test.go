package clv_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

type purchase struct {
	customer string
	at       time.Time
	amount   string
}

func addAll(tb testing.TB, p *clv.Purchases, purchases []purchase, loc *time.Location) {
	tb.Helper()
	for _, x := range purchases {
		if err := p.Add(x.customer, x.at, decimal.RequireFromString(x.amount), loc); err != nil {
			tb.Fatal(err)
		}
	}
}

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// samplePurchases has same-day purchases, a purchase at 23:30 UTC that is
// the next day in Berlin, a zero-value purchase and a one-time buyer.
var samplePurchases = []purchase{
	{"A", time.Date(2024, 3, 1, 9, 0, 0, 0, berlin), "10.00"},
	{"A", time.Date(2024, 3, 1, 18, 0, 0, 0, berlin), "5.50"},
	{"A", time.Date(2024, 3, 8, 23, 30, 0, 0, time.UTC), "20.00"},
	{"A", time.Date(2024, 3, 15, 12, 0, 0, 0, berlin), "0.00"},
	{"B", time.Date(2024, 3, 20, 12, 0, 0, 0, berlin), "99.99"},
}

// TestSummarize checks the summary definitions by hand: A buys on 1 March
// (two orders, one purchase day), 9 March in Berlin (23:30 UTC on 8 March)
// and 15 March, so x = 2, tₓ = 14 days, T = 31 − 1 = 30 days to 31 March,
// mean repeat value (20.00 + 0.00)/2 = 10.00. B buys once: x = 0,
// T = 11 days.
func TestSummarize(t *testing.T) {
	var p clv.Purchases
	addAll(t, &p, samplePurchases, berlin)
	got, err := p.Summarize(time.Date(2024, 3, 31, 20, 0, 0, 0, berlin), berlin)
	if err != nil {
		t.Fatal(err)
	}
	want := []clv.Customer{
		{ID: "A", Frequency: 2, Recency: 14 * clv.Day, Age: 30 * clv.Day, MeanValue: decimal.RequireFromString("10")},
		{ID: "B", Frequency: 0, Recency: 0, Age: 11 * clv.Day},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize mismatch (-want +got):\n%s", diff)
	}
}

// TestPurchasesMerge checks that any split of the log into shards, merged
// in any order, gives the one-pass result, and that a JSON round trip keeps
// it.
func TestPurchasesMerge(t *testing.T) {
	var whole clv.Purchases
	addAll(t, &whole, samplePurchases, berlin)
	asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, berlin)
	want, err := whole.Summarize(asOf, berlin)
	if err != nil {
		t.Fatal(err)
	}
	for split := range len(samplePurchases) + 1 {
		var first, second clv.Purchases
		addAll(t, &first, samplePurchases[:split], berlin)
		addAll(t, &second, samplePurchases[split:], berlin)
		second.Merge(first)

		raw, err := json.Marshal(second)
		if err != nil {
			t.Fatal(err)
		}
		var decoded clv.Purchases
		if err := json.Unmarshal(raw, &decoded); err != nil {
			t.Fatal(err)
		}
		got, err := decoded.Summarize(asOf, berlin)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("split at %d: merged summary mismatch (-want +got):\n%s", split, diff)
		}
	}
}

func TestPurchasesErrors(t *testing.T) {
	var p clv.Purchases
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		customer string
		amount   string
		loc      *time.Location
	}{
		{"empty id", "", "1", time.UTC},
		{"negative amount", "A", "-0.01", time.UTC},
		{"nil location", "A", "1", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := p.Add(tc.customer, at, decimal.RequireFromString(tc.amount), tc.loc); !errors.Is(err, clv.ErrInvalidPurchase) {
				t.Errorf("Add error = %v, want ErrInvalidPurchase", err)
			}
		})
	}
	if _, err := p.Summarize(at, time.UTC); !errors.Is(err, clv.ErrNoCustomers) {
		t.Errorf("Summarize(empty) error = %v, want ErrNoCustomers", err)
	}
	if err := p.Add("A", at, decimal.NewFromInt(1), time.UTC); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Summarize(at.AddDate(0, 0, -1), time.UTC); !errors.Is(err, clv.ErrInvalidPurchase) {
		t.Errorf("Summarize before the last purchase day: error = %v, want ErrInvalidPurchase", err)
	}
	if _, err := p.Summarize(at, nil); !errors.Is(err, clv.ErrInvalidPurchase) {
		t.Errorf("Summarize(nil location) error = %v, want ErrInvalidPurchase", err)
	}
}

// TestSummarizeCDNOW checks that the summaries derived from the converted
// order file equal the published calibration summary for every one of the
// 2,357 customers. Frequencies match exactly, tₓ and T to the 2 decimals
// printed, and the mean repeat value to the cent. The file rounds half up,
// as Round does for positive values.
func TestSummarizeCDNOW(t *testing.T) {
	published := cdnowSummary(t)
	derived := crmSummaries(t, "crm_calibration")
	if len(derived) != len(published) {
		t.Fatalf("derived %d customers, want %d", len(derived), len(published))
	}
	for i, want := range published {
		got := derived[i]
		weeksOf := func(d time.Duration) float64 { return float64(d) / float64(clv.Week) }
		switch {
		case got.Frequency != want.Frequency:
			t.Errorf("customer %s: frequency %d, want %d", want.ID, got.Frequency, want.Frequency)
		case abs(weeksOf(got.Recency)-weeksOf(want.Recency)) > 0.005:
			t.Errorf("customer %s: recency %v, want %v", want.ID, got.Recency, want.Recency)
		case abs(weeksOf(got.Age)-weeksOf(want.Age)) > 0.005:
			t.Errorf("customer %s: age %v, want %v", want.ID, got.Age, want.Age)
		case !got.MeanValue.Round(2).Equal(want.MeanValue):
			t.Errorf("customer %s: mean value %s, want %s", want.ID, got.MeanValue, want.MeanValue)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestPurchasesAddAllocations guards the accumulator's steady state:
// adding a purchase for a known customer does not allocate per purchase.
func TestPurchasesAddAllocations(t *testing.T) {
	var p clv.Purchases
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	amount := decimal.RequireFromString("12.34")
	day := 0
	allocs := testing.AllocsPerRun(1000, func() {
		if err := p.Add("A", start.AddDate(0, 0, day), amount, time.UTC); err != nil {
			t.Fatal(err)
		}
		day++
	})
	if allocs > 0 {
		t.Errorf("Add allocates %v times per purchase, want 0", allocs)
	}
}

// TestPurchasesTimeRange checks the purchase times whose spans do not fit
// in a time.Duration. A time.Duration holds at most math.MaxInt64 ns =
// 106,751.99 days, so 106,751 whole days is the longest span. The zero
// time.Time, what a missing date decodes to, is 739,250 days before
// 2025-12-31 and used to wrap to a recency of about 270 years.
func TestPurchasesTimeRange(t *testing.T) {
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		times   []time.Time
		cutOff  time.Time // asOf when zero
		wantAdd error
		wantErr error
		wantAge time.Duration
	}{
		{"zero time", []time.Time{{}}, time.Time{}, clv.ErrInvalidPurchase, nil, 0},
		{"zero time in Berlin", []time.Time{time.Time{}.In(berlin)}, time.Time{}, clv.ErrInvalidPurchase, nil, 0},
		{"year 1 plus a second", []time.Time{time.Time{}.Add(time.Second), asOf}, time.Time{}, nil, clv.ErrInvalidPurchase, 0},
		{"years -5e6 and 5e6", []time.Time{
			time.Date(-5_000_000, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(5_000_000, 1, 1, 0, 0, 0, 0, time.UTC),
		}, time.Date(5_000_000, 12, 31, 0, 0, 0, 0, time.UTC), nil, clv.ErrInvalidPurchase, 0},
		{"year 5e6 at 2025", []time.Time{time.Date(5_000_000, 1, 1, 0, 0, 0, 0, time.UTC)}, time.Time{}, nil, clv.ErrInvalidPurchase, 0},
		{"106,751 days", []time.Time{asOf.AddDate(0, 0, -106_751)}, time.Time{}, nil, nil, 106_751 * clv.Day},
		{"106,752 days", []time.Time{asOf.AddDate(0, 0, -106_752)}, time.Time{}, nil, clv.ErrInvalidPurchase, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p clv.Purchases
			for _, at := range tc.times {
				if err := p.Add("a", at, decimal.NewFromInt(10), time.UTC); !errors.Is(err, tc.wantAdd) {
					t.Fatalf("Add(%v) error = %v, want %v", at, err, tc.wantAdd)
				}
			}
			if tc.wantAdd != nil {
				return
			}
			cutOff := tc.cutOff
			if cutOff.IsZero() {
				cutOff = asOf
			}
			got, err := p.Summarize(cutOff, time.UTC)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Summarize error = %v, want %v", err, tc.wantErr)
			}
			if err == nil && got[0].Age != tc.wantAge {
				t.Errorf("Age = %v, want %v", got[0].Age, tc.wantAge)
			}
		})
	}
}

// TestPurchasesDecoded checks decoded and hand-built Purchases that break
// the invariants Add keeps. Day 20150 is 2025-03-03 and day 20160 is
// 2025-03-13. Summarize used to read the unsorted days as x = 2, tₓ = 0, a
// summary that ProbabilityAlive rejects.
func TestPurchasesDecoded(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr error
	}{
		{"unsorted and repeated", `{"days":{"a":[{"day":20160,"value":"5"},{"day":20150,"value":"3"},{"day":20160,"value":"1"}]}}`, clv.ErrInvalidPurchase},
		{"repeated day", `{"days":{"a":[{"day":20150,"value":"3"},{"day":20150,"value":"1"}]}}`, clv.ErrInvalidPurchase},
		{"negative value", `{"days":{"a":[{"day":20150,"value":"-1"}]}}`, clv.ErrInvalidPurchase},
		{"empty id", `{"days":{"":[{"day":20150,"value":"1"}]}}`, clv.ErrInvalidPurchase},
		{"no days", `{"days":{"a":[]}}`, clv.ErrInvalidPurchase},
		{"null days", `{"days":{"a":null}}`, clv.ErrInvalidPurchase},
		{"sorted", `{"days":{"a":[{"day":20150,"value":"3"},{"day":20160,"value":"6"}]}}`, nil},
		{"no customers", `{"days":null}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var decoded clv.Purchases
			if err := json.Unmarshal([]byte(tc.json), &decoded); !errors.Is(err, tc.wantErr) {
				t.Errorf("Unmarshal error = %v, want %v", err, tc.wantErr)
			}

			// A coder that bypasses UnmarshalJSON fills Days directly.
			var raw struct {
				Days map[string][]clv.PurchaseDay `json:"days"`
			}
			if err := json.Unmarshal([]byte(tc.json), &raw); err != nil {
				t.Fatal(err)
			}
			built := clv.Purchases{Days: raw.Days}
			_, err := built.Summarize(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC)
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("Summarize of the same Days built by hand: error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

// TestPurchasesAddAfterDecode checks that Add and Merge after decoding
// keep the days sorted and unique. Expected by hand: purchases of 3.00 on
// 2025-03-03 and 5.00 + 1.00 on 2025-03-13 are x = 1, tₓ = 10 days,
// T = 303 days to 2025-12-31 and m̄ = 6, the summary that the unsorted
// JSON of TestPurchasesDecoded should have meant.
func TestPurchasesAddAfterDecode(t *testing.T) {
	var p clv.Purchases
	if err := json.Unmarshal([]byte(`{"days":{"a":[{"day":20160,"value":"5"}]}}`), &p); err != nil {
		t.Fatal(err)
	}
	march := func(day int) time.Time { return time.Date(2025, 3, day, 12, 0, 0, 0, time.UTC) }
	if err := p.Add("a", march(3), decimal.RequireFromString("3"), time.UTC); err != nil {
		t.Fatal(err)
	}
	var shard clv.Purchases
	if err := shard.Add("a", march(13), decimal.RequireFromString("1"), time.UTC); err != nil {
		t.Fatal(err)
	}
	p.Merge(shard)

	wantDays := []clv.PurchaseDay{{Day: 20150, Value: decimal.RequireFromString("3")}, {Day: 20160, Value: decimal.RequireFromString("6")}}
	if diff := cmp.Diff(wantDays, p.Days["a"]); diff != "" {
		t.Errorf("days mismatch (-want +got):\n%s", diff)
	}
	got, err := p.Summarize(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := []clv.Customer{{ID: "a", Frequency: 1, Recency: 10 * clv.Day, Age: 303 * clv.Day, MeanValue: decimal.RequireFromString("6")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize mismatch (-want +got):\n%s", diff)
	}
}

// TestPurchasesUnmarshalReplaces checks that decoding replaces the
// accumulator's contents, as decoding into a fresh value would, and that
// JSON null leaves them unchanged.
func TestPurchasesUnmarshalReplaces(t *testing.T) {
	var p clv.Purchases
	addAll(t, &p, samplePurchases, berlin)
	if err := json.Unmarshal([]byte(`null`), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Days) != 2 {
		t.Errorf("after null: %d customers, want the 2 added", len(p.Days))
	}
	if err := json.Unmarshal([]byte(`{"days":{"C":[{"day":20150,"value":"1"}]}}`), &p); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Days["A"]; ok || len(p.Days) != 1 {
		t.Errorf("after decoding customer C: Days = %v, want C only", p.Days)
	}
	var invalid clv.Purchases
	addAll(t, &invalid, samplePurchases, berlin)
	if err := json.Unmarshal([]byte(`{"days":{"":[{"day":20150,"value":"1"}]}}`), &invalid); !errors.Is(err, clv.ErrInvalidPurchase) {
		t.Fatalf("Unmarshal error = %v, want ErrInvalidPurchase", err)
	}
	if len(invalid.Days) != 2 {
		t.Errorf("after a rejected decode: %d customers, want the 2 added", len(invalid.Days))
	}
}
