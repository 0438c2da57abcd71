// Package health computes customer health scores from signals such as
// product usage, support tickets, NPS answers, payment delays and login
// recency, and explains each score signal by signal.
//
// A [Scorecard] reads each [Signal] from a record of any type, maps the raw
// value to [0, 1] with a [Normaliser], applies a [MissingPolicy] to signals
// without a value, combines the signals with a [Formula] and places the
// score in a [Band]. The [Result] keeps every signal's raw value, normalised
// value, weight and contribution, so a host can show why a customer is at
// risk. A host can implement Formula and Normaliser for its own recipe.
//
// # Formulas
//
// Normalisers, for a raw value x:
//
//	Linear, HigherIsBetter:  (x − Min) / (Max − Min)
//	Linear, LowerIsBetter:   (Max − x) / (Max − Min)
//	Thresholds:              the Value of the tier whose range contains x
//	Unit:                    x, for values already in [0, 1]
//
// Formulas, over normalised values sᵢ with weights wᵢ of the signals in use:
//
//	Weighted:  score = Σ wᵢ·sᵢ / Σ wᵢ        contributionᵢ = wᵢ·sᵢ / Σ wᵢ
//	Points:    the same, with Σ wᵢ = Total (100 by default) over all signals
//	WorstOf:   score = 1.0 if every sᵢ is good, 0.4 if any is poor, else 0.6
//
// Weighted follows Gainsight Scorecards ("Calculation of Group Scores and
// Overall Scores", support.gainsight.com): weights need not sum to 100
// because they are normalised, so weights 20, 15 and 22 on scores 47, 59
// and 21 give 40.122. Points follows ChurnZero's ChurnScore
// (support.churnzero.com, article 360003820251): factors whose points total
// 100, each mapping a metric to points through tiers whose top is
// inclusive and bottom exclusive. WorstOf follows Totango's account health
// rule (support.totango.com, article 360030899812) and scores the levels
// 100, 60 and 40 as Totango does when it averages health over a portfolio
// (article 360032136152).
//
// # Units
//
// Raw values are in the host's units (logins, tickets, days). Normalised
// values, scores and contributions are fractions in [0, 1], and 1 is always
// the healthiest: a churn-risk score is 1 − score. Weights are
// non-negative numbers in any unit; only their ratios matter, except for
// Points, where they are points. Multiply a score by 100 to show it on
// Gainsight's or ChurnZero's 0..100 scale.
//
// # Invariants
//
//   - 0 ≤ normalised value ≤ 1 and 0 ≤ score ≤ 1, or an error.
//   - For the built-in formulas the contributions add up to the score (to
//     floating-point rounding); an excluded signal contributes 0.
//   - With bands set, every score lies in exactly one band: bands must tile
//     [0, 1] with each boundary inclusive on exactly one side.
//   - Direction is never assumed: Linear and Thresholds must state it.
//   - The same records give the same results, bit for bit.
//
// # Empty and invalid input
//
// Every error wraps one of the package's sentinels and names the record
// (index and, with Scorecard.ID, its id) and the signal or weight:
//
//   - [ErrOutOfDomain]: a raw value that is NaN, ±Inf, outside a Linear's
//     bounds or in no tier, or a normalised value outside [0, 1].
//   - [ErrInvalidWeight]: a weight that is negative, NaN or ±Inf; weights in
//     use that sum to 0; points that do not add up to their total.
//   - [ErrMissingSignal]: a signal without a value under MissingError.
//   - [ErrNoSignals]: a scorecard without signals, a record whose signals
//     are all missing under MissingExclude, or no results to count.
//   - [ErrInvalidConfig]: an invalid range, normaliser, formula setting,
//     policy or set of bands.
//   - [ErrInvalidScore]: a caller's Formula returned a score outside [0, 1]
//     or a contribution that is not finite.
//
// Nothing is clamped silently. Linear saturates above Max only when its
// Saturate field asks for it.
//
// # Rounding
//
// Scores are float64 and are not rounded; round only for display.
// Gainsight's worked example shows 2287/57 = 40.1228... as 40.122, that is
// truncated to three decimals, and as 40 when rounded to a whole number.
package health
