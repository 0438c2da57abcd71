package revenue

import "testing"

func TestNetNewMRR(t *testing.T) {
	tests := []struct {
		name    string
		m       MRRMovements
		want    string
		wantErr error
		source  string
	}{
		{
			name: "bridge",
			m:    MRRMovements{New: dec("500.00"), Expansion: dec("120.00"), Reactivation: dec("30.00"), Contraction: dec("45.50"), Churned: dec("200.00")},
			// 500.00 + 120.00 + 30.00 − 45.50 − 200.00 = 404.50.
			want: "404.50", source: "hand calculation in the comment",
		},
		{
			name: "shrinking",
			m:    MRRMovements{New: dec("10"), Churned: dec("25.25")},
			want: "-15.25", source: "10 − 25.25 by hand",
		},
		{name: "zero", want: "0", source: "no movements"},
		{name: "negative churn", m: MRRMovements{Churned: dec("-1")}, wantErr: ErrNegativeAmount, source: "churn is stated as a positive amount"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NetNewMRR(tc.m)
			checkErr(t, err, tc.wantErr)
			if tc.wantErr == nil {
				checkDecimal(t, "NetNewMRR", got, tc.want)
			}
		})
	}
}

func TestNetNewRevenue(t *testing.T) {
	got, err := NetNewRevenue(dec("1200.50"), dec("1000.25"))
	checkErr(t, err, nil)
	checkDecimal(t, "NetNewRevenue", got, "200.25") // 1200.50 − 1000.25
	got, err = NetNewRevenue(dec("800"), dec("1000.25"))
	checkErr(t, err, nil)
	checkDecimal(t, "NetNewRevenue", got, "-200.25") // 800 − 1000.25
	_, err = NetNewRevenue(dec("-1"), dec("0"))
	checkErr(t, err, ErrNegativeAmount)
}
