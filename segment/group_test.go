package segment

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

type sale struct {
	Region string
	Amount decimal.Decimal
}

func sales(pairs ...string) []sale {
	out := make([]sale, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, sale{pairs[i], decimal.RequireFromString(pairs[i+1])})
	}
	return out
}

func region(s sale) string { return s.Region }

func TestGroupBy(t *testing.T) {
	records := sales("north", "1", "south", "2", "east", "3", "north", "4", "south", "5")
	got := GroupBy(records, region)
	want := []Group[string, sale]{
		{"east", sales("east", "3")},
		{"north", sales("north", "1", "north", "4")},
		{"south", sales("south", "2", "south", "5")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GroupBy mismatch (-want +got):\n%s", diff)
	}
}

func TestGroupByEmpty(t *testing.T) {
	if got := GroupBy([]sale(nil), region); len(got) != 0 {
		t.Errorf("GroupBy(nil) = %v, want no groups", got)
	}
}

func TestGroupByNaNKeysShareGroup(t *testing.T) {
	records := []float64{2, math.NaN(), 1, math.NaN(), 2}
	got := GroupBy(records, func(x float64) float64 { return x })
	if len(got) != 3 {
		t.Fatalf("GroupBy gave %d groups, want 3 (NaN, 1, 2)", len(got))
	}
	if !math.IsNaN(got[0].Key) || len(got[0].Records) != 2 {
		t.Errorf("first group = %v, want the two NaN records", got[0])
	}
	if got[1].Key != 1 || got[2].Key != 2 || len(got[2].Records) != 2 {
		t.Errorf("groups = %v, want 1 then 2 ×2", got)
	}
}

func TestGroupByAppendDoesNotOverwrite(t *testing.T) {
	// Groups share a backing array; appending to one must not write into
	// the next.
	groups := GroupBy([]int{1, 2}, func(x int) int { return x })
	_ = append(groups[0].Records, 99)
	if groups[1].Records[0] != 2 {
		t.Errorf("append to group 1 overwrote group 2: %v", groups[1].Records)
	}
}

// total sums the amounts of sales exactly.
func total(records []sale) (decimal.Decimal, error) {
	var s decsum.Sum
	for _, r := range records {
		s.Add(r.Amount)
	}
	return s.Value(), nil
}

var errEmpty = errors.New("no sales")

// mean averages amounts to cents, and fails on no sales.
func mean(records []sale) (decimal.Decimal, error) {
	if len(records) == 0 {
		return decimal.Decimal{}, errEmpty
	}
	sum, _ := total(records)
	return sum.DivRound(decimal.NewFromInt(int64(len(records))), 2), nil
}

func TestMeasure(t *testing.T) {
	records := sales("north", "10.50", "south", "2.25", "north", "4.00", "west", "0.01")
	got, err := Measure(records, region, total)
	if err != nil {
		t.Fatal(err)
	}
	// north 10.50 + 4.00 = 14.50; south 2.25; west 0.01; all 16.76.
	want := Table[string, decimal.Decimal]{
		Segments: []Row[string, decimal.Decimal]{
			{Key: "north", Count: 2, Value: decimal.RequireFromString("14.50")},
			{Key: "south", Count: 1, Value: decimal.RequireFromString("2.25")},
			{Key: "west", Count: 1, Value: decimal.RequireFromString("0.01")},
		},
		Total: decimal.RequireFromString("16.76"),
		Count: 4,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Measure mismatch (-want +got):\n%s", diff)
	}
}

func TestMeasureKeepsFailedSegments(t *testing.T) {
	failing := func(records []sale) (int, error) {
		if records[0].Region == "south" {
			return 0, errEmpty
		}
		return len(records), nil
	}
	got, err := Measure(sales("north", "1", "south", "2"), region, failing)
	if !errors.Is(err, errEmpty) {
		t.Fatalf("Measure error = %v, want errEmpty", err)
	}
	if len(got.Segments) != 2 || got.Segments[0].Err != nil || !errors.Is(got.Segments[1].Err, errEmpty) {
		t.Errorf("segments = %+v, want north fine and south failed", got.Segments)
	}
	if got.TotalErr != nil || got.Total != 2 {
		t.Errorf("total = %v, %v, want 2, nil", got.Total, got.TotalErr)
	}
}

func TestMeasureEmpty(t *testing.T) {
	got, err := Measure([]sale{}, region, mean)
	if !errors.Is(err, errEmpty) || !errors.Is(got.TotalErr, errEmpty) || len(got.Segments) != 0 {
		t.Errorf("Measure(empty) = %+v, %v, want no segments and the metric's error", got, err)
	}
}

func TestAccumulateMatchesOnePass(t *testing.T) {
	records := sales("b", "0.10", "a", "1e20", "b", "0.20", "c", "-3", "a", "5.5")
	add := func(s *decsum.Sum, r sale) error { s.Add(r.Amount); return nil }
	got, err := Accumulate(records, region, add, (*decsum.Sum).Merge)
	if err != nil {
		t.Fatal(err)
	}
	onePass, _ := total(records)
	if !got.Total.Value().Equal(onePass) {
		t.Errorf("merged total %s, one pass %s", got.Total.Value(), onePass)
	}
	// a: 1e20 + 5.5; b: 0.30; c: −3. Sum = 100000000000000000002.8.
	want := []string{"100000000000000000005.5", "0.3", "-3"}
	for i, row := range got.Segments {
		if !row.Value.Value().Equal(decimal.RequireFromString(want[i])) {
			t.Errorf("segment %s = %s, want %s", row.Key, row.Value.Value(), want[i])
		}
	}
	if !onePass.Equal(decimal.RequireFromString("100000000000000000002.8")) {
		t.Errorf("one pass = %s", onePass)
	}
}

func TestAccumulateAddError(t *testing.T) {
	add := func(n *int, r sale) error {
		if r.Amount.IsNegative() {
			return fmt.Errorf("negative amount %s: %w", r.Amount, ErrInvalidValue)
		}
		*n++
		return nil
	}
	_, err := Accumulate(sales("a", "1", "b", "-1"), region, add, func(a *int, b int) { *a += b })
	if !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Accumulate error = %v, want ErrInvalidValue", err)
	}
}

func TestTableJSONRoundTrip(t *testing.T) {
	want, err := Measure(sales("north", "10.50", "south", "2.25"), region, total)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got Table[string, decimal.Decimal]
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestGroupingAllocations(t *testing.T) {
	build := func(n int) []sale {
		out := make([]sale, n)
		for i := range out {
			out[i] = sale{Region: []string{"a", "b", "c"}[i%3], Amount: decimal.New(int64(i), -2)}
		}
		return out
	}
	small, large := build(30), build(3000)
	add := func(s *decsum.Sum, r sale) error { s.Add(r.Amount); return nil }
	for name, run := range map[string]func([]sale){
		"GroupBy":    func(r []sale) { GroupBy(r, region) },
		"Accumulate": func(r []sale) { _, _ = Accumulate(r, region, add, (*decsum.Sum).Merge) },
	} {
		a := testing.AllocsPerRun(10, func() { run(small) })
		b := testing.AllocsPerRun(10, func() { run(large) })
		if a != b {
			t.Errorf("%s allocations grow with records: %v for 30, %v for 3000", name, a, b)
		}
	}
}

func TestRules(t *testing.T) {
	type customer struct {
		Spend  float64
		Orders int
	}
	rules := Rules[customer]{
		Rules: []Rule[customer]{
			{"vip", func(c customer) bool { return c.Spend >= 1000 }},
			{"regular", func(c customer) bool { return c.Orders >= 3 }},
			{"vip", func(c customer) bool { return c.Orders >= 50 }},
		},
		Default: "occasional",
	}
	tests := []struct {
		name string
		in   customer
		want string
	}{
		{"first rule wins over later", customer{Spend: 2000, Orders: 10}, "vip"},
		{"threshold inclusive", customer{Spend: 1000}, "vip"},
		{"second rule", customer{Spend: 999.99, Orders: 3}, "regular"},
		{"earlier rule shadows repeat name", customer{Orders: 60}, "regular"},
		{"default", customer{Spend: 10, Orders: 1}, "occasional"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rules.Assign(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("Assign(%+v) = %q, %v, want %q", tc.in, got, err, tc.want)
			}
		})
	}

	rules.Default = ""
	if _, err := rules.AssignAll([]customer{{Spend: 2000}, {Spend: 1}}); !errors.Is(err, ErrNoMatch) {
		t.Errorf("AssignAll without default error = %v, want ErrNoMatch", err)
	}
	rules.Rules = append(rules.Rules, Rule[customer]{Name: "broken"})
	if _, err := rules.Assign(customer{}); !errors.Is(err, ErrInvalidRule) {
		t.Errorf("Assign with nil Match error = %v, want ErrInvalidRule", err)
	}
}
