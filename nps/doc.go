// Package nps computes the Net Promoter Score of 0..10 answers to "How likely
// are you to recommend us to a friend or colleague?", with its standard
// error, confidence intervals and a two-sample comparison.
//
// # Formulas
//
// Answers 9 and 10 are promoters, 7 and 8 passives and 0 to 6 detractors
// (Bain & Company, https://nps.bain.com/about/measuring-your-net-promoter-score/).
// With n answers, P promoters and D detractors, p = P/n and d = D/n:
//
//	NPS = 100 · (p − d)
//
// Scoring each answer +1, 0 or −1 makes NPS/100 the mean of a three-valued
// (trinomial) variable, whose variance gives the standard error:
//
//	Var = (p + d) − (p − d)²
//	SE  = 100 · √(Var / n)
//
// The Wald interval is NPS ± z·SE with z = Φ⁻¹(1 − α/2). The adjusted-Wald
// interval (Rocks 2016, "Interval Estimation for the 'Net Promoter Score'",
// The American Statistician 70(4), in the operational form MeasuringU
// publishes) adds ¾ of an answer to each of the promoter and detractor counts
// and 3 answers in all before applying the same formulas:
//
//	n′ = n + 3,  p′ = (P + ¾)/n′,  d′ = (D + ¾)/n′
//	centre = 100 · (p′ − d′),  SE′ = 100 · √(((p′ + d′) − (p′ − d′)²) / n′)
//
// Two independent samples are compared with the Wald test on the difference
// of their scores:
//
//	z = (NPS₁ − NPS₂) / √(SE₁² + SE₂²),  two-sided p = 2 · (1 − Φ(|z|))
//
// With [AdjustedWald] the test uses the adjusted centres and standard
// errors, as MeasuringU's NPS significance test does.
//
// # Units
//
// Scores, standard errors, interval bounds and differences are in points,
// from −100 to 100 (differences from −200 to 200), as the field states NPS.
// Shares ([Tally.Shares]) are fractions in [0, 1]. Confidence levels are
// fractions in (0, 1), for example 0.95.
//
// # Invariants
//
// −100 ≤ NPS ≤ 100. Merging tallies adds counts, never scores, so the score
// of merged tallies equals the score of one pass over all their answers, bit
// for bit. A [Tally] counts answers by score, so it also keeps the
// distribution of answers.
//
// # Empty and invalid input
//
// An answer outside 0..10, or a float answer that is not a whole number or is
// NaN or ±Inf, is an error wrapping [ErrScoreOutOfRange] that names the value
// and, for slices, its index. A tally without answers has no score: results
// that need answers return an error wrapping [ErrNoResponses], never 0 or
// NaN. Submissions without an answer are counted in [Tally.Unanswered] and
// enter no result. A confidence outside (0, 1) wraps [ErrConfidence]. Every
// result first runs [Tally.Validate], so a tally with a negative count or
// counts that overflow int64 (decoded from corrupt JSON, or merged past
// 2⁶³ − 1 answers) gives an error wrapping [ErrInvalidCounts], never a score
// outside −100..100.
//
// A Tally is not safe for concurrent use: give each goroutine its own and
// Merge them.
//
// # Rounding
//
// Nothing is rounded: scores are full float64 values (30, 33.333…), and
// rounding for display is the caller's choice.
package nps
