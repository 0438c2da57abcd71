package clv_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/shopspring/decimal"
)

// repeatMeans are the mean repeat values of exampleCustomers' repeat buyers.
var repeatMeans = []int64{0, 0, 0, 0, 0, 8, 55, 23, 140, 31, 17, 76, 12, 0, 44}

// exampleCustomers is a small calibration sample in weeks.
func exampleCustomers() []clv.Customer {
	rows := []struct {
		x            int
		recency, age float64
	}{
		{0, 0, 39}, {0, 0, 38}, {0, 0, 36}, {0, 0, 35}, {0, 0, 33},
		{1, 2, 39}, {1, 20, 37}, {2, 30, 39}, {2, 10, 38}, {3, 33, 36},
		{4, 35, 37}, {6, 30, 39}, {1, 5, 34}, {0, 0, 32}, {2, 25, 33},
	}
	customers := make([]clv.Customer, len(rows))
	for i, row := range rows {
		customers[i] = clv.Customer{
			ID:        fmt.Sprintf("C%02d", i+1),
			Frequency: row.x,
			Recency:   weeks(row.recency),
			Age:       weeks(row.age),
		}
		if row.x > 0 {
			customers[i].MeanValue = decimal.NewFromInt(repeatMeans[i])
		}
	}
	return customers
}

func ExampleFitBGNBD() {
	fit, err := clv.FitBGNBD(exampleCustomers(), clv.Week)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := fit.Model
	fmt.Printf("r %.3f, alpha %.3f weeks, a %.3f, b %.3f\n", m.R, m.Alpha, m.A, m.B)
	fmt.Printf("log-likelihood %.3f, converged %v\n", fit.LogLikelihood, fit.Convergence.Converged)
	// Output:
	// r 1.106, alpha 24.178 weeks, a 0.138, b 1.029
	// log-likelihood -90.497, converged true
}

func ExampleFitGammaGamma() {
	fit, err := clv.FitGammaGamma(exampleCustomers())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("p %.3f, q %.3f, gamma %.3f\n", fit.Model.P, fit.Model.Q, fit.Model.Gamma)
	fmt.Printf("%d customers fitted, %d one-time buyers left out\n", fit.Customers, len(fit.Excluded))
	// Output:
	// p 2.198, q 2.942, gamma 42.973
	// 9 customers fitted, 6 one-time buyers left out
}

func ExampleBGNBD_ConditionalExpectedPurchases() {
	// The published CDNOW fit (Fader, Hardie and Lee 2005), in weeks.
	model := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: clv.Week}
	customer := clv.Customer{Frequency: 2, Recency: weeks(30.43), Age: weeks(38.86)}

	alive, _ := model.ProbabilityAlive(customer)
	next39, _ := model.ConditionalExpectedPurchases(customer, 39*clv.Week)
	nextYear, _ := model.ConditionalExpectedPurchases(customer, 12*clv.Month)
	fmt.Printf("P(alive) %.4f\n", alive)
	fmt.Printf("expected purchases in 39 weeks %.4f, in 12 months %.4f\n", next39, nextYear)
	// Output:
	// P(alive) 0.7266
	// expected purchases in 39 weeks 1.2260, in 12 months 1.5631
}

func ExampleBGNBD_ProbabilityOfPurchases() {
	model := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: clv.Week}
	for n := range 4 {
		p, _ := model.ProbabilityOfPurchases(n, 52*clv.Week)
		fmt.Printf("P(X(52 weeks) = %d) = %.4f\n", n, p)
	}
	// Output:
	// P(X(52 weeks) = 0) = 0.5384
	// P(X(52 weeks) = 1) = 0.2046
	// P(X(52 weeks) = 2) = 0.0906
	// P(X(52 weeks) = 3) = 0.0500
}

func ExampleGammaGamma_ExpectedSpend() {
	// The published CDNOW fit (Fader and Hardie 2013).
	model := clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	repeat := clv.Customer{Frequency: 2, MeanValue: decimal.RequireFromString("15.00")}
	oneTime := clv.Customer{}

	spend, _ := model.ExpectedSpend(repeat)
	population, _ := model.ExpectedSpend(oneTime)
	fmt.Println(spend.StringFixed(2), population.StringFixed(2))
	// Output:
	// 18.64 35.22
}

func ExampleValue() {
	purchases := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: clv.Week}
	spend := clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	customer := clv.Customer{Frequency: 2, Recency: weeks(30.43), Age: weeks(38.86), MeanValue: decimal.RequireFromString("22.35")}

	// 12 monthly steps at 1% per month, the defaults of lifetimes.
	value, _ := clv.Value(purchases, spend, customer, clv.Horizon{Steps: 12, Step: clv.Month, DiscountRate: 0.01})
	continuous, _ := clv.ContinuousValue(purchases, spend, customer, 0.1, clv.Week)
	fmt.Println(value.StringFixed(2), continuous.StringFixed(2))
	// Output:
	// 36.31 8.44
}

func ExamplePurchases() {
	var log clv.Purchases
	day := func(d int) time.Time { return time.Date(2024, 1, d, 10, 0, 0, 0, time.UTC) }
	_ = log.Add("A", day(1), decimal.RequireFromString("30.00"), time.UTC)
	_ = log.Add("A", day(1), decimal.RequireFromString("5.00"), time.UTC) // same day: one purchase
	_ = log.Add("A", day(8), decimal.RequireFromString("10.00"), time.UTC)
	_ = log.Add("A", day(22), decimal.RequireFromString("20.00"), time.UTC)

	var shard clv.Purchases
	_ = shard.Add("B", day(15), decimal.RequireFromString("12.00"), time.UTC)
	log.Merge(shard)

	customers, _ := log.Summarize(day(31), time.UTC)
	for _, c := range customers {
		fmt.Printf("%s: x %d, recency %v days, age %v days, mean %s\n",
			c.ID, c.Frequency, int64(c.Recency/clv.Day), int64(c.Age/clv.Day), c.MeanValue.StringFixed(2))
	}
	// Output:
	// A: x 2, recency 21 days, age 30 days, mean 15.00
	// B: x 0, recency 0 days, age 16 days, mean 0.00
}

// Example_edgeCases prints the domain edges: a one-time buyer is alive
// with probability 1, a heavy buyer silent for long underflows to 0
// without NaN, a = 1 is the formula's limit, and invalid input is an error.
func Example_edgeCases() {
	model := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: clv.Week}
	limit := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 1, B: 2.426, Unit: clv.Week}
	spend := clv.GammaGamma{P: 6.25, Q: 0.9, Gamma: 15.44}

	show := func(label string, v float64, err error) {
		if err != nil {
			fmt.Printf("%-34s error, ErrInvalidCustomer %v, ErrInvalidParameter %v\n",
				label, errors.Is(err, clv.ErrInvalidCustomer), errors.Is(err, clv.ErrInvalidParameter))
			return
		}
		fmt.Printf("%-34s %.6g\n", label, v)
	}
	alive, err := model.ProbabilityAlive(clv.Customer{Age: weeks(52)})
	show("P(alive), x = 0", alive, err)
	heavy := clv.Customer{Frequency: 700, Recency: weeks(10), Age: weeks(52)}
	alive, err = model.ProbabilityAlive(heavy)
	show("P(alive), x = 700 silent 42 weeks", alive, err)
	logAlive, err := model.LogProbabilityAlive(heavy)
	show("ln P(alive), same customer", logAlive, err)
	e, err := model.ConditionalExpectedPurchases(clv.Customer{Frequency: 700, Recency: weeks(51.5), Age: weeks(52)}, weeks(104))
	show("E[Y(104)], x = 700 recent", e, err)
	e, err = limit.ConditionalExpectedPurchases(clv.Customer{Frequency: 2, Recency: weeks(30), Age: weeks(52)}, weeks(104))
	show("E[Y(104)], a = 1", e, err)
	_, err = model.ProbabilityAlive(clv.Customer{Frequency: 2, Recency: weeks(60), Age: weeks(52)})
	show("recency after age", 0, err)
	_, err = spend.PopulationMeanSpend()
	show("population mean spend, q = 0.9", 0, err)
	// Output:
	// P(alive), x = 0                    1
	// P(alive), x = 700 silent 42 weeks  0
	// ln P(alive), same customer         -948.709
	// E[Y(104)], x = 700 recent          518.725
	// E[Y(104)], a = 1                   1.49773
	// recency after age                  error, ErrInvalidCustomer true, ErrInvalidParameter false
	// population mean spend, q = 0.9     error, ErrInvalidCustomer false, ErrInvalidParameter true
}
