package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/ces"
	"github.com/crmmetrics/crmmetrics/csat"
	"github.com/crmmetrics/crmmetrics/nps"
)

// accumulatorSamples holds a value of every accumulator type the pipeline
// combines, with every field set to a value other than its zero, so that a
// field the coder drops shows up as a difference.
func accumulatorSamples() []any {
	return []any{
		nps.Tally{Counts: [11]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Unanswered: 12},
		csatSample(),
		cesSample(),
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

// TestAccumulatorsCrossPrism sends every accumulator sample through prism:
// beam.Create encodes it into the pipeline, and a worker decodes it before
// turning it into JSON.
func TestAccumulatorsCrossPrism(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	for _, sample := range accumulatorSamples() {
		scope := s.Scope(fmt.Sprintf("%T", sample))
		got := beam.ParDo(scope, toJSON, beam.Create(scope, sample))
		passert.Equals(scope, got, mustJSON(t, sample))
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
