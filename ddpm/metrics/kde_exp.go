package metrics

import "math"

// expTableBits is log2 of the size of expTable.
const expTableBits = 7

// expTable[j] = 2^(j/128).
var expTable = func() (t [1 << expTableBits]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / (1 << expTableBits))
	}
	return t
}()

// Constants of kernelExp: 128/ln 2, ln 2/128 split in a high part with
// trailing zero bits (so k·ln2Hi is exact for |k| < 2^20) and a low part,
// and the round-to-nearest shifter 1.5·2^52.
const (
	expInvLn2N = (1 << expTableBits) / math.Ln2
	expLn2HiN  = 0x1.62e42fefa0000p-1 / (1 << expTableBits)
	expLn2LoN  = (math.Ln2 - 0x1.62e42fefa0000p-1) / (1 << expTableBits)
	expShifter = 0x1.8p52
)

// kernelExp returns e^x for -700 <= x <= 0 (the exponents of logSumExp are
// clamped to that range) with a relative error below 1e-15; outside that
// range the result is wrong, so callers must keep to it.
//
// It is the table method: x = (128k + j)·ln2/128 + r with |r| <= ln2/256,
// e^x = 2^k · 2^(j/128) · e^r, and e^r by its Taylor polynomial of degree 5
// (truncation error below r⁶/720 < 1e-18).
func kernelExp(x float64) float64 {
	t := x*expInvLn2N + expShifter
	kj := int64(math.Float64bits(t)) - int64(math.Float64bits(expShifter))
	kf := t - expShifter
	r := (x - kf*expLn2HiN) - kf*expLn2LoN
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120)))))
	scale := math.Float64frombits(math.Float64bits(expTable[kj&(1<<expTableBits-1)]) + uint64(kj>>expTableBits)<<52)
	return scale * p
}
