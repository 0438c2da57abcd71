module github.com/crmmetrics/crmmetrics

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/shopspring/decimal v1.6.0
	golang.org/x/exp v0.0.0-20260209203927-2842357ff358
	gonum.org/v1/gonum v0.17.0
)

require golang.org/x/tools v0.42.0 // indirect
