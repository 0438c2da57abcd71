package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/ces"
	"github.com/crmmetrics/crmmetrics/csat"
	"github.com/crmmetrics/crmmetrics/nps"
	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/crmmetrics/crmmetrics/revenue/clv"
)

// accumulatorSamples holds a value of every accumulator type the pipeline
// combines, with every field set to a value other than its zero, so that a
// field the coder drops shows up as a difference.
func accumulatorSamples() []any {
	return []any{
		nps.Tally{Counts: [11]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Unanswered: 12},
		csatSample(),
		cesSample(),
		clv.Purchases{Days: map[string][]clv.PurchaseDay{
			"C1": {{Day: 19000, Value: decimal.New(1050, -2)}, {Day: 19007, Value: decimal.New(3, 0)}},
			"C2": {{Day: 19001, Value: decimal.New(-0, -2)}},
		}},
		clv.Customer{ID: "C1", Frequency: 3, Recency: 21 * clv.Day, Age: 40 * clv.Day, MeanValue: decimal.New(123456789, -8)},
		retention.CustomerCounts{AtStart: 1, AtEnd: 2, New: 3, Churned: 4, NewChurned: 5, Reactivated: 6, Retained: 7},
		retention.SurvivalTable{Rows: []retention.TimeCount{
			{Time: 30.5, Events: 1, Censored: 2, Entered: 3},
			{Time: 0, Events: 4},
			{Time: 30.5, Censored: 5},
		}},
		bridgeSample(),
		// The pipeline's rows cross a CoGroupByKey as well.
		Customer{File: "customers.csv", Line: 2, ID: "C1", SignedUpOn: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC),
			ChurnedOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC), Segment: "pro"},
		SubscriptionMonth{File: "subscriptions.csv", Line: 3, CustomerID: "C1", Month: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
			MRR: decimal.New(2950, -2)},
	}
}

// bridgeSample returns an MRR bridge of two months with every field set.
func bridgeSample() retention.Bridge {
	month := func(m time.Month, base int64) retention.Movements {
		return retention.Movements{
			From: retention.Month{Year: 2024, Month: m}, To: retention.Month{Year: 2024, Month: m},
			Start: decimal.New(base, -2), New: decimal.New(base+1, -1), Expansion: decimal.New(base+2, 0),
			Reactivation: decimal.New(base+3, -3), Contraction: decimal.New(base+4, -2), Churn: decimal.New(base+5, -2),
			End: decimal.New(base+6, -2), StartCustomers: base + 7, NewCustomers: base + 8, ExpansionCustomers: base + 9,
			ReactivatedCustomers: base + 10, ContractionCustomers: base + 11, ChurnedCustomers: base + 12, EndCustomers: base + 13,
		}
	}
	return retention.Bridge{
		Months: []retention.Movements{month(time.November, 100), month(time.December, 200)},
		Cohort: retention.RevenueCohort{Customers: 3, Start: decimal.New(15000, -2), End: decimal.New(120, 0), Retained: decimal.New(1000, -1)},
	}
}

func csatSample() csat.Tally {
	t := csat.Tally{Scale: csat.Scale{Min: 0, Max: 10}, Unanswered: 3}
	for v := range 11 {
		t.AddN(v, int64(v+1))
	}
	return t
}

func cesSample() ces.Tally {
	t := ces.Tally{Scale: ces.Agreement7(), Unanswered: 2}
	for v := 1; v <= 7; v++ {
		t.AddN(v, int64(10*v))
	}
	return t
}

func init() {
	beam.RegisterFunction(toJSON)
	register.Combiner3[nps.Tally, string, string](&decodeAccumulatorFn[nps.Tally]{})
	register.Combiner3[csat.Tally, string, string](&decodeAccumulatorFn[csat.Tally]{})
	register.Combiner3[ces.Tally, string, string](&decodeAccumulatorFn[ces.Tally]{})
	register.Combiner3[clv.Purchases, string, string](&decodeAccumulatorFn[clv.Purchases]{})
	register.Combiner3[clv.Customer, string, string](&decodeAccumulatorFn[clv.Customer]{})
	register.Combiner3[retention.CustomerCounts, string, string](&decodeAccumulatorFn[retention.CustomerCounts]{})
	register.Combiner3[retention.SurvivalTable, string, string](&decodeAccumulatorFn[retention.SurvivalTable]{})
	register.Combiner3[retention.Bridge, string, string](&decodeAccumulatorFn[retention.Bridge]{})
	register.Combiner3[Customer, string, string](&decodeAccumulatorFn[Customer]{})
	register.Combiner3[SubscriptionMonth, string, string](&decodeAccumulatorFn[SubscriptionMonth]{})
}

// toJSON returns the JSON of any element, inside a pipeline.
func toJSON(x beam.T) (string, error) {
	data, err := json.Marshal(x)
	return string(data), err
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAccumulatorCodersRoundTrip checks that every accumulator survives the
// coder Beam infers for it, the one CombinePerKey uses for partial
// accumulators between workers: encoding and decoding must give the same
// JSON. Beam's row coder encodes exported fields only, so an accumulator
// whose state sits in unexported fields decodes as zeros without an error.
func TestAccumulatorCodersRoundTrip(t *testing.T) {
	for _, sample := range accumulatorSamples() {
		t.Run(fmt.Sprintf("%T", sample), func(t *testing.T) {
			typ := reflect.TypeOf(sample)
			var buf bytes.Buffer
			if err := beam.NewElementEncoder(typ).Encode(sample, &buf); err != nil {
				t.Fatalf("encoding %T: %v", sample, err)
			}
			decoded, err := beam.NewElementDecoder(typ).Decode(&buf)
			if err != nil {
				t.Fatalf("decoding %T: %v", sample, err)
			}
			if got, want := mustJSON(t, decoded), mustJSON(t, sample); got != want {
				t.Errorf("%T after Beam's coder = %s, want %s (a field is lost: register a coder or export it)", sample, got, want)
			}
		})
	}
}

// decodeAccumulatorFn is a CombineFn whose accumulator is a T decoded from
// the JSON input. Each key gets one input, so the runner sends every
// accumulator from the pre-combine step through the GroupByKey, encoded
// with the accumulator coder that CombinePerKey infers for T, and merges
// nothing.
type decodeAccumulatorFn[T any] struct{}

func (*decodeAccumulatorFn[T]) CreateAccumulator() T { var zero T; return zero }

func (*decodeAccumulatorFn[T]) AddInput(_ T, text string) (T, error) {
	var v T
	err := json.Unmarshal([]byte(text), &v)
	return v, err
}

func (*decodeAccumulatorFn[T]) MergeAccumulators(a, _ T) (T, error) {
	return a, fmt.Errorf("merge of two %T accumulators: the test sends one input per key", a)
}

func (*decodeAccumulatorFn[T]) ExtractOutput(a T) (string, error) {
	data, err := json.Marshal(a)
	return string(data), err
}

// crossPrism adds to s the trip of sample, as a CombinePerKey accumulator,
// through the pipeline's GroupByKey.
func crossPrism[T any](t *testing.T, s beam.Scope, sample T) {
	t.Helper()
	text := mustJSON(t, sample)
	keyed := beam.AddFixedKey(s, beam.Create(s, text))
	got := beam.DropKey(s, beam.CombinePerKey(s, &decodeAccumulatorFn[T]{}, keyed))
	passert.Equals(s, got, text)
}

// TestAccumulatorsCrossPrism sends every accumulator sample through prism
// as a CombinePerKey accumulator and checks that it comes out unchanged.
func TestAccumulatorsCrossPrism(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	for _, sample := range accumulatorSamples() {
		scope := s.Scope(fmt.Sprintf("%T", sample))
		switch v := sample.(type) {
		case nps.Tally:
			crossPrism(t, scope, v)
		case csat.Tally:
			crossPrism(t, scope, v)
		case ces.Tally:
			crossPrism(t, scope, v)
		case clv.Purchases:
			crossPrism(t, scope, v)
		case clv.Customer:
			crossPrism(t, scope, v)
		case retention.CustomerCounts:
			crossPrism(t, scope, v)
		case retention.SurvivalTable:
			crossPrism(t, scope, v)
		case retention.Bridge:
			crossPrism(t, scope, v)
		case Customer:
			crossPrism(t, scope, v)
		case SubscriptionMonth:
			crossPrism(t, scope, v)
		default:
			t.Fatalf("no prism trip for %T: add a case", sample)
		}
	}
	if err := ptest.Run(p); err != nil {
		t.Errorf("an accumulator changed on its way through prism: %v", err)
	}
}

// moneyRow is a struct with decimal fields, as the money accumulators have.
type moneyRow struct {
	Amount  decimal.Decimal
	Amounts []decimal.Decimal
}

// TestDecimalSchemaRoundTrip checks that decimal.Decimal fields keep their
// value and exponent through Beam's row coder, which without the registered
// schema would decode them as 0.
func TestDecimalSchemaRoundTrip(t *testing.T) {
	huge, _ := decimal.NewFromString("-123456789012345678901234567890.000000001")
	samples := []moneyRow{
		{Amount: decimal.New(150, -2), Amounts: []decimal.Decimal{decimal.Zero, decimal.New(-1, -3), huge}},
		{Amount: decimal.New(7, 3)},
	}
	typ := reflect.TypeFor[moneyRow]()
	for _, sample := range samples {
		var buf bytes.Buffer
		if err := beam.NewElementEncoder(typ).Encode(sample, &buf); err != nil {
			t.Fatalf("encoding %+v: %v", sample, err)
		}
		decoded, err := beam.NewElementDecoder(typ).Decode(&buf)
		if err != nil {
			t.Fatalf("decoding %+v: %v", sample, err)
		}
		got := decoded.(moneyRow)
		if got.Amount.String() != sample.Amount.String() || got.Amount.Exponent() != sample.Amount.Exponent() {
			t.Errorf("Amount after Beam's coder = %s (exponent %d), want %s (exponent %d)",
				got.Amount, got.Amount.Exponent(), sample.Amount, sample.Amount.Exponent())
		}
		if len(got.Amounts) != len(sample.Amounts) {
			t.Fatalf("Amounts after Beam's coder has %d values, want %d", len(got.Amounts), len(sample.Amounts))
		}
		for i := range got.Amounts {
			if !got.Amounts[i].Equal(sample.Amounts[i]) {
				t.Errorf("Amounts[%d] after Beam's coder = %s, want %s", i, got.Amounts[i], sample.Amounts[i])
			}
		}
	}
}

// roundTrip returns v after Beam's coder for its type.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	typ := reflect.TypeFor[T]()
	var buf bytes.Buffer
	if err := beam.NewElementEncoder(typ).Encode(v, &buf); err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	decoded, err := beam.NewElementDecoder(typ).Decode(&buf)
	if err != nil {
		t.Fatalf("decoding %T: %v", v, err)
	}
	return decoded.(T)
}

// TestSurvivalTableAfterCoder shows what Beam's coder does to
// retention.SurvivalTable. Its rows survive, but the unexported field that
// records the length of Rows at the last compaction, a hint for when to
// compact next, decodes as 0. A decoded table therefore compacts on its
// next Add, where the original waits until its rows have doubled. The
// hint changes when rows are sorted and merged, never the counts, so the
// curve after further adds and merges equals the curve of one pass.
func TestSurvivalTableAfterCoder(t *testing.T) {
	// 2,000 distinct times in decreasing order: the table compacts once, at
	// 1,024 rows, and the rows added after that are out of order.
	var subjects []retention.Subject
	for i := range 2000 {
		subjects = append(subjects, retention.Subject{Time: float64(4000 - i), Status: retention.Status(1 + i%2)})
	}
	var original retention.SurvivalTable
	for _, s := range subjects {
		if err := original.Add(s); err != nil {
			t.Fatal(err)
		}
	}

	decoded := roundTrip(t, original)
	if !slices.Equal(decoded.Rows, original.Rows) {
		t.Fatal("rows changed through Beam's coder")
	}

	more := retention.Subject{Time: 1, Status: retention.Churned}
	subjects = append(subjects, more)
	for _, table := range []*retention.SurvivalTable{&original, &decoded} {
		if err := table.Add(more); err != nil {
			t.Fatal(err)
		}
	}
	byTime := func(a, b retention.TimeCount) int { return cmpFloat(a.Time, b.Time) }
	if !slices.IsSortedFunc(decoded.Rows, byTime) || slices.IsSortedFunc(original.Rows, byTime) {
		t.Errorf("after one more Add, the decoded table's rows sorted = %v and the original's = %v, "+
			"want true and false: the coder drops the compaction hint", slices.IsSortedFunc(decoded.Rows, byTime), slices.IsSortedFunc(original.Rows, byTime))
	}

	want, err := retention.KaplanMeier(subjects, retention.SurvivalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, table := range map[string]*retention.SurvivalTable{"original": &original, "decoded": &decoded} {
		got, err := table.Curve(retention.SurvivalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("curve of the %s table mismatch (-one pass +table):\n%s", name, diff)
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
