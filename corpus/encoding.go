package corpus

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decodeText returns data as UTF-8 text: UTF-8 (with or without a byte
// order mark), UTF-16 with a byte order mark, or GB18030 (which includes
// GBK and GB2312), the encodings Chinese documents are saved in. It
// reports false for data that is none of these: binary.
func decodeText(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.IndexByte(out, 0) >= 0 {
			return "", false
		}
		return string(out), true
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", false
	}
	if utf8.Valid(data) {
		return string(data), true
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) || !mostlyText(out) {
		return "", false
	}
	return string(out), true
}

// mostlyText reports whether decoded text reads as text: few control
// characters, and Chinese characters among the rest (GB18030 decodes
// almost any bytes; binary decodes to a jumble of rare characters and
// controls).
func mostlyText(s []byte) bool {
	total, bad, han := 0, 0, 0
	for _, r := range string(s) {
		total++
		switch {
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t':
			bad++
		case r >= 0x4E00 && r <= 0x9FFF:
			han++
		}
	}
	return total > 0 && bad*100 < total && han*10 >= total/10
}
