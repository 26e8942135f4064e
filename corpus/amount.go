package corpus

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Money units, as the documents write them.
const (
	Yuan    = "元"
	WanYuan = "万元"
	YiYuan  = "亿元"
)

var unitScale = map[string]decimal.Decimal{
	Yuan:    decimal.NewFromInt(1),
	"千元":    decimal.NewFromInt(1000),
	WanYuan: decimal.NewFromInt(10000),
	YiYuan:  decimal.NewFromInt(100000000),
}

// IsMoney reports whether unit is a money unit (元, 千元, 万元, 亿元).
func IsMoney(unit string) bool {
	_, ok := unitScale[unit]
	return ok
}

// Convert converts v from one money unit to another. It reports false when
// either unit is not a money unit and the units differ.
func Convert(v decimal.Decimal, from, to string) (decimal.Decimal, bool) {
	if from == to {
		return v, true
	}
	f, ok1 := unitScale[from]
	t, ok2 := unitScale[to]
	if !ok1 || !ok2 {
		return v, false
	}
	return v.Mul(f).DivRound(t, 8), true
}

// Amount is a decimal value with its unit (元, 万元, %, 人, 辆, …).
type Amount struct {
	Value decimal.Decimal `json:"value"`
	Unit  string          `json:"unit"`
}

// In returns the amount in another money unit.
func (a Amount) In(unit string) (Amount, bool) {
	v, ok := Convert(a.Value, a.Unit, unit)
	return Amount{Value: v, Unit: unit}, ok
}

// String formats the amount with thousands separators, as a reader expects
// ("2,494万元").
func (a Amount) String() string { return FormatNumber(a.Value) + a.Unit }

// FormatNumber formats v with thousands separators and without trailing
// zeros beyond what the value carries.
func FormatNumber(v decimal.Decimal) string {
	s := v.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// numberShape reports whether s is a printed figure: an optional minus (- or
// −), digits, in groups of three separated by commas or not, and an
// optional fraction; what ^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$ matches.
func numberShape(s string) bool {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "−"); ok {
		s = rest
	}
	n := digits(s)
	if n == 0 {
		return false
	}
	s = s[n:]
	if strings.HasPrefix(s, ",") {
		if n > 3 {
			return false
		}
		for strings.HasPrefix(s, ",") {
			if digits(s[1:]) != 3 {
				return false
			}
			s = s[4:]
		}
	}
	if frac, ok := strings.CutPrefix(s, "."); ok {
		return digits(frac) > 0 && digits(frac) == len(frac)
	}
	return s == ""
}

// digits returns the number of ASCII digits s starts with.
func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// ParseNumber reads a printed figure: "2,494", "96,282,213.44", "0.00",
// "1,608.51", with full-width digits already folded. It reports false for
// anything else, including blanks and dashes.
func ParseNumber(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	if !numberShape(s) {
		return decimal.Decimal{}, false
	}
	s = strings.ReplaceAll(s, ",", "")
	s = strings.Replace(s, "−", "-", 1)
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

// Places returns the number of decimal places printed in s ("1,608.51" → 2).
func Places(s string) int32 {
	_, frac, ok := strings.Cut(strings.TrimSpace(s), ".")
	if !ok {
		return 0
	}
	return int32(len(frac))
}

// HalfUnit returns half a unit of the last printed digit of a figure with the
// given number of decimal places: the largest rounding error it can carry.
func HalfUnit(places int32) decimal.Decimal {
	return decimal.New(5, -places-1)
}

// Pct returns part/whole×100 rounded to two places; ok is false when whole is zero.
func Pct(part, whole decimal.Decimal) (decimal.Decimal, bool) {
	if whole.IsZero() {
		return decimal.Decimal{}, false
	}
	return part.Mul(decimal.NewFromInt(100)).DivRound(whole, 2), true
}
