// Package bizhours measures time inside weekly opening hours: the elapsed
// business time between two instants and the next instant at which business
// hours begin, in a caller's *time.Location with whole-day holidays.
//
// # Formulas
//
// An instant is open when the wall clock of the calendar's location, read
// at that instant, shows a date that is not a holiday and a time of day
// inside one of that weekday's spans. Business time between from and to is
// the length of the set of open instants in [from, to):
//
//	Elapsed(from, to) = |{ u in [from, to) : open(u) }|
//	NextOpen(t)       = min { u ≥ t : open(u) }
//
// A ticket created outside business hours therefore starts its clock at the
// next opening instant. The model follows Zendesk's schedules ("Setting your
// business hours and holidays", support.zendesk.com article 4408842938522):
// a time zone, weekly intervals that do not cross midnight, and holidays
// that count as outside business hours.
//
// # Daylight saving time
//
// Spans are read off the wall clock, so a day keeps its civil meaning across
// offset changes. A span that contains a spring-forward gap is shorter than
// its wall length by the gap: 00:00-24:00 on 2024-03-31 in Europe/Berlin is
// 23 hours. A span that contains a fall-back repeat counts both occurrences
// of the repeated hour: 00:00-24:00 on 2024-10-27 in Europe/Berlin is 25
// hours. A span that lies wholly inside a gap has no open instant.
//
// # Units
//
// Span bounds are time.Duration values after local midnight, from 0 to 24h.
// Results are time.Duration values of elapsed (absolute) time, not wall-clock
// differences.
//
// # Invariants
//
// For from ≤ mid ≤ to: 0 ≤ Elapsed(from, to) ≤ to.Sub(from) and
// Elapsed(from, to) = Elapsed(from, mid) + Elapsed(mid, to).
// NextOpen(t) ≥ t, and NextOpen(t) = t exactly when t is open.
//
// # Empty and invalid input
//
// New rejects a nil location, a span outside [0, 24h] or with Close not
// after Open, overlapping spans, a week without any span, and a holiday that
// is not a calendar date in years 1 to 9999. Elapsed and NextOpen reject a
// Calendar not built by New, instants outside years 1 to 9999 (UTC), and
// Elapsed rejects to before from and intervals longer than time.Duration
// holds (about 292 years). Every error wraps one of the package's sentinels.
//
// # Rounding
//
// None: results are exact to the nanosecond.
//
// # Cost
//
// Elapsed costs O(z + h + log H) for an interval that crosses z offset
// changes and h holidays out of H, independent of the number of days it
// covers, and allocates nothing. NextOpen walks at most one day per holiday
// plus two weeks.
package bizhours
