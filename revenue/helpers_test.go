package revenue

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal {
	return decimal.RequireFromString(s)
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// checkDecimal fails the test unless got equals want exactly.
func checkDecimal(t *testing.T, name string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", name, got, want)
	}
}

// checkErr fails the test unless err wraps want, or is nil when want is nil.
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	if want == nil && err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("error = %v, want one wrapping %v", err, want)
	}
}

// summary returns p.Summary() and fails the test on an error.
func summary(t *testing.T, p *Purchases) PurchaseSummary {
	t.Helper()
	s, err := p.Summary()
	if err != nil {
		t.Fatalf("Summary: %v", err)
	}
	return s
}
