package main

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/crmmetrics/crmmetrics/revenue/clv"
)

// Every DoFn, CombineFn and emitter is registered, so that a worker running
// the same binary finds them by name instead of by reflection.
func init() {
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Customer), error](&readCustomersFn{})
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Response), error](&readResponsesFn{})
	register.DoFn2x0[[]byte, func(int)](&shardNumbersFn{})
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Order), error](&readOrdersFn{})
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(SubscriptionMonth), error](&readSubscriptionsFn{})
	register.DoFn5x0[int, func(Customer), func(Response), func(Order), func(SubscriptionMonth)](&generateFn{})
	register.DoFn3x1[Response, func(string) func(*string) bool, func(string, Answer), error](&keyAnswersFn{})
	register.Function1x2(customerSegment)
	register.Function2x2(formatNPS)
	register.Function2x2(formatCSAT)
	register.Function2x2(formatCES)
	register.Function1x2(keyOrder)
	register.Function2x2(formatCustomer)
	register.Function2x2(fitCLV)
	register.Function1x2(keyCustomer)
	register.Function1x2(keySubscription)
	register.DoFn5x1[string, func(*Customer) bool, func(*SubscriptionMonth) bool, func(string, Customer), func(string, retention.Bridge), error](&joinCustomerFn{})
	register.Function2x2(formatRetention)
	register.Function2x2(formatSurvival)
	register.Function2x2(formatMRR)

	// register.Combiner3 cannot wrap a MergeAccumulators that takes a
	// context.Context, which the merge counters need, so the CombineFns
	// are registered as types and called through reflection.
	beam.RegisterType(reflect.TypeFor[npsFn]())
	beam.RegisterType(reflect.TypeFor[csatFn]())
	beam.RegisterType(reflect.TypeFor[cesFn]())
	beam.RegisterType(reflect.TypeFor[purchasesFn]())
	beam.RegisterType(reflect.TypeFor[countsFn]())
	beam.RegisterType(reflect.TypeFor[survivalFn]())
	beam.RegisterType(reflect.TypeFor[bridgeFn]())

	register.Emitter1[int]()
	register.Emitter1[Customer]()
	register.Emitter1[Response]()
	register.Emitter1[Order]()
	register.Emitter1[SubscriptionMonth]()
	register.Emitter2[string, Customer]()
	register.Emitter2[string, retention.Bridge]()
	register.Emitter2[string, Answer]()
	register.Iter1[string]()
	register.Iter1[clv.Customer]()
	register.Iter1[Customer]()
	register.Iter1[SubscriptionMonth]()
}
