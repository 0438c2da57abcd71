// Package revenue computes revenue metrics with exact money: average
// purchase value, ARPU and ARPA, net new revenue, repeat customer share,
// upsell and cross-sell rates, CAC, CAC payback, LTV:CAC and formula-based
// customer lifetime value.
//
// # Formulas
//
// Purchases ([Purchases], [SummarizeOrders]), over the orders placed in a
// period [Start, End):
//
//	average purchase value = revenue / orders
//	ARPU                   = revenue of identified customers / paying customers
//	repeat customer share  = customers with ≥ 2 orders / customers with ≥ 1 order
//	new business revenue   = revenue from customers with no order before Start
//
// A paying customer is one whose orders, or charges for [ARPA], total more
// than zero. A customer on a free plan adds 0 to revenue and is left out of
// the denominator, as Stripe and ChartMogul leave free plans out of MRR.
// [ARPA] is the same average over recurring charges (ARPU when accounts are
// users).
//
// Net new revenue ([NetNewMRR], [NetNewRevenue]), for subscriptions as
// ChartMogul's MRR movements and for one-off sales as the change between
// two periods:
//
//	net new MRR     = new + expansion + reactivation − contraction − churned
//	net new revenue = revenue this period − revenue prior period
//
// Upsell and cross-sell ([SummarizeOffers]) in both forms that shno.co and
// sender.net give:
//
//	uptake        = customers who took the offer / customers offered it
//	revenue share = the offers' revenue / total revenue
//
// Acquisition ([CAC], [CACWithLag], [PaybackMonths], [PaybackFromSchedule],
// [LTVToCAC]), after the gradient.works RevOps glossary, SaaSGrid (which
// pairs a month's new customers with an earlier month's spend) and
// hivemetric.com:
//
//	CAC            = sales and marketing spend / new customers
//	payback months = CAC / (ARPA × gross margin)
//	payback from a margin schedule: the time t in months at which the
//	    cumulative margin reaches CAC, margin earned evenly within a month
//	LTV:CAC        = LTV / CAC
//
// Lifetime value ([HistoricalCLV], [SimpleCLV], [DiscountedCLV]):
//
//	historical CLV = a customer's realised revenue (or margin) to date
//	simple CLV     = ARPA / churn rate                    (ChartMogul)
//	discounted CLV = m·r / (1 + i − r) − acquisition cost (Gupta, Lehmann
//	                 and Stuart 2004)
//
// with m the margin per period received at the end of each period, r the
// retention rate per period and i the discount rate per period.
//
// # Units
//
// Money is decimal.Decimal in and out, never converted to float64 on the
// way to a money result; every input of one call carries one currency code.
// Rates and shares are float64 fractions in [0, 1]; [Rate] keeps the counts
// behind a share and gives its Wilson interval. Payback is in months, as a
// float64, with the unit of ARPA and margins being one month. Periods are
// half-open [Start, End), with a zero Start or End leaving that side
// unbounded, and calendar months ([Month], [MonthOf]) are taken in the
// *time.Location the caller passes.
//
// # Invariants
//
// Money totals are exact sums (allocation-free for amounts of up to 19
// digits, exact beyond): the revenue of merged [Purchases] tallies equals
// that of one pass over all their orders, digit for digit, and per-customer
// revenues sum to the customers' revenue. 0 ≤ repeat customers ≤ customers;
// paying customers ≤ customers. Results built from maps come back sorted.
//
// # Empty and invalid input
//
// An undefined ratio is an error, never 0, NaN or Inf: no orders
// ([ErrNoOrders]), no customers in a denominator ([ErrNoCustomers]), no
// paying customers ([ErrNoPayingCustomers]), zero total revenue
// ([ErrZeroRevenue]), churn 0 or retention 1 without discounting
// ([ErrUnboundedLifetime]), a margin of zero or less where payback or
// lifetime value needs a positive one ([ErrMarginNotPositive]), a CAC that
// the margins given never recover ([ErrNotPaidBack]), and a payback or
// LTV:CAC whose exact value exceeds the largest float64 ([ErrOutOfRange]).
// Bad input returns an error that names the value and, for slices, the index
// and id: negative amounts ([ErrNegativeAmount]), a second currency
// ([ErrMixedCurrency], naming both codes), rates outside their range or NaN
// ([ErrInvalidRate]), negative counts ([ErrInvalidCount]), missing customer
// ids ([ErrMissingCustomer]), invalid periods and months
// ([ErrInvalidPeriod]), a nil location ([ErrNilLocation]), a month of new
// customers without paired spend ([ErrMissingSpend]) and invalid offers
// ([ErrInvalidOffer]). A [Purchases] tally or [PurchaseSummary] that no
// orders can give, such as one decoded from corrupt JSON, returns
// [ErrInvalidCount] or [ErrNegativeAmount] from Summary, Merge and every
// figure: a negative count or revenue, parts that do not add up to their
// totals, or counts that pass int64 when merged. Nothing is dropped
// silently: orders outside a period, orders without a customer, free
// customers and unpaired spend are counted in the results.
//
// # Rounding
//
// Sums and differences of money are exact. Money quotients (average purchase
// value, ARPU, ARPA, CAC, simple and discounted CLV) are computed exactly
// and rounded once, half away from zero, to the number of decimal places the
// caller passes. Float rates used in money formulas (gross margin, churn,
// retention, discount) enter as the shortest decimal that reads back as the
// float64, so 0.05 is exactly 5/100. Shares, ratios and payback months are
// exact quotients rounded once to the nearest float64.
package revenue
