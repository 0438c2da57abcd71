// Package retention computes customer retention and churn: logo churn,
// retention and renewal rates, MRR normalisation and movements, revenue
// retention, cohort tables, Kaplan-Meier survival and the
// shifted-beta-geometric renewal model.
//
// Customers and subscriptions are half-open intervals [start, end): end is
// the first instant a subscription is no longer active. A customer is
// active while any subscription covers an instant, so a customer churns
// only when the last of their overlapping or back-to-back subscriptions
// ends, and ending one of several is not churn. "Active just before t"
// means start < t ≤ end, which puts an end that falls on a period boundary
// in exactly one period.
//
// # Formulas
//
// Logo churn over a period [Start, End), with S customers active just
// before Start, E just before End, N new in the period and C customers of
// S whose activity ends in the period (CustomerCounts.LogoChurn):
//
//	default (ChartMogul B2B): C / S
//	StartPlusNew (Stripe Billing): C / (S + N), new customers who also
//	  left counted on both sides, or on neither (ProfitWell)
//	AverageStartEnd: C / ((S + E)/2), not a proportion
//	retention (E − N)/S over the customers of S still active at End
//	rate over k periods: 1 − (1 − m)^k, never k·m (CompoundRate)
//
// Monthly recurring revenue (Stripe's and ChartMogul's normalisation):
//
//	MRR = Σ amount · quantity / months per cycle, 12 months a year and
//	  52/12 weeks a month; ARR = 12 · MRR
//
// MRR movements of a month, per customer against the month before
// (ChartMogul's MRR movement definitions), and the bridge that closes to
// the cent:
//
//	new: first MRR ever; reactivation: MRR again after a month without,
//	  having paid in some earlier month (all of it); expansion /
//	  contraction: increase / decrease while paying in both months;
//	  churn: the previous month's MRR of a customer who pays nothing now
//	end = start + new + expansion + reactivation − contraction − churn
//	quick ratio = (new + expansion [+ reactivation]) / (contraction + churn)
//	gross MRR churn rate = (churn + contraction) / start MRR
//	net MRR churn rate = (churn + contraction − expansion − reactivation) / start MRR
//
// Revenue retention over the customers paying at the start, with sᵢ and eᵢ
// their MRR at the start and the end (RevenueCohort):
//
//	NRR = Σ eᵢ / Σ sᵢ           GRR = Σ min(sᵢ, eᵢ) / Σ sᵢ
//	gross revenue churn = Σ max(0, sᵢ − eᵢ) / Σ sᵢ = 1 − GRR
//	net revenue churn = 1 − NRR
//
// Renewal rates count only contracts that came up for renewal: logo =
// renewed / due; value = Σ min(renewed value, value) / Σ value. Retention
// cost per customer = retention spend / customers.
//
// Kaplan-Meier (Kaplan and Meier, 1958), over the distinct times tᵢ with
// dᵢ churns and nᵢ subjects at risk (Entry < tᵢ ≤ time), churns before
// censorings at a tied time:
//
//	Ŝ(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ)
//	Greenwood: V(t) = Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ)),  SE = Ŝ √V
//	log-log (exponential Greenwood, lifelines' default):
//	  exp(−exp(ln(−ln Ŝ) ± z √V / |ln Ŝ|))
//	log (R survfit's default): Ŝ · exp(± z √V), capped at 1
//	plain: Ŝ ± z · Ŝ √V, cut to [0, 1]
//	median: smallest t with Ŝ(t) ≤ 0.5; its interval where the lower and
//	  upper bands first reach 0.5 (Brookmeyer and Crowley, 1982)
//	RMST(τ) = ∫₀^τ Ŝ(u) du,  Var = Σ_{tᵢ ≤ τ} Aᵢ² dᵢ / (nᵢ(nᵢ − dᵢ)),
//	  Aᵢ = ∫_{tᵢ}^τ Ŝ(u) du (Klein and Moeschberger, as in R's survRM2)
//
// Shifted-beta-geometric model (Fader and Hardie, 2007), churn probability
// θ ~ Beta(α, β) per renewal:
//
//	P(T = t) = B(α + 1, β + t − 1) / B(α, β)    S(t) = B(α, β + t) / B(α, β)
//	r_t = (β + t − 1) / (α + β + t − 1)
//
// Rates from counts carry their counts and give Wilson score intervals
// (Wilson, 1927).
//
// # Units
//
// Rates and shares are float64 fractions in [0, 1]. Money is
// decimal.Decimal and never passes through float64 on the way to an
// amount. A rate between two amounts is the exact quotient, rounded once
// to float64. Times of instants are time.Time, and month
// boundaries are taken in a *time.Location the caller passes. Survival
// times are float64 in one unit the caller chooses (days, or whole months
// as R's survfit takes them) and results come back in that unit.
//
// # Invariants
//
// Logo churn, retention, renewal, GRR, gross revenue churn and cohort
// shares lie in [0, 1]; AverageStartEnd churn can exceed 1 and has no
// interval. NRR ≥ 0 and net revenue churn ≤ 1. Every MRR bridge closes to
// the cent. 0 ≤ Ŝ ≤ 1, never increasing; RMST(τ) ∈ [0, τ]. Accumulators
// (CustomerCounts, Bridge, RevenueCohort, Renewals, SurvivalTable,
// CohortTable) merge shards of disjoint customers to exactly the result of
// one pass, encode to JSON through exported fields, and their zero values
// are empty. Results that come from grouping are sorted: cohorts by month,
// survival points by time.
//
// # Empty and invalid input
//
// An undefined ratio is an error, never NaN, Inf or 0: no customers at the
// start (ErrNoCustomers), a starting MRR of 0 (ErrNoRevenue), no
// contraction or churn for a quick ratio (ErrNoLosses), no contracts due
// (ErrNoRenewals), no survival subjects (ErrNoSubjects). A Kaplan-Meier
// median that the curve never reaches is reported as not reached. Bad input
// is an error that names the value and its index (and id when the record
// has one) and wraps a sentinel: ErrEndBeforeStart, ErrNegativeAmount,
// ErrCurrencyMismatch, ErrInvalidPrice, ErrInvalidMonth, ErrInvalidStatus,
// ErrInvalidDuration and others listed with each function. Nothing is
// dropped silently: contracts outside the period are counted in NotDue,
// free plans in MRR.Free. Accumulators decoded from JSON are checked
// before use: counts that no pass over records gives (negative, a part
// above its whole, a sum past int64) make Merge or the results return an
// error wrapping ErrInvalidCounts, and a Merge without an error result
// leaves math.MinInt64 in an overflowed count so that the results reject
// it. An SBG whose parameters are not positive and finite gives
// ErrInvalidModel.
//
// # Rounding
//
// Money sums are exact (internal int64 arithmetic at a shared exponent,
// exact big-number arithmetic past 18 digits). An MRR that has no finite
// decimal expansion, such as 100.00 every 3 months, is kept exact through
// the sum and rounded once, half away from zero, to the places the caller
// passes; results say whether they were rounded. CostPerCustomer rounds
// half away from zero to the caller's places. Float rates are not rounded.
package retention
