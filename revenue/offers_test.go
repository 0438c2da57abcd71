package revenue

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSummarizeOffers(t *testing.T) {
	offers := []Offer{
		{CustomerID: "A", Kind: Upsell, Accepted: true, Revenue: dec("50.00")},
		{CustomerID: "A", Kind: Upsell, Accepted: false},
		{CustomerID: "B", Kind: Upsell, Accepted: false},
		{CustomerID: "C", Kind: Upsell, Accepted: true, Revenue: dec("25.00")},
		{CustomerID: "D", Kind: Upsell, Accepted: false},
		{CustomerID: "A", Kind: CrossSell, Accepted: true, Revenue: dec("5.00")},
		{CustomerID: "B", Kind: CrossSell, Accepted: false},
	}
	got, err := SummarizeOffers(offers)
	checkErr(t, err, nil)
	// Upsell: A, B, C, D offered (A twice, counted once); A and C took it.
	// Cross-sell: A and B offered, A took it.
	want := OfferSummary{
		Upsell:    OfferResult{Offered: 4, Accepted: 2, Revenue: dec("75.00")},
		CrossSell: OfferResult{Offered: 2, Accepted: 1, Revenue: dec("5.00")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SummarizeOffers mismatch (-want +got):\n%s", diff)
	}
	uptake, err := got.Upsell.Uptake().Value()
	checkErr(t, err, nil)
	if uptake != 0.5 {
		t.Errorf("upsell uptake = %v, want 0.5", uptake)
	}
	// 75.00 of 300.00 total revenue.
	share, err := got.Upsell.RevenueShare(dec("300.00"))
	checkErr(t, err, nil)
	if share != 0.25 {
		t.Errorf("upsell revenue share = %v, want 0.25", share)
	}
}

func TestSummarizeOffersInvalid(t *testing.T) {
	tests := []struct {
		name    string
		offer   Offer
		wantErr error
	}{
		{"missing customer", Offer{Kind: Upsell}, ErrMissingCustomer},
		{"unknown kind", Offer{CustomerID: "A"}, ErrInvalidOffer},
		{"revenue not accepted", Offer{CustomerID: "A", Kind: Upsell, Revenue: dec("1")}, ErrInvalidOffer},
		{"negative revenue", Offer{CustomerID: "A", Kind: CrossSell, Accepted: true, Revenue: dec("-1")}, ErrNegativeAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SummarizeOffers([]Offer{tc.offer})
			checkErr(t, err, tc.wantErr)
		})
	}
	_, err := SummarizeOffers([]Offer{
		{CustomerID: "A", Kind: Upsell, Currency: "EUR"},
		{CustomerID: "B", Kind: Upsell, Currency: "USD"},
	})
	checkErr(t, err, ErrMixedCurrency)
}

func TestRevenueShare(t *testing.T) {
	tests := []struct {
		name        string
		part, total string
		want        float64
		wantErr     error
	}{
		// 1/3 rounded once to float64.
		{name: "third", part: "10.00", total: "30.00", want: 1.0 / 3},
		{name: "all", part: "30", total: "30.00", want: 1},
		{name: "zero total", part: "0", total: "0.00", wantErr: ErrZeroRevenue},
		{name: "part above total", part: "31", total: "30", wantErr: ErrInvalidRate},
		{name: "negative", part: "-1", total: "30", wantErr: ErrNegativeAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RevenueShare(dec(tc.part), dec(tc.total))
			checkErr(t, err, tc.wantErr)
			if got != tc.want {
				t.Errorf("RevenueShare(%s, %s) = %v, want %v", tc.part, tc.total, got, tc.want)
			}
		})
	}
}
