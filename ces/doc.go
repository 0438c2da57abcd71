// Package ces computes the Customer Effort Score (CES) of survey answers on
// a scale whose direction the caller declares. It gives the mean answer
// with a t-interval, the share of easy answers with a Wilson interval, and
// the net form (easy share minus difficult share).
//
// Two incompatible conventions are both called CES, and they run in
// opposite directions on the same numbers:
//
//   - CES 2.0 (CEB, now Gartner; "The Effortless Experience", Dixon,
//     Toman and DeLisi, 2013) asks for agreement with "The company made it
//     easy for me to handle my issue" on 1..7, 7 = strongly agree. High is
//     easy. This is the package default, [Agreement7].
//   - CES 1.0 (CEB; Dixon, Freeman and Toman, "Stop Trying to Delight Your
//     Customers", Harvard Business Review, July 2010) asks "How much effort
//     did you personally have to put forth to handle your request?" on
//     1..5, 1 = very low effort. Low is easy: [Effort5], and the 7-point
//     effort variant [Effort7].
//
// A [Scale] therefore carries a [Direction]; a scale without one is an
// error, never read as either wording. Only the zero Scale has a meaning
// of its own: it is the default scale, Agreement7.
//
// Answers are counted in a [Tally], a zero-value-ready accumulator with
// exported fields that encodes to JSON and merges exactly, so shards
// computed apart combine to the result of one pass. [FromScores],
// [FromAnswers] and [FromFloats] build a tally from a slice.
//
// # Formulas
//
// For n rated answers x₁..xₙ, of which E fall in the easy band and D in
// the difficult band:
//
//	mean       x̄ = Σ xᵢ / n                                (Nicereply; Hexia)
//	variance   s² = Σ (xᵢ − x̄)² / (n − 1)
//	interval   x̄ ± t_{n−1, 1−α/2} · s / √n                 (Student's t)
//	easy share e = E / n, with the Wilson score interval   (Wilson 1927)
//	net        (E − D) / n = e − d
//	net SE     √(((e + d) − (e − d)²) / n), Wald interval net ± z·SE
//
// Default bands on the 1..7 agreement scale: easy 5..7 (at least "somewhat
// agree"), neutral 4, difficult 1..3. GitLab Support's 7-point CES survey
// counts 5..7 ("somewhat easy" and better) as a good rating
// (gitlab.com/gitlab-com/support/support-team-meta/-/issues/6631). The
// effort wording has
// no default bands: the Hexia knowledge base
// (support.hexia.app/en/knowledge-base/ces) splits its 1..5 effort scale
// into 1..2 positive, 3 neutral and 4..5 negative, and 7-point effort
// scales are split in more than one way, so other scales must pass their
// [Bands].
//
// Sources: Nicereply, "How is CES calculated?"
// (support.nicereply.com/article/267-how-is-ces-calculated) takes the mean
// of 1..7 agreement answers; Hexia takes the mean of 1..5 effort answers.
// The net form is the Net Easy Score of BT, the percentage of easy answers
// minus the percentage of difficult ones on a 7-point scale (ResponseTek,
// blog.responsetek.com/understanding-the-net-easy-score); this package
// states it as a fraction. Its variance is the trinomial variance of
// answers scored +1, 0 and −1, as for the Net Promoter Score.
//
// # Units
//
// Means are in scale points (1..7 on the default scale). Shares are
// fractions in [0, 1]; the net form is a fraction in [−1, 1], not points.
// Counts are int64.
//
// # Invariants
//
//	Scale.Min ≤ Mean.Value ≤ Scale.Max
//	0 ≤ Share.Value ≤ 1, Share.Count ≤ Share.Responses
//	−1 ≤ Net.Value ≤ 1, Net.Value = (Net.Easy − Net.Difficult) / Net.Responses
//	Responses counts rated answers only; Unanswered is reported beside it
//	Tally.Merge over any split of the answers equals one pass, bit for bit
//
// Bands must lie within the scale, not overlap, and put the easy band at
// the easy end of the scale's direction (and the difficult band at the
// other end), so a band written for the wrong wording is rejected.
//
// # Empty and invalid input
//
// A tally without rated answers has no mean, share or net score: they
// return an error wrapping [ErrNoResponses], never 0 or NaN, and a mean
// interval needs two answers ([ErrTooFewResponses]). An answer outside the
// scale returns [ErrScoreOutOfRange] and a float answer that is NaN, ±Inf
// or fractional returns [ErrNotInteger]; slice functions name the value and
// its index and reject the whole slice. Scales, bands, tallies decoded from
// JSON and confidence levels are validated ([ErrInvalidScale],
// [ErrBandsRequired], [ErrInvalidBands], [ErrInvalidCounts],
// [ErrConfidence]). A tally holds at most [MaxResponses] rated answers, so
// that their sum fits in an int64: AddN rejects counts that would pass it,
// and results reject a tally above it ([ErrInvalidCounts]), as does a Mean
// interval whose Value is not a number in 0..10. No function panics on
// caller data.
//
// # Rounding
//
// Nothing is rounded: results are float64 quotients of exact int64
// counts. Interval bounds of a share are clipped to [0, 1] and of the net
// form to [−1, 1]; the t-interval of a mean is not clipped to the scale,
// so with few answers it can reach beyond Min or Max.
package ces
