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

	"github.com/crmmetrics/crmmetrics/nps"
)

// accumulatorSamples holds a value of every accumulator type the pipeline
// combines, with every field set to a value other than its zero, so that a
// field the coder drops shows up as a difference.
func accumulatorSamples() []any {
	return []any{
		nps.Tally{Counts: [11]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Unanswered: 12},
	}
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
