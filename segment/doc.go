// Package segment splits customers or any other records into segments and
// computes metrics per segment, including RFM (recency, frequency,
// monetary) scoring with named segments.
//
// The package is generic: [GroupBy], [Measure] and [Accumulate] take
// records of any type, a key function and any metric function or
// accumulator, so they work with the metrics of every other package of
// this library without importing it. Results come back in ascending key
// order.
//
//   - [GroupBy] splits records by key.
//   - [Measure] applies a metric function to each segment and to the whole.
//   - [Accumulate] feeds a mergeable accumulator per segment in one pass and
//     merges them into the whole, so the whole equals one pass.
//   - [Rules] assigns records to segments by ordered rules (thresholds on
//     attributes or behaviour); the first match wins.
//   - [Quantiles] and [Cut] bin values by quantiles or by cut points.
//   - [Summarise] derives each customer's [RFM] values from orders at an
//     analysis time, [Score] scores them 1..k, and a [SegmentMap] names the
//     scores (Champions, Loyal Customers, At Risk and so on).
//
// # Formulas
//
// RFM values of a customer at analysis time t, with calendar days counted
// in the caller's time zone:
//
//	R = days from the date of the last order to the date of t
//	F = number of orders (or of distinct purchase days)
//	M = total spend
//
// These are the segmentation definitions; lifetimes' and PyMC-Marketing's
// rfm_summary for BG/NBD models define frequency and recency differently.
//
// Quantile bins, as pandas.qcut makes them: with e(j) the type 7 quantile
// j/k of the values (Hyndman and Fan 1996, the default of R and numpy), bin
// j holds e(j−1) < v ≤ e(j), and bin 1 also holds the minimum. A run of
// tied values therefore takes the lowest bin that reaches it. Unlike
// pandas.qcut with duplicates="drop", bins that ties leave empty are not
// renumbered. Cut points c₁ < … < c₍ₖ₋₁₎ give bin j for
// c(j−1) < v ≤ c(j) (pandas.cut and R's cut defaults). RFM scores are the
// quantile bins of −R, F and M, so tied customers fall to the lower score
// on every dimension. With cut points, given in days for recency, the R
// score is k + 1 − bin, so the most recent customers score k under both
// methods.
//
// # Units
//
// Recency is in whole calendar days, frequency in orders or days, monetary
// value in the orders' currency as exact decimals. Scores are integers
// 1..k (k = 5 by default, at most 100), higher is better. Shares are
// fractions in [0, 1].
//
// # Invariants
//
//   - Every record lands in exactly one segment; segment counts add up to
//     the number of records.
//   - Equal values always get equal bins and scores, and scores never
//     decrease as frequency or monetary value grows or as recency shrinks.
//   - The named-segment map assigns each customer the first segment whose
//     ranges contain its scores; later segments never overwrite it, and a
//     segment no score can reach is an error.
//   - With Accumulate and an exact Merge, the total equals one pass over
//     all records; decimal sums per segment add up exactly to the total.
//   - The same input gives the same output, bit for bit.
//
// # Empty and invalid input
//
// Every error wraps one of the package's sentinels, or from Measure and
// Accumulate the caller's metric error, and names the index and the key or
// customer:
//
//   - [ErrNoRecords]: no values to bin, no orders, no customers to score.
//   - [ErrInvalidValue]: a NaN value, an order at or after the analysis
//     time, a negative amount, RFM values out of their domain.
//   - [ErrInvalidOptions]: bins outside 1..100, cut points not strictly
//     ascending or of the wrong number, a nil location.
//   - [ErrInvalidRule]: a rule or named segment without a name or with a
//     bad range. [ErrShadowedSegment]: a named segment no score reaches.
//   - [ErrNoMatch]: a record no rule matches and no default segment.
//
// GroupBy and Measure accept no records: they give no segments. Measure
// keeps a segment whose metric fails, with the error in its row.
//
// # Rounding
//
// Nothing is rounded: monetary values are exact decimal sums, bins come
// from exact comparisons (the type 7 edges are never interpolated, see
// Quantiles) and recency is a whole number of days.
package segment
