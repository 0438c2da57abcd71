package clv

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD holds the parameters of the BG/NBD purchase model. While alive, a
// customer buys at rate λ ~ Gamma(R, Alpha). After each purchase the
// customer drops out with probability p ~ Beta(A, B).
type BGNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
	// Unit is the time unit of the model: Alpha is a number of Units, and
	// the purchase rate is per Unit.
	Unit time.Duration `json:"unit"`
}

// maxSeriesTerms bounds the series of the expected purchases. The series
// needs about (r+x)·z/(1−z) + 40/(1−z) terms for z = t/(α+T+t), so for
// moderate r + x the bound is reached only for horizons t above about
// 25,000·(α + T).
const maxSeriesTerms = 1_000_000

// validate rejects parameters that are not finite and positive.
func (m BGNBD) validate() error {
	for _, p := range []struct {
		name  string
		value float64
	}{{"r", m.R}, {"alpha", m.Alpha}, {"a", m.A}, {"b", m.B}} {
		if err := checkParameter("BG/NBD", p.name, p.value); err != nil {
			return err
		}
	}
	return checkUnit(m.Unit)
}

// customerData validates the model and the customer and returns x, tₓ and T
// in the model's unit.
func (m BGNBD) customerData(c Customer) (x, recency, age float64, err error) {
	if err := m.validate(); err != nil {
		return 0, 0, 0, err
	}
	if err := c.validate(0); err != nil {
		return 0, 0, 0, err
	}
	return float64(c.Frequency), inUnit(c.Recency, m.Unit), inUnit(c.Age, m.Unit), nil
}

// horizon validates t and returns it in the model's unit.
func (m BGNBD) horizon(t time.Duration) (float64, error) {
	if t < 0 {
		return 0, fmt.Errorf("%w: horizon %v is negative", ErrInvalidHorizon, t)
	}
	return inUnit(t, m.Unit), nil
}

// LogLikelihood returns the BG/NBD log-likelihood of the customers, with
// every constant term, in the model's unit. It returns an error wrapping
// ErrInvalidParameter or ErrInvalidCustomer (naming the index and id), or
// ErrNoCustomers for an empty slice.
func (m BGNBD) LogLikelihood(customers []Customer) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if len(customers) == 0 {
		return 0, ErrNoCustomers
	}
	total := 0.0
	for i, c := range customers {
		if err := c.validate(i); err != nil {
			return 0, err
		}
		total += m.logLikelihood(float64(c.Frequency), inUnit(c.Recency, m.Unit), inUnit(c.Age, m.Unit))
	}
	return total, nil
}

// logLikelihood returns ℓ(r, α, a, b | x, tₓ, T) of Fader, Hardie and Lee
// (2005), with the bracket taken as a log-sum-exp so that neither
// power term overflows.
func (m BGNBD) logLikelihood(x, recency, age float64) float64 {
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	ll := lgamma(r+x) - lgamma(r) + r*math.Log(alpha) +
		lgamma(a+b) + lgamma(b+x) - lgamma(b) - lgamma(a+b+x)
	first := -(r + x) * math.Log(alpha+age)
	if x == 0 {
		return ll + first
	}
	second := math.Log(a) - math.Log(b+(x-1)) - (r+x)*math.Log(alpha+recency)
	return ll + logAddExp(first, second)
}

// ProbabilityAlive returns P(alive | x, tₓ, T), the probability that the
// customer has not dropped out by the end of the observation period. It is
// 1 for a customer with Frequency 0 and underflows to 0, never NaN, for a
// heavy buyer who has been silent for long. It returns an error wrapping
// ErrInvalidParameter or ErrInvalidCustomer.
func (m BGNBD) ProbabilityAlive(c Customer) (float64, error) {
	logAlive, err := m.LogProbabilityAlive(c)
	return math.Exp(logAlive), err
}

// LogProbabilityAlive returns ln P(alive | x, tₓ, T), finite where
// ProbabilityAlive underflows. Errors are those of ProbabilityAlive.
func (m BGNBD) LogProbabilityAlive(c Customer) (float64, error) {
	x, recency, age, err := m.customerData(c)
	if err != nil {
		return 0, err
	}
	return m.logAlive(x, recency, age), nil
}

// logAlive returns −ln[1 + 1{x>0}·a/(b+x−1)·((α+T)/(α+tₓ))^(r+x)]
// (Fader, Hardie and Lee 2005; Hardie's note 021). Here and in the
// likelihood, b+x−1 is b+(x−1): (b+x)−1 rounds to 0 for x = 1 and
// b < 1.1e-16, which made the fit's log-likelihood +Inf.
func (m BGNBD) logAlive(x, recency, age float64) float64 {
	if x == 0 {
		return 0
	}
	u := math.Log(m.A) - math.Log(m.B+(x-1)) +
		(m.R+x)*math.Log1p((age-recency)/(m.Alpha+recency))
	return -softplus(u)
}

// ExpectedPurchases returns E[X(t)], the expected number of purchases of a
// new customer in a period of length t (Fader, Hardie and Lee 2005).
// It returns an error wrapping ErrInvalidParameter, ErrInvalidHorizon or
// ErrSeriesNotConverged.
func (m BGNBD) ExpectedPurchases(t time.Duration) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	horizon, err := m.horizon(t)
	if err != nil {
		return 0, err
	}
	return m.conditionalExpected(0, 0, 0, horizon)
}

// ConditionalExpectedPurchases returns E[Y(t) | x, tₓ, T], the expected
// number of purchases of the customer in the period of length t that
// follows the observation period (Fader, Hardie and Lee 2005, eq. 10). It
// returns an error wrapping ErrInvalidParameter, ErrInvalidCustomer,
// ErrInvalidHorizon or ErrSeriesNotConverged.
func (m BGNBD) ConditionalExpectedPurchases(c Customer, t time.Duration) (float64, error) {
	x, recency, age, err := m.customerData(c)
	if err != nil {
		return 0, err
	}
	horizon, err := m.horizon(t)
	if err != nil {
		return 0, err
	}
	return m.conditionalExpected(x, recency, age, horizon)
}

// conditionalExpected evaluates E[Y(t) | x, tₓ, T] as a sum of positive terms. With
// A = r+x, B = b+x, c = a+b+x−1 = B+a−1 and z = t/(α+T+t), expanding
// ₂F₁(A, B; c; z) = Σ (A)ₙ(B)ₙ/((c)ₙ n!) zⁿ gives
// ((α+T)/(α+T+t))^A · ₂F₁ = Σₙ πₙ·(B)ₙ/(c)ₙ, where πₙ = Γ(A+n)/(Γ(A) n!)
// (1−z)^A zⁿ is the negative binomial distribution, which sums to 1. So
//
//	E = P(alive) · c/(a−1) · Σₙ πₙ·(1 − (B)ₙ/(c)ₙ)
//	  = P(alive) · Σₙ≥₁ πₙ·(1 + B·gₙ),
//	gₙ = (1 − Πₖ₌₁..ₙ₋₁ (B+k)/(B+k+a−1)) / (a−1).
//
// Every term is positive, so nothing cancels and nothing overflows for
// heavy buyers, large r or large a; gₙ is computed as
// −expm1(Σₖ ln((B+k)/(B+k+a−1)))/(a−1), and at a = 1 it is the limit
// Σₖ 1/(B+k) instead of 0/0. The sum needs about A·z/(1−z) + 40/(1−z)
// terms.
func (m BGNBD) conditionalExpected(x, recency, age, t float64) (float64, error) {
	if t == 0 {
		return 0, nil
	}
	z := t / (m.Alpha + age + t)
	series := purchaseSeries{
		shape: m.R + x, b: m.B + x, eps: m.A - 1, z: z,
		logPMF: -(m.R + x) * math.Log1p(t/(m.Alpha+age)), // ln π₀
		// For |a − 1| ≥ 0.01 the product is cheaper than its logarithm,
		// and 1 − Π keeps a relative error of about 1e-16·(B+1)/|a−1|,
		// below 1e-11 while b + x < 1000.
		directProduct: math.Abs(m.A-1) >= 0.01,
		product:       1,
	}
	for n := 1.0; n < maxSeriesTerms; n++ {
		if series.add(n) {
			return series.sum * math.Exp(m.logAlive(x, recency, age)), nil
		}
	}
	return 0, fmt.Errorf("%w: z = %v after %d terms", ErrSeriesNotConverged, z, maxSeriesTerms)
}

// purchaseSeries is the state of the sum Σₙ πₙ·(1 + B·gₙ) of
// conditionalExpected, with shape = A = r+x, b = B = b+x and eps = a−1.
type purchaseSeries struct {
	shape, b, eps, z float64
	logPMF, pmf      float64
	directProduct    bool
	product          float64
	logProduct       float64
	harmonic         float64
	sum              float64
}

// add adds term n to the sum and reports whether the remaining tail is
// below 1e-17 of it.
func (s *purchaseSeries) add(n float64) bool {
	s.advancePMF(n)
	term := s.pmf * (1 + s.b*s.dropoutFactor(n))
	s.sum += term

	// The pmf ratio πₙ₊₁/πₙ tends to z, and 1 + B·gₙ grows by at most a
	// factor 1 + 1/n per term.
	ratio := (s.shape + n) * s.z / (n + 1) * (1 + 1/n)
	bound := math.Max(ratio, s.z*(1+1/n))
	return bound < 1 && s.pmf > 0 && term*bound/(1-bound) <= 1e-17*s.sum
}

// advancePMF turns πₙ₋₁ into πₙ, in logarithms while πₙ would underflow.
func (s *purchaseSeries) advancePMF(n float64) {
	if s.pmf != 0 {
		s.pmf *= (s.shape + n - 1) / n * s.z
		return
	}
	s.logPMF += math.Log((s.shape+n-1)/n) + math.Log(s.z)
	if s.logPMF > -700 {
		s.pmf = math.Exp(s.logPMF)
	}
}

// dropoutFactor returns gₙ = (1 − Πₖ₌₁..ₙ₋₁ (B+k)/(B+k+a−1))/(a−1), after
// extending the product by k = n−1.
func (s *purchaseSeries) dropoutFactor(n float64) float64 {
	if n >= 2 {
		k := n - 1
		if s.directProduct {
			s.product *= (s.b + k) / (s.b + k + s.eps)
		} else {
			s.logProduct -= math.Log1p(s.eps / (s.b + k))
			s.harmonic += 1 / (s.b + k)
		}
	}
	switch {
	case s.directProduct:
		return (1 - s.product) / s.eps
	case s.eps != 0:
		return -math.Expm1(s.logProduct) / s.eps
	}
	return s.harmonic
}

// ProbabilityOfPurchases returns P(X(t) = n), the probability that a new
// customer makes exactly n purchases in a period of length t (Fader, Hardie
// and Lee 2005, and lifetimes' probability_of_n_purchases_up_to_time):
//
//	B(a, b+n)/B(a, b) · NB(n; r, z)
//	  + 1{n>0} · B(a+1, b+n−1)/B(a, b) · P(NB(r, z) ≥ n),
//
// with z = t/(α+t), NB(n; r, z) = Γ(r+n)/(Γ(r) n!) (1−z)^r zⁿ and its upper
// tail the regularised incomplete beta function I_z(n, r). It returns an
// error wrapping ErrInvalidParameter or ErrInvalidHorizon, also for n < 0.
func (m BGNBD) ProbabilityOfPurchases(n int, t time.Duration) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	horizon, err := m.horizon(t)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("%w: purchase count %d is negative", ErrInvalidHorizon, n)
	}
	r, a, b, k := m.R, m.A, m.B, float64(n)
	z := horizon / (m.Alpha + horizon)
	logBeta := lbeta(a, b)

	logPMF := lgamma(r+k) - lgamma(r) - lgamma(k+1) - r*math.Log1p(horizon/m.Alpha)
	if n > 0 {
		logPMF += k * math.Log(z)
	}
	p := math.Exp(lbeta(a, b+k) - logBeta + logPMF)
	if n > 0 && z > 0 {
		p += math.Exp(lbeta(a+1, b+k-1)-logBeta) * mathext.RegIncBeta(k, r, z)
	}
	return p, nil
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

func lbeta(a, b float64) float64 {
	return lgamma(a) + lgamma(b) - lgamma(a+b)
}

// logAddExp returns ln(eˣ + eʸ) without overflow.
func logAddExp(x, y float64) float64 {
	if x < y {
		x, y = y, x
	}
	return x + math.Log1p(math.Exp(y-x))
}

// softplus returns ln(1 + eᵘ) without overflow.
func softplus(u float64) float64 {
	if u > 0 {
		return u + math.Log1p(math.Exp(-u))
	}
	return math.Log1p(math.Exp(u))
}
