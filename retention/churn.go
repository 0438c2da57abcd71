package retention

import (
	"errors"
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Denominator selects the customers a logo churn rate divides by.
type Denominator int

const (
	// StartCustomers divides by the customers active at the start of the
	// period, as ChartMogul's B2B customer churn rate does. It is the
	// default.
	StartCustomers Denominator = iota
	// StartPlusNew divides by the customers at the start plus the customers
	// new in the period, as Stripe Billing's subscriber churn rate does.
	StartPlusNew
	// AverageStartEnd divides by the mean of the customers at the start and
	// at the end. The result is not a share of any set of customers: it can
	// exceed 1 when most customers leave, and it has no Wilson interval.
	AverageStartEnd
)

// String returns the Denominator's name, or Denominator(n) for an unknown value.
func (d Denominator) String() string {
	switch d {
	case StartCustomers:
		return "start customers"
	case StartPlusNew:
		return "start plus new customers"
	case AverageStartEnd:
		return "average of start and end customers"
	}
	return fmt.Sprintf("Denominator(%d)", int(d))
}

// NewChurn selects how customers who join and leave inside the period
// count in a logo churn rate.
type NewChurn int

const (
	// ExcludeNewChurn leaves customers who join and leave inside the period
	// out of both the numerator and the denominator, as ChartMogul and
	// ProfitWell do. It is the default.
	ExcludeNewChurn NewChurn = iota
	// IncludeNewChurn counts them in the numerator and, through the new
	// customers, in the denominator, as Stripe Billing does. It needs a
	// denominator that counts new customers.
	IncludeNewChurn
)

// String returns the NewChurn's name, or NewChurn(n) for an unknown value.
func (n NewChurn) String() string {
	switch n {
	case ExcludeNewChurn:
		return "exclude new churn"
	case IncludeNewChurn:
		return "include new churn"
	}
	return fmt.Sprintf("NewChurn(%d)", int(n))
}

// ChurnOptions selects the variant of the logo churn rate. The zero value
// is ChartMogul's default: churned customers of the start base over the
// customers at the start, customers who join and leave in the period left
// out.
type ChurnOptions struct {
	Denominator Denominator `json:"denominator"`
	NewChurn    NewChurn    `json:"new_churn"`
}

func (o ChurnOptions) validate() error {
	if o.Denominator < StartCustomers || o.Denominator > AverageStartEnd {
		return errorf(ErrInvalidOptions, "unknown denominator %d", int(o.Denominator))
	}
	if o.NewChurn < ExcludeNewChurn || o.NewChurn > IncludeNewChurn {
		return errorf(ErrInvalidOptions, "unknown new churn policy %d", int(o.NewChurn))
	}
	if o.NewChurn == IncludeNewChurn && o.Denominator == StartCustomers {
		return errorf(ErrInvalidOptions,
			"including new customers' churn needs a denominator that counts new customers, not %v",
			o.Denominator)
	}
	return nil
}

// LogoChurn is a logo (customer) churn rate with the counts behind it.
type LogoChurn struct {
	// Value is Churned/Denominator: a fraction in [0, 1] except with
	// AverageStartEnd, which can exceed 1.
	Value float64 `json:"value"`
	// Churned is the numerator: churned customers of the start base, plus
	// those who joined and left with IncludeNewChurn.
	Churned int64 `json:"churned"`
	// Denominator is the number of customers divided by; with
	// AverageStartEnd it can end in .5.
	Denominator float64 `json:"denominator"`
	// Options is the variant computed.
	Options ChurnOptions `json:"options"`
}

// Interval returns the Wilson score interval of the churn rate at the given
// confidence level. It returns an error wrapping ErrNotProportion for the
// AverageStartEnd denominator, whose rate is not a share of its
// denominator, and ErrConfidence for a level outside (0, 1). A zero
// denominator, as in the zero LogoChurn, gives ErrNoCustomers. A
// denominator that is not a count, or Churned outside [0, denominator],
// gives ErrInvalidCounts.
func (l LogoChurn) Interval(confidence float64) (Interval, error) {
	if l.Options.Denominator == AverageStartEnd {
		return Interval{}, errorf(ErrNotProportion, "churn over the %v has no Wilson interval", l.Options.Denominator)
	}
	if err := checkConfidence(confidence); err != nil {
		return Interval{}, err
	}
	total := int64(l.Denominator)
	if !(l.Denominator >= 0 && l.Denominator < math.MaxInt64) || float64(total) != l.Denominator {
		return Interval{}, errorf(ErrInvalidCounts, "logo churn interval: denominator %v is not a count", l.Denominator)
	}
	if err := checkCounts("logo churn interval", l.Churned, total); err != nil {
		return Interval{}, err
	}
	return stats.Wilson(l.Churned, total, confidence)
}

// LogoChurn returns the logo churn rate of the counts under opts. With the
// default options it is
//
//	churn = Churned / AtStart
//
// StartPlusNew divides by AtStart + New (less NewChurned with
// ExcludeNewChurn, so that those customers count nowhere), and
// AverageStartEnd by (AtStart + AtEnd)/2. IncludeNewChurn adds NewChurned
// to the numerator. It returns an error wrapping ErrNoCustomers when the
// denominator is 0, even with no churned customers, and ErrInvalidOptions
// for an unknown option or IncludeNewChurn with StartCustomers (which could
// exceed 1). Counts that one pass cannot give, such as a negative count or
// Churned above AtStart, give an error wrapping ErrInvalidCounts.
func (c CustomerCounts) LogoChurn(opts ChurnOptions) (LogoChurn, error) {
	if err := errors.Join(opts.validate(), c.validate()); err != nil {
		return LogoChurn{}, err
	}

	churned := c.Churned
	if opts.NewChurn == IncludeNewChurn {
		churned += c.NewChurned
	}
	var denominator float64
	switch opts.Denominator {
	case StartCustomers:
		denominator = float64(c.AtStart)
	case StartPlusNew:
		denominator = float64(c.AtStart + c.New)
		if opts.NewChurn == ExcludeNewChurn {
			denominator -= float64(c.NewChurned)
		}
	case AverageStartEnd:
		denominator = float64(c.AtStart+c.AtEnd) / 2
	}
	if denominator == 0 {
		return LogoChurn{}, errorf(ErrNoCustomers, "logo churn: no customers in the %v", opts.Denominator)
	}
	return LogoChurn{
		Value:       float64(churned) / denominator,
		Churned:     churned,
		Denominator: denominator,
		Options:     opts,
	}, nil
}

// RetentionRate returns the customer retention rate
//
//	retention = Retained / AtStart
//
// the share of the customers active at the start who are active just
// before the period ends, including those who left and came back within
// it. With E the customers active at the end and N the new customers, it
// equals the usual (E − N) / S when no customer inactive at the start
// comes back during the period. Such returning customers are in E − N but
// not in Retained, so the rate stays in [0, 1] where (E − N)/S could
// exceed 1. When no customer returns, the rate is 1 − logo churn under the
// default options. It returns an error wrapping ErrNoCustomers when
// AtStart is 0, and one wrapping ErrInvalidCounts for counts that one
// pass cannot give.
func (c CustomerCounts) RetentionRate() (Rate, error) {
	if err := c.validate(); err != nil {
		return Rate{}, err
	}
	if c.AtStart == 0 {
		return Rate{}, errorf(ErrNoCustomers, "retention rate: no customers at the period start")
	}
	return newRate(c.Retained, c.AtStart), nil
}
