package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/ces"
	"github.com/crmmetrics/crmmetrics/csat"
	"github.com/crmmetrics/crmmetrics/nps"
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
