// Package csat computes Customer Satisfaction (CSAT) from survey answers:
// the top-box share with a Wilson interval, the good/(good + bad) form of
// two-option ratings, the mean answer with a t-interval, and the pooled
// z-test that compares two shares.
//
// Answers are integers on a [Scale], 1..5 by default (1 = very
// dissatisfied, 5 = very satisfied), where higher is more satisfied. They
// are counted in a [Tally], a zero-value-ready accumulator with exported
// fields that encodes to JSON and merges exactly, so shards computed apart
// combine to the result of one pass. [FromScores] and [FromAnswers] build a
// tally from a slice; FromAnswers takes nil for a submission without a
// rating. Two-option ratings are counted in a [Binary].
//
// # Formulas
//
// For n rated answers x₁..xₙ, of which k are at or above the cut c:
//
//	CSAT       k / n, with the Wilson score interval          (Wilson 1927)
//	default    c = Max − 1 on 5-point scales: 4 and 5 of 1..5
//	binary     good / (good + bad)
//	mean       x̄ = Σ xᵢ / n; s² = Σ (xᵢ − x̄)² / (n − 1)
//	interval   x̄ ± t_{n−1, 1−α/2} · s / √n                    (Student's t)
//	compare    z = (p̂₁ − p̂₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)),
//	           p̄ = (k₁ + k₂)/(n₁ + n₂), two-sided p = 2(1 − Φ(|z|))
//
// Sources: Delighted, "How is CSAT calculated?"
// (help.delighted.com/article/240-how-is-csat-calculated): satisfied
// responses are 4 or 5, divided by all responses; its example has 74
// satisfied of 107, 69.16 %. SoGoSurvey's CSAT help page uses the same
// buckets (1..2 dissatisfied, 3 neutral, 4..5 satisfied) and divides by all
// responses. GitLab Support's handbook
// (about.gitlab.com/handbook/support/support-ops) defines CSAT as good /
// (good + bad) and leaves out tickets without a score. Intercom's VoC
// metrics help shows the same 4-or-5 rule on 1..5. For 10-point scales no
// source sets a top-box cut (8..10 and 9..10 are both in use), so only
// 5-point scales have a default: every other scale names its cut with
// [Tally.TopBox]. Compare uses the pooled standard error, which is the
// standard error under the null hypothesis that both shares are equal.
//
// # Units
//
// Shares and their difference are fractions ([0, 1] and [−1, 1]), not
// percentages: Delighted's 69.16 is 0.6916 here. Means are in scale points.
// Counts are int64.
//
// # Invariants
//
//	0 ≤ Share.Value ≤ 1, Share.Count ≤ Share.Responses
//	Scale.Min ≤ Mean.Value ≤ Scale.Max
//	Responses counts every rated answer, neutral ones included; submissions
//	without a rating are counted in Unanswered and are in no denominator
//	Tally.Merge over any split of the answers equals one pass, bit for bit
//	Compare(a, b).Difference = −Compare(b, a).Difference
//
// # Empty and invalid input
//
// A tally without rated answers, including one made only of unanswered
// submissions, has no score or mean: they return an error wrapping
// [ErrNoResponses], never 0 or NaN, and a mean interval needs two answers
// ([ErrTooFewResponses]). An answer outside the scale returns
// [ErrScoreOutOfRange]; slice functions name the value and its index and
// reject the whole slice. Scales, cuts, tallies decoded from JSON, shares
// passed to Compare and confidence levels are validated
// ([ErrInvalidScale], [ErrCutRequired], [ErrInvalidCut],
// [ErrInvalidCounts], [ErrConfidence]). A tally holds at most
// [MaxResponses] rated answers, so that their sum fits in an int64: AddN
// rejects counts that would pass it, and results reject a tally above it
// ([ErrInvalidCounts]), as does a Mean interval whose Value is not a number
// in 0..10. No function panics on caller data.
//
// # Rounding
//
// Nothing is rounded: results are float64 quotients of exact int64 counts.
// Delighted shows CSAT rounded to a whole percentage; round for display
// only. Wilson bounds are clipped to [0, 1]; the t-interval of a mean is not
// clipped to the scale, so with few answers it can reach beyond Min or Max.
package csat
