package nlq

import "testing"

// TestFollowUpKind checks the row of the follow-up table each kind of
// question falls in, after a previous turn about 2018's 会议费.
func TestFollowUpKind(t *testing.T) {
	e := testEngine(t)
	prev := &Query{Intent: IntentAmount, Dept: "江苏省人大常委会办公厅", Year: 2018, FigureYear: 2018, Items: []string{"会议费"}}
	tests := []struct {
		question string
		want     followUpKind
	}{
		{"哪个项目预算最多", fuNew},
		{"培训费是多少", fuNew},
		{"培训费呢", fuNew},
		{"它占三公经费的比例", fuPronoun},
		{"这项比上年增加多少", fuChange}, // of the last figure's item
		{"基本支出呢", fuMeasure},
		{"年初是按多少编的预算", fuMeasure},
		{"那决算呢", fuMeasure},
		{"用元表示是多少", fuUnit},
		{"去年的呢", fuYear},
		{"下一年呢", fuYear},
		{"2019年又是多少", fuYear},
		{"那年的呢", fuYear},
		{"司法局呢", fuDept},
		{"我指的是龙岗区信访局", fuDept},
		{"降了多少", fuChange},
		{"比上年增加了多少", fuChange},
		{"增幅是多少", fuChange},
		{"两个加起来", fuSum},
		{"和培训费加起来呢", fuSum},
		{"2017、2018两年加起来", fuSum},
		{"执行率多少", fuShare},
		{"占比多少", fuShare},
		{"什么是机关运行经费", notFollowUp},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			p := &qparser{text: normalize(tt.question), raw: tt.question, scope: Scope{Depts: e.depts, deptIx: e.deptIx, Prev: prev, Known: e.isKnown}}
			p.q = Query{}
			p.parseOnly()
			if got := p.followUpKind(); got != tt.want {
				t.Errorf("%q: %v, want %v (query %s)", tt.question, got, tt.want, p.q)
			}
		})
	}
}
