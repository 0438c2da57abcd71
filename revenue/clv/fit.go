package clv

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// Convergence reports how a maximum-likelihood fit ended. A fit is
// converged when the largest component of the gradient of the mean
// log-likelihood per customer, taken with respect to the log-parameters, is
// at most GradientTolerance.
type Convergence struct {
	// Converged reports whether the final gradient meets the tolerance.
	Converged bool `json:"converged"`
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
// which a fit counts as converged. On the CDNOW data this leaves the
// parameters within about 1e-6 relative of the optimum, an estimate from
// the inverse Hessian.
const GradientTolerance = 1e-7

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
// not reach GradientTolerance, restarts from its best point with
// Nelder-Mead and polishes with BFGS again. It returns the best
// log-parameters found and how the search ended; the caller turns a
// non-converged result into ErrNotConverged.
func maximize(obj objective, start []float64) ([]float64, Convergence) {
	p := &cachedProblem{objective: obj}
	best := slices.Clone(start)
	var conv Convergence
	run := func(method optimize.Method, name string, settings *optimize.Settings) {
		result, err := optimize.Minimize(p.problem(), best, settings, method)
		conv.Method = joinMethod(conv.Method, name)
		if result == nil {
			conv.Status = fmt.Sprint(err)
			return
		}
		conv.Status = result.Status.String()
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
	return best, conv
}

func gradientSettings() *optimize.Settings {
	return &optimize.Settings{
		GradientThreshold: GradientTolerance / 100,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-15, Relative: 1e-15, Iterations: 20},
		MajorIterations:   1_000,
	}
}

// gradientConverged records the gradient norm at x in conv and reports
// whether it meets GradientTolerance.
func gradientConverged(obj objective, x []float64, conv *Convergence) bool {
	grad := make([]float64, len(x))
	value := obj.evaluate(x, grad)
	norm := 0.0
	for _, g := range grad {
		norm = math.Max(norm, math.Abs(g))
	}
	conv.GradientNorm = norm
	conv.Converged = !math.IsNaN(value) && !math.IsInf(value, 0) && norm <= GradientTolerance
	return conv.Converged
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
