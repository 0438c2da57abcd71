package retention

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

func month(t testing.TB, s string) Month {
	t.Helper()
	m, err := ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func priced(t *testing.T, id, customer, start, end, amount string) PricedSubscription {
	t.Helper()
	return PricedSubscription{
		Subscription: Subscription{ID: id, Customer: customer, Start: day(t, start), End: day(t, end)},
		Price:        monthly(amount, 1),
	}
}

// upgradeCancelReturn: A subscribes at 100.00 on 01-10, upgrades to 150.00
// on 02-15, cancels on 03-20 and subscribes again at 80.00 on 05-05; B
// takes 30.00 and 20.00 on 01-12 and cancels the 20.00 one on 03-08.
func upgradeCancelReturn(t *testing.T) []PricedSubscription {
	return []PricedSubscription{
		priced(t, "A1", "A", "2024-01-10", "2024-02-15", "100.00"),
		priced(t, "A2", "A", "2024-02-15", "2024-03-20", "150.00"),
		priced(t, "A3", "A", "2024-05-05", "", "80.00"),
		priced(t, "B1", "B", "2024-01-12", "", "30.00"),
		priced(t, "B2", "B", "2024-01-12", "2024-03-08", "20.00"),
	}
}

func TestBridgeMovements(t *testing.T) {
	// Hand calculation from ChartMogul's definitions, MRR at each month end
	// (A, B): Jan (100, 50), Feb (150, 50), Mar (0, 30), Apr (0, 30),
	// May (80, 30). A's return in May is a reactivation, B's lost 20.00 a
	// contraction, and A's cancellation a churn of 150.00 counted once.
	rows, err := MonthlyMRR(upgradeCancelReturn(t), month(t, "2023-12"), month(t, "2024-05"), time.UTC, 2)
	if err != nil {
		t.Fatal(err)
	}
	bridge, err := BuildBridge(rows, month(t, "2024-01"), month(t, "2024-05"))
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Month                                                 string
		New, Expansion, Reactivation, Contraction, Churn, End string
	}
	want := []line{
		{"2024-01", "150", "0", "0", "0", "0", "150"},
		{"2024-02", "0", "50", "0", "0", "0", "200"},
		{"2024-03", "0", "0", "0", "20", "150", "30"},
		{"2024-04", "0", "0", "0", "0", "0", "30"},
		{"2024-05", "0", "0", "80", "0", "0", "110"},
	}
	var got []line
	for _, m := range bridge.Months {
		got = append(got, line{m.From.String(), m.New.String(), m.Expansion.String(), m.Reactivation.String(),
			m.Contraction.String(), m.Churn.String(), m.End.String()})
		checkCloses(t, m)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bridge mismatch (-want +got):\n%s", diff)
	}

	total := bridge.Total()
	counts := []int64{total.NewCustomers, total.ChurnedCustomers, total.ReactivatedCustomers,
		total.ExpansionCustomers, total.ContractionCustomers}
	if diff := cmp.Diff([]int64{2, 1, 1, 1, 1}, counts); diff != "" {
		t.Errorf("new, churned, reactivated, expansion, contraction customers (-want +got):\n%s", diff)
	}
	checkCloses(t, total)
}

// checkCloses fails when start + new + expansion + reactivation −
// contraction − churn ≠ end.
func checkCloses(t *testing.T, m Movements) {
	t.Helper()
	if got := m.Start.Add(m.NetNew()); !got.Equal(m.End) {
		t.Errorf("%s..%s: start %s + net new %s = %s, want end %s", m.From, m.To, m.Start, m.NetNew(), got, m.End)
	}
}

func TestRevenueCohortRates(t *testing.T) {
	// April: A 500.00 → 1,379.00 → cancelled (end 0); B 200.00 → 300.00.
	// Start 700, end 300, retained min(500, 0) + min(200, 300) = 200.
	// Gross churn 500/700 = 5/7, GRR 2/7, NRR 3/7, net churn 4/7. Churn
	// taken at the moment of leaving would give 1,379/700 = 1.97.
	var c RevenueCohort
	for _, p := range [][2]string{{"500.00", "0"}, {"200.00", "300.00"}} {
		if err := c.Add(dec(p[0]), dec(p[1])); err != nil {
			t.Fatal(err)
		}
	}
	got := make([]float64, 4)
	var errs [4]error
	got[0], errs[0] = c.GrossChurn()
	got[1], errs[1] = c.GRR()
	got[2], errs[2] = c.NRR()
	got[3], errs[3] = c.NetChurn()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatal(err)
	}
	want := []float64{5.0 / 7, 2.0 / 7, 3.0 / 7, 4.0 / 7}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("gross churn, GRR, NRR, net churn mismatch (-want +got):\n%s", diff)
	}
}

func TestRevenueCohortFromBridge(t *testing.T) {
	// The same customers as monthly rows: opening month March, last month
	// April (the April upgrade and cancellation of A leave no April row).
	rows := []CustomerMonth{
		{Customer: "A", Month: month(t, "2024-03"), MRR: dec("500.00")},
		{Customer: "B", Month: month(t, "2024-03"), MRR: dec("200.00")},
		{Customer: "B", Month: month(t, "2024-04"), MRR: dec("300.00")},
		// C joins in April: not in the cohort.
		{Customer: "C", Month: month(t, "2024-04"), MRR: dec("900.00")},
	}
	bridge, err := BuildBridge(rows, month(t, "2024-04"), month(t, "2024-04"))
	if err != nil {
		t.Fatal(err)
	}
	want := RevenueCohort{Customers: 2, Start: dec("700"), End: dec("300"), Retained: dec("200")}
	if diff := cmp.Diff(want, bridge.Cohort); diff != "" {
		t.Errorf("cohort mismatch (-want +got):\n%s", diff)
	}
}

func TestRevenueRatesNoRevenue(t *testing.T) {
	// Starting MRR 0: every revenue rate is 0/0, an error.
	var empty RevenueCohort
	if err := empty.Add(decimal.Decimal{}, dec("10")); err != nil {
		t.Fatal(err)
	}
	rates := map[string]func() (float64, error){
		"NRR": empty.NRR, "GRR": empty.GRR, "GrossChurn": empty.GrossChurn, "NetChurn": empty.NetChurn,
		"GrossChurnRate": Movements{}.GrossChurnRate, "NetChurnRate": Movements{}.NetChurnRate,
	}
	for name, rate := range rates {
		if _, err := rate(); !errors.Is(err, ErrNoRevenue) {
			t.Errorf("%s error = %v, want ErrNoRevenue", name, err)
		}
	}
}

func TestQuickRatio(t *testing.T) {
	m := Movements{New: dec("300"), Expansion: dec("100"), Reactivation: dec("50"),
		Contraction: dec("40"), Churn: dec("160")}
	tests := []struct {
		name             string
		m                Movements
		withReactivation bool
		want             float64
		wantErr          error
	}{
		// (300 + 100) / (40 + 160) = 2.
		{"baremetrics", m, false, 2, nil},
		// (300 + 100 + 50) / 200 = 2.25.
		{"with reactivation", m, true, 2.25, nil},
		{"no losses", Movements{New: dec("10")}, false, 0, ErrNoLosses},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.m.QuickRatio(tc.withReactivation)
			if !errors.Is(err, tc.wantErr) || got != tc.want {
				t.Errorf("QuickRatio(%v) = %v, %v; want %v, %v", tc.withReactivation, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestMovementRates(t *testing.T) {
	// Start 1,000: churn 100 + contraction 50 = 0.15 gross; net
	// (150 − 80 expansion − 20 reactivation) / 1,000 = 0.05.
	m := Movements{Start: dec("1000"), Churn: dec("100"), Contraction: dec("50"),
		Expansion: dec("80"), Reactivation: dec("20")}
	gross, err1 := m.GrossChurnRate()
	net, err2 := m.NetChurnRate()
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]float64{0.15, 0.05}, []float64{gross, net}, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("gross, net MRR churn mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildBridgeInvalid(t *testing.T) {
	jan, feb := month(t, "2024-01"), month(t, "2024-02")
	tests := []struct {
		name        string
		rows        []CustomerMonth
		first, last Month
		wantErr     error
	}{
		{"row after last", []CustomerMonth{{Customer: "A", Month: month(t, "2024-03"), MRR: dec("1")}}, jan, feb, ErrMonthOutOfRange},
		{"negative", []CustomerMonth{{Customer: "A", Month: jan, MRR: dec("-1")}}, jan, feb, ErrNegativeAmount},
		{"currencies", []CustomerMonth{{Customer: "A", Month: jan, MRR: dec("1"), Currency: "USD"},
			{Customer: "B", Month: jan, MRR: dec("1"), Currency: "EUR"}}, jan, feb, ErrCurrencyMismatch},
		{"month 13", []CustomerMonth{{Customer: "A", Month: Month{2024, 13}, MRR: dec("1")}}, jan, feb, ErrInvalidMonth},
		{"last before first", nil, feb, jan, ErrInvalidMonth},
		{"zero month", nil, Month{}, jan, ErrInvalidMonth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := BuildBridge(tc.rows, tc.first, tc.last); !errors.Is(err, tc.wantErr) {
				t.Errorf("BuildBridge error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestBuildBridgeEdges(t *testing.T) {
	// X: rows in Jan and Mar (gap in Feb), so Feb churn 10 and Mar
	// reactivation 12. Y: two rows in Feb that add up to 7, and a free plan
	// (0.00) in Mar, which is churn. Z: paid only before the opening month
	// (2023-10) and returns in Mar: reactivation. W: last row in Mar, the
	// last month: no churn.
	rows := []CustomerMonth{
		{Customer: "X", Month: month(t, "2024-01"), MRR: dec("10")},
		{Customer: "X", Month: month(t, "2024-03"), MRR: dec("12")},
		{Customer: "Y", Month: month(t, "2024-02"), MRR: dec("3")},
		{Customer: "Y", Month: month(t, "2024-02"), MRR: dec("4.00")},
		{Customer: "Y", Month: month(t, "2024-03"), MRR: dec("0.00")},
		{Customer: "Z", Month: month(t, "2023-10"), MRR: dec("5")},
		{Customer: "Z", Month: month(t, "2024-03"), MRR: dec("5")},
		{Customer: "W", Month: month(t, "2024-03"), MRR: dec("1.5")},
	}
	bridge, err := BuildBridge(rows, month(t, "2024-02"), month(t, "2024-03"))
	if err != nil {
		t.Fatal(err)
	}
	feb, mar := bridge.Months[0], bridge.Months[1]
	checks := []struct {
		name      string
		got, want decimal.Decimal
	}{
		{"feb start", feb.Start, dec("10")},
		{"feb churn", feb.Churn, dec("10")},
		{"feb new", feb.New, dec("7")},
		{"mar churn", mar.Churn, dec("7")},
		{"mar reactivation", mar.Reactivation, dec("17")},
		{"mar new", mar.New, dec("1.5")},
		{"mar end", mar.End, dec("18.5")},
	}
	for _, c := range checks {
		if !c.got.Equal(c.want) {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	for _, m := range bridge.Months {
		checkCloses(t, m)
	}
	if mar.ReactivatedCustomers != 2 || mar.EndCustomers != 3 || mar.StartCustomers != 1 {
		t.Errorf("March customers: reactivated %d, end %d, start %d; want 2, 3, 1",
			mar.ReactivatedCustomers, mar.EndCustomers, mar.StartCustomers)
	}
}

func TestBridgeMerge(t *testing.T) {
	rows, err := MonthlyMRR(upgradeCancelReturn(t), month(t, "2023-12"), month(t, "2024-05"), time.UTC, 2)
	if err != nil {
		t.Fatal(err)
	}
	first, last := month(t, "2024-01"), month(t, "2024-05")
	whole, err := BuildBridge(rows, first, last)
	if err != nil {
		t.Fatal(err)
	}
	var a, b []CustomerMonth
	for _, r := range rows {
		if r.Customer == "A" {
			a = append(a, r)
		} else {
			b = append(b, r)
		}
	}
	var merged Bridge
	for _, part := range [][]CustomerMonth{a, b, nil} {
		shard, err := BuildBridge(part, first, last)
		if err != nil {
			t.Fatal(err)
		}
		if err := merged.Merge(shard); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(whole, merged); diff != "" {
		t.Errorf("merged bridge mismatch (-whole +merged):\n%s", diff)
	}

	other, err := BuildBridge(nil, first, month(t, "2024-02"))
	if err != nil {
		t.Fatal(err)
	}
	if err := merged.Merge(other); !errors.Is(err, ErrMonthOutOfRange) {
		t.Errorf("Merge of different months error = %v, want ErrMonthOutOfRange", err)
	}
}

func TestBridgeJSONRoundTrip(t *testing.T) {
	rows, err := MonthlyMRR(upgradeCancelReturn(t), month(t, "2023-12"), month(t, "2024-05"), time.UTC, 2)
	if err != nil {
		t.Fatal(err)
	}
	bridge, err := BuildBridge(rows, month(t, "2024-01"), month(t, "2024-05"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(bridge)
	if err != nil {
		t.Fatal(err)
	}
	var back Bridge
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bridge, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestBuildBridgeAllocations(t *testing.T) {
	rowsFor := func(customers int) []CustomerMonth {
		var rows []CustomerMonth
		for c := range customers {
			for m := range 12 {
				if (c+m)%5 == 0 {
					continue
				}
				rows = append(rows, CustomerMonth{Customer: fmt.Sprint("C", c), Month: Month{2024, time.Month(m + 1)},
					MRR: decimal.New(int64(1000+c*7+m*13%50), -2)})
			}
		}
		return rows
	}
	small, large := rowsFor(10), rowsFor(1000)
	first, last := Month{2024, 2}, Month{2024, 12}
	allocs := func(rows []CustomerMonth) float64 {
		return testing.AllocsPerRun(5, func() { _, _ = BuildBridge(rows, first, last) })
	}
	// One index slice and fixed per-month sums: no growth with the rows.
	a, b := allocs(small), allocs(large)
	t.Logf("allocations: %v for %d rows, %v for %d", a, len(small), b, len(large))
	if b > a+2 {
		t.Errorf("BuildBridge allocates per row")
	}
}

func TestZeroValuesJSON(t *testing.T) {
	// Zero accumulators and results encode and decode without loss.
	values := []any{&Movements{}, &Bridge{}, &RevenueCohort{}, &CustomerCounts{}, &Renewals{}, &CohortTable{}, &SurvivalTable{}}
	for _, v := range values {
		before := fmt.Sprintf("%+v", v)
		data, err := json.Marshal(v)
		if err != nil {
			t.Errorf("Marshal(%T) error = %v", v, err)
			continue
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Errorf("Unmarshal(%T) error = %v", v, err)
		}
		if after := fmt.Sprintf("%+v", v); after != before {
			t.Errorf("%T round trip = %s, want %s", v, after, before)
		}
	}

	// Filled accumulators keep every field.
	counts := CustomerCounts{AtStart: 5, AtEnd: 4, New: 3, Churned: 3, NewChurned: 1, Reactivated: 2, Retained: 2}
	renewals := Renewals{Due: 4, Renewed: 3, NotDue: 1, DueValue: dec("4000.00"), RenewedValue: dec("2700.00"), Currency: "EUR"}
	cohort := RevenueCohort{Customers: 2, Start: dec("700.00"), End: dec("300.00"), Retained: dec("200.00")}
	for _, v := range []any{counts, renewals, cohort} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		back := reflect.New(reflect.TypeOf(v))
		if err := json.Unmarshal(data, back.Interface()); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v, back.Elem().Interface()); diff != "" {
			t.Errorf("%T round trip mismatch (-want +got):\n%s", v, diff)
		}
	}
	var m Month
	if err := json.Unmarshal([]byte(`"2024-13"`), &m); !errors.Is(err, ErrInvalidMonth) {
		t.Errorf("Unmarshal(2024-13) error = %v, want ErrInvalidMonth", err)
	}
}
