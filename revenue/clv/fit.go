package clv

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// Convergence reports how a maximum-likelihood fit ended. A fit is
// converged when three tests pass at the returned parameters:
//
//  1. the gradient test: the log-likelihood is finite and the largest
//     component of the gradient of the mean log-likelihood per customer,
//     taken with respect to the log-parameters, is at most
//     GradientTolerance;
//  2. the boundary test: every parameter lies within a factor
//     MaxParameterRatio of its starting value, so the search has not run
//     off towards a boundary of the parameter space, where the likelihood
//     can flatten without a maximum;
//  3. the curvature test: the observed information matrix is positive
//     definite, so the point is a strict local maximum and the standard
//     errors exist.
//
// gonum's termination status is recorded but is not a test. gonum v0.17's
// BFGS can end with status Failure ("linesearch: failed to converge") at a
// point that passes all three tests: the BG/NBD fit of the CDNOW
// calibration orders ends so with a gradient norm of 3.6e-9, well inside
// the tolerance. Reason then states that the gradient test passed
// although the line search stopped.
type Convergence struct {
	// Converged reports whether all three tests passed.
	Converged bool `json:"converged"`
	// GradientPassed reports whether the gradient test passed. A fit whose
	// parameters ran off to a boundary can pass it and still not converge.
	GradientPassed bool `json:"gradient_passed"`
	// Reason explains Converged in one sentence: the first test that
	// failed, or that all passed, and whether gonum's last run stopped
	// early.
	Reason string `json:"reason"`
	// Method lists the optimisers that ran, in order: "BFGS", or
	// "BFGS, Nelder-Mead, BFGS" when the fallback was needed.
	Method string `json:"method"`
	// Status is the termination status of the last optimiser run, as gonum's
	// optimize package names it (for example "GradientThreshold").
	Status string `json:"status"`
	// Iterations and Evaluations count the major iterations and objective
	// evaluations over all runs.
	Iterations  int `json:"iterations"`
	Evaluations int `json:"evaluations"`
	// GradientNorm is the max-norm of the gradient at the returned
	// parameters.
	GradientNorm float64 `json:"gradient_norm"`
}

// GradientTolerance is the max-norm of the gradient of the mean
// log-likelihood per customer, with respect to the log-parameters, below
// which a fit passes the gradient test. On the CDNOW data this leaves the
// parameters within about 1e-6 relative of the optimum, an estimate from
// the inverse Hessian.
const GradientTolerance = 1e-7

// MaxParameterRatio is the boundary test of Convergence: a fitted
// parameter more than this factor above or below its starting value counts
// as run off to a boundary. The starts are r = a = b = 1 and α = the mean
// age for BG/NBD, and p = 1, q = 2 and γ = the mean of the mean values for
// Gamma-Gamma, so the test does not depend on the time or money unit. The
// published CDNOW fits lie within a factor 10 of their starts. The bound
// is a judgment, not a property of the models.
const MaxParameterRatio = 1e6

// objective is a mean negative log-likelihood over log-parameters that
// computes its value and gradient in one pass.
type objective interface {
	evaluate(logParams, gradient []float64) float64
}

// cachedProblem adapts an objective to gonum's separate Func and Grad calls,
// which it serves from one evaluation per location.
type cachedProblem struct {
	objective objective
	x, grad   []float64
	value     float64
	valid     bool
}

func (p *cachedProblem) eval(x []float64) {
	if p.valid && slices.Equal(p.x, x) {
		return
	}
	p.x = append(p.x[:0], x...)
	p.grad = slices.Grow(p.grad[:0], len(x))[:len(x)]
	p.value = p.objective.evaluate(x, p.grad)
	p.valid = true
}

func (p *cachedProblem) problem() optimize.Problem {
	return optimize.Problem{
		Func: func(x []float64) float64 {
			p.eval(x)
			return p.value
		},
		Grad: func(grad, x []float64) {
			p.eval(x)
			copy(grad, p.grad)
		},
	}
}

// maximize minimises the objective from start with BFGS and, if BFGS does
// not pass the gradient test, restarts from its best point with
// Nelder-Mead and polishes with BFGS again. It returns the best
// log-parameters found and how the search ended, with GradientPassed set,
// and gonum's error when its last run stopped early (a status such as
// Failure), or "" when it did not. The caller runs the other tests with judge.
func maximize(obj objective, start []float64) ([]float64, Convergence, string) {
	p := &cachedProblem{objective: obj}
	best := slices.Clone(start)
	var conv Convergence
	earlyStop := ""
	run := func(method optimize.Method, name string, settings *optimize.Settings) {
		result, err := optimize.Minimize(p.problem(), best, settings, method)
		conv.Method = joinMethod(conv.Method, name)
		if result == nil {
			conv.Status, earlyStop = fmt.Sprint(err), fmt.Sprint(err)
			return
		}
		conv.Status, earlyStop = result.Status.String(), ""
		if result.Status.Early() {
			earlyStop = result.Status.String()
			if err != nil {
				earlyStop = err.Error()
			}
		}
		conv.Iterations += result.Stats.MajorIterations
		conv.Evaluations += result.Stats.FuncEvaluations
		if finite(result.Location.X) && result.Location.F <= p.objective.evaluate(best, make([]float64, len(best))) {
			best = slices.Clone(result.Location.X)
		}
	}

	run(&optimize.BFGS{}, "BFGS", gradientSettings())
	if !gradientConverged(obj, best, &conv) {
		run(&optimize.NelderMead{}, "Nelder-Mead", &optimize.Settings{
			Converger:       &optimize.FunctionConverge{Absolute: 1e-13, Relative: 1e-13, Iterations: 200},
			MajorIterations: 20_000,
		})
		run(&optimize.BFGS{}, "BFGS", gradientSettings())
		gradientConverged(obj, best, &conv)
	}
	return best, conv, earlyStop
}

// judge runs the boundary and curvature tests of Convergence after the
// gradient test, and sets Converged and Reason. names label the
// parameters in Reason, positiveDefinite reports whether the observed
// information matrix is positive definite at logParams, and earlyStop is
// maximize's note on gonum's last run.
func (c *Convergence) judge(names []string, logParams, start []float64, positiveDefinite bool, earlyStop string) {
	c.Converged = false
	if !c.GradientPassed {
		return // gradientConverged set the Reason
	}
	maxShift := math.Log(MaxParameterRatio)
	for i, name := range names {
		if math.Abs(logParams[i]-start[i]) > maxShift {
			c.Reason = fmt.Sprintf("the gradient test passed, but %s = %.4g is more than a factor %g from its start %.4g, so the search ran off towards a boundary of the parameter space",
				name, math.Exp(logParams[i]), MaxParameterRatio, math.Exp(start[i]))
			return
		}
	}
	if !positiveDefinite {
		c.Reason = "the gradient test passed, but the observed information matrix is not positive definite: the maximum is not strict, so the data do not identify every parameter"
		return
	}
	c.Converged = true
	c.Reason = fmt.Sprintf("the gradient norm %.3g meets the tolerance %g at a strict maximum inside the parameter bounds", c.GradientNorm, GradientTolerance)
	if earlyStop != "" {
		c.Reason += "; the gradient test passed although gonum's last run stopped early (" + earlyStop + ")"
	}
}

func gradientSettings() *optimize.Settings {
	return &optimize.Settings{
		GradientThreshold: GradientTolerance / 100,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-15, Relative: 1e-15, Iterations: 20},
		MajorIterations:   1_000,
	}
}

// gradientConverged records the gradient norm at x in conv, sets
// GradientPassed, and the Reason when the test fails, and reports whether
// the gradient test passed.
func gradientConverged(obj objective, x []float64, conv *Convergence) bool {
	grad := make([]float64, len(x))
	value := obj.evaluate(x, grad)
	norm := 0.0
	for _, g := range grad {
		norm = math.Max(norm, math.Abs(g))
	}
	conv.GradientNorm = norm
	conv.GradientPassed = false
	switch {
	case math.IsNaN(value) || math.IsInf(value, 0):
		conv.Reason = "the log-likelihood is not finite"
	case !(norm <= GradientTolerance):
		conv.Reason = fmt.Sprintf("the gradient norm %.3g is above the tolerance %g", norm, GradientTolerance)
	default:
		conv.GradientPassed = true
	}
	return conv.GradientPassed
}

func joinMethod(done, next string) string {
	if done == "" {
		return next
	}
	return done + ", " + next
}

func finite(xs []float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func expAll(logParams []float64) []float64 {
	params := make([]float64, len(logParams))
	for i, v := range logParams {
		params[i] = math.Exp(v)
	}
	return params
}

// standardErrors returns the square roots of the diagonal of the inverse of
// the observed information matrix, −∂²ℓ/∂θ², at params, where ℓ is the total
// log-likelihood over totalWeight customers. The Hessian comes from central
// differences of the analytic gradient, with steps of 1e-5 relative to each
// parameter. It returns nil when the matrix is not positive definite.
func standardErrors(obj objective, params []float64, totalWeight float64) []float64 {
	n := len(params)
	hessian := mat.NewSymDense(n, nil)
	columns := make([][]float64, n)
	for j := range n {
		step := 1e-5 * params[j]
		plus := naturalGradient(obj, params, j, step, totalWeight)
		minus := naturalGradient(obj, params, j, -step, totalWeight)
		columns[j] = make([]float64, n)
		for i := range n {
			columns[j][i] = (plus[i] - minus[i]) / (2 * step)
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			hessian.SetSym(i, j, -(columns[j][i]+columns[i][j])/2)
		}
	}

	var chol mat.Cholesky
	if !chol.Factorize(hessian) {
		return nil
	}
	var inverse mat.SymDense
	if err := chol.InverseTo(&inverse); err != nil {
		return nil
	}
	errs := make([]float64, n)
	for i := range n {
		errs[i] = math.Sqrt(inverse.At(i, i))
	}
	return errs
}

// naturalGradient returns ∂ℓ/∂θ of the total log-likelihood at params with
// parameter j shifted by step.
func naturalGradient(obj objective, params []float64, j int, step, totalWeight float64) []float64 {
	logParams := make([]float64, len(params))
	for i, p := range params {
		if i == j {
			p += step
		}
		logParams[i] = math.Log(p)
	}
	grad := make([]float64, len(params))
	obj.evaluate(logParams, grad)
	for i := range grad {
		// The objective is −ℓ/W over log-parameters, so
		// ∂ℓ/∂θᵢ = −W · ∂objective/∂ln θᵢ / θᵢ.
		grad[i] = -totalWeight * grad[i] / math.Exp(logParams[i])
	}
	return grad
}
