package engagement

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"
)

// Activity counts distinct active users per day, the streaming form of
// DAU, WAU, MAU and stickiness. The zero value is empty. It stores each
// user once per day on which they were active, so its memory is
// proportional to the sum over days of that day's distinct users; Prune
// drops days that no window will ask for. Merge takes the union per day, so
// shards combine to exactly the activity of one pass, whatever the order.
// An Activity is not safe for concurrent use, and concurrent Adds can stop
// the program with a concurrent map write: give each goroutine its own and
// combine them with Merge.
type Activity struct {
	// Days maps each day to the set of users active on it.
	Days map[Day]map[User]struct{} `json:"days"`
}

// Add records that u was active at t, on the day of t in loc; repeated
// events of one user and day count once. It returns an error wrapping
// ErrNilLocation for a nil loc, ErrMissingUser for an empty u.ID and
// ErrDayOutOfRange for a date outside 0000-01-01 to 9999-12-31, and then
// records nothing.
func (a *Activity) Add(u User, t time.Time, loc *time.Location) error {
	if u.ID == "" {
		return fmt.Errorf("%w: activity at %s", ErrMissingUser, t.Format(time.RFC3339))
	}
	d, err := DayOf(t, loc)
	if err != nil {
		return err
	}
	a.AddDay(u, d)
	return nil
}

// AddDay records that u was active on day d. AddDay does not check d: a
// day outside 0000-01-01 to 9999-12-31 lies in no valid window, and
// encoding the Activity to JSON then fails with ErrDayOutOfRange.
func (a *Activity) AddDay(u User, d Day) {
	if a.Days == nil {
		a.Days = make(map[Day]map[User]struct{})
	}
	// A day decoded from the JSON null has a nil set, so test the set and
	// not only the key.
	users := a.Days[d]
	if users == nil {
		users = make(map[User]struct{})
		a.Days[d] = users
	}
	users[u] = struct{}{}
}

// Merge adds the activity of other to a.
func (a *Activity) Merge(other Activity) {
	for d, users := range other.Days {
		for u := range users {
			a.AddDay(u, d)
		}
	}
}

// Prune removes the days before first, to bound memory in a long stream.
func (a *Activity) Prune(first Day) {
	for d := range a.Days {
		if d < first {
			delete(a.Days, d)
		}
	}
}

// DAU returns the number of distinct users active on day d.
func (a Activity) DAU(d Day) int {
	return len(a.Days[d])
}

// Users returns the distinct users active in w, sorted by customer and ID.
// It returns an error wrapping ErrInvalidWindow for an empty window.
func (a Activity) Users(w Window) ([]User, error) {
	if err := w.validate(); err != nil {
		return nil, err
	}
	seen := make(map[User]struct{})
	for d := w.Start; d < w.End; d++ {
		for u := range a.Days[d] {
			seen[u] = struct{}{}
		}
	}
	users := make([]User, 0, len(seen))
	for u := range seen {
		users = append(users, u)
	}
	slices.SortFunc(users, compareUsers)
	return users, nil
}

func compareUsers(a, b User) int {
	return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.ID, b.ID))
}

// Active returns the active users of window w: the distinct users with
// activity in it (MAU for a 30-day window, WAU for 7 days, DAU for 1) and
// the daily counts behind stickiness. It returns an error wrapping
// ErrInvalidWindow for an empty window. It costs O(days + activity in the
// window) and allocates a set of the window's distinct users.
func (a Activity) Active(w Window) (ActiveUsers, error) {
	if err := w.validate(); err != nil {
		return ActiveUsers{}, err
	}
	seen := make(map[User]struct{})
	r := ActiveUsers{Window: w}
	for d := w.Start; d < w.End; d++ {
		users := a.Days[d]
		r.DailySum += int64(len(users))
		for u := range users {
			seen[u] = struct{}{}
		}
	}
	r.Active = int64(len(seen))
	return r, nil
}

// ActiveUsers holds the active users of a window and the sum of its daily
// active users.
type ActiveUsers struct {
	Window Window `json:"window"`
	// Active is the number of distinct users with activity in the window.
	Active int64 `json:"active"`
	// DailySum is the sum over the window's days of each day's distinct
	// users, days without activity included as 0.
	DailySum int64 `json:"daily_sum"`
	// Outside counts events outside the window, which ActiveIn read and
	// did not count.
	Outside int64 `json:"outside"`
}

// MeanDAU returns the mean daily active users over the window: DailySum
// divided by the number of days, days without activity included. It
// returns an error wrapping ErrInvalidWindow for an invalid window and
// ErrInvalidCounts for counts that no activity can give (see Stickiness).
func (r ActiveUsers) MeanDAU() (float64, error) {
	if err := r.check(); err != nil {
		return 0, err
	}
	return float64(r.DailySum) / float64(r.Window.Days()), nil
}

// Stickiness returns mean DAU over the window divided by the window's
// distinct active users (DAU/MAU for a 30-day window), a fraction in
// [0, 1], computed exactly as DailySum / (Active × days) and rounded once.
// It returns an error wrapping ErrNoActiveUsers when the window has no
// active user and ErrInvalidWindow for an invalid window. It returns
// ErrInvalidCounts unless every count is non-negative and
// Active ≤ DailySum ≤ Active × days. Real activity always satisfies that,
// because every active user counts on one day at least and no day counts
// more than Active users.
func (r ActiveUsers) Stickiness() (float64, error) {
	if err := r.check(); err != nil {
		return 0, err
	}
	if r.Active == 0 {
		return 0, fmt.Errorf("%w: none in [%s, %s)", ErrNoActiveUsers, r.Window.Start, r.Window.End)
	}
	capacity := new(big.Int).Mul(big.NewInt(r.Active), big.NewInt(r.Window.Days()))
	stickiness, _ := new(big.Rat).SetFrac(big.NewInt(r.DailySum), capacity).Float64()
	return stickiness, nil
}

// check returns an error unless r has a valid window and counts that
// activity in it can give: no negative count, and DailySum in
// [Active, Active × days].
func (r ActiveUsers) check() error {
	if err := r.Window.validate(); err != nil {
		return err
	}
	if err := checkCount("ActiveUsers.Active", r.Active, math.MaxInt64); err != nil {
		return err
	}
	if err := checkCount("ActiveUsers.Outside", r.Outside, math.MaxInt64); err != nil {
		return err
	}
	if err := checkCount("ActiveUsers.DailySum", r.DailySum, math.MaxInt64); err != nil {
		return err
	}

	// DailySum ≤ Active × days, without overflow: ⌈DailySum / days⌉ ≤ Active.
	// A valid window has between 1 and 3652425 days.
	days := r.Window.Days()
	perDay := r.DailySum / days
	if r.DailySum%days != 0 {
		perDay++
	}
	if r.DailySum < r.Active || perDay > r.Active {
		return fmt.Errorf("%w: ActiveUsers.DailySum %d outside [Active %d, Active %d × %d days]",
			ErrInvalidCounts, r.DailySum, r.Active, r.Active, days)
	}
	return nil
}

// ActiveIn returns the active users of window w over events, with days
// taken on the wall clock of loc. Events outside the window are counted in
// ActiveUsers.Outside. It returns an error wrapping ErrInvalidWindow,
// ErrNilLocation, or an *InputError wrapping ErrMissingUser for an event
// without a user ID.
func ActiveIn(events []Event, loc *time.Location, w Window) (ActiveUsers, error) {
	if err := w.validate(); err != nil {
		return ActiveUsers{}, err
	}
	if loc == nil {
		return ActiveUsers{}, ErrNilLocation
	}
	var a Activity
	var outside int64
	for i, e := range events {
		if e.User.ID == "" {
			return ActiveUsers{}, eventError(i, e, ErrMissingUser, "no user ID")
		}
		// A day outside 0000-01-01 to 9999-12-31 is outside every valid
		// window, and DayOf rejects only such days once loc is set.
		d, err := DayOf(e.Time, loc)
		if err != nil || !w.Contains(d) {
			outside++
			continue
		}
		a.AddDay(e.User, d)
	}
	r, err := a.Active(w)
	r.Outside = outside
	return r, err
}
