package main

import (
	"fmt"
	"io"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	"github.com/shopspring/decimal"
)

// decimal.Decimal keeps its value in unexported fields, so Beam's row coder
// would encode every money field of an accumulator as 0 without an error.
// decimalSchema makes decimal.Decimal a schema logical type stored as the
// text "coefficient e exponent", which keeps the value and its exponent
// exactly (1.50 stays 1.50 and does not become 1.5).
type decimalSchema struct{}

// decimalStorage is the schema type a decimal.Decimal is stored as.
type decimalStorage struct {
	Text string
}

func init() {
	beam.RegisterSchemaProvider(reflect.TypeFor[decimal.Decimal](), &decimalSchema{})
}

// FromLogicalType returns the storage type of decimal.Decimal.
func (*decimalSchema) FromLogicalType(rt reflect.Type) (reflect.Type, error) {
	if rt != reflect.TypeFor[decimal.Decimal]() {
		return nil, fmt.Errorf("decimal schema: unsupported type %v", rt)
	}
	return reflect.TypeFor[decimalStorage](), nil
}

// BuildEncoder returns the encoder of decimal.Decimal values.
func (*decimalSchema) BuildEncoder(reflect.Type) (func(any, io.Writer) error, error) {
	return func(v any, w io.Writer) error {
		if err := coder.WriteSimpleRowHeader(1, w); err != nil {
			return err
		}
		return coder.EncodeStringUTF8(formatDecimal(v.(decimal.Decimal)), w)
	}, nil
}

// BuildDecoder returns the decoder of decimal.Decimal values.
func (*decimalSchema) BuildDecoder(reflect.Type) (func(io.Reader) (any, error), error) {
	return func(r io.Reader) (any, error) {
		if err := coder.ReadSimpleRowHeader(1, r); err != nil {
			return nil, err
		}
		text, err := coder.DecodeStringUTF8(r)
		if err != nil {
			return nil, err
		}
		return parseDecimal(text)
	}, nil
}

// formatDecimal writes d as "coefficient e exponent", such as "150e-2".
func formatDecimal(d decimal.Decimal) string {
	return d.Coefficient().String() + "e" + strconv.Itoa(int(d.Exponent()))
}

// parseDecimal reads the text of formatDecimal.
func parseDecimal(text string) (decimal.Decimal, error) {
	coefficient, exponent, ok := strings.Cut(text, "e")
	c, okC := new(big.Int).SetString(coefficient, 10)
	e, errE := strconv.ParseInt(exponent, 10, 32)
	if !ok || !okC || errE != nil {
		return decimal.Decimal{}, fmt.Errorf("decimal schema: invalid encoded decimal %q", text)
	}
	return decimal.NewFromBigInt(c, int32(e)), nil
}
