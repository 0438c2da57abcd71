package engagement

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Sentinel errors. Every error the package returns wraps one of them.
var (
	// ErrNilLocation is returned for a nil *time.Location.
	ErrNilLocation = errors.New("engagement: nil location")
	// ErrInvalidWindow is returned for a window whose End is not after its
	// Start, a trailing window of fewer than 1 day, or a window with a day
	// outside 0000-01-01 to 9999-12-31.
	ErrInvalidWindow = errors.New("engagement: invalid window")
	// ErrMissingUser is returned for an event without a user ID.
	ErrMissingUser = errors.New("engagement: missing user")
	// ErrMissingFeature is returned for a feature event without a feature.
	ErrMissingFeature = errors.New("engagement: missing feature")
	// ErrNotActive is returned for an event whose user or customer is not
	// in the active set passed as the denominator.
	ErrNotActive = errors.New("engagement: not in the active set")
	// ErrDuplicate is returned for a user or customer listed twice in an
	// active set.
	ErrDuplicate = errors.New("engagement: listed twice")
	// ErrNoActiveUsers is returned when a rate's denominator is empty: no
	// active user or customer.
	ErrNoActiveUsers = errors.New("engagement: no active users")
	// ErrInvalidThreshold is returned for an engagement threshold below 1.
	ErrInvalidThreshold = errors.New("engagement: invalid threshold")
	// ErrInvalidText is returned by UnmarshalText for text that is not a
	// user or a date.
	ErrInvalidText = errors.New("engagement: invalid text")
	// ErrDayOutOfRange is returned for a day outside 0000-01-01 to
	// 9999-12-31, the years that the text form YYYY-MM-DD can write.
	ErrDayOutOfRange = errors.New("engagement: day outside 0000-01-01 to 9999-12-31")
	// ErrInvalidCounts is returned for a Proportion, Adoption, ActiveUsers
	// or Usage whose counts are negative, exceed the count they are part
	// of, or overflow int64 when summed or merged, as a value decoded from
	// corrupt JSON can have.
	ErrInvalidCounts = errors.New("engagement: invalid counts")
)

// Interval is a two-sided confidence interval for a rate, in [0, 1].
type Interval = stats.Interval

// User identifies a person: the customer (account) and the user ID within
// it. Two customers may use the same user ID for different people.
type User struct {
	Customer string `json:"customer"`
	ID       string `json:"id"`
}

// String returns "customer/id".
func (u User) String() string {
	return u.Customer + "/" + u.ID
}

// MarshalText encodes the user as the length of Customer, a colon,
// Customer and ID ("3:A-1U7"), which decodes without ambiguity whatever
// characters the two contain. It lets a User key a JSON object.
func (u User) MarshalText() ([]byte, error) {
	return []byte(strconv.Itoa(len(u.Customer)) + ":" + u.Customer + u.ID), nil
}

// UnmarshalText decodes the form that MarshalText writes. It returns an
// error wrapping ErrInvalidText for any other text.
func (u *User) UnmarshalText(text []byte) error {
	s := string(text)
	head, rest, ok := strings.Cut(s, ":")
	n, err := strconv.Atoi(head)
	if !ok || err != nil || n < 0 || n > len(rest) {
		return fmt.Errorf("%w: user %q", ErrInvalidText, s)
	}
	u.Customer, u.ID = rest[:n], rest[n:]
	return nil
}

// Day is a calendar date counted in days since 1970-01-01. It names a local
// day: which instants belong to it depends on the location used to make it.
// The functions of this package take days from 0000-01-01 to 9999-12-31,
// the range of the text form YYYY-MM-DD, and return an error for others.
type Day int64

const secondsPerDay = 86400

// firstDay and lastDay are 0000-01-01 and 9999-12-31, the range of days
// that the text form can write and read.
const (
	firstDay Day = -719528
	lastDay  Day = 2932896
)

// valid reports whether d lies in firstDay..lastDay.
func (d Day) valid() bool {
	return d >= firstDay && d <= lastDay
}

// DayOf returns the date of t on the wall clock of loc. It returns an error
// wrapping ErrNilLocation for a nil loc and ErrDayOutOfRange for a date
// outside 0000-01-01 to 9999-12-31.
func DayOf(t time.Time, loc *time.Location) (Day, error) {
	if loc == nil {
		return 0, ErrNilLocation
	}
	_, offset := t.In(loc).Zone()
	seconds := t.Unix() + int64(offset)
	d := seconds / secondsPerDay
	if seconds%secondsPerDay < 0 {
		d--
	}
	if !Day(d).valid() {
		return 0, fmt.Errorf("%w: %s", ErrDayOutOfRange, t.In(loc).Format(time.RFC3339))
	}
	return Day(d), nil
}

// Date returns the Day of a calendar date; out-of-range months and days
// normalize as in time.Date (January 32 is February 1). Years outside 0 to
// 9999 give a Day that the other functions reject.
func Date(year int, month time.Month, day int) Day {
	return Day(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// String returns the date as YYYY-MM-DD, or Day(N) for a day outside
// 0000-01-01 to 9999-12-31.
func (d Day) String() string {
	if !d.valid() {
		return fmt.Sprintf("Day(%d)", int64(d))
	}
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Format(time.DateOnly)
}

// MarshalText encodes the day as YYYY-MM-DD. It returns an error wrapping
// ErrDayOutOfRange for a day outside 0000-01-01 to 9999-12-31, which that
// form cannot write, so that every text it writes decodes to the same day.
func (d Day) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, fmt.Errorf("%w: %s", ErrDayOutOfRange, d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes YYYY-MM-DD, for the years 0000 to 9999. It returns
// an error wrapping ErrInvalidText for any other text.
func (d *Day) UnmarshalText(text []byte) error {
	t, err := time.Parse(time.DateOnly, string(text))
	if err != nil {
		return fmt.Errorf("%w: date %q", ErrInvalidText, text)
	}
	*d = Day(t.Unix() / secondsPerDay)
	return nil
}

// Window is the half-open range of days [Start, End).
type Window struct {
	Start Day `json:"start"`
	End   Day `json:"end"`
}

// Trailing returns the window of n days that ends with last, inclusive:
// Trailing(asOf, 30) is the 30 days asOf − 29 .. asOf, the usual MAU
// window. Trailing itself never fails and never wraps around int64. For a
// last day outside 0000-01-01 to 9999-12-31, a non-positive n, or a window
// that would start before 0000-01-01, it returns a window that every
// function of this package rejects with ErrInvalidWindow.
func Trailing(last Day, n int) Window {
	switch {
	case !last.valid():
		return Window{Start: last, End: last}
	case n < 1:
		return Window{Start: last + 1, End: last + 1}
	case int64(n) > int64(last-firstDay)+1:
		return Window{Start: firstDay - 1, End: last + 1}
	}
	return Window{Start: last - Day(n) + 1, End: last + 1}
}

// Days returns the number of days in the window.
func (w Window) Days() int64 {
	return int64(w.End - w.Start)
}

// Contains reports whether d lies in the window.
func (w Window) Contains(d Day) bool {
	return w.Start <= d && d < w.End
}

// validate returns an error wrapping ErrInvalidWindow for a window with
// no days or with a day outside 0000-01-01 to 9999-12-31.
func (w Window) validate() error {
	if !w.Start.valid() || w.End < firstDay || w.End > lastDay+1 {
		return fmt.Errorf("%w: [%s, %s) leaves the days 0000-01-01 to 9999-12-31", ErrInvalidWindow, w.Start, w.End)
	}
	if w.End <= w.Start {
		return fmt.Errorf("%w: [%s, %s) has no days", ErrInvalidWindow, w.Start, w.End)
	}
	return nil
}

// Event is one product event of a user. ID is optional: events that share
// a non-empty ID (within a feature) are one event delivered more than once.
// Feature is required by the feature functions and ignored by the others.
type Event struct {
	ID      string    `json:"id"`
	User    User      `json:"user"`
	Time    time.Time `json:"time"`
	Feature string    `json:"feature"`
}

// Proportion is a rate from counts: Successes of Trials.
type Proportion struct {
	Successes int64 `json:"successes"`
	Trials    int64 `json:"trials"`
}

// Value returns Successes / Trials, a fraction in [0, 1]. It returns an
// error wrapping ErrNoActiveUsers when Trials is 0, and ErrInvalidCounts
// for a negative count or Successes above Trials.
func (p Proportion) Value() (float64, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	return float64(p.Successes) / float64(p.Trials), nil
}

// Interval returns the Wilson score interval at the given confidence (for
// example 0.95). It returns an error wrapping ErrNoActiveUsers when Trials
// is 0, ErrInvalidCounts for a negative count or Successes above Trials,
// and stats.ErrConfidence for a confidence outside (0, 1).
func (p Proportion) Interval(confidence float64) (Interval, error) {
	if err := p.check(); err != nil {
		return Interval{}, err
	}
	return stats.Wilson(p.Successes, p.Trials, confidence)
}

// check returns an error wrapping ErrInvalidCounts unless 0 ≤ Successes ≤
// Trials, and ErrNoActiveUsers when Trials is 0.
func (p Proportion) check() error {
	if err := checkCount("Proportion.Trials", p.Trials, math.MaxInt64); err != nil {
		return err
	}
	if err := checkCount("Proportion.Successes", p.Successes, p.Trials); err != nil {
		return err
	}
	if p.Trials == 0 {
		return fmt.Errorf("%w: 0 in the denominator", ErrNoActiveUsers)
	}
	return nil
}

// InputError reports an invalid event or active-set entry: its index in
// the slice, the user or customer, and what is wrong. It unwraps to one of
// the package's sentinels.
type InputError struct {
	// Kind is "event", "user" or "customer": the slice the entry came from.
	Kind   string
	Index  int
	Name   string
	Reason string
	Err    error
}

// Error returns the message, for example
// `engagement: event 4 (user A/U9): user not in the active set`.
func (e *InputError) Error() string {
	return fmt.Sprintf("engagement: %s %d (%s): %s", e.Kind, e.Index, e.Name, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *InputError) Unwrap() error { return e.Err }

func eventError(i int, e Event, sentinel error, reason string) error {
	name := "user " + e.User.String()
	if e.ID != "" {
		name = fmt.Sprintf("id %q, %s", e.ID, name)
	}
	return &InputError{Kind: "event", Index: i, Name: name, Reason: reason, Err: sentinel}
}
