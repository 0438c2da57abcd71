// Package engagement computes product engagement: active users (DAU, WAU,
// MAU), stickiness, feature adoption and the customer engagement rate.
//
// # Formulas
//
// A user is active in a window when they have at least one qualifying
// event in it. The caller decides which events qualify, because counting
// logins alone inflates the figure. Days are local dates in a caller's
// *time.Location.
//
//	active users(W)  = |{ users with an event on a day of W }|
//	DAU(d)           = active users of the single day d
//	mean DAU(W)      = Σ_{d in W} DAU(d) / days(W), days without activity as 0
//	stickiness(W)    = mean DAU(W) / active users(W)   (DAU/MAU for 30 days)
//	adoption(f)      = |{ active users who used f }| / |active users|
//	engagement rate  = |{ customers with ≥ k events }| / |customers|
//
// Stickiness divides the mean DAU over the window, never a single day's
// DAU, by the window's distinct users, as Mixpanel's "Tutorial - DAU/MAU"
// (mixpanel.com/help/platform/tutorials/dau-mau) computes it: the mean of
// the daily unique users over a month divided by that month's unique
// users. Feature adoption, also
// called usage rate, divides the users of a feature by the active users of
// the same window. The customer engagement rate has no vendor standard, so
// its threshold k is an explicit argument.
//
// # Units
//
// Rates are float64 fractions in [0, 1] with their counts (Proportion,
// Adoption) and a Wilson score interval at a caller-chosen confidence.
// Counts are int64. Days are Day values (days since 1970-01-01) from
// 0000-01-01 to 9999-12-31, the range of their text form YYYY-MM-DD, and
// windows are half-open [Start, End) within that range.
//
// # Invariants
//
// Every rate lies in [0, 1]: a feature user or an engaged customer outside
// the active set is an error, not a count. DAU(d) ≤ active users(W) for d in
// W, so 1/days(W) ≤ stickiness ≤ 1 when anyone is active. Duplicate events
// count once: a user is active once per day, and events that share an ID
// are one usage event.
//
// # Empty and invalid input
//
// An empty window, or one that leaves 0000-01-01 to 9999-12-31, is
// ErrInvalidWindow, a nil location ErrNilLocation, and an instant whose
// date lies outside that range ErrDayOutOfRange. An
// event without a user ID is ErrMissingUser, a feature event without a
// feature ErrMissingFeature, and an event of a user or customer outside the
// active set ErrNotActive, each in an *InputError naming the index. A
// window without any active user, or an empty active set, is
// ErrNoActiveUsers rather than a rate of 0 or NaN. An engagement threshold
// below 1 is ErrInvalidThreshold. A Proportion, Adoption, ActiveUsers or
// Usage with counts that no input can give, such as one decoded from
// corrupt JSON, is ErrInvalidCounts: a negative count, a part above its
// whole (Users above Active, DailySum outside [Active, Active × days]), or
// a count merged past int64.
//
// # Streaming
//
// Activity and Usage take events one at a time and Merge across shards to
// exactly the result of one pass. Activity stores each active user once
// per day, so its memory is proportional to the sum of the distinct users
// of each day it holds; Prune drops old days.
//
// # Rounding
//
// None: rates and the mean DAU are float64 quotients of exact counts.
package engagement
