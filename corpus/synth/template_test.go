package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// TestTemplatesAreBundled fails when templates/ and corpus/docs/ drift
// apart: the templates are copies of the bundled documents.
func TestTemplatesAreBundled(t *testing.T) {
	bundled, err := filepath.Glob(filepath.Join("..", "docs", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	copies, err := filepath.Glob(filepath.Join("templates", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(bundled) == 0 || len(bundled) != len(copies) {
		t.Fatalf("%d bundled documents, %d templates, want the same (cp corpus/docs/*.txt corpus/synth/templates/)", len(bundled), len(copies))
	}
	for _, b := range bundled {
		want, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("templates", filepath.Base(b)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("templates/%s differs from corpus/docs (cp corpus/docs/*.txt corpus/synth/templates/)", filepath.Base(b))
		}
	}
}

// TestTemplateSites checks that every table figure the parser reads is
// found in its line, and that each template has figures, years and names
// to change.
func TestTemplateSites(t *testing.T) {
	ts, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range ts {
		t.Run(tp.file, func(t *testing.T) {
			if tp.misses > 0 {
				t.Errorf("%d table cells not found in their lines, want 0", tp.misses)
			}
			count := map[siteKind]int{}
			prev := 0
			for _, s := range tp.sites {
				count[s.kind]++
				if s.start < prev || s.end <= s.start {
					t.Fatalf("site %+v overlaps the one before or is empty", s)
				}
				prev = s.end
			}
			for k, name := range []string{"money", "year", "name"} {
				if count[siteKind(k)] == 0 {
					t.Errorf("no %s sites", name)
				}
			}
			if tp.gap > 1e-6 {
				t.Errorf("a sum is %g 元 off after settling, want every sum exact", tp.gap)
			}
			t.Logf("money %d, years %d, names %d, sums %d", count[siteMoney], count[siteYear], count[siteName], tp.sums)
		})
	}
}

func TestNames(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range regions {
		if seen[r.district] {
			t.Errorf("district %s twice", r.district)
		}
		seen[r.district] = true
		for _, part := range []string{r.province, r.city, r.district} {
			body, _ := strings.CutSuffix(part, string(lastRune(part)))
			if strings.ContainsAny(body, "省市区县") {
				t.Errorf("region part %s holds 省, 市, 区 or 县 before its end", part)
			}
		}
	}
	for _, d := range departments {
		if strings.ContainsAny(d, "省市区县") {
			t.Errorf("department %s holds 省, 市, 区 or 县", d)
		}
	}
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		name   string
		value  string
		places int32
		commas bool
		want   string
	}{
		{"integer", "2494", 0, true, "2,494"},
		{"round half up", "1234.565", 2, true, "1,234.57"},
		{"round half away from zero", "-0.125", 2, false, "-0.13"},
		{"keeps places", "5", 2, false, "5.00"},
		{"millions", "96282213.444", 2, true, "96,282,213.44"},
		{"no separators", "15897.44", 2, false, "15897.44"},
		{"small", "7.5", 0, true, "8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatMoney(decimal.RequireFromString(tt.value), tt.places, tt.commas); got != tt.want {
				t.Errorf("formatMoney(%s, %d, %v) = %s, want %s", tt.value, tt.places, tt.commas, got, tt.want)
			}
		})
	}
}

func TestRegionParts(t *testing.T) {
	tests := []struct{ region, want string }{
		{"深圳市龙岗区", "深圳市|龙岗区"},
		{"江苏省", "江苏省"},
		{"上海市普陀区", "上海市|普陀区"},
	}
	for _, tt := range tests {
		if got := strings.Join(regionParts(tt.region), "|"); got != tt.want {
			t.Errorf("regionParts(%s) = %s, want %s", tt.region, got, tt.want)
		}
	}
}
