package clv_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// FuzzPurchases adds three purchases in two orders and as two merged
// shards, and checks that the summaries agree and stay in the domain. It
// then adds a fourth purchase at far seconds from the Unix epoch, which
// reaches the zero time.Time (far = -62135596800) and spans that no
// time.Duration holds: every order must give the same summaries or the
// same ErrInvalidPurchase.
func FuzzPurchases(f *testing.F) {
	zeroTime := time.Time{}.Unix()
	f.Add("A", "B", int16(0), int16(3), int16(3), int64(1000), int64(250), int64(0), int64(1.7e9))
	f.Add("A", "A", int16(5), int16(5), int16(0), int64(1), int64(2), int64(3), zeroTime)
	f.Add("x", "y", int16(-40), int16(100), int16(7), int64(999999999), int64(0), int64(17), zeroTime+1)
	f.Add("A", "B", int16(0), int16(3), int16(3), int64(1000), int64(250), int64(0), int64(math.MinInt64))
	f.Add("A", "B", int16(0), int16(3), int16(3), int64(1000), int64(250), int64(0), int64(math.MaxInt64))
	f.Add("A", "B", int16(0), int16(3), int16(3), int64(1000), int64(250), int64(0), int64(-9.3e9))
	f.Fuzz(func(t *testing.T, id1, id2 string, d1, d2, d3 int16, c1, c2, c3, far int64) {
		if id1 == "" || id2 == "" || c1 < 0 || c2 < 0 || c3 < 0 {
			t.Skip("invalid purchases are covered by TestPurchasesErrors")
		}
		base := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
		rows := []purchase{
			{id1, base.AddDate(0, 0, int(d1)), decimal.New(c1, -2).String()},
			{id2, base.AddDate(0, 0, int(d2)), decimal.New(c2, -2).String()},
			{id1, base.AddDate(0, 0, int(d3)), decimal.New(c3, -2).String()},
		}
		asOf := base.AddDate(0, 0, math.MaxInt16)
		want, err := checkPurchaseOrders(t, rows, asOf)
		if err != nil {
			t.Fatal(err)
		}
		checkSummaries(t, want)

		extra := purchase{id1, time.Unix(far, 0).UTC(), "1.00"}
		var probe clv.Purchases
		if err := probe.Add(extra.customer, extra.at, decimal.RequireFromString(extra.amount), time.UTC); err != nil {
			if !errors.Is(err, clv.ErrInvalidPurchase) || !extra.at.IsZero() {
				t.Fatalf("Add(%v) error = %v, want ErrInvalidPurchase for the zero time only", extra.at, err)
			}
			return
		}
		rows = append(rows, extra)
		want, err = checkPurchaseOrders(t, rows, asOf)
		ages, fits := agesByTime(rows, asOf)
		if fits != (err == nil) {
			t.Fatalf("Summarize error = %v; want an error exactly when an age does not fit in a Duration or a purchase is after the cut-off", err)
		}
		if err != nil && !errors.Is(err, clv.ErrInvalidPurchase) {
			t.Fatalf("Summarize error %v, want ErrInvalidPurchase", err)
		}
		checkSummaries(t, want)
		for _, c := range want {
			if c.Age != ages[c.ID] {
				t.Errorf("customer %q: Age = %v, want %v from time.Time.Sub", c.ID, c.Age, ages[c.ID])
			}
		}
	})
}

// agesByTime returns each customer's age at asOf's UTC date, from
// time.Time.Sub on UTC dates, and reports whether every age fits in a
// time.Duration (Sub saturates when it does not) and no purchase comes
// after asOf's date.
func agesByTime(rows []purchase, asOf time.Time) (map[string]time.Duration, bool) {
	date := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	end := date(asOf)
	ages := make(map[string]time.Duration)
	fits := true
	for _, r := range rows {
		age := end.Sub(date(r.at))
		if age < 0 || age == math.MaxInt64 {
			fits = false
		}
		ages[r.customer] = max(ages[r.customer], age)
	}
	return ages, fits
}

// checkPurchaseOrders summarises rows added forward, backward, and as two
// shards merged, and fails unless the three give the same summaries or
// errors wrapping the same sentinels. It returns the forward result.
func checkPurchaseOrders(t *testing.T, rows []purchase, asOf time.Time) ([]clv.Customer, error) {
	t.Helper()
	reversed := slices.Clone(rows)
	slices.Reverse(reversed)
	var forward, backward, first, second clv.Purchases
	addAll(t, &forward, rows, time.UTC)
	addAll(t, &backward, reversed, time.UTC)
	addAll(t, &first, rows[:1], time.UTC)
	addAll(t, &second, rows[1:], time.UTC)
	first.Merge(second)

	want, wantErr := forward.Summarize(asOf, time.UTC)
	for name, p := range map[string]clv.Purchases{"reversed": backward, "merged": first} {
		got, err := p.Summarize(asOf, time.UTC)
		if errors.Is(err, clv.ErrInvalidPurchase) != errors.Is(wantErr, clv.ErrInvalidPurchase) {
			t.Errorf("%s Summarize error = %v, want %v as forward", name, err, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s summary mismatch (-forward +%s):\n%s", name, name, diff)
		}
	}
	return want, wantErr
}

// checkSummaries fails unless every summary is in the BG/NBD and
// Gamma-Gamma domain.
func checkSummaries(t *testing.T, customers []clv.Customer) {
	t.Helper()
	model := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: clv.Week}
	for _, c := range customers {
		if _, err := model.ProbabilityAlive(c); err != nil {
			t.Errorf("summary %+v is outside the BG/NBD domain: %v", c, err)
		}
		// A mean value that float64 cannot hold is the only customer
		// error that a summary may meet.
		mean := c.MeanValue.InexactFloat64()
		outsideFloat := math.IsInf(float64(c.Frequency)*mean, 0) || mean == 0 && !c.MeanValue.IsZero()
		if _, err := spendModel.ExpectedSpend(c); err != nil && !(outsideFloat && errors.Is(err, clv.ErrInvalidCustomer)) {
			t.Errorf("summary %+v is outside the Gamma-Gamma domain: %v", c, err)
		}
	}
}

// FuzzPurchasesJSON decodes arbitrary JSON into a Purchases, then adds a
// purchase. Decoding must reject what Add cannot produce, and whatever it
// accepts must keep the invariants after Add and summarise like a one-pass
// rebuild. The same Days set by hand, as a coder that bypasses
// UnmarshalJSON would, must give Summarize's error or that same summary.
func FuzzPurchasesJSON(f *testing.F) {
	f.Add([]byte(`{"days":{"a":[{"day":20160,"value":"5"},{"day":20150,"value":"3"},{"day":20160,"value":"1"}]}}`), "a", int16(5))
	f.Add([]byte(`{"days":{"a":[{"day":20150,"value":"-1"}],"":[{"day":20150,"value":"1"}]}}`), "b", int16(0))
	f.Add([]byte(`{"days":{"a":[{"day":20150,"value":"3"},{"day":20160,"value":"6"}]}}`), "a", int16(-20))
	f.Add([]byte(`{"days":{"a":[{"day":-9223372036854775808,"value":"1"},{"day":9223372036854775807,"value":"1e400"}]}}`), "a", int16(1))
	f.Add([]byte(`{"days":{"a":[],"b":null}}`), "b", int16(3))
	f.Add([]byte(`null`), "a", int16(0))
	f.Fuzz(func(t *testing.T, data []byte, id string, offset int16) {
		asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
		var raw struct {
			Days map[string][]clv.PurchaseDay `json:"days"`
		}
		if json.Unmarshal(data, &raw) != nil {
			t.Skip("not the JSON of a Purchases")
		}
		checkHandBuilt(t, clv.Purchases{Days: raw.Days}, asOf)

		var p clv.Purchases
		if err := json.Unmarshal(data, &p); err != nil {
			if !errors.Is(err, clv.ErrInvalidPurchase) {
				t.Fatalf("Unmarshal error %v, want ErrInvalidPurchase", err)
			}
			return
		}
		checkInvariants(t, p)
		if id != "" {
			at := asOf.AddDate(0, 0, int(offset))
			if err := p.Add(id, at, decimal.NewFromInt(1), time.UTC); err != nil {
				t.Fatalf("Add(%q, %v) error = %v", id, at, err)
			}
			checkInvariants(t, p)
		}
		checkHandBuilt(t, p, asOf)
	})
}

// checkInvariants fails unless every customer has a non-empty id and
// purchase days in strictly ascending order with values ≥ 0.
func checkInvariants(t *testing.T, p clv.Purchases) {
	t.Helper()
	for id, days := range p.Days {
		if id == "" || len(days) == 0 {
			t.Fatalf("customer %q with %d days accepted", id, len(days))
		}
		for i, d := range days {
			if d.Value.IsNegative() || i > 0 && d.Day <= days[i-1].Day {
				t.Fatalf("customer %q: days %v break the invariants", id, days)
			}
		}
	}
}

// checkHandBuilt summarises p and a one-pass rebuild of it by Merge, which
// sorts and combines the days. Summarize must return an error wrapping a
// sentinel, or the rebuild's summaries in the models' domain.
func checkHandBuilt(t *testing.T, p clv.Purchases, asOf time.Time) {
	t.Helper()
	got, err := p.Summarize(asOf, time.UTC)
	if err != nil {
		if !errors.Is(err, clv.ErrInvalidPurchase) && !errors.Is(err, clv.ErrNoCustomers) {
			t.Fatalf("Summarize error %v wraps no expected sentinel", err)
		}
		return
	}
	var rebuilt clv.Purchases
	rebuilt.Merge(p)
	want, err := rebuilt.Summarize(asOf, time.UTC)
	if err != nil {
		t.Fatalf("Summarize accepted Days that its rebuild rejects: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary mismatch (-rebuilt +as given):\n%s", diff)
	}
	checkSummaries(t, got)
}

// FuzzBGNBD evaluates the predictions and the likelihood at arbitrary
// parameters and customers: each is an error wrapping a sentinel, or a
// finite value in range.
func FuzzBGNBD(f *testing.F) {
	f.Add(0.243, 4.414, 0.793, 2.426, 700, 51.5, 52.0, 104.0)
	f.Add(0.243, 4.414, 1.0, 2.426, 2, 30.0, 52.0, 104.0)
	f.Add(0.243, 4.414, 0.793, 2.426, 700, 10.0, 52.0, 104.0)
	f.Add(5.0, 0.01, 50.0, 0.01, 0, 0.0, 0.0, 1.0)
	f.Add(0.01, 100.0, 0.01, 100.0, 30, 1.0, 300.0, 5000.0)
	f.Fuzz(func(t *testing.T, r, alpha, a, b float64, x int, recency, age, horizon float64) {
		if math.Abs(recency) > 1e6 || math.Abs(age) > 1e6 || math.Abs(horizon) > 1e6 {
			t.Skip("durations beyond time.Duration's range")
		}
		model := clv.BGNBD{R: r, Alpha: alpha, A: a, B: b, Unit: clv.Week}
		c := clv.Customer{Frequency: x, Recency: weeks(recency), Age: weeks(age)}

		alive, err := model.ProbabilityAlive(c)
		if err != nil {
			if !errors.Is(err, clv.ErrInvalidParameter) && !errors.Is(err, clv.ErrInvalidCustomer) && !errors.Is(err, clv.ErrInvalidHorizon) {
				t.Fatalf("ProbabilityAlive error %v wraps no sentinel", err)
			}
			return
		}
		if !(alive >= 0 && alive <= 1) {
			t.Errorf("ProbabilityAlive = %v, outside [0, 1]", alive)
		}
		ll, err := model.LogLikelihood([]clv.Customer{c})
		if err != nil || math.IsNaN(ll) || ll > 1e-9 && x == 0 {
			t.Errorf("LogLikelihood = %v, %v; want finite and ≤ 0 for x = 0", ll, err)
		}
		if p, err := model.ProbabilityOfPurchases(x, weeks(horizon)); err == nil && !(p >= 0 && p <= 1+1e-12) {
			t.Errorf("ProbabilityOfPurchases(%d, %v weeks) = %v, outside [0, 1]", x, horizon, p)
		}
		e, err := model.ConditionalExpectedPurchases(c, weeks(horizon))
		if err != nil {
			if !errors.Is(err, clv.ErrInvalidHorizon) && !errors.Is(err, clv.ErrSeriesNotConverged) {
				t.Fatalf("ConditionalExpectedPurchases error %v wraps no expected sentinel", err)
			}
			return
		}
		if math.IsNaN(e) || math.IsInf(e, 0) || e < -1e-9*(1+math.Abs(e)) {
			t.Errorf("ConditionalExpectedPurchases = %v, want finite and ≥ 0", e)
		}
	})
}

// FuzzGammaGamma checks that the expected spend and the population mean
// are an error wrapping a sentinel, or a finite value, and that the spend
// lies between the customer's mean and the population mean, which it
// averages. Mean values take any decimal exponent, so they reach past the
// float64 range in both directions.
func FuzzGammaGamma(f *testing.F) {
	f.Add(6.25, 3.74, 15.44, 2, int64(1500), int16(-2))
	f.Add(6.25, 0.5, 15.44, 0, int64(0), int16(-2))
	f.Add(1e-3, 1.5, 1e6, 1000, int64(1), int16(-2))
	f.Add(6.25, 3.74, 15.44, 3, int64(1), int16(307))
	f.Add(1e308, 2.0, 1e308, 0, int64(0), int16(0))
	f.Add(1e308, 3.74, 15.44, 10, int64(50), int16(0))
	f.Add(6.25, 3.74, 15.44, 1, int64(1), int16(400))
	f.Add(6.25, 3.74, 15.44, 1, int64(1), int16(-400))
	f.Add(1.0, 1.5, 1e308, 0, int64(0), int16(0))
	f.Fuzz(func(t *testing.T, p, q, gamma float64, x int, coefficient int64, exponent int16) {
		model := clv.GammaGamma{P: p, Q: q, Gamma: gamma}
		c := clv.Customer{ID: "c", Frequency: x, MeanValue: decimal.New(coefficient, int32(exponent))}
		checkMoney(t, "PopulationMeanSpend", func() (decimal.Decimal, error) { return model.PopulationMeanSpend() })
		got, ok := checkMoney(t, "ExpectedSpend", func() (decimal.Decimal, error) { return model.ExpectedSpend(c) })
		if !ok || !(q > 1) {
			return
		}
		spend := got.InexactFloat64()
		population := p * gamma / (q - 1)
		mean := c.MeanValue.InexactFloat64()
		lo, hi := math.Min(population, mean), math.Max(population, mean)
		if x > 0 && !math.IsInf(population, 0) && (spend < lo*(1-1e-9) || spend > hi*(1+1e-9)) {
			t.Errorf("ExpectedSpend = %v, outside [%v, %v]", spend, lo, hi)
		}
	})
}

// checkMoney calls a money function and fails unless it returns an error
// wrapping a sentinel or a value ≥ 0 that converts to a finite float64. It
// reports whether the function returned a value.
func checkMoney(t *testing.T, name string, call func() (decimal.Decimal, error)) (decimal.Decimal, bool) {
	t.Helper()
	got, err := call()
	if err != nil {
		if !errors.Is(err, clv.ErrInvalidParameter) && !errors.Is(err, clv.ErrInvalidCustomer) &&
			!errors.Is(err, clv.ErrOverflow) && !errors.Is(err, clv.ErrInvalidHorizon) && !errors.Is(err, clv.ErrSeriesNotConverged) {
			t.Fatalf("%s error %v wraps no sentinel", name, err)
		}
		return got, false
	}
	if v := got.InexactFloat64(); got.IsNegative() || math.IsInf(v, 0) {
		t.Errorf("%s = %s, want a finite value ≥ 0", name, got)
	}
	return got, true
}

// FuzzFitBGNBD fits four customers built from the inputs: the fit returns
// an error wrapping a sentinel, or finite positive parameters and a finite
// log-likelihood, and ErrNotConverged exactly when Converged is false. A
// converged fit must lie within MaxParameterRatio of its documented start
// and have standard errors.
func FuzzFitBGNBD(f *testing.F) {
	f.Add(uint8(2), uint8(30), uint8(3), uint8(10), uint8(0), uint8(1), uint8(39))
	f.Add(uint8(0), uint8(0), uint8(0), uint8(0), uint8(5), uint8(5), uint8(5))
	f.Add(uint8(200), uint8(250), uint8(1), uint8(1), uint8(1), uint8(2), uint8(255))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1))
	f.Add(uint8(0), uint8(0), uint8(0), uint8(0), uint8(1), uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, x1, r1, x2, r2, x3, r3, age uint8) {
		customer := func(x, recency uint8) clv.Customer {
			c := clv.Customer{Frequency: int(x), Age: time.Duration(age) * clv.Week}
			if x > 0 {
				c.Recency = time.Duration(recency) * clv.Week
			}
			return c
		}
		customers := []clv.Customer{customer(x1, r1), customer(x2, r2), customer(x3, r3), {Age: time.Duration(age) * clv.Week}}
		fit, err := clv.FitBGNBD(customers, clv.Week)
		if err != nil && !errors.Is(err, clv.ErrNotConverged) {
			if !errors.Is(err, clv.ErrInvalidCustomer) && !errors.Is(err, clv.ErrNoCustomers) {
				t.Fatalf("FitBGNBD error %v wraps no expected sentinel", err)
			}
			return
		}
		m := fit.Model
		// Every customer has age T, so the start is r = a = b = 1, α = T.
		startAlpha := max(float64(age), 1)
		checkFit(t, err, fit.Convergence, fit.LogLikelihood, fit.StandardErrors != nil,
			[]float64{m.R, m.Alpha, m.A, m.B}, []float64{1, startAlpha, 1, 1})
	})
}

// FuzzFitGammaGamma fits three customers built from the inputs, with the
// checks of FuzzFitBGNBD.
func FuzzFitGammaGamma(f *testing.F) {
	f.Add(uint8(2), int64(1500), uint8(5), int64(2000), uint8(1), int64(999))
	f.Add(uint8(1), int64(100), uint8(1), int64(600), uint8(1), int64(2800))
	f.Add(uint8(3), int64(0), uint8(0), int64(0), uint8(1), int64(1))
	f.Add(uint8(1), int64(math.MaxInt64), uint8(2), int64(1), uint8(200), int64(123456789))
	f.Fuzz(func(t *testing.T, x1 uint8, c1 int64, x2 uint8, c2 int64, x3 uint8, c3 int64) {
		customers := []clv.Customer{
			{Frequency: int(x1), MeanValue: decimal.New(c1, -2)},
			{Frequency: int(x2), MeanValue: decimal.New(c2, -2)},
			{Frequency: int(x3), MeanValue: decimal.New(c3, -2)},
		}
		fit, err := clv.FitGammaGamma(customers)
		if err != nil && !errors.Is(err, clv.ErrNotConverged) {
			if !errors.Is(err, clv.ErrInvalidCustomer) && !errors.Is(err, clv.ErrNoCustomers) {
				t.Fatalf("FitGammaGamma error %v wraps no expected sentinel", err)
			}
			return
		}
		// The start is p = 1, q = 2 and γ = the mean of the fitted mean
		// values; Excluded lists the others.
		excluded := make(map[int]bool)
		for _, e := range fit.Excluded {
			excluded[e.Index] = true
		}
		meanSum, n := 0.0, 0.0
		for i, c := range customers {
			if !excluded[i] {
				meanSum += c.MeanValue.InexactFloat64()
				n++
			}
		}
		m := fit.Model
		checkFit(t, err, fit.Convergence, fit.LogLikelihood, fit.StandardErrors != nil,
			[]float64{m.P, m.Q, m.Gamma}, []float64{1, 2, meanSum / n})
	})
}

// checkFit checks a fit that returned nil or ErrNotConverged: finite,
// positive parameters and log-likelihood, ErrNotConverged exactly when
// Converged is false, and, when converged, the gradient test passed, every
// parameter within MaxParameterRatio of its start and standard errors.
func checkFit(t *testing.T, err error, conv clv.Convergence, ll float64, hasErrors bool, params, start []float64) {
	t.Helper()
	if errors.Is(err, clv.ErrNotConverged) == conv.Converged {
		t.Errorf("error %v with Converged = %v", err, conv.Converged)
	}
	for _, v := range params {
		if !(v > 0) || math.IsInf(v, 0) {
			t.Errorf("parameters %v, want finite and positive", params)
		}
	}
	if math.IsNaN(ll) || math.IsInf(ll, 0) {
		t.Errorf("LogLikelihood = %v, want finite", ll)
	}
	if !conv.Converged {
		return
	}
	if !conv.GradientPassed || conv.GradientNorm > clv.GradientTolerance || !hasErrors {
		t.Errorf("converged fit with Convergence %+v, standard errors %v", conv, hasErrors)
	}
	for i, v := range params {
		// 1e-9 relative allows for the rounding of exp and log.
		if ratio := v / start[i]; ratio > clv.MaxParameterRatio*(1+1e-9) || ratio < 1/clv.MaxParameterRatio*(1-1e-9) {
			t.Errorf("converged parameter %d = %v is more than %g times from its start %v", i, v, clv.MaxParameterRatio, start[i])
		}
	}
}

// FuzzValue checks that the discrete CLV is an error or a value ≥ 0 that
// does not grow when the discount rate rises, and that the continuous CLV
// is an error or a finite value ≥ 0. Mean values take any decimal
// exponent, so values reach past the float64 range.
func FuzzValue(f *testing.F) {
	f.Add(2, 30.0, 52.0, int64(1500), int16(-2), 12, 0.01)
	f.Add(0, 0.0, 10.0, int64(0), int16(-2), 1, 0.0)
	f.Add(700, 51.5, 52.0, int64(9999), int16(-2), 60, 0.5)
	f.Add(3, 1.0/7, 1.0, int64(1), int16(400), 12, 0.0)
	f.Add(10, 51.0, 52.0, int64(15), int16(306), 120, 0.0)
	f.Add(10, 51.0, 52.0, int64(15), int16(306), 120, 1e-9)
	f.Fuzz(func(t *testing.T, x int, recency, age float64, coefficient int64, exponent int16, steps int, rate float64) {
		if math.Abs(recency) > 1e5 || math.Abs(age) > 1e5 || steps > 240 || x > 1e5 {
			t.Skip("outside the tested range")
		}
		c := clv.Customer{ID: "c", Frequency: x, Recency: weeks(recency), Age: weeks(age), MeanValue: decimal.New(coefficient, int32(exponent))}
		h := clv.Horizon{Steps: steps, Step: clv.Month, DiscountRate: rate}
		checkMoney(t, "ContinuousValue", func() (decimal.Decimal, error) {
			return clv.ContinuousValue(published, spendModel, c, 0.1, clv.Week)
		})
		value, ok := checkMoney(t, "Value", func() (decimal.Decimal, error) { return clv.Value(published, spendModel, c, h) })
		if !ok {
			return
		}
		h.DiscountRate = rate + 0.1
		higher, err := clv.Value(published, spendModel, c, h)
		if err != nil {
			t.Fatal(err)
		}
		if higher.GreaterThan(value.Mul(decimal.RequireFromString("1.000000001"))) {
			t.Errorf("Value at rate %v = %s, above %s at rate %v", h.DiscountRate, higher, value, rate)
		}
	})
}
