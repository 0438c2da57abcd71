package pipeline_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// day is 24 hours, the unit of the hand-worked cycle lengths below.
const day = 24 * time.Hour

// date returns midnight UTC of the given day.
func date(year int, month time.Month, d int) time.Time {
	return time.Date(year, month, d, 0, 0, 0, 0, time.UTC)
}

// dec parses a decimal literal written in a test.
func dec(s string) decimal.Decimal {
	return decimal.RequireFromString(s)
}

// won returns a won deal created and closed at the given times.
func won(id, amount string, created, closed time.Time) pipeline.Deal {
	return pipeline.Deal{ID: id, Stage: "Won", Outcome: pipeline.Won, Amount: dec(amount), CreatedAt: created, ClosedAt: closed}
}

// lost returns a lost deal created and closed at the given times.
func lost(id, amount string, created, closed time.Time) pipeline.Deal {
	return pipeline.Deal{ID: id, Stage: "Lost", Outcome: pipeline.Lost, Amount: dec(amount), CreatedAt: created, ClosedAt: closed}
}

// open returns an open deal in the given stage.
func open(id, stage, amount string, created time.Time) pipeline.Deal {
	return pipeline.Deal{ID: id, Stage: stage, Outcome: pipeline.Open, Amount: dec(amount), CreatedAt: created}
}

// checkErr fails the test unless err wraps want, or is nil when want is nil.
// It reports whether the test should go on to check the result.
func checkErr(t *testing.T, err, want error) bool {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return true
	}
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want one wrapping %v", err, want)
	}
	return false
}

// checkDecimal fails the test unless got equals want exactly.
func checkDecimal(t *testing.T, name string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", name, got, want)
	}
}
