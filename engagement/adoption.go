package engagement

import (
	"fmt"
	"math"
	"slices"
)

// Adoption is the use of one feature among active users.
type Adoption struct {
	Feature string `json:"feature"`
	// Users is the number of distinct active users who used the feature.
	Users int64 `json:"users"`
	// Active is the number of active users, the denominator.
	Active int64 `json:"active"`
	// Events is the number of distinct usage events: events with a
	// repeated ID count once, events without an ID each count.
	Events int64 `json:"events"`
}

// Rate returns the feature adoption (usage) rate Users / Active, a fraction
// in [0, 1]. It returns an error wrapping ErrNoActiveUsers when Active is
// 0, and ErrInvalidCounts for a negative count or Users above Active.
func (a Adoption) Rate() (float64, error) {
	if err := a.check(); err != nil {
		return 0, err
	}
	return a.proportion().Value()
}

// Interval returns the Wilson score interval of the adoption rate, with
// the errors of Rate and stats.ErrConfidence for a confidence outside
// (0, 1).
func (a Adoption) Interval(confidence float64) (Interval, error) {
	if err := a.check(); err != nil {
		return Interval{}, err
	}
	return a.proportion().Interval(confidence)
}

// check returns an error wrapping ErrInvalidCounts unless 0 ≤ Users ≤
// Active and Events ≥ 0.
func (a Adoption) check() error {
	if err := checkCount(fmt.Sprintf("Adoption.Active of feature %q", a.Feature), a.Active, math.MaxInt64); err != nil {
		return err
	}
	if err := checkCount(fmt.Sprintf("Adoption.Users of feature %q", a.Feature), a.Users, a.Active); err != nil {
		return err
	}
	return checkCount(fmt.Sprintf("Adoption.Events of feature %q", a.Feature), a.Events, math.MaxInt64)
}

func (a Adoption) proportion() Proportion {
	return Proportion{Successes: a.Users, Trials: a.Active}
}

// Usage collects feature events: per feature, the users who used it and
// the distinct event IDs. The zero value is empty. Merge takes unions, so
// shards combine to exactly the usage of one pass. Its memory is
// proportional to the distinct (feature, user) pairs plus the distinct
// event IDs. A Usage is not safe for concurrent use: give each goroutine
// its own and combine them with Merge.
type Usage struct {
	// Users maps each feature to the set of users who used it.
	Users map[string]map[User]struct{} `json:"users"`
	// IDs maps each feature to the set of its event IDs.
	IDs map[string]map[string]struct{} `json:"ids"`
	// Unidentified counts the events without an ID per feature; each
	// counts as a distinct event.
	Unidentified map[string]int64 `json:"unidentified"`
}

// Add records one feature event. It returns an error wrapping
// ErrMissingUser or ErrMissingFeature for an incomplete event, and
// ErrInvalidCounts for an event without an ID whose feature's Unidentified
// count is negative or already math.MaxInt64, and then records nothing.
func (u *Usage) Add(e Event) error {
	if err := checkFeatureEvent(e); err != nil {
		return err
	}
	if e.ID == "" {
		if err := checkUnidentified(e.Feature, u.Unidentified[e.Feature]); err != nil {
			return err
		}
	}
	u.add(e)
	return nil
}

// checkUnidentified returns an error wrapping ErrInvalidCounts unless the
// count n of feature's events without an ID can take one more event.
func checkUnidentified(feature string, n int64) error {
	switch {
	case n < 0:
		return checkCount(fmt.Sprintf("Usage.Unidentified[%q]", feature), n, math.MaxInt64)
	case n == math.MaxInt64:
		return fmt.Errorf("%w: Usage.Unidentified[%q] is already %d, the maximum of an int64", ErrInvalidCounts, feature, n)
	}
	return nil
}

func checkFeatureEvent(e Event) error {
	switch {
	case e.User.ID == "":
		return ErrMissingUser
	case e.Feature == "":
		return ErrMissingFeature
	}
	return nil
}

func (u *Usage) init() {
	if u.Users == nil {
		u.Users = make(map[string]map[User]struct{})
	}
	if u.IDs == nil {
		u.IDs = make(map[string]map[string]struct{})
	}
	if u.Unidentified == nil {
		u.Unidentified = make(map[string]int64)
	}
}

func (u *Usage) add(e Event) {
	u.init()
	insert(u.Users, e.Feature, e.User)
	if e.ID == "" {
		u.Unidentified[e.Feature]++
		return
	}
	insert(u.IDs, e.Feature, e.ID)
}

// insert adds value to the set of key in m, creating the set if it is
// missing or nil, as a set decoded from the JSON null is.
func insert[V comparable](m map[string]map[V]struct{}, key string, value V) {
	set := m[key]
	if set == nil {
		set = make(map[V]struct{})
		m[key] = set
	}
	set[value] = struct{}{}
}

// Merge adds the usage of other to u. Merge returns no error. When an
// Unidentified count would pass math.MaxInt64, or either side of it is
// negative, Merge stores math.MinInt64 in it, and Adoption then returns an
// error wrapping ErrInvalidCounts for that feature.
func (u *Usage) Merge(other Usage) {
	u.init()
	for feature, users := range other.Users {
		for user := range users {
			insert(u.Users, feature, user)
		}
	}
	for feature, ids := range other.IDs {
		for id := range ids {
			insert(u.IDs, feature, id)
		}
	}
	for feature, n := range other.Unidentified {
		u.Unidentified[feature] = mergeCount(u.Unidentified[feature], n)
	}
}

// Adoption returns the adoption of each used feature among the active
// users, sorted by feature name. It returns an error wrapping
// ErrNoActiveUsers for an empty active set, an *InputError wrapping
// ErrMissingUser or ErrDuplicate for an invalid active set, one wrapping
// ErrNotActive for a feature user outside the active set, because such a
// user would let the rate exceed 1, and ErrInvalidCounts for a negative
// Unidentified count or a number of events past int64.
func (u Usage) Adoption(active []User) ([]Adoption, error) {
	set, err := activeSet(active)
	if err != nil {
		return nil, err
	}
	features := make([]string, 0, len(u.Users))
	for f := range u.Users {
		features = append(features, f)
	}
	slices.Sort(features)

	out := make([]Adoption, 0, len(features))
	for _, f := range features {
		if err := checkMembers(f, u.Users[f], set); err != nil {
			return nil, err
		}
		events, err := u.events(f)
		if err != nil {
			return nil, err
		}
		out = append(out, Adoption{
			Feature: f,
			Users:   int64(len(u.Users[f])),
			Active:  int64(len(set)),
			Events:  events,
		})
	}
	return out, nil
}

// events returns the number of distinct events of feature: its event IDs
// plus its events without an ID.
func (u Usage) events(feature string) (int64, error) {
	unidentified := u.Unidentified[feature]
	if err := checkCount(fmt.Sprintf("Usage.Unidentified[%q]", feature), unidentified, math.MaxInt64-int64(len(u.IDs[feature]))); err != nil {
		return 0, err
	}
	return int64(len(u.IDs[feature])) + unidentified, nil
}

// checkMembers returns an error naming the first user of feature, in
// sorted order, who is not in the active set.
func checkMembers(feature string, users map[User]struct{}, active map[User]struct{}) error {
	var outside []User
	for user := range users {
		if _, ok := active[user]; !ok {
			outside = append(outside, user)
		}
	}
	if len(outside) == 0 {
		return nil
	}
	first := slices.MinFunc(outside, compareUsers)
	return fmt.Errorf("engagement: feature %q used by %s, %d users outside the active set: %w",
		feature, first, len(outside), ErrNotActive)
}

// activeSet validates a list of active users and returns it as a set.
func activeSet(active []User) (map[User]struct{}, error) {
	if len(active) == 0 {
		return nil, fmt.Errorf("%w: empty active set", ErrNoActiveUsers)
	}
	set := make(map[User]struct{}, len(active))
	for i, u := range active {
		if u.ID == "" {
			return nil, &InputError{Kind: "user", Index: i, Name: u.String(), Reason: "no user ID", Err: ErrMissingUser}
		}
		if _, dup := set[u]; dup {
			return nil, &InputError{Kind: "user", Index: i, Name: u.String(), Reason: "listed twice", Err: ErrDuplicate}
		}
		set[u] = struct{}{}
	}
	return set, nil
}

// FeatureAdoption returns, for each feature used in events, the share of
// the active users who used it, with the distinct usage events (repeated
// IDs once), sorted by feature name. The caller passes the events of the
// window the active set covers.
//
// It returns an error wrapping ErrNoActiveUsers for an empty active set, an
// *InputError for a user listed twice (ErrDuplicate) or without ID
// (ErrMissingUser), and an *InputError naming the event for an event
// without user or feature, or whose user is not active (ErrNotActive):
// counting that user would let the rate exceed 1.
func FeatureAdoption(active []User, events []Event) ([]Adoption, error) {
	set, err := activeSet(active)
	if err != nil {
		return nil, err
	}
	var u Usage
	for i, e := range events {
		if err := checkFeatureEvent(e); err != nil {
			return nil, eventError(i, e, err, "incomplete feature event")
		}
		if _, ok := set[e.User]; !ok {
			return nil, eventError(i, e, ErrNotActive, "user not in the active set")
		}
		u.add(e)
	}
	return u.Adoption(active)
}
