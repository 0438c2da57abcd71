// Package clv predicts customer lifetime value with the BG/NBD purchase
// model and the Gamma-Gamma spend model, fitted by maximum likelihood.
//
// The workflow: add purchases to a Purchases accumulator and Summarize them
// at the calibration cut-off, fit BG/NBD with FitBGNBD and Gamma-Gamma with
// FitGammaGamma, then predict per customer with ProbabilityAlive,
// ConditionalExpectedPurchases, ExpectedSpend and Value.
//
// # Formulas
//
// Customer summary (the definitions of Fader, Hardie and Lee 2005 and of
// the lifetimes library): purchases on one calendar day are one purchase;
// x = purchase days − 1, tₓ = first to last purchase day, T = first
// purchase day to the cut-off day, m̄ = mean value of the purchase days
// after the first.
//
// BG/NBD (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy
// Way", Marketing Science 24(2)), parameters r, α, a, b:
//
//	ℓ = lnΓ(r+x) − lnΓ(r) + r·ln α + lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x)
//	    + ln[(α+T)^−(r+x) + 1{x>0}·a/(b+x−1)·(α+tₓ)^−(r+x)]
//	P(alive) = 1 / [1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)]
//	E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]
//	E[Y(t) | x, tₓ, T] = P(alive) · (a+b+x−1)/(a−1)
//	    · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
//
// The hypergeometric term is expanded against the negative binomial
// distribution into a sum of positive terms, which stays finite for heavy
// buyers and gives a = 1 as the limit of the formula.
//
// Gamma-Gamma (Fader and Hardie 2013, "The Gamma-Gamma Model of Monetary
// Value"), parameters p, q, γ, on customers with x ≥ 1:
//
//	ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x
//	    − (px+q)·ln(x·m̄ + γ)
//	E[M | x, m̄] = p·(γ + x·m̄) / (p·x + q − 1), population mean p·γ/(q−1)
//
// CLV, discrete (lifetimes' customer_lifetime_value): Σₖ₌₁..H m̂ ·
// (E[Y(kΔ)] − E[Y((k−1)Δ)]) / (1+d)ᵏ. Continuous (CLVTools' DERT):
// m̂ · ∫₀^∞ e^(−δτ) dE[Y(τ)].
//
// Fits maximise the log-likelihood over log-parameters with gonum's BFGS
// and analytic gradients, falling back to Nelder-Mead. Standard errors come
// from the inverse observed information matrix, as in lifetimes and
// CLVTools.
//
// # Units
//
// Recency, age and horizons are time.Duration; a fitted BGNBD stores its
// time Unit (Day, Week, Month), and α is a number of Units. The published
// CDNOW fits use Week. Discount rates name their period: Horizon's rate is
// per Step, DERT's rate is per the period passed with it. Probabilities are
// fractions in [0, 1]; expected purchases are counts. Money inputs are
// decimal.Decimal in one currency; money outputs are decimal.Decimal in the
// same currency.
//
// # Invariants
//
//   - 0 ≤ P(alive) ≤ 1, and P(alive) = 1 exactly for x = 0.
//   - E[Y(t)] ≥ 0 and does not decrease in t; Σₙ P(X(t) = n) = 1.
//   - Value with Steps monthly steps and no discount equals one step of
//     Steps months: each step counts only its increment.
//   - Merging Purchases shards in any order gives the one-pass summary.
//
// # Empty and invalid input
//
// No customers, or no repeat buyer for a fit, returns ErrNoCustomers.
// A negative frequency, recency or age, tₓ > T, x > 0 with tₓ = 0, x = 0
// with tₓ > 0 or a mean value, or a negative mean value returns
// ErrInvalidCustomer naming the index and id. So does a mean value or a
// total repeat value x·m̄ that float64, the models' arithmetic, cannot
// hold: above about 1.8e308, or positive and below about 4.9e-324. A money
// result above the float64 range returns ErrOverflow naming the customer
// and the result, never a panic or an infinite decimal.
//
// Purchases.Add rejects an empty customer id, the zero time.Time (a
// missing date), a nil location and a negative amount. Summarize rejects
// a purchase day after the cut-off day, and a first purchase day more than
// 106,751 days before it, the longest span a time.Duration holds. Both
// return ErrInvalidPurchase naming the customer. A parameter that is not
// finite and positive, and Gamma-Gamma q ≤ 1 where the population mean is
// needed, return ErrInvalidParameter naming the parameter. FitGammaGamma
// leaves out one-time buyers and repeat buyers with mean value 0 and lists
// them in Excluded. A fit returns its best parameters with
// ErrNotConverged unless three tests pass: the gradient is within
// GradientTolerance, every parameter lies within a factor
// MaxParameterRatio of its start, and the observed information matrix is
// positive definite. So a gradient that is small only because the
// parameters ran off towards a boundary, where the likelihood has no
// interior maximum, is not convergence. Convergence.Reason says which test
// failed, or that all passed although gonum's line search stopped early.
//
// # Rounding
//
// Model arithmetic is float64. Money outputs (ExpectedSpend, Value) are the
// float64 result converted once with decimal.NewFromFloat, not rounded:
// round them for display with StringFixed. A result beyond the float64
// range is ErrOverflow, because NewFromFloat has no decimal for ±Inf. Summarize rounds mean repeat
// values to MeanValuePlaces decimals, half away from zero.
package clv
