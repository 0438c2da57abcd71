package revenue

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// sentinels lists every error the package returns, so that fuzzers can check
// that a failure is one of them.
var sentinels = []error{
	ErrNegativeAmount, ErrMixedCurrency, ErrNoOrders, ErrNoCustomers, ErrNoPayingCustomers,
	ErrZeroRevenue, ErrMarginNotPositive, ErrUnboundedLifetime, ErrNotPaidBack, ErrInvalidRate,
	ErrInvalidCount, ErrInvalidPeriod, ErrMissingCustomer, ErrInvalidOffer, ErrMissingSpend, ErrConfidence,
	ErrOutOfRange, ErrNilLocation,
}

func checkKnownError(t *testing.T, err error) {
	t.Helper()
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel of the package", err)
}

// decodeOrders reads 4 bytes per order: customer (0 for none, else A..E),
// a day offset from 2024-02-20 (0..60, past March both ways), and two bytes
// of cents; a top bit on the customer byte makes the amount negative and
// a top bit on the day byte writes the currency "USD".
func decodeOrders(data []byte) []Order {
	var orders []Order
	for ; len(data) >= 4; data = data[4:] {
		o := Order{At: day("2024-02-20").AddDate(0, 0, int(data[1]&0x3f))}
		if id := data[0] & 0x07 % 6; id > 0 {
			o.CustomerID = string(rune('A' + id - 1))
		}
		cents := int64(data[2]) | int64(data[3])<<8
		if data[0]&0x80 != 0 {
			cents = -cents
		}
		if data[1]&0x80 != 0 {
			o.Currency = "USD"
		}
		o.Amount = decimal.New(cents, -2)
		orders = append(orders, o)
	}
	return orders
}

func FuzzSummarizeOrders(f *testing.F) {
	f.Add([]byte{1, 10, 100, 0, 2, 12, 50, 1, 1, 30, 0, 0, 0, 15, 9, 9})
	f.Add([]byte{1, 0, 1, 0, 1, 20, 1, 0, 1, 50, 1, 0})
	f.Add([]byte{0x81, 10, 1, 0})
	f.Add([]byte{1, 10, 1, 0, 2, 0x8a, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		orders := decodeOrders(data)
		got, err := SummarizeOrders(orders, march)
		if err != nil {
			checkKnownError(t, err)
			return
		}

		// Revenue equals an exact big.Rat sum of the orders in the period.
		want := new(big.Rat)
		var inPeriod int64
		for _, o := range orders {
			if march.Contains(o.At) {
				want.Add(want, o.Amount.Rat())
				inPeriod++
			}
		}
		if got.Revenue.Rat().Cmp(want) != 0 || got.Orders != inPeriod {
			t.Fatalf("revenue %s over %d orders, want %s over %d", got.Revenue, got.Orders, want.FloatString(2), inPeriod)
		}
		if got.Orders+got.Before+got.After != int64(len(orders)) {
			t.Fatalf("orders %d + before %d + after %d != %d", got.Orders, got.Before, got.After, len(orders))
		}
		if !(0 <= got.RepeatCustomers && got.RepeatCustomers <= got.Customers &&
			got.PayingCustomers <= got.Customers && got.NewCustomers <= got.Customers) {
			t.Fatalf("counts out of range: %+v", got)
		}
		if share, err := got.RepeatCustomerShare().Value(); err == nil && (share < 0 || share > 1) {
			t.Fatalf("repeat share %v outside [0, 1]", share)
		}

		// Order independence.
		reversed := slices.Clone(orders)
		slices.Reverse(reversed)
		back, err := SummarizeOrders(reversed, march)
		if err != nil {
			t.Fatalf("reversed orders: %v", err)
		}
		if diff := cmp.Diff(got, back); diff != "" {
			t.Fatalf("reversed orders changed the summary (-want +got):\n%s", diff)
		}

		// Merge at the middle equals one pass.
		a, b := Purchases{Period: march}, Purchases{Period: march}
		for i, o := range orders {
			shard := &a
			if i >= len(orders)/2 {
				shard = &b
			}
			if err := shard.Add(o); err != nil {
				t.Fatalf("Add: %v", err)
			}
		}
		if err := a.Merge(b); err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if diff := cmp.Diff(got, summary(t, &a)); diff != "" {
			t.Fatalf("merged summary differs from one pass (-want +got):\n%s", diff)
		}
	})
}

func FuzzARPA(f *testing.F) {
	f.Add([]byte{1, 10, 100, 0, 2, 12, 0, 0})
	f.Add([]byte{0x81, 10, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		orders := decodeOrders(data)
		charges := make([]Charge, len(orders))
		for i, o := range orders {
			charges[i] = Charge{CustomerID: o.CustomerID, Amount: o.Amount, Currency: o.Currency}
		}
		r, err := ARPA(charges, 6)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		// ARPA times paying customers is the revenue, up to the rounding
		// of half a unit in the sixth place per customer.
		product := r.ARPA.Mul(decimal.NewFromInt(r.PayingCustomers))
		tolerance := decimal.New(5, -7).Mul(decimal.NewFromInt(r.PayingCustomers))
		if product.Sub(r.Revenue).Abs().GreaterThan(tolerance) {
			t.Fatalf("ARPA %s × %d paying = %s, revenue %s", r.ARPA, r.PayingCustomers, product, r.Revenue)
		}
	})
}

func FuzzPaybackFromSchedule(f *testing.F) {
	f.Add(int64(5000), []byte{10, 13, 16, 19, 22})
	f.Add(int64(0), []byte{})
	f.Add(int64(1), []byte{0, 0, 0})
	f.Add(int64(-1), []byte{1})
	f.Fuzz(func(t *testing.T, cacCents int64, raw []byte) {
		cac := decimal.New(cacCents, -2)
		margins := make([]decimal.Decimal, len(raw))
		for i, b := range raw {
			// Bytes above 250 stand for the negative margins -1 to -5.
			m := int64(b)
			if m > 250 {
				m = 250 - m
			}
			margins[i] = decimal.New(m, 0)
		}
		months, err := PaybackFromSchedule(cac, margins)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		if math.IsNaN(months) || math.IsInf(months, 0) || months < 0 || months > float64(len(margins)) {
			t.Fatalf("payback %v months outside [0, %d]", months, len(margins))
		}
		// The margin total after the whole months passed stays below the
		// CAC (unless payback is 0), and with the next month reaches it.
		whole := int(math.Floor(months))
		total := decimal.Zero
		for _, m := range margins[:whole] {
			total = total.Add(m)
		}
		if months > 0 && total.GreaterThan(cac) {
			t.Fatalf("payback %v months, but %d months already total %s > cac %s", months, whole, total, cac)
		}
	})
}

func FuzzPaybackMonths(f *testing.F) {
	f.Add(int64(60000), int64(10000), 0.75)
	f.Add(int64(60000), int64(10000), -0.1)
	f.Add(int64(1), int64(1), 5e-324)
	f.Add(int64(math.MaxInt64), int64(1), 1e-300)
	f.Fuzz(func(t *testing.T, cacCents, arpaCents int64, margin float64) {
		months, err := PaybackMonths(decimal.New(cacCents, -2), decimal.New(arpaCents, -2), margin)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		if math.IsNaN(months) || math.IsInf(months, 0) || months < 0 {
			t.Fatalf("PaybackMonths(%d, %d, %v) = %v", cacCents, arpaCents, margin, months)
		}
	})
}

func FuzzDiscountedCLV(f *testing.F) {
	f.Add(int64(100), 0.9, 0.01, int64(0))
	f.Add(int64(100), 1.0, 0.0, int64(0))
	f.Add(int64(-5), 0.5, 0.0, int64(0))
	f.Add(int64(50), 1.0, 1e-300, int64(3))
	f.Fuzz(func(t *testing.T, margin int64, retention, discount float64, cost int64) {
		in := DiscountedCLVInput{
			Margin: decimal.NewFromInt(margin), Retention: retention, DiscountRate: discount,
			AcquisitionCost: decimal.NewFromInt(cost),
		}
		got, err := DiscountedCLV(in, 2)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		// Compare with the same formula in float64 where it is well
		// conditioned.
		gross := float64(margin) * retention / (1 + discount - retention)
		if denominator := 1 + discount - retention; denominator > 1e-3 && math.Abs(gross) < 1e12 {
			want := gross - float64(cost)
			if diff := math.Abs(got.InexactFloat64() - want); diff > 0.005+1e-9*math.Abs(want) {
				t.Fatalf("DiscountedCLV(%+v) = %s, float64 formula gives %v", in, got, want)
			}
		}
	})
}

func FuzzSimpleCLV(f *testing.F) {
	f.Add(int64(10000), 0.05)
	f.Add(int64(10000), 0.0)
	f.Add(int64(1), math.NaN())
	f.Fuzz(func(t *testing.T, arpaCents int64, churn float64) {
		got, err := SimpleCLV(decimal.New(arpaCents, -2), churn, 2)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		if got.Sign() < 0 {
			t.Fatalf("SimpleCLV(%d, %v) = %s < 0", arpaCents, churn, got)
		}
	})
}

// FuzzPurchasesJSON decodes a Purchases tally from untrusted JSON: Summary
// either fails or gives a summary whose figures are in range, and a Merge
// either fails or keeps the tally valid.
func FuzzPurchasesJSON(f *testing.F) {
	f.Add([]byte(`{"orders":-5,"revenue":"-100","customers":{"x":{"orders":-2,"revenue":"-50"}}}`))
	f.Add([]byte(`{"orders":2,"anonymous":1,"revenue":"15","customers":{"x":{"orders":1,"revenue":"5"}}}`))
	f.Add([]byte(`{"orders":-1,"customers":{"A":{"orders":-1}}}`))
	f.Add([]byte(`{"orders":9223372036854775807,"anonymous":9223372036854775807,"revenue":"1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Purchases
		if json.Unmarshal(data, &p) != nil {
			return
		}
		checkSummaryInRange(t, &p)

		var other Purchases
		if err := other.Add(Order{CustomerID: "A", Amount: decimal.New(1, 0), Currency: p.Currency}); err != nil {
			t.Fatal(err)
		}
		_, errBefore := p.Summary()
		if err := p.Merge(other); err == nil {
			_, errAfter := p.Summary()
			if errBefore != nil && errAfter == nil {
				t.Fatalf("Merge turned an invalid tally (%v) into a valid one", errBefore)
			}
			checkSummaryInRange(t, &p)
		}
	})
}

// checkSummaryInRange fails the test when p.Summary gives no error but a
// figure out of range.
func checkSummaryInRange(t *testing.T, p *Purchases) {
	t.Helper()
	s, err := p.Summary()
	if err != nil {
		return
	}
	if s.Orders < 0 || s.Revenue.Sign() < 0 || s.CustomerRevenue.GreaterThan(s.Revenue) ||
		s.NewBusinessRevenue.Sign() < 0 || s.Customers > s.Orders {
		t.Fatalf("summary out of range: %+v", s)
	}
	if share, err := s.RepeatCustomerShare().Value(); err == nil && !(share >= 0 && share <= 1) {
		t.Fatalf("repeat share %v", share)
	}
	if apv, err := s.AveragePurchaseValue(2); err == nil && apv.Sign() < 0 {
		t.Fatalf("average purchase value %s", apv)
	}
	if arpu, err := s.ARPU(2); err == nil && arpu.Sign() < 0 {
		t.Fatalf("ARPU %s", arpu)
	}
}

// FuzzCACWithLag checks CACWithLag over three acquisition rows in two
// months: every error wraps a sentinel, and a result counts exactly the
// customers given, without wrapping past int64.
func FuzzCACWithLag(f *testing.F) {
	f.Add(int64(4), int64(6), int64(0), uint8(0), int64(100000))
	f.Add(int64(math.MaxInt64), int64(0), int64(2), uint8(0), int64(1))
	f.Add(int64(math.MaxInt64), int64(2), int64(0), uint8(1), int64(1))
	f.Add(int64(-2), int64(1), int64(1), uint8(1), int64(-5))
	f.Fuzz(func(t *testing.T, jan, feb, janAgain int64, lag uint8, spendCents int64) {
		january, february := Month{2024, time.January}, Month{2024, time.February}
		spend := []MonthlySpend{{Month: Month{2023, time.December}, Amount: decimal.New(spendCents, -2)},
			{Month: january, Amount: decimal.New(spendCents, -2)}, {Month: february, Amount: decimal.New(spendCents, -2)}}
		acquired := []MonthlyAcquisitions{{Month: january, Customers: jan}, {Month: february, Customers: feb}, {Month: january, Customers: janAgain}}
		got, err := CACWithLag(spend, acquired, int(lag%2), 2)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		total := new(big.Int).Add(big.NewInt(jan), big.NewInt(feb))
		total.Add(total, big.NewInt(janAgain))
		if !total.IsInt64() || total.Int64() != got.NewCustomers || got.CAC.Sign() < 0 {
			t.Fatalf("CACWithLag counted %d new customers at CAC %s, want %s", got.NewCustomers, got.CAC, total)
		}
	})
}
